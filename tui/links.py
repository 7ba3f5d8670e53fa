"""Opening a report's link in the browser, for http(s) links only.

A feed decides what a report's URL is, so a ``file:``, ``javascript:`` or
custom-scheme link must never reach the system's URL handler. Opening
blocks while the browser starts, so callers run it in a worker thread; it
says whether it worked, since on a server or in a container there is often
no browser at all and "Opening ..." would be a lie.
"""

from __future__ import annotations

import webbrowser
from urllib.parse import urlsplit

NO_LINK = "This report has no web link to open."
NO_BROWSER = "No browser could be started here; Ctrl+P, then \"Copy link\", copies the link instead."


def is_web_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def open_in_browser(url: str | None, opener=webbrowser.open) -> str | None:
    """Open ``url``; None when a browser took it, else what went wrong."""
    if not is_web_url(url):
        return NO_LINK
    assert url is not None
    try:
        opened = opener(url.strip())
    except (webbrowser.Error, OSError):
        opened = False
    return None if opened else NO_BROWSER

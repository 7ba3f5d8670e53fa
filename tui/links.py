"""Opening a report's link in the browser, for http(s) links only.

A feed decides what a report's URL is, so a ``file:``, ``javascript:`` or
custom-scheme link must never reach the system's URL handler.
"""

from __future__ import annotations

import threading
import webbrowser
from urllib.parse import urlsplit


def is_web_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def open_in_browser(url: str | None) -> bool:
    """Start opening ``url`` without blocking; False when it is not a web link."""
    if not is_web_url(url):
        return False
    threading.Thread(target=webbrowser.open, args=(url.strip(),), daemon=True).start()
    return True

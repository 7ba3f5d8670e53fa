"""Pure decisions that turn one feed entry into a :class:`Report`.

Nothing here does I/O or touches feedparser's result objects beyond plain
mappings, so each rule (which id, which date, which body) can be tested on
its own and reasoned about apart from fetching.

Report ids
----------
An entry's id must stay the same across polls (the store deduplicates on
it) and must not collide with another feed's entries. The choice, in order:

1. the entry's guid/id, as given, when it is globally unique by shape:
   an absolute URL (``https://…``) or a URN/tag URI (``urn:…``, ``tag:…``).
   Two feeds carrying the same guid URL then carry the same story, and
   sharing the id is what we want;
2. any other guid (a bare number such as ``4411``, a slug) is only unique
   inside its feed, so it is prefixed with the feed name:
   ``"<feed>:<guid>"``;
3. no guid: the entry's link, normalised (lower-case scheme and host, no
   default port, no fragment, no ``utm_*`` or other tracking parameters),
   so that the same article reached through different campaign links
   keeps one id;
4. neither: ``"<feed>:sha256:<hex>"`` of the title and the feed's date
   string, which is stable as long as the publisher does not edit them.

Ids longer than :data:`MAX_ID` are replaced by a hash of themselves so a
hostile feed cannot bloat the store's keys.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sitrep.domain.textsafe import one_line, strip_controls

from sitrep.feeds.html import html_to_text

UTC = timezone.utc

MAX_TITLE = 500
MAX_BODY = 200_000
MAX_ID = 1_000
# HTML beyond this is not even parsed: a body is capped at MAX_BODY anyway
# and markup rarely exceeds text by more than this factor.
MAX_HTML = MAX_BODY * 10
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)

_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
    "at_custom4", "cmpid", "ocid", "smid", "smtyp", "_ga", "igshid",
})
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
_UNIQUE_GUID = re.compile(r"(?:[a-z][a-z0-9+.-]*://\S|urn:|tag:)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_link(url: str) -> str:
    """The canonical form of an article link, for use as an id.

    Only parts that never change which page is meant are touched: the
    case of scheme and host, a default port, the fragment, and query
    parameters that exist only for analytics.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        return url.split("#", 1)[0]
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        netloc = f"{userinfo}@{netloc}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def _bounded(report_id: str) -> str:
    if len(report_id) <= MAX_ID:
        return report_id
    return "sha256:" + hashlib.sha256(report_id.encode("utf-8", "replace")).hexdigest()


def report_id(feed: str, *, guid: str | None, link: str | None, title: str, date: str | None) -> str:
    """A stable id for an entry; see the module docstring for the rules."""
    guid = one_line(guid or "")
    if guid:
        if _UNIQUE_GUID.match(guid):
            return _bounded(guid)
        return _bounded(f"{feed}:{guid}")
    link = one_line(link or "")
    if link:
        return _bounded(normalise_link(link))
    digest = hashlib.sha256(f"{title}\n{date or ''}".encode("utf-8", "replace")).hexdigest()
    return _bounded(f"{feed}:sha256:{digest}")


def struct_to_datetime(value: time.struct_time | Sequence[int] | None) -> datetime | None:
    """feedparser's parsed dates are UTC struct_time; None when unusable."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(tuple(value)[:9]), UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def impossible_date(raw: str | None) -> bool:
    """Whether a feed's date text names a day no calendar has ("2025-13-45").

    feedparser rolls such dates over into real ones (2026-01-14), which
    would pass for a date the feed stated; they must count as guessed.
    """
    if not raw or not isinstance(raw, str):
        return False
    m = _ISO_DATE.match(raw)
    if not m:
        return False
    year, month, day = (int(g) for g in m.groups())
    if year < 1 or not 1 <= month <= 12:
        return True
    return not 1 <= day <= calendar.monthrange(year, month)[1]


def published_time(parsed: datetime | None, fetched: datetime) -> tuple[datetime, bool]:
    """The report's time and whether it was guessed.

    A missing date, one before 1990 or one more than a day ahead of the
    fetch is replaced by the fetch time: such dates come from broken CMS
    templates, and trusting them would sort the report out of sight.
    """
    if parsed is None or parsed < EARLIEST or parsed > fetched + FUTURE_SLACK:
        return fetched, True
    return parsed.astimezone(UTC), False


def plain_to_text(text: str) -> str:
    """Normalise text that is already plain: keep paragraphs and lines."""
    text = strip_controls(text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def detail_to_text(value: str, content_type: str | None) -> str:
    """Text of a feed text construct, HTML unless it says it is plain."""
    value = value[:MAX_HTML]
    if content_type and content_type.lower() == "text/plain":
        return plain_to_text(value)
    return html_to_text(value)


def cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def pick_body(entry: Mapping[str, Any]) -> str:
    """Plain-text body of an entry.

    ``content`` (RSS content:encoded, Atom content) usually holds the full
    article while ``summary`` is a teaser, so the first non-empty content
    wins; many feeds ship an empty content:encoded, hence "non-empty" is
    judged on the converted text, not the raw markup.
    """
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if value.strip():
            text = detail_to_text(value, content.get("type"))
            if text:
                return cap(text, MAX_BODY)
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    return cap(detail_to_text(summary, detail.get("type")), MAX_BODY)


def pick_title(entry: Mapping[str, Any]) -> str:
    title = entry.get("title") or ""
    detail = entry.get("title_detail") or {}
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        title = html_to_text(title[:MAX_HTML])
    return one_line(title, MAX_TITLE)


def pick_link(entry: Mapping[str, Any]) -> str | None:
    """The article link, only when it is a web URL (not javascript: etc.)."""
    link = one_line(entry.get("link") or "")
    if link and urlsplit(link).scheme.lower() in ("http", "https"):
        return link
    return None

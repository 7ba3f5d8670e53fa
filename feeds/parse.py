"""Read feed bytes into reports, with feedparser doing the XML.

feedparser is only ever handed bytes (wrapped in a file object, because
given a bare string or bytes it would try to open it as a path or URL)
and the response headers, so it can honour the declared charset without
doing any HTTP of its own. Its "bozo" flag covers both harmless quirks and
fatal breakage; :func:`parse_feed` sorts them into warnings and errors.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import feedparser

from sitrep.domain.models import Report
from sitrep.domain.textsafe import one_line

from sitrep.feeds import entries as ent
from sitrep.feeds.errors import FeedError

UTC = timezone.utc

_FEED_TYPES = ("xml", "rss", "atom", "rdf")


@dataclass(slots=True)
class ParsedFeed:
    """What a feed document yields: its title, its reports and any warnings."""

    title: str | None
    reports: list[Report] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _describe(exc: BaseException | None) -> str:
    text = one_line(str(exc or "unknown problem"), 200).removeprefix("<unknown>:")
    return text or type(exc).__name__


def _entry_report(entry: Mapping[str, Any], *, feed: str, fetched: datetime) -> Report:
    # A plain dict sees only the keys feedparser really set: its own
    # mapping would alias updated_parsed to published_parsed with a warning.
    entry = dict(entry)
    title = ent.pick_title(entry)
    link = ent.pick_link(entry)
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    parsed = ent.struct_to_datetime(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    )
    if ent.impossible_date(raw_date):
        parsed = None
    published, guessed = ent.published_time(parsed, fetched)
    return Report(
        id=ent.report_id(feed, guid=entry.get("id"), link=link, title=title, date=raw_date),
        feed=feed,
        title=title,
        text=ent.pick_body(entry),
        url=link,
        published=published,
        published_guessed=guessed,
        fetched=fetched,
    )


def parse_feed(
    data: bytes,
    *,
    feed: str,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    fetched: datetime | None = None,
) -> ParsedFeed:
    """Parse an RSS, Atom or RDF document into reports.

    ``headers`` are the HTTP response headers (their Content-Type charset
    matters); ``url`` resolves relative links; ``fetched`` stands in for
    missing or absurd entry dates. Raises :class:`FeedError` naming the
    feed when the bytes are empty, an HTML page or not a feed at all.
    Entries sharing an id within one document keep only the first.
    """
    fetched = (fetched or datetime.now(UTC)).astimezone(UTC)
    if not data or not data.strip():
        raise FeedError(feed, "the response was empty, not a feed")
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    # The body is already decoded; feedparser must not think otherwise.
    response_headers.pop("content-encoding", None)
    response_headers.pop("content-length", None)
    if url and "content-location" not in response_headers:
        response_headers["content-location"] = url

    result = feedparser.parse(
        io.BytesIO(data),
        response_headers=response_headers,
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    version = result.get("version") or ""
    entries = result.get("entries") or []
    exc = result.get("bozo_exception") if result.get("bozo") else None

    if not version and not entries:
        if _looks_like_html(data):
            raise FeedError(feed, "got an HTML page, not a feed (is the URL a feed's address?)")
        if exc is not None:
            raise FeedError(feed, f"not a feed: {_describe(exc)}")
        raise FeedError(feed, "not an RSS, Atom or RDF feed")

    warnings: list[str] = []
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        warnings.append(f"feed {feed!r}: character encoding overridden: {_describe(exc)}")
    elif isinstance(exc, feedparser.NonXMLContentType):
        # A local file has no content type at all: nothing was mislabelled.
        if "content-type" in response_headers:
            content_type = response_headers["content-type"]
            warnings.append(f"feed {feed!r}: served as {one_line(content_type, 80)!r}, not an XML type")
    elif exc is not None:
        warnings.append(f"feed {feed!r}: not well-formed, read leniently: {_describe(exc)}")

    reports: list[Report] = []
    seen: set[str] = set()
    for entry in entries:
        report = _entry_report(entry, feed=feed, fetched=fetched)
        if report.id in seen:
            continue
        seen.add(report.id)
        reports.append(report)

    title = one_line(result.get("feed", {}).get("title") or "", ent.MAX_TITLE) or None
    return ParsedFeed(title=title, reports=reports, warnings=warnings)

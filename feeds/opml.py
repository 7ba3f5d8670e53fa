"""OPML in and out: how feed readers hand their subscription lists around.

Import accepts OPML 1.0 and 2.0, walks nested folders, and keeps only
outlines that carry an ``xmlUrl``. The file comes from elsewhere, so a
document type declaration (the door to entity expansion attacks) is refused
rather than parsed.

sitrep's own settings for a feed (its interval and ``full_text``) travel as
attributes in the ``sitrep`` namespace on its outline, so an export read
back keeps them, and other readers ignore them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from sitrep.domain.durations import DurationError, format_duration, parse_duration
from sitrep.domain.models import FULL_TEXT_MODES, FeedConfig
from sitrep.domain.textsafe import one_line

MAX_OPML_BYTES = 5_000_000
SITREP_NS = "urn:x-sitrep:opml:1"
_EVERY = f"{{{SITREP_NS}}}every"
_FULL_TEXT = f"{{{SITREP_NS}}}full_text"
ET.register_namespace("sitrep", SITREP_NS)


class OpmlError(ValueError):
    """The file is not usable OPML; the message says why."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    title: str | None
    url: str
    folder: tuple[str, ...] = ()
    every: float | None = None  # seconds, from sitrep's own attributes
    full_text: str | None = None


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Every feed outline in document order, with the folders it sits in."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"file is larger than {MAX_OPML_BYTES // 1_000_000} MB")
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data, re.I):
        raise OpmlError("document type declarations are not accepted in OPML")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not OPML (the root element is <{_local(root.tag)}>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("OPML without a <body>")
    feeds: list[OpmlFeed] = []
    _walk(body, (), feeds)
    return feeds


def _walk(element: ET.Element, folder: tuple[str, ...], out: list[OpmlFeed]) -> None:
    for child in element:
        if _local(child.tag) != "outline":
            continue
        attrs = {k.lower(): v for k, v in child.attrib.items()}
        title = one_line(attrs.get("title") or attrs.get("text") or "") or None
        url = (attrs.get("xmlurl") or "").strip()
        if url:
            out.append(OpmlFeed(title=title, url=url, folder=folder, every=_every(attrs.get(_EVERY)),
                                full_text=_full_text(attrs.get(_FULL_TEXT))))
        _walk(child, folder + (title,) if title and not url else folder, out)


def _every(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parse_duration(value.strip())
    except DurationError:
        return None  # another tool's idea of an interval: the default applies


def _full_text(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value if value in FULL_TEXT_MODES else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def export_opml(feeds: Iterable[FeedConfig], *, title: str = "sitrep feeds",
                now: datetime | None = None) -> str:
    """An OPML 2.0 document listing the feeds, ready for another reader."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(
        now or datetime.now(timezone.utc), usegmt=True
    )
    body = ET.SubElement(root, "body")
    for feed in feeds:
        ET.SubElement(body, "outline", {
            "type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url,
            _EVERY: format_duration(feed.every), _FULL_TEXT: feed.full_text,
        })
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

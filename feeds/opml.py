"""OPML in and out: how feed readers hand their subscription lists around.

Import accepts OPML 1.0 and 2.0, walks nested folders, and keeps only
outlines that carry an ``xmlUrl``. The file comes from elsewhere, so a
document type declaration (the door to entity expansion attacks) is refused
rather than parsed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from sitrep.domain.models import FeedConfig
from sitrep.domain.textsafe import one_line

MAX_OPML_BYTES = 5_000_000


class OpmlError(ValueError):
    """The file is not usable OPML; the message says why."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    title: str | None
    url: str
    folder: tuple[str, ...] = ()


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
        title = one_line(attrs.get("title") or attrs.get("text") or "", 200) or None
        url = (attrs.get("xmlurl") or "").strip()
        if url:
            out.append(OpmlFeed(title=title, url=url, folder=folder))
        _walk(child, folder + (title,) if title and not url else folder, out)


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
        ET.SubElement(body, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

"""The documents the demo server sends: RSS 2.0, Atom 1.0 and HTML pages.

Built with ElementTree and ``html.escape`` rather than string templates so
that the quotes, ampersands and angle brackets in the copy always come out
as well-formed XML; the point of the demo is to exercise the real feed
parser, not to trip it with our own bugs.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from sitrep.wiring.demo.content import DemoReport, Outlet

ATOM_NS = "http://www.w3.org/2005/Atom"
GUID_PREFIX = "urn:sitrep-demo:"

ET.register_namespace("atom", ATOM_NS)


@dataclass(frozen=True, slots=True)
class Release:
    """A report together with the moment the demo publishes it."""

    report: DemoReport
    published: datetime


def item_url(base_url: str, release: Release) -> str:
    return f"{base_url}/{release.report.outlet}/{release.report.id}"


def guid(report: DemoReport) -> str:
    """Stable across runs and ports, so a reused store never sees duplicates."""
    return GUID_PREFIX + report.id


def description_html(report: DemoReport) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in report.paragraphs)


def rss_feed(outlet: Outlet, releases: Sequence[Release], base_url: str, built: datetime) -> bytes:
    """An RSS 2.0 channel with the releases newest first."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", outlet.name)
    _text(channel, "link", f"{base_url}/")
    _text(channel, "description", outlet.description)
    _text(channel, "language", "en")
    _text(channel, "lastBuildDate", format_datetime(built, usegmt=True))
    ET.SubElement(channel, f"{{{ATOM_NS}}}link", {
        "href": base_url + outlet.feed_path, "rel": "self", "type": "application/rss+xml",
    })
    for release in _newest_first(releases):
        item = ET.SubElement(channel, "item")
        _text(item, "title", release.report.title)
        _text(item, "link", item_url(base_url, release))
        _text(item, "guid", guid(release.report)).set("isPermaLink", "false")
        _text(item, "pubDate", format_datetime(release.published, usegmt=True))
        _text(item, "description", description_html(release.report))
    return _serialise(rss)


def atom_feed(outlet: Outlet, releases: Sequence[Release], base_url: str, built: datetime) -> bytes:
    """An Atom 1.0 feed with the releases newest first."""
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(feed, f"{{{ATOM_NS}}}title", outlet.name)
    _text(feed, f"{{{ATOM_NS}}}subtitle", outlet.description)
    _text(feed, f"{{{ATOM_NS}}}id", GUID_PREFIX + outlet.key)
    _text(feed, f"{{{ATOM_NS}}}updated", built.isoformat())
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "href": base_url + outlet.feed_path})
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": f"{base_url}/"})
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _text(author, f"{{{ATOM_NS}}}name", outlet.name)
    for release in _newest_first(releases):
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(entry, f"{{{ATOM_NS}}}title", release.report.title)
        _text(entry, f"{{{ATOM_NS}}}id", guid(release.report))
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", {
            "rel": "alternate", "type": "text/html", "href": item_url(base_url, release),
        })
        _text(entry, f"{{{ATOM_NS}}}published", release.published.isoformat())
        _text(entry, f"{{{ATOM_NS}}}updated", release.published.isoformat())
        _text(entry, f"{{{ATOM_NS}}}content", description_html(release.report)).set("type", "html")
    return _serialise(feed)


def item_page(outlet: Outlet, release: Release, base_url: str) -> bytes:
    """The page an item's link leads to, laid out as a news site lays out an
    article (masthead and footer outside ``<article>``), so that reading
    the full article, as sitrep does for short feed entries, keeps only
    the report's own paragraphs."""
    report = release.report
    title = html.escape(report.title)
    when = html.escape(format_datetime(release.published, usegmt=True))
    return _page(title, (
        f'<header><nav><a href="{html.escape(base_url)}/">{html.escape(outlet.name)}</a></nav>'
        f"</header>\n<main><article>\n<h1>{title}</h1>\n"
        f'<p class="byline"><time>{when}</time></p>\n{description_html(report)}\n</article></main>\n'
        "<footer><p><small>Fictional report from the sitrep demo.</small></p></footer>"
    ))


def index_page(outlets: Sequence[Outlet], base_url: str, released: int, total: int) -> bytes:
    links = "".join(
        f'<li><a href="{html.escape(base_url + o.feed_path)}">{html.escape(o.name)}</a>'
        f" ({o.format.upper()})</li>"
        for o in outlets
    )
    return _page("sitrep demo feeds", (
        "<h1>sitrep demo feeds</h1>\n"
        f"<p>A fictional situation; {released} of {total} reports released so far.</p>\n"
        f"<ul>{links}</ul>"
    ))


def _page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title></head>\n<body>\n{body}\n</body></html>\n"
    ).encode("utf-8")


def _newest_first(releases: Sequence[Release]) -> list[Release]:
    return sorted(releases, key=lambda r: r.report.order, reverse=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _serialise(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

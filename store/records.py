"""How reports and events look inside the store's files.

A report is split in two: its metadata (everything lists need, plus the name
of the body file) goes into a segment that is rewritten as the segment grows,
its text into a body file written once. Times are stored as UTC ISO strings,
which sort in time order as plain strings; ordering 50,000 reports then needs
no datetime parsing at all.

Opening the store parses every segment, so a segment document holds as JSON
values only what opening needs (ids, feed, published time, event types); the
rest travels as a nested JSON string, parsed when a report or event is first
shown, and a report's events share one document. Parsing one string is several times cheaper than parsing the dozen
values inside it, and that halves the start-up time of a 50,000-report store.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitrep.domain.models import EVENT_TYPES, UTC, Event, EventRecord, Report, ReportMeta

# The C scanner behind json.loads, without its per-call Python wrapping:
# the packed values are parsed one by one, 150,000 of them for a big store.
_scan_once = json.JSONDecoder().scan_once
_EVENT_FIELDS = {
    name: frozenset(f.name for f in dataclasses.fields(kind)) for name, kind in EVENT_TYPES.items()
}


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """How much the store holds: reports, events by type, reports by feed."""

    reports: int
    events: dict[str, int] = field(default_factory=dict)
    by_feed: dict[str, int] = field(default_factory=dict)


def utc_iso(value: datetime) -> str:
    """A sortable string for an aware datetime; naive ones are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def parse_utc(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _packed(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def pack_meta(rest: dict[str, Any]) -> str:
    """The packed form of the metadata :func:`unpack_meta` reads."""
    return _packed(rest)


def meta_doc(report: Report, body_file: str) -> dict[str, Any]:
    rest = {
        "title": report.title,
        "url": report.url,
        "published_guessed": report.published_guessed,
        "fetched": utc_iso(report.fetched),
        "length": len(report.text),
        "on_topic": report.on_topic,
    }
    if report.article_error:
        rest["article_error"] = report.article_error
    if report.summary:
        rest["article"] = True
    return {
        "id": report.id,
        "feed": report.feed,
        "published": utc_iso(report.published),
        "body": body_file,
        "meta": _packed(rest),
    }


def events_doc(report_id: str, events: Sequence[Event]) -> dict[str, Any] | None:
    """One document for all of a report's events (None when it has none).

    Event ``n`` of the report is item ``n`` of the packed list; its type is
    also kept unpacked, for counting and filtering without unpacking.
    """
    if not events:
        return None
    return {
        "report": report_id,
        "types": [ev.type for ev in events],
        "events": _packed([ev.to_dict() for ev in events]),
    }


def _unpack(packed: str) -> Any:
    try:
        value, end = _scan_once(packed, 0)
    except StopIteration as exc:
        raise ValueError(f"not JSON: {packed[:40]!r}") from exc
    if end != len(packed):
        raise ValueError(f"trailing data after JSON: {packed[end:end + 40]!r}")
    return value


def unpack_meta(doc: dict[str, Any]) -> dict[str, Any]:
    return _unpack(doc["meta"])


def decode_event(data: dict[str, Any]) -> Event:
    """``sitrep.domain.models.event_from_dict`` (consuming ``data``), minus its field introspection.

    That introspection was most of the two seconds it took to list the
    100,000 events of a big store; the tests check both agree on every kind.
    """
    name = data["type"]
    if name == "displacement":
        data["origin"] = data.pop("from", None)
        data["destination"] = data.pop("to", None)
    names = _EVENT_FIELDS[name]
    kwargs = {k: v for k, v in data.items() if k in names}
    includes = kwargs.get("includes")
    if isinstance(includes, dict):
        kwargs["includes"] = tuple(sorted(includes.items()))
    return EVENT_TYPES[name](**kwargs)


def body_doc(report: Report) -> dict[str, Any]:
    """A report's texts: what was read, and the feed's summary when it differs."""
    doc = {"id": report.id, "text": report.text}
    if report.summary:
        doc["summary"] = report.summary
    return doc


def report_meta(doc: dict[str, Any], read: bool) -> ReportMeta:
    rest = unpack_meta(doc)
    return ReportMeta(
        id=doc["id"],
        feed=doc["feed"],
        title=rest["title"],
        url=rest["url"],
        published=parse_utc(doc["published"]),
        published_guessed=rest["published_guessed"],
        fetched=parse_utc(rest["fetched"]),
        length=rest["length"],
        on_topic=rest["on_topic"],
        read=read,
        article_error=rest.get("article_error"),
        article=rest.get("article", False),
    )


def report_from(doc: dict[str, Any], text: str, summary: str = "") -> Report:
    rest = unpack_meta(doc)
    return Report(
        id=doc["id"],
        feed=doc["feed"],
        title=rest["title"],
        text=text,
        url=rest["url"],
        published=parse_utc(doc["published"]),
        published_guessed=rest["published_guessed"],
        fetched=parse_utc(rest["fetched"]),
        on_topic=rest["on_topic"],
        summary=summary,
        article_error=rest.get("article_error"),
    )


def event_records(meta: ReportMeta, doc: dict[str, Any]) -> list[EventRecord]:
    return [
        EventRecord(
            id=f"{meta.id}#{n}",
            report_id=meta.id,
            feed=meta.feed,
            title=meta.title,
            published=meta.published,
            event=decode_event(data),
        )
        for n, data in enumerate(_unpack(doc["events"]))
    ]

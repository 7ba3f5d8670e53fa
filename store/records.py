"""How reports and events look inside the store's files.

A report is split in two: its metadata (everything lists need, plus the name
of the body file) goes into a segment that is rewritten as the segment grows,
its text into a body file written once. Times are stored as UTC ISO strings,
which sort in time order as plain strings; ordering 50,000 reports then needs
no datetime parsing at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitrep.models import UTC, Event, EventRecord, Report, ReportMeta, event_from_dict


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


def meta_doc(report: Report, body_file: str) -> dict[str, Any]:
    return {
        "id": report.id,
        "feed": report.feed,
        "title": report.title,
        "url": report.url,
        "published": utc_iso(report.published),
        "published_guessed": report.published_guessed,
        "fetched": utc_iso(report.fetched),
        "length": len(report.text),
        "on_topic": report.on_topic,
        "body": body_file,
    }


def event_docs(report_id: str, events: Sequence[Event]) -> list[dict[str, Any]]:
    return [{"report": report_id, "n": n, "event": ev.to_dict()} for n, ev in enumerate(events)]


def body_doc(report: Report) -> dict[str, Any]:
    return {"id": report.id, "text": report.text}


def report_meta(doc: dict[str, Any], read: bool) -> ReportMeta:
    return ReportMeta(
        id=doc["id"],
        feed=doc["feed"],
        title=doc["title"],
        url=doc["url"],
        published=parse_utc(doc["published"]),
        published_guessed=doc["published_guessed"],
        fetched=parse_utc(doc["fetched"]),
        length=doc["length"],
        on_topic=doc["on_topic"],
        read=read,
    )


def report_from(doc: dict[str, Any], text: str) -> Report:
    return Report(
        id=doc["id"],
        feed=doc["feed"],
        title=doc["title"],
        text=text,
        url=doc["url"],
        published=parse_utc(doc["published"]),
        published_guessed=doc["published_guessed"],
        fetched=parse_utc(doc["fetched"]),
        on_topic=doc["on_topic"],
    )


def event_record(report: dict[str, Any], ev: dict[str, Any], published: datetime) -> EventRecord:
    return EventRecord(
        id=f"{report['id']}#{ev['n']}",
        report_id=report["id"],
        feed=report["feed"],
        title=report["title"],
        published=published,
        event=event_from_dict(ev["event"]),
    )

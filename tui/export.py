"""Writing the events the panes show to a JSON or CSV file.

The export holds what the reader sees (after filters), in the same dict form
as ``sitrep``'s JSON output (``Event.to_dict``) plus the report it came from.
CSV cells that a spreadsheet would run as a formula are prefixed with a
quote, since feed text is hostile.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sitrep.domain.models import EventRecord, utcnow

CSV_FIELDS = ("type", "published", "feed", "report_id", "title", "source",
              "evidence", "details")


def record_dict(record: EventRecord) -> dict:
    return {
        "report_id": record.report_id,
        "feed": record.feed,
        "title": record.title,
        "published": record.published.isoformat(),
        "event": record.event.to_dict(),
    }


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_events(records: Sequence[EventRecord], folder: Path, fmt: str,
                  now: datetime | None = None) -> Path:
    """Write ``records`` to a new file in ``folder``; returns its path."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or utcnow()).strftime("%Y%m%d-%H%M%S")
    path = folder / f"sitrep-export-{stamp}.{fmt}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"sitrep-export-{stamp}-{n}.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps([record_dict(r) for r in records], indent=2,
                                   ensure_ascii=False) + "\n", encoding="utf-8")
        return path
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_FIELDS)
        for record in records:
            data = record.event.to_dict()
            details = {k: v for k, v in data.items()
                       if k not in ("type", "evidence", "source", "start", "end", "rule")}
            writer.writerow([_cell(v) for v in (
                data["type"], record.published.isoformat(), record.feed,
                record.report_id, record.title, data.get("source"),
                data.get("evidence"), json.dumps(details, ensure_ascii=False),
            )])
    return path

"""The picture as plain data: the JSON of ``sitrep board`` and ``sitrep
tally``, and the ACLED-like rows of ``sitrep export``.

Kept beside the picture so the command line and the dashboard's export
write exactly the same thing. Text is passed through ``one_line`` (it came
from feeds); CSV cells a spreadsheet would run as a formula are quoted by
the writer, not here.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from typing import Any, TextIO

from sitrep.domain.models import Casualty, ControlChange, Displacement, EventRecord, Statement
from sitrep.domain.textsafe import one_line
from sitrep.fusion.facts import Fact, event_time
from sitrep.fusion.picture import Picture, PlaceStatus

EVIDENCE_LIMIT = 600
EXPORT_FIELDS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
                 "latitude", "longitude", "fatalities", "fatalities_high", "sources",
                 "source_urls", "notes")


def _text(value: str | None, limit: int = 200) -> str | None:
    return None if value is None else one_line(value, limit)


def _date(record: EventRecord) -> str | None:
    date = getattr(record.event, "date", None)
    if date is None or date == "":
        return None
    return date.isoformat() if hasattr(date, "isoformat") else one_line(str(date), 40)


def claim_dict(record: EventRecord) -> dict[str, Any]:
    ev = record.event
    assert isinstance(ev, ControlChange)
    return {
        "gainer": _text(ev.party_gainer or ev.gainer),
        "loser": _text(ev.party_loser or ev.loser),
        "action": ev.action,
        "when": _text(ev.when),
        "date": _date(record),
        "published": record.published.isoformat(),
        "source": _text(ev.source),
        "feed": _text(record.feed),
        "report_id": record.report_id,
        "evidence": _text(ev.evidence, EVIDENCE_LIMIT),
    }


def board_dict(status: PlaceStatus) -> dict[str, Any]:
    return {
        "place": _text(status.place.name),
        "holder": _text(status.holder),
        "previous": _text(status.previous),
        "since": status.since.isoformat() if status.since else None,
        "contested": status.contested,
        "claims": [claim_dict(r) for r in status.claims],
    }


def figure_dict(record: EventRecord) -> dict[str, Any]:
    ev = record.event
    assert isinstance(ev, Casualty)
    return {
        "count": ev.count if ev.count is not None else _text(ev.count_text),
        "qualifier": ev.qualifier,
        "source": _text(ev.source),
        "feed": _text(record.feed),
        "report_id": record.report_id,
        "published": record.published.isoformat(),
        "evidence": _text(ev.evidence, EVIDENCE_LIMIT),
    }


def scope(fact: Fact) -> str:
    return "total" if fact.total else "incident"


def tally_dict(fact: Fact) -> dict[str, Any]:
    ev = fact.first.event
    assert isinstance(ev, Casualty)
    return {
        "status": ev.status,
        "victims": _text(ev.victims),
        "place": _text(fact.place.name) if fact.place else None,
        "scope": scope(fact),
        "figures": [figure_dict(m) for m in fact.members],
        "lowest": fact.lowest,
        "highest": fact.highest,
        "conflict": fact.conflict,
    }


def _actors(fact: Fact) -> tuple[str | None, str | None, str]:
    ev = fact.lead.event
    if isinstance(ev, ControlChange):
        gainer = fact.gainer or _text(ev.gainer)
        loser = fact.loser or _text(ev.loser)
        sub = "contested" if fact.conflict else ", ".join(dict.fromkeys(
            m.event.action for m in fact.members))  # type: ignore[attr-defined]
        return gainer, loser, sub
    if isinstance(ev, Casualty):
        # A cause ("shelling") is not an actor: it goes with the sub-type.
        kind = "total" if fact.total else "incident"
        detail = f"{kind}, {one_line(ev.cause, 60)}" if ev.cause else kind
        return None, _text(ev.victims), f"{ev.status} ({detail})"
    if isinstance(ev, Statement):
        return _text(ev.speaker), None, ev.topic or ("direct" if ev.direct else "indirect")
    if isinstance(ev, Displacement):
        return _text(ev.who), None, "displacement"
    return None, None, ev.type


def export_row(fact: Fact, picture: Picture) -> dict[str, Any]:
    actor1, actor2, sub = _actors(fact)
    ev = fact.lead.event
    killed = isinstance(ev, Casualty) and ev.status == "killed"
    place = fact.place
    location = place.name if place else None
    if isinstance(ev, Statement):
        location = None
    urls = [picture.urls[m.report_id] for m in fact.members if m.report_id in picture.urls]
    return {
        "event_date": event_time(fact.first).date().isoformat(),
        "event_type": fact.kind,
        "sub_event_type": sub,
        "actor1": actor1,
        "actor2": actor2,
        "location": _text(location),
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "fatalities": fact.lowest if killed else None,
        "fatalities_high": fact.highest if killed else None,
        "sources": "; ".join(dict.fromkeys(_text(m.event.source or m.feed) or "" for m in fact.members)),
        "source_urls": " ".join(dict.fromkeys(one_line(u, 500) for u in urls)),
        "notes": " | ".join(dict.fromkeys(_text(m.event.evidence, EVIDENCE_LIMIT) or ""
                                          for m in fact.members)),
    }


def export_rows(picture: Picture, *, since: datetime | None = None, kind: str | None = None,
                everything: bool = False) -> list[dict[str, Any]]:
    """One row per fused fact, oldest first, as ``sitrep export`` writes them."""
    facts = picture.facts(kind, everything=everything)
    if since is not None:
        facts = [f for f in facts if f.latest >= since]
    facts.reverse()
    return [export_row(f, picture) for f in facts]


def _csv_cell(value: object) -> str:
    """A CSV cell; one a spreadsheet would run as a formula gets a quote
    in front, since feed text is hostile."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_rows(rows: list[dict[str, Any]], fmt: str, stream: TextIO) -> None:
    """Export rows as CSV (a header of :data:`EXPORT_FIELDS`) or a JSON list."""
    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(EXPORT_FIELDS)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) if isinstance(row[name], str) else
                             ("" if row[name] is None else row[name]) for name in EXPORT_FIELDS])
    else:
        raise ValueError(f"unknown export format {fmt!r}")

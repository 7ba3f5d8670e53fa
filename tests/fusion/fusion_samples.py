"""Building stored-event records by hand for the fusion tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sitrep.domain.models import UTC, Casualty, ControlChange, EventRecord, Statement

T0 = datetime(2031, 3, 2, 8, 0, tzinfo=UTC)


def record(event, report: str, feed: str = "Wire", hours: float = 0.0, n: int = 0) -> EventRecord:
    return EventRecord(id=f"{report}#{n}", report_id=report, feed=feed, title=f"title {report}",
                       published=T0 + timedelta(hours=hours), event=event)


def control(place: str, gainer: str | None, loser: str | None, action: str = "captured",
            party_gainer: str | None = None, party_loser: str | None = None, **kw) -> ControlChange:
    text = f"{gainer} {action} {place} from {loser}."
    return ControlChange(evidence=text, start=0, end=len(text), place=place, action=action,
                         gainer=gainer, loser=loser, party_gainer=party_gainer or gainer,
                         party_loser=party_loser or loser, **kw)


def casualty(count: int | None, place: str | None, status: str = "killed", victims: str | None = "people",
             cumulative: bool | None = False, source: str | None = None, qualifier: str | None = None,
             **kw) -> Casualty:
    text = f"{qualifier or ''} {count} {victims} were {status} in {place}, {source} said."
    return Casualty(evidence=text, start=0, end=len(text), count=count, status=status,
                    victims=victims, place=place, cumulative=cumulative, source=source,
                    qualifier=qualifier, **kw)


def statement(speaker: str, quote: str) -> Statement:
    return Statement(evidence=f"{speaker} said {quote}", start=0, end=10, speaker=speaker,
                     quote=quote, direct=True)

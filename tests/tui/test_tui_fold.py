"""A fact a report states twice (headline and lede) shows once; the same
fact from two reports shows twice."""

from __future__ import annotations

from datetime import datetime

from sitrep.domain.models import UTC, Casualty, ControlChange, EventRecord
from sitrep.tui.rows import fold_repeats

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def record(report: str, n: int, event) -> EventRecord:
    return EventRecord(f"{report}#{n}", report, "Wire", "Title", WHEN, event)


def casualty(count: int, source: str | None) -> Casualty:
    return Casualty(evidence="x", start=0, end=1, count=count, status="killed", source=source)


def test_headline_and_lede_fold_keeping_the_sourced_one():
    rows = fold_repeats([record("r1", 0, casualty(12, None)), record("r1", 1, casualty(12, "the health ministry"))])
    assert [r.id for r in rows] == ["r1#1"]


def test_different_figures_and_different_reports_stay_apart():
    rows = fold_repeats([
        record("r1", 0, casualty(12, None)),
        record("r1", 1, casualty(19, "a monitor")),
        record("r2", 0, casualty(12, None)),
    ])
    assert [r.id for r in rows] == ["r1#0", "r1#1", "r2#0"]


def test_place_written_two_ways_is_one_control_change():
    short = ControlChange(evidence="x", start=0, end=1, place="Mirovo", action="captured", gainer="Army", party_gainer="government")
    long = ControlChange(evidence="y", start=2, end=3, place="the village of Mirovo", action="captured",
                         gainer="Government forces", party_gainer="government", source="the army")
    rows = fold_repeats([record("r1", 0, short), record("r1", 1, long)])
    assert [r.id for r in rows] == ["r1#1"]

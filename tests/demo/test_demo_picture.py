"""The demo's situation fuses into the picture the issue asks it to show:
a place that changes hands twice, figures that conflict, a total that rises,
and places on the map."""

from __future__ import annotations

from datetime import datetime, timedelta

from sitrep.domain.models import UTC, EventRecord, Report
from sitrep.fusion import Picture
from sitrep.wiring.demo.content import load_situation
from sitrep.wiring.pipeline import read_reports


def demo_picture() -> Picture:
    situation = load_situation()
    start = datetime(2031, 5, 4, 6, tzinfo=UTC)
    reports = [Report(id=r.id, feed=r.feed, title=r.title, text=r.text,
                      published=start + timedelta(minutes=7 * r.order)) for r in situation.reports]
    pairs = read_reports(reports, situation.profile)
    picture = Picture(situation.profile)
    picture.add([r.meta() for r, _ in pairs], [
        EventRecord(id=f"{r.id}#{n}", report_id=r.id, feed=r.feed, title=r.title,
                    published=r.published, event=e)
        for r, events in pairs for n, e in enumerate(events)
    ])
    return picture


def test_the_demo_shows_places_changing_hands_conflicts_and_a_rising_total():
    picture = demo_picture()
    board = {row.place.name: row for row in picture.board()}
    sorrin = board["Sorrin"]
    assert [f.holder for f in sorrin.facts] == ["jihadists", "rebels"]
    assert (sorrin.holder, sorrin.previous) == ("rebels", "jihadists")
    assert sorrin.facts[-1].reports == 2  # two outlets, one fact
    tannery = board["Tannery Quarter"]
    assert (tannery.holder, tannery.previous) == ("rebels", "government")
    assert all(row.place.located for row in board.values())  # all on the map

    pelin = [f for f in picture.tally() if f.place and f.place.name == "Pelin" and f.conflict]
    assert any(f.lowest == 12 and f.highest == 19 for f in pelin)
    totals = sorted((f for f in picture.tally() if f.total and f.place and f.place.name == "Karsk"),
                    key=lambda f: f.when)
    assert [f.lowest for f in totals][0] == 1142 and totals[-1].lowest > 1142
    assert not any(f.conflict for f in totals)

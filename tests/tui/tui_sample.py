"""A fixed, made-up situation for the dashboard's tests, snapshots and the
tmux check: reports with known events, times and one casualty conflict.

Every text here is invented for these tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sitrep.domain.config import Config
from sitrep.domain.models import (
    UTC,
    Casualty,
    ControlChange,
    Displacement,
    Event,
    FeedConfig,
    Party,
    Profile,
    Report,
    Statement,
)
from sitrep.store import Store

BASE = datetime(2031, 3, 14, 6, 0, tzinfo=UTC)

PROFILE = Profile(
    name="Siege of Marrowfield",
    keywords=("Marrowfield", "Quillan", "Osterby"),
    parties=(Party("guard", ("Northern Guard",)), Party("league", ("Valley League",))),
)
FEEDS = (
    FeedConfig("Harbour Wire", "http://127.0.0.1:9/harbour.xml"),
    FeedConfig("Valley Courier", "http://127.0.0.1:9/valley.xml"),
)


def config(feeds=FEEDS) -> Config:
    return Config(profile=PROFILE, feeds=tuple(feeds))


def _at(report_text: str, evidence: str) -> tuple[int, int]:
    start = report_text.index(evidence)
    return start, start + len(evidence)


def report(rid: str, feed: str, minutes: int, title: str, body: str,
           url: str | None = None, on_topic: bool = True) -> Report:
    when = BASE + timedelta(minutes=minutes)
    return Report(id=rid, feed=feed, title=title, text=body,
                  url=url if url is not None else f"https://news.example/{rid}",
                  published=when, fetched=when, on_topic=on_topic)


def control(rep: Report, evidence: str, **fields) -> ControlChange:
    start, end = _at(rep.full_text, evidence)
    return ControlChange(evidence=evidence, start=start, end=end, rule="test", **fields)


def casualty(rep: Report, evidence: str, **fields) -> Casualty:
    start, end = _at(rep.full_text, evidence)
    return Casualty(evidence=evidence, start=start, end=end, rule="test", **fields)


def statement(rep: Report, evidence: str, **fields) -> Statement:
    start, end = _at(rep.full_text, evidence)
    return Statement(evidence=evidence, start=start, end=end, rule="test", **fields)


def displacement(rep: Report, evidence: str, **fields) -> Displacement:
    start, end = _at(rep.full_text, evidence)
    return Displacement(evidence=evidence, start=start, end=end, rule="test", **fields)


def sample_batch() -> list[tuple[Report, list[Event]]]:
    batch: list[tuple[Report, list[Event]]] = []

    r1 = report("hw-1", "Harbour Wire", 0, "Guard retakes the Osterby crossing",
                "Northern Guard units retook the Osterby crossing from the Valley League "
                "before dawn, a Guard spokesman said. Shelling near the crossing killed "
                "at least 12 civilians, the district health office said.")
    batch.append((r1, [
        control(r1, "Northern Guard units retook the Osterby crossing from the Valley League",
                place="Osterby crossing", action="retook", gainer="Northern Guard",
                loser="Valley League", party_gainer="guard", party_loser="league",
                source="a Guard spokesman"),
        casualty(r1, "Shelling near the crossing killed at least 12 civilians",
                 count=12, qualifier="at least", status="killed", victims="civilians",
                 cause="shelling", place="Osterby", cumulative=False,
                 source="district health office"),
    ]))

    r2 = report("vc-1", "Valley Courier", 25, "League disputes toll at Osterby",
                "The Valley League said 31 civilians were killed near Osterby, far more "
                "than officials admit. League envoy Hanne Roos said talks could resume "
                "\"only once the guns fall silent\".")
    batch.append((r2, [
        casualty(r2, "31 civilians were killed near Osterby", count=31, status="killed",
                 victims="civilians", place="Osterby", cumulative=False,
                 source="the Valley League"),
        statement(r2, "talks could resume \"only once the guns fall silent\"",
                  speaker="Hanne Roos", speaker_role="League envoy",
                  quote="only once the guns fall silent", direct=True,
                  source="Hanne Roos"),
    ]))

    r3 = report("hw-2", "Harbour Wire", 70, "Families leave Quillan for the coast",
                "About 4,000 residents fled Quillan toward Saltmere overnight, aid workers "
                "said. The mayor of Quillan said the town would not be abandoned.")
    batch.append((r3, [
        displacement(r3, "About 4,000 residents fled Quillan toward Saltmere",
                     count=4000, qualifier="about", who="residents", origin="Quillan",
                     destination="Saltmere", source="aid workers"),
        statement(r3, "The mayor of Quillan said the town would not be abandoned",
                  speaker="the mayor of Quillan", quote="the town would not be abandoned",
                  direct=False),
    ]))

    r4 = report("vc-2", "Valley Courier", 110, "League fighters withdraw from Marrowfield mill",
                "League fighters withdrew from the old mill district of Marrowfield on "
                "Friday. Dozens were wounded in the fighting, medics said.")
    batch.append((r4, [
        control(r4, "League fighters withdrew from the old mill district of Marrowfield",
                place="Marrowfield mill district", action="withdrew",
                loser="Valley League", party_loser="league", when="Friday"),
        casualty(r4, "Dozens were wounded in the fighting", count=None,
                 count_text="dozens", status="wounded", place="Marrowfield",
                 source="medics"),
    ]))

    r5 = report("hw-3", "Harbour Wire", 150, "Foreign minister urges restraint",
                "Foreign minister Ilse Varga urged both sides to open a corridor for "
                "civilians leaving Marrowfield. The overall toll in the siege has reached "
                "212 dead, according to the regional council.")
    batch.append((r5, [
        statement(r5, "Foreign minister Ilse Varga urged both sides to open a corridor",
                  speaker="Ilse Varga", speaker_role="Foreign minister",
                  quote="both sides should open a corridor for civilians", direct=False,
                  topic="corridor"),
        casualty(r5, "The overall toll in the siege has reached 212 dead",
                 count=212, status="killed", place="Marrowfield", cumulative=True,
                 source="the regional council"),
    ]))

    r6 = report("vc-3", "Valley Courier", 190, "Football final postponed",
                "The national football final has been postponed by a week.",
                on_topic=False)
    batch.append((r6, []))
    return batch


def hostile_batch() -> list[tuple[Report, list[Event]]]:
    """Reports whose text tries markup, ANSI, OSC 8/52 and BEL on the UI."""
    title = "[bold red]x [/] [@click=app.quit]q [link=http://evil]x[/link] \x1b[31mred\x1b[0m"
    body = ("\x1b]8;;http://evil\x07link\x1b]8;;\x07 \x1b]52;c;aGVsbG8=\x07clip \x07bell "
            "[@click=app.quit]quit[/] Marrowfield.")
    rep = report("evil-1", "[bold]Feed[/bold]", 300, title, body,
                 url="javascript:alert(1)")
    return [(rep, [
        control(rep, "[@click=app.quit]quit[/] Marrowfield", place="[@click=app.quit]q",
                action="[bold red]x", gainer="[link=http://evil]x[/link]", loser="[/]",
                source="[@click=app.quit]q"),
    ])]


def fill(path: Path, batch=None) -> Store:
    store = Store(path)
    store.add(batch if batch is not None else sample_batch())
    return store

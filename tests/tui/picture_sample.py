"""A made-up situation for the picture views' tests and snapshots: a town
that changes hands twice, figures that conflict, a running total that
rises, places with coordinates, and an off-topic report. Every text here
is invented for these tests; times are fixed (2031, like ``tui_sample``).
"""

from __future__ import annotations

from pathlib import Path

from tui_sample import BASE, FEEDS, casualty, control, report

from sitrep.domain.config import Config
from sitrep.domain.models import Event, Party, Place, Profile, Report
from sitrep.store import Store

PROFILE = Profile(
    name="Siege of Marrowfield",
    keywords=("Marrowfield", "Quillan", "Osterby", "Brask"),
    parties=(Party("guard", ("Northern Guard", "Guard")), Party("league", ("Valley League", "League"))),
    places=(
        Place("Marrowfield", lat=10.00, lon=20.00),
        Place("Osterby", aliases=("Osterby crossing",), lat=10.06, lon=20.09),
        Place("Quillan", lat=9.93, lon=20.05),
        Place("Brask", lat=10.04, lon=19.92),
    ),
)
HOUR = 60  # minutes


def config() -> Config:
    return Config(profile=PROFILE, feeds=FEEDS)


NAMES = {"guard": "Northern Guard", "league": "Valley League", None: "Hill Militia"}


def _take(rid, feed, hours, place, gainer, loser, action="took"):
    g, l = NAMES[gainer], NAMES[loser]
    sentence = f"{g} units {action} {place} from the {l}"
    rep = report(rid, feed, hours * HOUR, f"{place}: {g} {action} it", sentence + " overnight.")
    return rep, [control(rep, sentence, place=place, action=action, gainer=g, loser=l,
                         party_gainer=gainer, party_loser=loser, source=f"a {g} officer")]


def _toll(rid, feed, hours, count, place, source, cumulative=False, victims="civilians"):
    sentence = f"{count} {victims} were killed in {place}"
    rep = report(rid, feed, hours * HOUR, f"{count} dead in {place}", sentence + f", {source} said.")
    return rep, [casualty(rep, sentence, count=count, status="killed", victims=victims,
                          place=place, cumulative=cumulative, source=source)]


def picture_batch() -> list[tuple[Report, list[Event]]]:
    return [
        # Brask: league -> guard (two outlets), back to the league, and the guard again.
        _take("p-1", "Harbour Wire", 0, "Brask", "guard", "league"),
        _take("p-2", "Valley Courier", 2, "the town of Brask", "guard", "league", "captured"),
        _take("p-3", "Valley Courier", 30, "Brask", "league", "guard", "retook"),
        _take("p-4", "Harbour Wire", 55, "Brask town", "guard", "league", "recaptured"),
        # Quillan: the guard takes it.
        _take("p-5", "Harbour Wire", 26, "Quillan", "guard", "league"),
        # Osterby: two outlets disagree about who took it from the league.
        _take("p-6", "Harbour Wire", 40, "Osterby", "guard", "league"),
        _take("p-7", "Valley Courier", 41, "Osterby crossing", None, "league", "seized"),
        # Conflicting figures for one shelling, and agreeing ones.
        _toll("p-8", "Harbour Wire", 3, 12, "Marrowfield", "the district health office"),
        _toll("p-9", "Valley Courier", 4, 19, "the Marrowfield market", "medics"),
        _toll("p-10", "Valley Courier", 28, 7, "Quillan", "medics"),
        _toll("p-11", "Harbour Wire", 29, 7, "Quillan", "rescuers"),
        # A running total that rises.
        _toll("p-12", "Harbour Wire", 5, 212, "Marrowfield", "the regional council", cumulative=True),
        _toll("p-13", "Harbour Wire", 50, 240, "Marrowfield", "the regional council", cumulative=True),
        # Off topic: its event must not reach the views unless asked.
        _take("p-14", "Valley Courier", 60, "Saltmere harbour", "league", "guard"),
    ]


def fill(path: Path) -> Store:
    store = Store(path)
    batch = picture_batch()
    off = batch[-1]
    rep = off[0]
    batch[-1] = (Report(id=rep.id, feed=rep.feed, title=rep.title, text=rep.text, url=rep.url,
                        published=rep.published, fetched=rep.fetched, on_topic=False), off[1])
    store.add(batch)
    return store


START = BASE

"""Fusing stored events into facts, incrementally.

Events are first put in a group: control changes by canonical place,
casualties by place, scope, status and victim group, statements by speaker,
displacement by origin and who fled. Only the groups a new batch touched
are worked on: their facts are extended with the new events when these
are later than the group's last (a poll's usual news), else the group is
clustered again in time order. So a batch of fifty reports costs about the
same on a store of 50,000 as on an empty one, and the result does not
depend on the order reports arrived in.

Clustering rules (within :data:`WINDOW` of the fact's last member):

- control: the same sides join (a missing side matches any); a claim whose
  loser is the side that just took the place is a retake, a new fact; any
  other disagreement about who took it joins as a conflict.
- casualties: the same figure joins; a claimant's new figure for an
  incident is their revised count (it replaces their earlier one); for a
  running total it is a new fact (the total rose). Claimants whose latest
  figures differ make a conflict, kept side by side. Figures with no named
  place never conflict: nothing says they are one.
- statements: the same speaker and nearly the same words (rapidfuzz).
- displacement: the same figure from the same origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from operator import itemgetter

from rapidfuzz import fuzz

from sitrep.domain.heap import collector_paused
from sitrep.domain.models import (
    Casualty,
    ControlChange,
    Displacement,
    EventRecord,
    Profile,
    Statement,
)
from sitrep.fusion.facts import Fact, claimant, event_time, figure, same_claimant, side
from sitrep.fusion.places import PlaceIndex, PlaceRef, fold

WINDOW = timedelta(hours=24)
RECENT_FACTS = 16  # facts of a group looked at when placing a new member
QUOTE_SIMILARITY = 85  # rapidfuzz token_set_ratio at which two quotes are one
QUOTE_LIMIT = 400  # characters of a quote compared
# Words that do not tell combatants from civilians: outlets say "12 people",
# "12 civilians" or just "12 killed" of the same dead, so these are one group.
GENERIC_VICTIMS = frozenset({"", "people", "persons", "person", "individuals", "victims",
                             "others", "dead", "casualties", "civilians", "civilian",
                             "residents", "inhabitants"})


def victim_group(victims: str | None) -> str:
    """"at least 12 people", "12 civilians" and "12 killed" may count the
    same dead; "12 soldiers" do not. The group is the last word, the
    generic ones as "people"."""
    words = fold(victims or "").split()
    word = words[-1] if words else ""
    return "people" if word in GENERIC_VICTIMS else word


def _speaker(name: str) -> str:
    """Speakers by surname ("Foreign Minister Anna Roos", "Roos"): the
    words must match too, so two ministries' spokesmen are not confused."""
    words = fold(name).split()
    return words[-1] if words else ""


class Fuser:
    """Holds every event it was given, grouped, and the facts of each group."""

    def __init__(self, profile: Profile | None = None, *, places: PlaceIndex | None = None,
                 window: timedelta = WINDOW) -> None:
        self.places = places or PlaceIndex(profile)
        self.window = window
        self._groups: dict[tuple, list[EventRecord]] = {}
        self._place_of: dict[tuple, PlaceRef | None] = {}
        self._facts: dict[tuple, list[Fact]] = {}
        self._dirty: set[tuple] = set()
        self._pending: dict[tuple, list[EventRecord]] = {}  # added since the last settle
        self._last: dict[tuple, tuple] = {}  # the latest member settled, per group
        self._seen: set[str] = set()
        self._by_record: dict[str, Fact] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, records: Iterable[EventRecord]) -> set[tuple]:
        """Take in new records (ones seen before are ignored); returns the
        keys of the groups that changed."""
        touched: set[tuple] = set()
        with collector_paused():
            for record in records:
                if record.id in self._seen:
                    continue
                self._seen.add(record.id)
                key, place = self._group(record)
                self._groups.setdefault(key, []).append(record)
                self._pending.setdefault(key, []).append(record)
                self._place_of.setdefault(key, place)
                touched.add(key)
        self._dirty |= touched
        return touched

    def facts(self, kind: str | None = None) -> list[Fact]:
        """Every fact of ``kind`` (all kinds: None), in no particular order."""
        self._settle(kind)
        out: list[Fact] = []
        for key, facts in self._facts.items():
            if kind is None or key[0] == kind:
                out.extend(facts)
        return out

    def fact_of(self, record_id: str) -> Fact | None:
        self._settle()
        return self._by_record.get(record_id)

    def group(self, key: tuple) -> list[Fact]:
        self._settle()
        return list(self._facts.get(key, ()))

    # -- grouping ------------------------------------------------------------

    def _group(self, record: EventRecord) -> tuple[tuple, PlaceRef | None]:
        ev = record.event
        if isinstance(ev, ControlChange):
            place = self.places.resolve(ev.place)
            return ("control_change", self._place_key(place, record)), place
        if isinstance(ev, Casualty):
            place = self.places.resolve(ev.place)
            # Scope is "total" or not: an unclear figure is counted as an incident.
            return ("casualty", self._place_key(place, record), ev.cumulative is True, ev.status,
                    victim_group(ev.victims)), place
        if isinstance(ev, Statement):
            return ("statement", _speaker(ev.speaker)), None
        if isinstance(ev, Displacement):
            place = self.places.resolve(ev.origin)
            return ("displacement", self._place_key(place, record), victim_group(ev.who)), place
        return (ev.type, record.id), None

    @staticmethod
    def _place_key(place: PlaceRef | None, record: EventRecord) -> str:
        if place is None:
            return ""
        # A descriptive phrase ("a border town") is never merged at all.
        return place.key if place.named else f"{place.key}@{record.id}"

    # -- clustering ----------------------------------------------------------

    def _settle(self, kind: str | None = None) -> None:
        """Cluster the groups that changed (of ``kind`` only, when given:
        the board needs no casualty figures)."""
        with collector_paused():
            self._settle_groups([k for k in self._dirty if kind is None or k[0] == kind])

    def _settle_groups(self, keys: list[tuple]) -> None:
        for key in keys:
            self._dirty.discard(key)
            pending = self._pending.pop(key, [])
            facts = self._facts.get(key)
            if facts is not None and pending:
                fresh, orders = _in_order(pending)
                if orders[0] >= self._last[key]:
                    # All later than what is settled (a poll's new reports, the
                    # usual case): carry on from where the clustering stopped.
                    self._extend(key, facts, fresh, orders)
                    self._last[key] = orders[-1]
                    continue
            members, orders = _in_order(self._groups[key])
            self._groups[key] = members
            self._facts[key] = []
            self._extend(key, self._facts[key], members, orders)
            self._last[key] = orders[-1]

    def _extend(self, key: tuple, facts: list[Fact], records: list[EventRecord],
                orders: list[tuple]) -> None:
        """Place ``records`` (in time order, none earlier than the facts';
        ``orders`` are their :func:`_order`) into ``facts``, joining one or
        starting a new one."""
        kind = key[0]
        place = self._place_of.get(key)
        figures = kind in ("casualty", "displacement")  # only figures are told apart by day
        named = figures and place is not None and place.named and kind == "casualty"
        by_record = self._by_record
        touched: dict[Fact, None] = {}
        for record, order in zip(records, orders):
            at = order[0]
            day = value = pair = None
            ev = record.event
            if figures:
                day, value = _day(record), figure(record)
                target = self._join_figure(self._recent(facts, at), record, day, value, named)
            elif isinstance(ev, ControlChange):
                pair = (side(ev.gainer, ev.party_gainer), side(ev.loser, ev.party_loser))
                target = self._join_control(self._recent(facts, at), pair)
            else:
                target = self._join_statement(facts, record, at)
            if target is None:
                target = Fact(kind=kind, key=key, place=place)
                if pair is not None:
                    target.gainer, target.loser = pair
                facts.append(target)
            target.take(record, day, at, value, pair)
            touched[target] = None
            by_record[record.id] = target
        if kind != "control_change":
            for fact in touched:
                fact.conflict = fact.disputed()

    def _recent(self, facts: list[Fact], at: datetime) -> list[Fact]:
        """The facts a member at ``at`` may join. Facts are made in time
        order: only the last few can be in reach."""
        window = self.window
        return [f for f in facts[-RECENT_FACTS:] if at - f.latest <= window]

    def _join_statement(self, facts: list[Fact], record: EventRecord, at: datetime) -> Fact | None:
        """The fact a statement joins: the same speaker's nearly same words."""
        ev = record.event
        if not isinstance(ev, Statement):
            return None
        quote = fold(ev.quote[:QUOTE_LIMIT])
        for fact in reversed(self._recent(facts, at)):
            lead = fact.first.event
            assert isinstance(lead, Statement)
            if fuzz.token_set_ratio(quote, fold(lead.quote[:QUOTE_LIMIT])) >= QUOTE_SIMILARITY:
                return fact
        return None

    @staticmethod
    def _join_control(recent: list[Fact], pair: tuple[str | None, str | None]) -> Fact | None:
        """The fact a control claim with these (gainer, loser) sides joins."""
        if not recent:
            return None
        gainer, loser = pair
        for fact in reversed(recent):
            if _agree(fact.gainer, gainer) and _agree(fact.loser, loser):
                if fact.gainer is None:
                    fact.gainer = gainer
                if fact.loser is None:
                    fact.loser = loser
                return fact
        latest = recent[-1]
        if (loser is not None and loser == latest.gainer) or \
                (gainer is not None and gainer == latest.loser):
            return None  # the side that lost it took it back (or lost it again): a retake
        latest.conflict = True
        return latest

    @staticmethod
    def _join_figure(recent: list[Fact], record: EventRecord, day: str | None,
                     value: int | str | None, named: bool) -> Fact | None:
        """The fact a casualty or displacement figure ``value`` joins, or
        None. ``named``: a casualty at a named place, whose differing
        figures conflict instead of standing apart."""
        if not recent:
            return None
        # The same report stating the same figure again (headline, lede).
        for fact in reversed(recent):
            if value in fact.values and record.report_id in fact.report_ids:
                return fact
        # Facts on another named day are other incidents.
        if day is not None:
            recent = [f for f in recent if not f.days or f.days == {day}]
        for fact in reversed(recent):
            if value in fact.values:
                return fact
        if not named or not recent:
            return None
        latest = recent[-1]
        ev = record.event
        if isinstance(ev, Casualty) and ev.cumulative is True:
            who = claimant(record)
            if any(same_claimant(who, known) for known in latest.said):
                return None  # the same claimant's running total moved: a new figure to show
        # A revised count of the same claimant, or another claimant's figure
        # (then the fact is disputed: see Fact.disputed).
        return latest


_DAY_WORDS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,4})\b")


def _day(record: EventRecord) -> str | None:
    """The day the text names for the event ("Tuesday", a date), folded."""
    date = getattr(record.event, "date", None)
    if date:
        return str(date)
    when = record.event.when
    if not when:
        return None
    return " ".join(_DAY_WORDS.findall(fold(when))) or None


def _order(record: EventRecord) -> tuple:
    """Time order; within one report the statement that names its day and
    source first, so a headline's bare figure follows its fuller twin."""
    ev = record.event
    return (event_time(record), record.report_id, ev.when is None, ev.source is None, record.id)


def _in_order(records: list[EventRecord]) -> tuple[list[EventRecord], list[tuple]]:
    """``records`` sorted by :func:`_order`, with their orders: the first
    item of each is the member's ``event_time``, worked out once."""
    keyed = sorted([(_order(r), r) for r in records], key=itemgetter(0))
    return [r for _, r in keyed], [k for k, _ in keyed]


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b

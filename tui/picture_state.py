"""The dashboard's situation picture, kept up to date off the UI thread.

One :class:`PictureState` per app. Each kind of event is read and fused in
one pass over the store the first time a view needs it (the board needs
only control changes, the tally only casualties: reading just those is
half the work on a big store); after that only the reports that are new
since the last reading are read and fused, so a poll of fifty reports costs
fifty reports' work however large the store is. Views compute their rows
from the picture under :attr:`PictureState.lock` in their own worker
threads, and hand finished rows to the UI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from sitrep.domain.heap import collector_paused
from sitrep.domain.models import EVENT_TYPES, EventRecord, Profile
from sitrep.fusion import GazetteerSupply, Picture, PlaceIndex
from sitrep.store import Store

T = TypeVar("T")
BULK = 500  # more new reports than this: read all events in one pass instead
# The warm-up's order: the board is the view opened first and most.
WARM_ORDER = ("control_change", "casualty", *(k for k in EVENT_TYPES
                                              if k not in ("control_change", "casualty")))


class PictureState:
    def __init__(self, profile: Profile, *, gazetteer: GazetteerSupply | None = None) -> None:
        """``gazetteer``: where the picture's gazetteer index comes from (the
        wiring's cache file); built when first needed without one."""
        self.picture = Picture(profile, places=PlaceIndex(profile, supply=gazetteer))
        self.lock = threading.Lock()
        self._seen: set[str] = set()  # reports whose events of every kind in _kinds are fused
        self._kinds: set[str] = set()
        self._reports = -1
        # Per kind, a number that grows whenever its facts may have changed.
        self.versions: dict[str, int] = dict.fromkeys(EVENT_TYPES, 0)
        self._wanted: dict[str, None] = {}  # kinds views have read, first asked first

    def update(self, store: Store, *, marks: bool = False,
               kinds: Iterable[str] | None = None) -> Picture:
        """Fuse what the store holds of ``kinds`` (every kind: None) that
        the picture has not seen yet. Cheap when nothing changed (a count
        comparison); with ``marks`` the reports' topic marks are read again
        even then (``sitrep reread`` may have changed them), as a view does
        when it opens."""
        wanted = set(EVENT_TYPES if kinds is None else kinds)
        # One pause for the whole reading: each pause that ends has the
        # collector walk everything made during it, once per stage.
        with self.lock, collector_paused():
            counts = store.counts()
            missing = wanted - self._kinds
            if counts.reports == self._reports and not marks and not missing:
                return self.picture
            marked = store.topic_marks()
            fresh = [m.id for m in marked if m.id not in self._seen]
            records: list[EventRecord] = []
            for kind in missing:
                if counts.events.get(kind, 0):
                    records.extend(store.events(type=kind))
            known = self._kinds
            if fresh and known:
                if len(fresh) > BULK:
                    for kind in known:
                        records.extend(store.events(type=kind))
                else:
                    records.extend(r for r in store.records_for(fresh) if r.event.type in known)
            self.picture.add(marked, records)
            changed = set(EVENT_TYPES) if marks else missing | {r.event.type for r in records}
            for kind in changed:
                self.versions[kind] = self.versions.get(kind, 0) + 1
            self._kinds |= missing
            self._seen.update(fresh)
            self._reports = counts.reports
            return self.picture

    def version(self, kinds: Iterable[str] | None = None) -> tuple[int, ...]:
        """What the facts of ``kinds`` (every kind: None) are at: equal
        numbers, the same facts (topic marks included)."""
        return tuple(self.versions.get(kind, 0) for kind in (EVENT_TYPES if kinds is None else kinds))

    def read(self, store: Store, view: Callable[[Picture], T], *, marks: bool = False,
             kinds: Iterable[str] | None = None) -> T:
        """Bring the picture's ``kinds`` up to date and compute ``view`` of
        it (call from a worker thread)."""
        self.update(store, marks=marks, kinds=kinds)
        with self.lock:
            return view(self.picture)

    def warm(self) -> None:
        """Load the gazetteer now (about a second, once), so the first view
        opened does not wait for it."""
        self.picture.fuser.places.warm()

    def want(self, kinds: Iterable[str] | None) -> None:
        """A view is about to read ``kinds``: the warm-up takes them next."""
        self._wanted.update(dict.fromkeys(kinds or ()))

    def warm_up(self, store: Store, pause: float = 0.0) -> None:
        """Fuse the whole store, a kind at a time, so that a view opened
        meanwhile waits only for its own kinds: the kinds a view asked for
        first (the warm-up would otherwise be fusing another kind, which
        the view waits for), then the rest in :data:`WARM_ORDER`. After
        each kind it rests ``pause`` seconds: a view that waited for that
        kind is drawn meanwhile, rather than in the gaps the next kind's
        fusion leaves the interpreter."""
        self.warm()
        done: set[str] = set()
        while True:
            kind = next((k for k in (*self._wanted, *WARM_ORDER) if k not in done), None)
            if kind is None:
                return
            if done and pause:
                time.sleep(pause)
            done.add(kind)
            self.read(store, lambda picture, kind=kind: picture.fuser.facts(kind), kinds=(kind,))

"""The dashboard's situation picture, kept up to date off the UI thread.

One :class:`PictureState` per app. The first reading fuses every stored
event (one pass over the store); after that only the reports that are new
since the last reading are read and fused, so a poll of fifty reports costs
fifty reports' work however large the store is. Views compute their rows
from the picture under :attr:`PictureState.lock` in their own worker
threads, and hand finished rows to the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from sitrep.domain.models import EventRecord, Profile
from sitrep.fusion import Picture
from sitrep.store import Store

T = TypeVar("T")
BULK = 500  # more new reports than this: read all events in one pass instead


class PictureState:
    def __init__(self, profile: Profile) -> None:
        self.picture = Picture(profile)
        self.lock = threading.Lock()
        self._seen: set[str] = set()
        self._reports = -1

    def update(self, store: Store, *, marks: bool = False) -> Picture:
        """Fuse what the store holds that the picture has not seen yet.
        Cheap when nothing changed (a count comparison); with ``marks`` the
        reports' topic marks are read again even then (``sitrep reread``
        may have changed them), as a view does when it opens."""
        with self.lock:
            counts = store.counts()
            if counts.reports == self._reports and not marks:
                return self.picture
            metas = store.reports()
            fresh = [m for m in metas if m.id not in self._seen]
            if len(fresh) > BULK:
                records = store.events()
            else:
                records = [
                    EventRecord(id=f"{m.id}#{n}", report_id=m.id, feed=m.feed, title=m.title,
                                published=m.published, event=event)
                    for m in fresh for n, event in enumerate(store.events_for(m.id))
                ]
            self.picture.add(metas, records)
            self._seen.update(m.id for m in fresh)
            self._reports = counts.reports
            return self.picture

    def read(self, store: Store, view: Callable[[Picture], T], *, marks: bool = False) -> T:
        """Bring the picture up to date and compute ``view`` of it (call
        from a worker thread)."""
        self.update(store, marks=marks)
        with self.lock:
            return view(self.picture)

    def warm(self) -> None:
        """Load the gazetteer now (about a second, once), so the first view
        opened does not wait for it."""
        self.picture.fuser.places.warm()

"""``sitrep store copy``: moving a store's contents into another store.

Written against :class:`~sitrep.store.backend.StoreBackend` only, so it
copies either way (TinyDB into PostgreSQL is the common case). It is
idempotent: reports go through ``add``, which skips ids already present;
feed states are copied only for feeds the target does not know (its own
are newer), and read marks only where missing. A second run adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sitrep.domain.models import Report
from sitrep.store.backend import StoreBackend

COPY_BATCH = 200


@dataclass(frozen=True, slots=True)
class CopyCounts:
    """What a copy added to the target, and how many reports it already had."""

    reports: int
    already: int
    events: int
    feed_states: int
    read_marks: int


def copy_store(source: StoreBackend, target: StoreBackend, *, batch: int = COPY_BATCH,
               progress: Callable[[int, int], object] | None = None) -> CopyCounts:
    """Copy reports (with events), feed states and the user's read marks.

    Oldest reports first, ``batch`` per transaction, so an interrupted copy
    keeps what it committed and the next run goes on from there.
    """
    total = source.counts().reports
    added = events = done = 0
    for reports in _batches(source, batch):
        chunk = [(report, source.events_for(report.id)) for report in reports]
        new = target.add(chunk)
        added += len(new)
        fresh = {r.id for r in new}
        events += sum(len(evs) for r, evs in chunk if r.id in fresh)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    known = target.feed_states()
    states = [s for name, s in source.feed_states().items() if name not in known]
    target.save_feed_states(states)
    marks = sorted(source.read_ids() - target.read_ids())
    target.mark_read(marks)
    # mark_read skips ids the target lacks; count what it recorded.
    recorded = len(set(marks) & target.read_ids())
    return CopyCounts(reports=added, already=done - added, events=events,
                      feed_states=len(states), read_marks=recorded)


def _batches(source: StoreBackend, batch: int) -> Iterator[list[Report]]:
    """The source's reports with their bodies, oldest first, ``batch`` at a time.

    ``iter_reports`` reads a TinyDB store's bodies grouped by file (one
    file of 1,000 texts read per report would make a big copy take hours);
    a store class without it is read one report at a time.
    """
    if hasattr(source, "iter_reports"):
        yield from source.iter_reports(batch=batch)
        return
    ids = [meta.id for meta in reversed(source.reports())]
    for start in range(0, len(ids), batch):
        reports = [source.report(rid) for rid in ids[start : start + batch]]
        yield [report for report in reports if report is not None]

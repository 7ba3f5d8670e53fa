"""Read what the panes show out of the store, off the UI thread.

:func:`load_view` is called from a thread worker: it does the store calls
and builds finished rows, so the UI thread only hands rows to the tables.
Only a bounded number of rows per pane is read (newest first); a pane asks
for more when the reader scrolls near its end or a filter is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sitrep.domain.models import UTC, EventRecord, FeedState
from sitrep.store import Store, StoreCounts
from sitrep.tui.rows import EVENT_PANES, Row, RowCache, build_event_rows, fold_repeats, report_row

PAGE = 500  # rows per pane read, and added on each "more"
FIRST_PAGE = 60  # rows per pane for the first paint: more than a screen holds
READ_MARKS = 2000  # newest reports whose read marks are read when not filtering


@dataclass
class View:
    """One consistent reading of the store for every pane."""

    rows: dict[str, list[Row]]
    more: dict[str, bool]
    unread: set[str]
    conflicts: dict[str, list[EventRecord]]
    records: dict[str, EventRecord]
    counts: StoreCounts
    states: dict[str, FeedState]


def load_view(store: Store, limits: dict[str, int | None], cache: RowCache | None = None,
              everything: bool = False) -> View:
    """Read each pane's newest rows, up to its limit (None: all).

    With a ``cache`` (one per screen, used by one load at a time) rows of
    records seen before are reused. Events of off-topic reports are left
    out of the event panes unless ``everything``.
    """
    rows: dict[str, list[Row]] = {}
    more: dict[str, bool] = {}
    conflicts: dict[str, list[EventRecord]] = {}
    records: dict[str, EventRecord] = {}
    counts = store.counts()
    report_limit = limits.get("reports", PAGE)
    # Read marks matter for the unread filter and "n"; unless the filter
    # asks for everything, the newest reports' marks are enough and much
    # cheaper on a large store. Their topic marks say which events to leave
    # out (the panes' events are the newest too).
    metas = store.reports(None if report_limit is None else max(report_limit + 1, READ_MARKS))
    off_topic = set() if everything else {m.id for m in metas if not m.on_topic}
    for pane in EVENT_PANES:
        limit = limits.get(pane, PAGE)
        # A kind the store holds none of would cost a scan of every report.
        got = store.events(type=pane, limit=None if limit is None else limit + 1) \
            if counts.events.get(pane, 0) else []
        more[pane] = limit is not None and len(got) > limit
        got = fold_repeats(got[:limit] if limit is not None else got)
        if off_topic:
            got = [r for r in got if r.report_id not in off_topic]
        # One row per fused fact; ``conflicts`` holds each row's fact records.
        built, groups = build_event_rows(pane, got, cache)
        rows[pane] = built
        conflicts.update(groups)
        records.update((r.id, r) for r in got)
    limit = report_limit
    unread = {m.id for m in metas if not m.read}
    shown = metas if limit is None else metas[:limit]
    more["reports"] = limit is not None and len(metas) > limit
    if cache is None:
        rows["reports"] = [report_row(m) for m in shown]
    else:
        rows["reports"] = [cache.get(("reports", m.id, m.read), lambda m=m: report_row(m))
                           for m in shown]
        cache.rotate()
    # Draw the cells of the rows likely on screen here, off the UI thread,
    # and when everything was read for a filter, the text it matches.
    for pane, built in rows.items():
        for row in built[: limits.get(pane, PAGE) or PAGE]:
            row.cells  # noqa: B018 - builds and caches the cells
        if limits.get(pane, PAGE) is None:
            for row in built:
                row.search  # noqa: B018
    return View(
        rows=rows, more=more, unread=unread, conflicts=conflicts,
        records=records, counts=counts, states=store.feed_states(),
    )


def feed_health(states: dict[str, FeedState], feeds: list[str]) -> tuple[int, int, datetime | None, str | None]:
    """(ok, failing, next poll, last error) over the configured feeds."""
    ok = failing = 0
    next_poll: datetime | None = None
    last_error: tuple[datetime, str] | None = None
    for name in feeds:
        state = states.get(name)
        if state is None:
            continue
        if state.last_status == "error":
            failing += 1
            if state.last_error:
                stamp = state.last_poll or datetime.min.replace(tzinfo=UTC)
                if last_error is None or stamp > last_error[0]:
                    # Feed errors usually name their feed already.
                    named = name in state.last_error
                    last_error = (stamp, state.last_error if named else f"{name}: {state.last_error}")
        elif state.last_status in ("ok", "not-modified"):
            ok += 1
        if state.next_poll is not None and (next_poll is None or state.next_poll < next_poll):
            next_poll = state.next_poll
    return ok, failing, next_poll, last_error[1] if last_error else None

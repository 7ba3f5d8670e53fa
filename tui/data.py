"""Read what the panes show out of the store, off the UI thread.

:func:`load_view` is called from a thread worker: it does the store calls
and builds finished rows, so the UI thread only hands rows to the tables.
Only a bounded number of rows per pane is read (newest first); a pane asks
for more when the reader scrolls near its end or a filter is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sitrep.domain.alerts import AlertMatcher
from sitrep.domain.models import UTC, EventRecord, FeedState, ReportMeta
from sitrep.store import Store, StoreCounts
from sitrep.tui.rows import (
    EVENT_PANES,
    Row,
    RowCache,
    alert_row,
    build_event_rows,
    fold_repeats,
    report_row,
)

PAGE = 500  # rows per pane read, and added on each "more"
FIRST_PAGE = 60  # rows per pane for the first paint: more than a screen holds
SEARCH_LIMIT = 2000  # newest reports a search shows (with their events)
FIRST_MARKS = 2000  # newest reports whose read marks the first paint reads


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
    feed_of: dict[str, str]  # report id -> feed, over the whole store
    urls: dict[str, str | None]  # report id -> link
    alerts: set[str]  # keys of the rows that match a watchlist rule
    matched: set[str] | None = None  # reports the word index found for the text filter
    search: str = ""  # the text ``matched`` was found for
    # Off-topic reports left out of the panes (none with ``everything``):
    # which ones, how many of them are unread, and how many
    # more the search found among them.
    off_topic: frozenset[str] = frozenset()
    hidden_unread: int = 0
    hidden_matches: int = 0

    @property
    def hidden(self) -> int:
        return len(self.off_topic)


def load_view(store: Store, limits: dict[str, int | None], cache: RowCache | None = None,
              *, search: str = "", matcher: AlertMatcher | None = None,
              whole: bool = True, everything: bool = False) -> View:
    """Read each pane's newest rows, up to its limit (None: all).

    With a ``cache`` (one per screen, used by one load at a time) rows of
    records seen before are reused. ``search`` is looked up in the store's
    word index; rows matching the ``matcher``'s watchlist come marked.
    ``whole`` False reads only the newest reports' read marks (first paint).
    Off-topic reports and their events are left out of every pane unless
    ``everything``: the View says how many were hidden, so the screen can
    say so and which key shows them.
    """
    rows: dict[str, list[Row]] = {}
    more: dict[str, bool] = {}
    conflicts: dict[str, list[EventRecord]] = {}
    records: dict[str, EventRecord] = {}
    counts = store.counts()
    report_limit = limits.get("reports", PAGE)
    # Read marks cover the whole store ("n", "A" and the unread filter reach
    # the oldest report). The first paint reads only the newest reports'
    # marks: listing all of a 50,000-report store the first time costs most
    # of a second, and the full reading follows at once. Their topic marks
    # say which events the panes leave out.
    metas = store.reports(None if whole or report_limit is None
                          else max(report_limit + 1, FIRST_MARKS))
    off_topic = set() if everything else {m.id for m in metas if not m.on_topic}
    # A search reads only the reports the word index found and their events,
    # not the whole store: first results within a second on 50,000 reports.
    found = store.search(search, SEARCH_LIMIT) if search.strip() else None
    found_events = _events_of(store, found) if found is not None else {}
    for pane in EVENT_PANES:
        limit = limits.get(pane, PAGE)
        if found is not None:
            got, limit = found_events.get(pane, []), None
        else:
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
    hidden_unread = len(unread & off_topic)
    feed_of = {r.report_id: r.feed for r in records.values()}
    feed_of.update((m.id, m.feed) for m in metas)
    urls = {m.id: m.url for m in metas}
    matched = {m.id for m in found} if found is not None else None
    # The Reports pane follows the panes' rule: off-topic reports are hidden
    # unless ``everything``, and counted so the screen can say so.
    listed = [m for m in metas if m.id not in off_topic] if off_topic else metas
    hidden_matches = 0
    if found is not None:
        kept = [m for m in found if m.on_topic] if not everything else found
        hidden_matches = len(found) - len(kept)
        shown, more["reports"] = kept, False
    else:
        shown = listed if limit is None else listed[:limit]
        more["reports"] = limit is not None and len(listed) > limit
    if cache is None:
        rows["reports"] = [report_row(m) for m in shown]
    else:
        rows["reports"] = [cache.get(("reports", m.id, m.read), lambda m=m: report_row(m))
                           for m in shown]
    alerts: set[str] = set()
    if matcher is not None and matcher.active:
        alerted_reports: set[str] = set()
        for pane in EVENT_PANES:
            marked = []
            for row in rows[pane]:
                record = records.get(row.key)
                if record is not None and matcher.matches(record):
                    alerts.add(row.key)
                    alerted_reports.add(row.report_id)
                    row = cache.get(("alert", row.key), lambda r=row: alert_row(r)) \
                        if cache is not None else alert_row(row)
                marked.append(row)
            rows[pane] = marked
        alerts |= alerted_reports
        rows["reports"] = [
            ((cache.get(("alert", r.key, r.cells[0].plain), lambda r=r: alert_row(r))
              if cache is not None else alert_row(r)) if r.key in alerted_reports else r)
            for r in rows["reports"]
        ]
    if cache is not None:
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
        feed_of=feed_of, urls=urls, alerts=alerts, matched=matched, search=search,
        off_topic=frozenset(off_topic), hidden_unread=hidden_unread, hidden_matches=hidden_matches,
    )


def _events_of(store: Store, metas: list[ReportMeta]) -> dict[str, list[EventRecord]]:
    """The events of these reports by type, newest first, as ``Store.events`` gives them."""
    out: dict[str, list[EventRecord]] = {}
    for meta in metas:
        for n, event in enumerate(store.events_for(meta.id)):
            out.setdefault(event.type, []).append(EventRecord(
                f"{meta.id}#{n}", meta.id, meta.feed, meta.title, meta.published, event))
    return out


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

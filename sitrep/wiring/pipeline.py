"""The one road from fetched reports to stored reports and events.

Polling from the command line and from the dashboard both go through
:func:`poll_into_store`, and every report, whether polled or ingested, goes
through :func:`read_reports`, so "on topic" and "which events" are decided
in exactly one place. An extraction failure costs a report its events,
never the report itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sitrep.extraction import extract
from sitrep.domain.config import PollSettings
from sitrep.domain.models import Event, FeedConfig, Profile, Report

if TYPE_CHECKING:
    from sitrep.feeds.poll import Limits, PollOutcome, Poller
    from sitrep.store import Store

log = logging.getLogger(__name__)


def read_reports(
    reports: Iterable[Report], profile: Profile | None
) -> list[tuple[Report, list[Event]]]:
    """Mark each report on or off topic and read its events."""
    profile = profile or Profile()
    out: list[tuple[Report, list[Event]]] = []
    for report in reports:
        report = dataclasses.replace(
            report, on_topic=profile.on_topic(f"{report.title}\n{report.text}")
        )
        try:
            events = list(extract(report.full_text, profile))
        except Exception as exc:  # noqa: BLE001 - a bad rule must not lose the report
            # One line for the user; the traceback only when debugging.
            log.error("extraction failed on report %s from %s (%s: %s); stored without events",
                      report.id, report.feed, type(exc).__name__, exc)
            log.debug("extraction traceback", exc_info=True)
            events = []
        out.append((report, events))
    return out


class StoredOutcome(NamedTuple):
    """A feed's poll outcome after its reports went into the store, and
    ``new``: the reports the store did not have yet."""

    outcome: PollOutcome
    new: list[Report]


def store_outcomes(
    store: Store, outcomes: Sequence[PollOutcome], profile: Profile | None
) -> list[StoredOutcome]:
    """Store several feeds' new reports and states: one write for the batch.

    Blocking and CPU-bound (extraction, JSON): :func:`poll_into_store`
    runs it on a worker thread, never on the event loop.
    """
    fresh: list[Report] = []
    claimed: set[str] = set()
    for outcome in outcomes:
        for report in outcome.reports:
            if report.id not in claimed and not store.has(report.id):
                claimed.add(report.id)
                fresh.append(report)
    added = {r.id: r for r in store.add(read_reports(fresh, profile))} if fresh else {}
    store.save_feed_states({o.feed.name: o.state for o in outcomes})
    results = []
    for outcome in outcomes:
        new = [added.pop(r.id) for r in outcome.reports if r.id in added]
        results.append(StoredOutcome(outcome=outcome, new=new))
    return results


def store_outcome(store: Store, outcome: PollOutcome, profile: Profile | None) -> StoredOutcome:
    """Store one feed's new reports (one batch) and its state."""
    return store_outcomes(store, [outcome], profile)[0]


class _BatchWriter:
    """Stores outcomes on one worker thread, as many per write as have queued.

    While a write runs, outcomes that arrive wait in ``pending`` and go
    into the next write together, so 200 feeds finishing at once cost a
    handful of store writes, and the event loop only ever hands work over.
    """

    def __init__(self, store: Store, profile: Profile | None,
                 on_outcome: Callable[[StoredOutcome], Any] | None) -> None:
        self.store = store
        self.profile = profile
        self.on_outcome = on_outcome
        self.pending: list[PollOutcome] = []
        self.stored: list[StoredOutcome] = []
        self.seen: set[int] = set()
        self.task: asyncio.Future[None] | None = None

    def put(self, outcome: PollOutcome) -> None:
        if id(outcome) in self.seen:
            return
        self.seen.add(id(outcome))
        self.pending.append(outcome)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        while self.pending:
            batch, self.pending = self.pending, []
            results = await asyncio.to_thread(store_outcomes, self.store, batch, self.profile)
            self.stored.extend(results)
            if self.on_outcome is not None:
                for result in results:
                    self.on_outcome(result)

    async def finish(self) -> None:
        """Wait until every outcome handed over is stored."""
        while True:
            if self.task is not None and not self.task.done():
                await self.task
            elif self.pending:
                self.task = asyncio.ensure_future(self._drain())
            else:
                if self.task is not None:
                    self.task.result()  # a failed write is not silently lost
                return


async def poll_into_store(
    poller: Poller,
    store: Store,
    feeds: Sequence[FeedConfig],
    *,
    force: bool = False,
    on_outcome: Callable[[StoredOutcome], Any] | None = None,
    profile: Profile | None = None,
) -> list[StoredOutcome]:
    """Poll the feeds that are due (all when ``force``) and store the results.

    Outcomes are stored as they arrive, on a worker thread and in batches,
    so a slow feed does not hold back the others' reports and the network
    loop never waits for extraction or a store write; ``on_outcome`` sees
    each one after it is stored (on the event loop's thread). Reports the
    store already has never get their article fetched again.
    """
    writer = _BatchWriter(store, profile, on_outcome)
    try:
        outcomes = await poller.poll(feeds, store.feed_states(), force=force,
                                     on_outcome=writer.put, known=store.has)
        # A poller that returns outcomes without reporting each one still gets stored.
        for outcome in outcomes:
            writer.put(outcome)
    finally:
        await writer.finish()
    order = {id(o): i for i, o in enumerate(outcomes)}
    return sorted(writer.stored, key=lambda s: order.get(id(s.outcome), len(order)))


def poll_limits(settings: PollSettings | None = None) -> Limits:
    """The poller's limits with the config's ``[poll]`` fan-out."""
    from sitrep.feeds.poll import Limits

    settings = settings or PollSettings()
    return Limits(concurrency=settings.concurrency, per_host=settings.per_host)


def dashboard_poller(store: Store, profile: Profile | None, settings: PollSettings | None = None):
    """The dashboard's ``poll(feeds, force, on_outcome)``: one poller (one
    HTTP client) per poll, through the same road as ``sitrep poll``."""
    from sitrep.feeds.poll import Poller

    limits = poll_limits(settings)

    async def poll(feeds: Sequence[FeedConfig], force: bool,
                   on_outcome: Callable[[StoredOutcome], Any]) -> list[StoredOutcome]:
        async with Poller(limits) as poller:
            return await poll_into_store(poller, store, feeds, force=force,
                                         on_outcome=on_outcome, profile=profile)

    return poll

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
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, NamedTuple

from sitrep.extraction import extract
from sitrep.domain.config import PollSettings
from sitrep.domain.models import Event, FeedConfig, Profile, Report

if TYPE_CHECKING:
    from sitrep.feeds.poll import Limits, PollOutcome, Poller
    from sitrep.store import StoreBackend as Store

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
            events = list(extract(report.full_text, profile, published=report.published))
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


def store_read(
    store: Store, outcomes: Sequence[tuple[PollOutcome, list[tuple[Report, list[Event]]]]]
) -> list[StoredOutcome]:
    """Store feeds' reports, already read, and their states: one write for all.

    Blocking (a lock, JSON, files): :func:`poll_into_store` runs it on a
    worker thread, never on the event loop. A batch the store cannot write
    (a full disk) is stored not at all; its feeds then get an error and
    keep their old validators (ETag, Last-Modified), so that the next poll
    fetches those reports again rather than hearing "not modified". A store
    error never escapes: the other feeds of the cycle go on.
    """
    from sitrep.store import StoreError

    outcomes = list(outcomes)
    batch = [item for _, read in outcomes for item in read]
    added: dict[str, Report] = {}
    try:
        added = {r.id: r for r in store.add(batch)} if batch else {}
    except Exception as exc:  # noqa: BLE001 - a failed write must not end the cycle
        log.debug("storing failed", exc_info=True)
        why = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
        outcomes = [
            (_store_failed(store, o, f"could not store {len(o.reports)} report(s): {why}"), [])
            if read else (o, read)
            for o, read in outcomes
        ]
    try:
        store.save_feed_states({o.feed.name: o.state for o, _ in outcomes})
    except StoreError as exc:
        log.error("%d feed(s): poll state could not be saved: %s", len(outcomes), exc)
        outcomes = [
            (o if o.status == "error" else dataclasses.replace(
                o, status="error", error=f"feed state not saved: {exc}"), read)
            for o, read in outcomes
        ]
    return [
        StoredOutcome(outcome=o, new=[added.pop(r.id) for r, _ in read if r.id in added])
        for o, read in outcomes
    ]


def store_outcome(store: Store, outcome: PollOutcome, profile: Profile | None) -> StoredOutcome:
    """Read and store one feed's new reports and its state, in one write."""
    fresh = _fresh(store, outcome, set())
    return store_read(store, [(outcome, read_reports(fresh, profile) if fresh else [])])[0]


def _fresh(store: Store, outcome: PollOutcome, claimed: set[str]) -> list[Report]:
    """The outcome's reports neither stored nor claimed by an earlier outcome."""
    fresh = []
    for report in outcome.reports:
        if report.id not in claimed and not store.has(report.id):
            claimed.add(report.id)
            fresh.append(report)
    return fresh


# A poll bringing more new reports than this reads them in worker processes
# (one per core) rather than one thread: extraction is pure Python, and a
# first poll of 200 feeds is seconds of it. Smaller polls, the usual case,
# do not pay for starting processes.
PROCESS_THRESHOLD = 300
WRITE_GATHER = 0.3  # seconds a write waits for feeds still being read to join it


class _StoreWriter:
    """Reads each feed's new reports as it arrives, stores them in batches.

    Extraction of one feed's reports starts as soon as that feed is in,
    off the event loop (a thread, or worker processes for a big poll);
    store writes run on one thread, and outcomes read while a write runs
    go into the next write together, so 200 feeds cost a handful of writes.
    """

    def __init__(self, store: Store, profile: Profile | None,
                 on_outcome: Callable[[StoredOutcome], Any] | None) -> None:
        self.store = store
        self.profile = profile
        self.on_outcome = on_outcome
        self.claimed: set[str] = set()
        self.seen: set[int] = set()
        self.fresh_total = 0
        self.processes: ProcessPoolExecutor | None = None
        self.reading: list[asyncio.Future[None]] = []
        self.ready: list[tuple[PollOutcome, list[tuple[Report, list[Event]]]]] = []
        self.writing: asyncio.Future[None] | None = None
        self.stored: list[StoredOutcome] = []

    def put(self, outcome: PollOutcome) -> None:
        if id(outcome) in self.seen:
            return
        self.seen.add(id(outcome))
        fresh = _fresh(self.store, outcome, self.claimed)
        self.fresh_total += len(fresh)
        self.reading.append(asyncio.ensure_future(self._read(outcome, fresh)))

    async def _read(self, outcome: PollOutcome, fresh: list[Report]) -> None:
        read: list[tuple[Report, list[Event]]] = []
        if fresh:
            loop = asyncio.get_running_loop()
            executor = self._executor()
            try:
                read = await loop.run_in_executor(executor, read_reports, fresh, self.profile)
            except BrokenProcessPool as exc:
                if executor is None:
                    raise
                log.warning("extraction workers failed (%s); reading in this process", exc)
                read = await asyncio.to_thread(read_reports, fresh, self.profile)
        self.ready.append((outcome, read))
        if self.writing is None or self.writing.done():
            self.writing = asyncio.ensure_future(self._write())

    def _executor(self) -> ProcessPoolExecutor | None:
        if self.processes is None and self.fresh_total > PROCESS_THRESHOLD and (os.cpu_count() or 1) > 1:
            try:
                self.processes = ProcessPoolExecutor(
                    max_workers=os.cpu_count(), mp_context=multiprocessing.get_context("forkserver"))
            except (OSError, ValueError) as exc:  # no processes here: threads do
                log.debug("extraction stays in this process: %s", exc)
                self.fresh_total = -(1 << 62)
        return self.processes

    async def _write(self) -> None:
        while self.ready:
            if any(not task.done() for task in self.reading):
                # More feeds are being read: let them join this write, since
                # each write rewrites a whole segment whatever its size.
                await asyncio.sleep(WRITE_GATHER)
            batch, self.ready = self.ready, []
            results = await asyncio.to_thread(store_read, self.store, batch)
            self.stored.extend(results)
            if self.on_outcome is not None:
                for result in results:
                    self.on_outcome(result)

    async def finish(self) -> None:
        """Wait until every outcome handed over is read and stored."""
        try:
            while self.reading:
                reading, self.reading = self.reading, []
                await asyncio.gather(*reading)
            while True:
                if self.writing is not None and not self.writing.done():
                    await self.writing
                elif self.ready:
                    self.writing = asyncio.ensure_future(self._write())
                else:
                    if self.writing is not None:
                        self.writing.result()  # a failed write is not silently lost
                    return
        finally:
            if self.processes is not None:
                self.processes.shutdown(wait=False, cancel_futures=True)


def _store_failed(store: Store, outcome: PollOutcome, message: str) -> PollOutcome:
    old = store.feed_states().get(outcome.feed.name)
    state = dataclasses.replace(
        outcome.state,
        etag=old.etag if old else None,
        last_modified=old.last_modified if old else None,
        last_status="error",
        last_error=message,
    )
    return dataclasses.replace(outcome, state=state, status="error", error=message, reports=[])


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
    The feeds are claimed in the store for the length of the poll, so a
    feed another poller (another process, another machine on a shared
    store) is polling now is left to it, and the feed states are read only
    once the claim is held, so a feed polled a moment ago is not due again.
    """
    with store.claim_feeds(f.name for f in feeds) as claimed:
        mine = [f for f in feeds if f.name in claimed]
        if len(mine) < len(feeds):
            log.info("%d feed(s) left to another poller that is polling them now",
                     len(feeds) - len(mine))
        if not mine:
            return []
        return await _poll_claimed(poller, store, mine, force=force, on_outcome=on_outcome,
                                   profile=profile)


async def _poll_claimed(
    poller: Poller,
    store: Store,
    feeds: Sequence[FeedConfig],
    *,
    force: bool,
    on_outcome: Callable[[StoredOutcome], Any] | None,
    profile: Profile | None,
) -> list[StoredOutcome]:
    writer = _StoreWriter(store, profile, on_outcome)
    outcomes: list[PollOutcome] = []
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

"""The one road from fetched reports to stored reports and events.

Polling from the command line and from the dashboard both go through
:func:`poll_into_store`, and every report, whether polled or ingested, goes
through :func:`read_reports`, so "on topic" and "which events" are decided
in exactly one place. An extraction failure costs a report its events,
never the report itself.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sitrep.extraction import extract
from sitrep.domain.models import Event, FeedConfig, Profile, Report

if TYPE_CHECKING:
    from sitrep.feeds.poll import PollOutcome, Poller
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


def store_outcome(store: Store, outcome: PollOutcome, profile: Profile | None) -> StoredOutcome:
    """Store one feed's new reports (one batch) and its state.

    A batch the store cannot write (a full disk) is stored not at all; the
    feed then gets an error, and keeps its old validators (ETag,
    Last-Modified) so that the next poll fetches those reports again rather
    than hearing "not modified". A store error never escapes: the other
    feeds of the cycle go on.
    """
    from sitrep.store import StoreError

    new: list[Report] = []
    try:
        fresh = [r for r in outcome.reports if not store.has(r.id)]
        new = store.add(read_reports(fresh, profile)) if fresh else []
    except StoreError as exc:
        outcome = _store_failed(store, outcome, f"could not store {len(outcome.reports)} report(s): {exc}")
    except Exception as exc:  # noqa: BLE001 - one feed's surprise must not end the cycle
        log.debug("storing failed", exc_info=True)
        outcome = _store_failed(store, outcome, f"could not store {len(outcome.reports)} report(s): "
                                f"{type(exc).__name__}: {exc}")
    try:
        store.save_feed_states({outcome.feed.name: outcome.state})
    except StoreError as exc:
        log.error("feed %r: its poll state could not be saved: %s", outcome.feed.name, exc)
        if outcome.status != "error":
            outcome = dataclasses.replace(outcome, status="error", error=f"feed state not saved: {exc}")
    return StoredOutcome(outcome=outcome, new=list(new))


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

    Each outcome is stored as soon as it arrives, so a slow feed does not
    hold back the others' reports, and ``on_outcome`` sees it after that.
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
    stored: list[StoredOutcome] = []

    def arrived(outcome: PollOutcome) -> None:
        result = store_outcome(store, outcome, profile)
        stored.append(result)
        if on_outcome is not None:
            on_outcome(result)

    outcomes = await poller.poll(feeds, store.feed_states(), force=force, on_outcome=arrived)
    # A poller that returns outcomes without reporting each one still gets stored.
    seen = {id(s.outcome) for s in stored}
    for outcome in outcomes:
        if id(outcome) not in seen:
            arrived(outcome)
    order = {id(o): i for i, o in enumerate(outcomes)}
    stored.sort(key=lambda s: order.get(id(s.outcome), len(order)))
    return stored


def dashboard_poller(store: Store, profile: Profile | None):
    """The dashboard's ``poll(feeds, force, on_outcome)``: one poller (one
    HTTP client) per poll, through the same road as ``sitrep poll``."""
    from sitrep.feeds.poll import Poller

    async def poll(feeds: Sequence[FeedConfig], force: bool,
                   on_outcome: Callable[[StoredOutcome], Any]) -> list[StoredOutcome]:
        async with Poller() as poller:
            return await poll_into_store(poller, store, feeds, force=force,
                                         on_outcome=on_outcome, profile=profile)

    return poll

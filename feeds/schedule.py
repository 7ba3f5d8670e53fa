"""Pure scheduling decisions: which feeds are due and when to poll next.

Kept apart from the I/O so the rules (interval with jitter, exponential
backoff on errors, honouring Retry-After) can be unit-tested with a fixed
clock and a seeded random source. Every function returns new values and
never mutates the :class:`FeedState` it is given: the caller owns state.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone

from sitrep.domain.models import FeedConfig, FeedState
from sitrep.feeds import http_headers

UTC = timezone.utc

BACKOFF_CAP = 6 * 3600.0
RETRY_AFTER_CAP = http_headers.RETRY_AFTER_CAP
JITTER = 0.05
MIN_INTERVAL = 1.0


def is_due(state: FeedState | None, now: datetime) -> bool:
    """A feed never polled, or whose next poll time has come, is due."""
    if state is None or state.next_poll is None:
        return True
    return state.next_poll <= now


def due_feeds(
    feeds: Sequence[FeedConfig], states: Mapping[str, FeedState], now: datetime, *, force: bool = False
) -> list[FeedConfig]:
    """The feeds to poll this cycle, in config order, each name once."""
    seen: set[str] = set()
    due = []
    for feed in feeds:
        if feed.name in seen:
            continue
        seen.add(feed.name)
        if force or is_due(states.get(feed.name), now):
            due.append(feed)
    return due


def jittered(seconds: float, rng: random.Random, fraction: float = JITTER) -> float:
    """Spread polls by a few percent so feeds added together drift apart."""
    return seconds * (1.0 + rng.uniform(-fraction, fraction))


def backoff_delay(interval: float, failures: int, cap: float = BACKOFF_CAP) -> float:
    """Delay after the n-th consecutive failure: interval, 2x, 4x, … up to cap.

    A feed configured to poll less often than the cap keeps its interval:
    backing off must never make polling *more* frequent.
    """
    interval = max(interval, MIN_INTERVAL)
    exponent = min(max(failures - 1, 0), 32)
    return max(interval, min(cap, interval * 2.0**exponent))


def parse_retry_after(value: str | None, now: datetime, cap: float = RETRY_AFTER_CAP) -> datetime | None:
    """The time a Retry-After header points to, capped; None when unreadable.

    The parsing itself lives with the other header parsers in
    :mod:`sitrep.feeds.http_headers`, where no input can make it raise.
    """
    return http_headers.parse_retry_after(value, now, cap)


def after_success(
    state: FeedState,
    *,
    now: datetime,
    interval: float,
    rng: random.Random,
    status: str,
    etag: str | None,
    last_modified: str | None,
    jitter: float = JITTER,
) -> FeedState:
    """State after an "ok" or "not-modified" poll: errors and backoff clear."""
    return dataclasses.replace(
        state,
        etag=etag,
        last_modified=last_modified,
        last_poll=now,
        last_status=status,
        last_error=None,
        failures=0,
        retry_after=None,
        next_poll=now + timedelta(seconds=jittered(max(interval, MIN_INTERVAL), rng, jitter)),
    )


def after_error(
    state: FeedState,
    *,
    now: datetime,
    interval: float,
    rng: random.Random,
    error: str,
    retry_after: datetime | None = None,
    cap: float = BACKOFF_CAP,
    jitter: float = JITTER,
) -> FeedState:
    """State after a failed poll: back off, but never before Retry-After."""
    failures = state.failures + 1
    next_poll = now + timedelta(seconds=jittered(backoff_delay(interval, failures, cap), rng, jitter))
    if retry_after is not None and retry_after > next_poll:
        next_poll = retry_after
    return dataclasses.replace(
        state,
        last_poll=now,
        last_status="error",
        last_error=error,
        failures=failures,
        retry_after=retry_after,
        next_poll=next_poll,
    )

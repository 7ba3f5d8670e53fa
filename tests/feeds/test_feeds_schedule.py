"""The pure scheduling rules, with a fixed clock and a seeded random source."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sitrep.feeds import schedule
from sitrep.domain.models import FeedConfig, FeedState

UTC = timezone.utc
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_never_polled_feed_is_due() -> None:
    assert schedule.is_due(None, NOW)
    assert schedule.is_due(FeedState(name="a"), NOW)


def test_feed_is_due_only_when_next_poll_has_come() -> None:
    assert not schedule.is_due(FeedState(name="a", next_poll=NOW + timedelta(seconds=1)), NOW)
    assert schedule.is_due(FeedState(name="a", next_poll=NOW), NOW)
    assert schedule.is_due(FeedState(name="a", next_poll=NOW - timedelta(hours=1)), NOW)


def test_due_feeds_respects_force_and_duplicates() -> None:
    feeds = [FeedConfig("a", "u1"), FeedConfig("b", "u2"), FeedConfig("a", "u3")]
    states = {"b": FeedState(name="b", next_poll=NOW + timedelta(minutes=5))}
    assert [f.url for f in schedule.due_feeds(feeds, states, NOW)] == ["u1"]
    assert [f.url for f in schedule.due_feeds(feeds, states, NOW, force=True)] == ["u1", "u2"]


def test_jitter_stays_within_a_few_percent_and_is_reproducible() -> None:
    values = [schedule.jittered(1000, random.Random(seed)) for seed in range(200)]
    assert all(950 <= v <= 1050 for v in values)
    assert len(set(values)) > 100
    assert schedule.jittered(1000, random.Random(3)) == schedule.jittered(1000, random.Random(3))


def test_backoff_doubles_up_to_the_cap() -> None:
    delays = [schedule.backoff_delay(600, n, cap=3600) for n in range(1, 6)]
    assert delays == [600, 1200, 2400, 3600, 3600]


def test_backoff_never_polls_more_often_than_configured() -> None:
    assert schedule.backoff_delay(86400, 1, cap=3600) == 86400
    assert schedule.backoff_delay(86400, 10, cap=3600) == 86400


def test_backoff_survives_huge_failure_counts() -> None:
    assert schedule.backoff_delay(60, 10_000) == schedule.BACKOFF_CAP


def test_retry_after_seconds() -> None:
    assert schedule.parse_retry_after("120", NOW) == NOW + timedelta(seconds=120)
    assert schedule.parse_retry_after(" 0 ", NOW) == NOW


def test_retry_after_http_date() -> None:
    assert schedule.parse_retry_after("Sun, 01 Mar 2026 12:30:00 GMT", NOW) == NOW + timedelta(minutes=30)


def test_retry_after_in_the_past_means_now() -> None:
    assert schedule.parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", NOW) == NOW


def test_retry_after_is_capped_and_garbage_ignored() -> None:
    assert schedule.parse_retry_after("99999999", NOW) == NOW + timedelta(seconds=schedule.RETRY_AFTER_CAP)
    assert schedule.parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT", NOW) == NOW + timedelta(
        seconds=schedule.RETRY_AFTER_CAP
    )
    for junk in (None, "", "soon", "-5", "1.5e3", "Mon, 99 Foo"):
        assert schedule.parse_retry_after(junk, NOW) is None


def test_success_clears_errors_and_schedules_next_poll() -> None:
    failing = FeedState(name="a", last_error="boom", failures=4, last_status="error",
                        retry_after=NOW, etag='"old"')
    state = schedule.after_success(failing, now=NOW, interval=900, rng=random.Random(1), status="ok",
                                   etag='"new"', last_modified="Sun, 01 Mar 2026 11:00:00 GMT", jitter=0)
    assert state.failures == 0 and state.last_error is None and state.retry_after is None
    assert state.last_status == "ok" and state.last_poll == NOW
    assert state.next_poll == NOW + timedelta(seconds=900)
    assert state.etag == '"new"' and state.last_modified == "Sun, 01 Mar 2026 11:00:00 GMT"
    assert failing.failures == 4, "the input state must not be mutated"


def test_success_next_poll_is_jittered() -> None:
    state = schedule.after_success(FeedState(name="a"), now=NOW, interval=1000, rng=random.Random(5),
                                   status="ok", etag=None, last_modified=None)
    delta = (state.next_poll - NOW).total_seconds()
    assert 950 <= delta <= 1050 and delta != 1000


def test_errors_back_off_exponentially() -> None:
    state = FeedState(name="a")
    deltas = []
    for _ in range(4):
        state = schedule.after_error(state, now=NOW, interval=300, rng=random.Random(0),
                                     error="feed 'a': HTTP 500", cap=2000, jitter=0)
        deltas.append((state.next_poll - NOW).total_seconds())
    assert deltas == [300, 600, 1200, 2000]
    assert state.failures == 4 and state.last_status == "error" and state.last_error == "feed 'a': HTTP 500"


def test_error_waits_for_retry_after_when_later_than_backoff() -> None:
    later = NOW + timedelta(hours=2)
    state = schedule.after_error(FeedState(name="a"), now=NOW, interval=300, rng=random.Random(0),
                                 error="x", retry_after=later, jitter=0)
    assert state.next_poll == later and state.retry_after == later
    sooner = NOW + timedelta(seconds=10)
    state = schedule.after_error(FeedState(name="a"), now=NOW, interval=300, rng=random.Random(0),
                                 error="x", retry_after=sooner, jitter=0)
    assert state.next_poll == NOW + timedelta(seconds=300)


def test_error_keeps_validators() -> None:
    state = schedule.after_error(FeedState(name="a", etag='"e"', last_modified="lm"), now=NOW,
                                 interval=60, rng=random.Random(0), error="x")
    assert state.etag == '"e"' and state.last_modified == "lm"


def test_state_round_trips_through_dict() -> None:
    state = schedule.after_error(FeedState(name="a"), now=NOW, interval=60, rng=random.Random(0),
                                 error="x", retry_after=NOW + timedelta(minutes=5))
    assert FeedState.from_dict(state.to_dict()) == state
    assert isinstance(state.next_poll, datetime) and state.next_poll.tzinfo is not None

"""The store contract, run against both backends (TinyDB and PostgreSQL).

Every test takes ``backend`` (tests/store/conftest.py), which opens stores
on a fresh TinyDB folder or a fresh PostgreSQL database; a second ``backend()``
is another process's view of the same store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone

import pytest
from store_samples import BASE, all_kinds, make_report

from sitrep.domain.models import EVENT_TYPES, FeedState, Report, ReportMark
from sitrep.store import StoreBackend, StoreCounts, StoreError


def needs(store, *methods: str) -> None:
    """Skip where this branch's TinyDB store lacks methods other branches add.

    search, mark_unread and unread_counts come with the dashboard's branch,
    iter_reports, replace_events and unreadable with the hardening one;
    once they are merged these tests run on both backends.
    """
    missing = [name for name in methods if not hasattr(store, name)]
    if missing:
        pytest.skip(f"this {type(store).__name__} has no {', '.join(missing)} yet")


def test_both_backends_offer_the_interface(backend) -> None:
    with backend() as store:
        needs(store, *(name for name in dir(StoreBackend) if not name.startswith("_")))
        assert isinstance(store, StoreBackend)
        assert store.trouble is None and store.location


def test_round_trip_of_a_report_and_every_event_kind(backend) -> None:
    report = make_report(1, text="Line one.\n\nLine «two» — with unicode ✓ and a NUL-free tab\t.")
    events = all_kinds()
    with backend() as store:
        assert store.add([(report, events)]) == [report]
    with backend() as store:
        assert store.has(report.id) and not store.has("nope")
        assert store.report(report.id) == report
        assert store.report("nope") is None
        assert store.events_for(report.id) == events
        assert store.events_for("nope") == []
        records = store.events()
        assert [r.id for r in records] == [f"{report.id}#{n}" for n in range(4)]
        assert {r.event.type for r in records} == set(EVENT_TYPES)
        assert all(r.report_id == report.id and r.title == report.title for r in records)
        assert all(r.feed == "wire" and r.published == report.published for r in records)
        assert store.reports() == [report.meta()]


def test_same_id_is_stored_once(backend) -> None:
    with backend() as store:
        assert len(store.add([(make_report(n), []) for n in range(3)])) == 3
        again = [(make_report(2), all_kinds()), (make_report(3), []), (make_report(3), all_kinds())]
        assert [r.id for r in store.add(again)] == [make_report(3).id]
        assert store.add(again) == [] and store.add([]) == []
        assert store.counts().reports == 4
        assert store.events_for(make_report(2).id) == []  # the repeat brought no events
        assert store.events_for(make_report(3).id) == []  # the first copy in a batch wins


def test_newest_first_then_by_id(backend) -> None:
    reports = [make_report(n, minutes=(n * 7) % 5) for n in range(12)]
    with backend() as store:
        store.add([(r, all_kinds()[: n % 3]) for n, r in enumerate(reports)])
        expected = sorted(reports, key=lambda r: (r.published, r.id), reverse=True)
        assert [m.id for m in store.reports()] == [r.id for r in expected]
        assert [m.id for m in store.reports(limit=3)] == [r.id for r in expected[:3]]
        assert store.reports(limit=0) == [] and store.events(limit=0) == []
        order = [r.id for r in expected]
        ids = [rec.report_id for rec in store.events()]
        assert ids == sorted(ids, key=order.index)
        assert len(store.events(limit=2)) == 2


def test_times_come_back_as_utc(backend) -> None:
    plus_two = timezone(timedelta(hours=2))
    report = make_report(1)
    local = Report(**{**report.to_dict(), "published": BASE.astimezone(plus_two),
                      "fetched": BASE.astimezone(plus_two)})
    with backend() as store:
        store.add([(local, [])])
        meta = store.reports()[0]
        assert meta.published == BASE and meta.published.utcoffset() == timedelta(0)
        assert store.report(report.id).fetched.utcoffset() == timedelta(0)


def test_filters_and_counts(backend) -> None:
    with backend() as store:
        store.add([(make_report(n, feed="north" if n % 2 else "south"), all_kinds()[: n % 4])
                   for n in range(8)])
        assert {m.feed for m in store.reports(feed="north")} == {"north"}
        assert len(store.reports(feed="north")) == 4
        assert store.reports(feed="elsewhere") == []
        casualties = store.events(type="casualty")
        assert casualties and all(r.event.type == "casualty" for r in casualties)
        assert store.events(type="casualty", limit=1) == casualties[:1]
        counts = store.counts()
        assert counts == StoreCounts(
            reports=8,
            events={"control_change": 6, "casualty": 4, "statement": 2, "displacement": 0},
            by_feed={"north": 4, "south": 4},
        )
        counts.events["casualty"] = 99  # a copy: the store's own figures stay put
        assert store.counts().events["casualty"] == 4


def test_topic_marks_and_records_for_reports(backend) -> None:
    """What the situation picture reads: every report's mark and link, and
    the records of the reports a poll brought, agree with the full lists."""
    reports = [replace(make_report(n), on_topic=n % 3 != 0, url=None if n == 4 else f"https://example.test/{n}")
               for n in range(6)]
    with backend() as store:
        store.add([(report, all_kinds()[: n % 4]) for n, report in enumerate(reports)])
    with backend() as store:
        marks = store.topic_marks()
        assert marks == [ReportMark(m.id, m.on_topic, m.url) for m in store.reports()]
        assert {m.id for m in marks if not m.on_topic} == {reports[0].id, reports[3].id}
        assert next(m for m in marks if m.id == reports[4].id).url is None
        everything = store.events()
        wanted = [reports[3].id, reports[1].id, "nope", reports[0].id]
        got = store.records_for(wanted)
        assert got == [r for rid in wanted for r in everything if r.report_id == rid]
        assert [r.id for r in got] == [f"{reports[3].id}#{n}" for n in range(3)] + [f"{reports[1].id}#0"]
        assert store.records_for([]) == []
        # A reread that changes a mark shows at once, and to another process after refresh.
        other = backend()
        assert other.topic_marks() == marks
        store.replace_events([(replace(reports[0], on_topic=True), all_kinds()[:1])])
        assert next(m for m in store.topic_marks() if m.id == reports[0].id).on_topic
        other.refresh()
        assert next(m for m in other.topic_marks() if m.id == reports[0].id).on_topic
        other.close()


def test_feed_states_round_trip(backend) -> None:
    north = FeedState(name="north", etag='W/"abc"', last_modified="Sat, 14 Mar 2026 09:00:00 GMT",
                      last_poll=BASE, last_status="ok", next_poll=BASE + timedelta(minutes=15))
    south = FeedState(name="south", last_poll=BASE, last_status="error",
                      last_error="HTTP 503", failures=2, retry_after=BASE + timedelta(hours=1))
    with backend() as store:
        assert store.feed_states() == {}
        store.save_feed_states({"north": north, "south": south})
        store.feed_states()["north"].failures = 7  # a copy, not the store's state
    with backend() as store:
        assert store.feed_states() == {"north": north, "south": south}
        north.failures = 1
        store.save_feed_states([north])
        store.remove_feed_state("south")
        store.remove_feed_state("never-there")
    with backend() as store:
        assert store.feed_states() == {"north": north}


def test_read_marks_are_per_user(backend) -> None:
    ids = [make_report(n).id for n in range(3)]
    with backend("ana") as ana, backend("ben") as ben:
        ana.add([(make_report(n), []) for n in range(3)])
        assert not any(m.read for m in ana.reports())
        ana.mark_read(ids[1:2])
        ana.mark_read(ids[1:])
        ben.mark_read(ids[:1])
        assert ana.read_ids() == set(ids[1:])
        assert ben.read_ids() == set(ids[:1])
    with backend("ana") as ana:
        assert {m.id: m.read for m in ana.reports()} == {ids[0]: False, ids[1]: True, ids[2]: True}
    with backend("ben") as ben:
        assert {m.id for m in ben.reports() if m.read} == {ids[0]}


def test_refresh_sees_another_process(backend) -> None:
    with backend() as reader, backend() as writer:
        assert reader.refresh() is False
        assert reader.reports() == [] and reader.counts().reports == 0
        writer.add([(make_report(1), all_kinds())])
        writer.save_feed_states({"wire": FeedState(name="wire", last_status="ok")})
        # lists change when the reader refreshes, not in the middle of its work
        assert reader.reports() == [] and reader.counts().reports == 0
        assert reader.refresh() is True
        assert [m.id for m in reader.reports()] == [make_report(1).id]
        assert len(reader.events()) == 4
        assert reader.has(make_report(1).id)
        assert reader.events_for(make_report(1).id) == all_kinds()
        assert reader.feed_states()["wire"].last_status == "ok"
        assert reader.refresh() is False
        writer.mark_read([make_report(1).id])
        assert reader.refresh() is True
        assert reader.reports()[0].read  # same user, another process
        assert reader.add([(make_report(1), []), (make_report(2), [])]) == [make_report(2)]
        assert writer.refresh() is True
        assert writer.counts().reports == 2


def test_claims_exclude_a_second_poller(backend) -> None:
    with backend() as first, backend() as second:
        with first.claim_feeds(["north", "south"]) as mine:
            assert mine == {"north", "south"}
            with second.claim_feeds(["south", "east"]) as theirs:
                assert theirs == {"east"}
        with second.claim_feeds(["south"]) as theirs:
            assert theirs == {"south"}  # released when the first poll ended


def test_closed_store_refuses_writes(backend) -> None:
    store = backend()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.add([(make_report(1), [])])


def _ids(metas) -> list[str]:
    return [m.id for m in metas]


def test_search_every_word_the_last_as_typed(backend) -> None:
    with backend() as store:
        needs(store, "search")
        store.add([
            (make_report(1, feed="wire", text="Envoys spoke of a truce. The truce talks go on."), []),
            (make_report(2, feed="wire", text="A CEASEFIRE was called for by the council."), []),
            (make_report(3, feed="courier", text="Quiet night in Quillan; the ceasefire holds."), []),
            (make_report(4, feed="courier", text="Nothing about the fighting."), []),
        ])
        r = [make_report(n).id for n in range(5)]
        assert _ids(store.search("ceasefire")) == [r[3], r[2]]
        assert _ids(store.search("truce talks")) == [r[1]]
        assert _ids(store.search("ceas")) == [r[3], r[2]]
        assert store.search("ce") == []  # too short to be a prefix
        assert _ids(store.search("ceasefire", limit=1)) == [r[3]]
        assert _ids(store.search("bulletin 4")) == [r[4]]  # titles count too
        assert store.search("") == [] and store.search("  !! ") == []


def test_unread_counts_and_mark_unread(backend) -> None:
    with backend("ana") as store, backend("ben") as other:
        needs(store, "mark_unread", "unread_counts")
        store.add([(make_report(n, feed="north" if n % 2 else "south"), []) for n in range(4)])
        r = [make_report(n).id for n in range(4)]
        assert store.unread_counts() == {"north": 2, "south": 2}
        store.mark_read([r[0], r[1], r[2]])
        assert store.unread_counts() == {"north": 1, "south": 0}
        store.mark_unread([r[2], "not-there"])
        assert store.unread_counts() == {"north": 1, "south": 1}
        assert {m.id for m in store.reports() if not m.read} == {r[2], r[3]}
        other.refresh()
        assert other.unread_counts() == {"north": 2, "south": 2}  # ana's marks only


def test_iter_reports_oldest_first_in_batches(backend) -> None:
    reports = [make_report(n, minutes=n // 2) for n in range(7)]  # ties in published
    with backend() as store:
        needs(store, "iter_reports", "unreadable")
        store.add([(r, []) for r in reports])
        batches = list(store.iter_reports(batch=3))
        assert [len(b) for b in batches] == [3, 3, 1]
        assert [r for b in batches for r in b] == sorted(reports, key=lambda r: (r.published, r.id))
        later = [r.id for b in store.iter_reports(since=reports[4].published) for r in b]
        assert sorted(later) == sorted(r.id for r in reports if r.published >= reports[4].published)
        assert store.unreadable() == {}


def test_replace_events_reaches_stored_reports_only(backend) -> None:
    with backend() as store:
        needs(store, "replace_events")
        store.add([(make_report(n), all_kinds()[:1]) for n in range(3)])
        off = Report(**{**make_report(1).to_dict(), "on_topic": False})
        assert store.replace_events([(off, all_kinds()[2:]), (make_report(99), all_kinds())]) == 1
    with backend() as store:
        assert store.events_for(make_report(1).id) == all_kinds()[2:]
        assert store.events_for(make_report(2).id) == all_kinds()[:1]
        assert not store.has(make_report(99).id)
        assert not store.report(make_report(1).id).on_topic
        assert store.counts().events["control_change"] == 2

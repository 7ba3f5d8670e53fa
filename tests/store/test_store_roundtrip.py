"""What goes into the store comes back out, in the right order, once."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from store_samples import BASE, all_kinds, make_report

from sitrep.domain.models import EVENT_TYPES, FeedState, event_from_dict
from sitrep.store import Store, StoreCounts


def test_report_and_events_round_trip(store_dir: Path) -> None:
    report = make_report(1, text="Line one.\n\nLine «two» — with unicode ✓.")
    events = all_kinds()
    with Store(store_dir) as store:
        assert store.add([(report, events)]) == [report]
    with Store(store_dir) as store:
        assert store.has(report.id)
        assert store.report(report.id) == report
        assert store.events_for(report.id) == events
        # every kind survives the dict form the rest of sitrep uses too
        assert [event_from_dict(ev.to_dict()) for ev in store.events_for(report.id)] == events
        records = store.events()
        assert [r.id for r in records] == [f"{report.id}#{n}" for n in range(4)]
        assert {r.event.type for r in records} == set(EVENT_TYPES)
        assert all(r.report_id == report.id and r.title == report.title for r in records)
        assert all(r.feed == "wire" and r.published == report.published for r in records)
        assert store.reports() == [report.meta()]


def test_store_decodes_events_as_the_models_do() -> None:
    from sitrep.domain.models import Displacement
    from sitrep.store.records import decode_event

    bare = Displacement(evidence="People left.", start=0, end=12)
    for event in [*all_kinds(), bare]:
        assert decode_event(json.loads(json.dumps(event.to_dict()))) == event
        assert decode_event(event.to_dict()) == event_from_dict(event.to_dict())


def test_unknown_report(store_dir: Path) -> None:
    with Store(store_dir) as store:
        assert not store.has("nope")
        assert store.report("nope") is None
        assert store.events_for("nope") == []
        assert store.reports() == [] and store.events() == []


def test_same_id_is_stored_once(store_dir: Path) -> None:
    with Store(store_dir) as store:
        first = [(make_report(n), []) for n in range(3)]
        assert len(store.add(first)) == 3
        again = [(make_report(2), all_kinds()), (make_report(3), []), (make_report(3), [])]
        assert [r.id for r in store.add(again)] == [make_report(3).id]
        assert store.add(again) == []
        assert store.counts().reports == 4
        # the copy seen again brought no events with it
        assert store.events_for(make_report(2).id) == []
    with Store(store_dir) as store:
        assert len(store.reports()) == 4


def test_newest_first_then_by_id(store_dir: Path) -> None:
    reports = [make_report(n, minutes=(n * 7) % 5) for n in range(10)]
    with Store(store_dir) as store:
        store.add([(r, all_kinds()[: n % 3]) for n, r in enumerate(reports)])
        expected = sorted(reports, key=lambda r: (r.published, r.id), reverse=True)
        assert [m.id for m in store.reports()] == [r.id for r in expected]
        assert [m.id for m in store.reports(limit=3)] == [r.id for r in expected[:3]]
        assert store.reports(limit=0) == []
        order = [r.id for r in expected]
        ids = [rec.report_id for rec in store.events()]
        assert ids == sorted(ids, key=order.index)
        assert len(store.events(limit=2)) == 2


def test_times_come_back_as_utc(store_dir: Path) -> None:
    from datetime import timezone

    plus_two = timezone(timedelta(hours=2))
    report = make_report(1)
    local = type(report)(**{**report.to_dict(), "published": BASE.astimezone(plus_two),
                            "fetched": BASE.astimezone(plus_two)})
    with Store(store_dir) as store:
        store.add([(local, [])])
        meta = store.reports()[0]
        assert meta.published == BASE and meta.published.utcoffset() == timedelta(0)


def test_filters_and_counts(store_dir: Path) -> None:
    with Store(store_dir) as store:
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


def test_feed_states_round_trip(store_dir: Path) -> None:
    north = FeedState(name="north", etag='W/"abc"', last_modified="Sat, 14 Mar 2026 09:00:00 GMT",
                      last_poll=BASE, last_status="ok", next_poll=BASE + timedelta(minutes=15))
    south = FeedState(name="south", last_poll=BASE, last_status="error",
                      last_error="HTTP 503", failures=2, retry_after=BASE + timedelta(hours=1))
    with Store(store_dir) as store:
        assert store.feed_states() == {}
        store.save_feed_states({"north": north, "south": south})
        store.feed_states()["north"].failures = 7  # a copy, not the store's state
    with Store(store_dir) as store:
        assert store.feed_states() == {"north": north, "south": south}
        north.failures = 1
        store.save_feed_states([north])
        store.remove_feed_state("south")
        store.remove_feed_state("never-there")
    with Store(store_dir) as store:
        assert store.feed_states() == {"north": north}


def test_read_marks_persist(store_dir: Path) -> None:
    with Store(store_dir) as store:
        store.add([(make_report(n), []) for n in range(3)])
        assert not any(m.read for m in store.reports())
        store.mark_read([make_report(1).id])
        store.mark_read([make_report(1).id, make_report(2).id])
        assert {m.id for m in store.reports() if m.read} == {make_report(1).id, make_report(2).id}
    with Store(store_dir) as store:
        read = {m.id: m.read for m in store.reports()}
        assert read == {make_report(0).id: False, make_report(1).id: True, make_report(2).id: True}
        meta = json.loads((store_dir / "meta.json").read_text())
        assert len(meta["read"]) == 2  # marked twice, recorded once


def test_refresh_sees_another_store(store_dir: Path) -> None:
    with Store(store_dir) as reader, Store(store_dir) as writer:
        assert reader.refresh() is False
        writer.add([(make_report(1), all_kinds())])
        writer.save_feed_states({"wire": FeedState(name="wire", last_status="ok")})
        assert not reader.has(make_report(1).id)
        assert reader.refresh() is True
        assert reader.has(make_report(1).id)
        assert reader.events_for(make_report(1).id) == all_kinds()
        assert reader.feed_states()["wire"].last_status == "ok"
        assert reader.refresh() is False
        writer.mark_read([make_report(1).id])
        assert reader.refresh() is True
        assert reader.reports()[0].read
        # the reader deduplicates against what the writer stored
        assert reader.add([(make_report(1), []), (make_report(2), [])]) == [make_report(2)]
        assert writer.refresh() is True
        assert writer.counts().reports == 2


def test_segments_roll_over(store_dir: Path) -> None:
    with Store(store_dir, segment_size=3) as store:
        store.add([(make_report(n), all_kinds()[:1]) for n in range(2)])
        store.add([(make_report(n), all_kinds()[:1]) for n in range(2, 10)])
        store.add([(make_report(10), [])])
    segments = sorted((store_dir / "segments").iterdir())
    assert [p.name for p in segments] == [f"seg-00000{n}.json" for n in range(1, 5)]
    sizes = [len(json.loads(p.read_text())["reports"]) for p in segments]
    assert sizes == [3, 3, 3, 2]
    bodies = list((store_dir / "bodies").iterdir())
    assert len(bodies) == 3  # one body file per batch, whatever the segments
    with Store(store_dir, segment_size=3) as store:
        assert [m.id for m in store.reports()] == [make_report(n).id for n in range(10, -1, -1)]
        assert all(store.report(make_report(n).id) == make_report(n) for n in range(11))
        assert store.counts().events["control_change"] == 10


def test_batch_rewrites_only_the_newest_segment(store_dir: Path) -> None:
    with Store(store_dir, segment_size=4) as store:
        store.add([(make_report(n), []) for n in range(9)])
        before = {p.name: p.stat().st_ino for p in (store_dir / "segments").iterdir()}
        store.add([(make_report(9), [])])
        after = {p.name: p.stat().st_ino for p in (store_dir / "segments").iterdir()}
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"seg-000003.json"}


def test_closed_store_refuses_writes(store_dir: Path) -> None:
    import pytest

    from sitrep.store import StoreError

    store = Store(store_dir)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.add([(make_report(1), [])])


def test_meta_writes_of_two_stores_merge(store_dir: Path) -> None:
    """Each writer re-reads meta.json under the lock, so neither undoes the other."""
    with Store(store_dir) as first, Store(store_dir) as second:
        first.add([(make_report(n), []) for n in range(2)])
        first.save_feed_states({"north": FeedState(name="north", last_status="ok")})
        second.save_feed_states({"south": FeedState(name="south", last_status="error")})
        first.mark_read([make_report(0).id])
        second.mark_read([make_report(1).id])
        first.remove_feed_state("nowhere")
    with Store(store_dir) as store:
        assert set(store.feed_states()) == {"north", "south"}
        assert all(meta.read for meta in store.reports())

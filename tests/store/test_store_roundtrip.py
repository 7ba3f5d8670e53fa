"""What goes into the store comes back out, in the right order, once."""

from __future__ import annotations

import json
from pathlib import Path

from store_samples import all_kinds, make_report

from sitrep.domain.models import EVENT_TYPES, FeedState, event_from_dict
from sitrep.store import Store


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

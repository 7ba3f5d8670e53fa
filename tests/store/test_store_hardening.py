"""The store under hostile conditions: a full disk, damaged records, a lost
meta.json, repeated read marks, and re-reading what is stored.

All on real store directories in tmp_path. The full disk is the kernel's
own refusal: a file-size limit (RLIMIT_FSIZE) set for the duration of one
write, under which ``write`` fails with EFBIG exactly where ENOSPC would.
"""

from __future__ import annotations

import json
import resource
import signal
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from store_samples import BASE, all_kinds, make_report

from sitrep.domain.models import Casualty, FeedConfig, FeedState
from sitrep.feeds.poll import PollOutcome
from sitrep.store import Store, StoreError
from sitrep.wiring.pipeline import store_outcome


@contextmanager
def file_size_limit(limit: int):
    """No file written meanwhile may grow past ``limit`` bytes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def big(n: int):
    """A report whose metadata is large (a long title) and body short."""
    return replace(make_report(n, text="Short."), title=f"Bulletin {n} " + "x" * 2000)


def files(store_dir: Path) -> dict[str, bytes]:
    """The store's reports, events and state, byte for byte.

    The word index is left out: it is written ahead of the segments on
    purpose, and an index naming reports the store lacks is harmless.
    """
    return {str(p.relative_to(store_dir)): p.read_bytes() for p in sorted(store_dir.rglob("*"))
            if p.is_file() and p.name != "store.lock" and p.parent.name != "index"}


def test_a_full_disk_mid_batch_stores_nothing_of_the_batch(store_dir: Path) -> None:
    with Store(store_dir, segment_size=100) as store:
        store.add([(make_report(n), []) for n in range(90)])
    before = files(store_dir)
    # The first segment (90 small + 10 big reports) fits, the second does not.
    batch = [(big(n), all_kinds()) for n in range(1000, 1300)]
    with Store(store_dir, segment_size=100) as store:
        with file_size_limit(100_000), pytest.raises(StoreError, match="cannot be written"):
            store.add(batch)
        assert store.counts().reports == 90
    assert files(store_dir) == before  # not a byte changed, no temporary left
    with Store(store_dir, segment_size=100) as store:
        assert store.counts().reports == 90
        assert len(store.add(batch)) == 300  # with room again, the same batch goes in whole
    with Store(store_dir, segment_size=100) as store:
        assert store.counts().reports == 390


def test_a_feed_whose_batch_cannot_be_stored_gets_an_error_and_the_next_feed_goes_on(store_dir: Path) -> None:
    now = BASE + timedelta(days=2)
    with Store(store_dir, segment_size=100) as store:
        store.save_feed_states({"big": FeedState(name="big", etag='"v1"', last_poll=BASE)})
        store.add([(make_report(n), []) for n in range(90)])
        big_feed, small_feed = FeedConfig("big", "https://a.test/rss", 600), FeedConfig("small", "https://b.test/rss", 600)
        failing = PollOutcome(feed=big_feed, status="ok", reports=[replace(big(n), feed="big") for n in range(1000, 1300)],
                              state=FeedState(name="big", etag='"v2"', last_poll=now, last_status="ok",
                                              next_poll=now + timedelta(minutes=10)))
        with file_size_limit(100_000):
            result = store_outcome(store, failing, None)
        assert result.outcome.status == "error" and result.new == []
        assert "could not store 300 report(s)" in result.outcome.error
        fine = PollOutcome(feed=small_feed, status="ok", reports=[make_report(n, feed="small") for n in range(5000, 5003)],
                           state=FeedState(name="small", last_poll=now, last_status="ok"))
        assert len(store_outcome(store, fine, None).new) == 3
        states = store.feed_states()
    assert states["big"].last_status == "error" and states["big"].etag == '"v1"'  # refetched next time
    assert states["big"].last_poll == now
    assert states["small"].last_status == "ok"


def test_marking_a_report_read_twice_is_harmless(store_dir: Path) -> None:
    with Store(store_dir) as store:
        store.add([(make_report(1), all_kinds())])
        rid = make_report(1).id
        store.mark_read([rid])
        store.mark_read([rid])
        store.mark_read([rid, rid])
        assert store.report(rid) is not None and store.reports()[0].read
    with Store(store_dir) as store:
        assert store.reports()[0].read


def test_a_deleted_meta_json_comes_back_from_its_backup(store_dir: Path) -> None:
    with Store(store_dir) as store:
        store.add([(make_report(n), []) for n in range(3)])
        store.save_feed_states({"wire": FeedState(name="wire", etag='"e"', last_poll=BASE)})
        store.mark_read([make_report(1).id])
    (store_dir / "meta.json").unlink()
    with Store(store_dir) as store:
        assert store.feed_states()["wire"].etag == '"e"'
        assert [m.read for m in store.reports()] == [False, True, False]
        assert any("restored" in note for note in store.notices)
    (store_dir / "meta.json").unlink()
    (store_dir / "meta.backup.json").unlink()
    with Store(store_dir) as store:
        assert store.feed_states() == {} and store.counts().reports == 3
        assert any("feed states and read marks are lost" in note for note in store.notices)
    with Store(store_dir) as store:
        assert store.notices == []  # said once, when it happened


def damage(store_dir: Path, change) -> None:
    (segment,) = sorted((store_dir / "segments").glob("seg-*.json"))
    data = json.loads(segment.read_text())
    change(data)
    segment.write_text(json.dumps(data))


def test_events_written_by_earlier_versions_still_read(store_dir: Path) -> None:
    """Until November 2026 a report's events were packed as a list of
    ``to_dict()`` forms; stores written then read the same today."""
    with Store(store_dir) as store:
        store.add([(make_report(n), all_kinds()) for n in range(3)])
        expected = store.events()

    def change(data):
        for doc in data["events"].values():
            doc["events"] = json.dumps([event.to_dict() for event in all_kinds()])

    damage(store_dir, change)
    with Store(store_dir) as store:
        assert store.events() == expected
        assert store.events(type="casualty") == [r for r in expected if r.event.type == "casualty"]
        assert store.unreadable() == {}


def test_metadata_written_by_earlier_versions_still_reads(store_dir: Path) -> None:
    """Until November 2026 the packed metadata left out the id, feed and
    published time kept beside it; such reports read the same today, read
    marks and all, side by side with reports packed whole."""
    reports = [replace(make_report(n), article_error="fetch failed" if n == 1 else None,
                       summary="The feed's summary." if n == 2 else "") for n in range(4)]
    with Store(store_dir) as store:
        store.add([(report, all_kinds()) for report in reports])
        store.mark_read([reports[1].id, reports[3].id])  # one of each packing
        expected = store.reports()
    assert [m.read for m in expected].count(True) == 2
    assert {m.article_error for m in expected} == {None, "fetch failed"} and any(m.article for m in expected)

    def change(data):
        for doc in list(data["reports"].values())[:3]:
            rest = json.loads(doc["meta"])
            assert (rest.pop("id"), rest.pop("feed"), rest.pop("published")) == \
                (doc["id"], doc["feed"], doc["published"])
            doc["meta"] = json.dumps(rest)

    damage(store_dir, change)
    with Store(store_dir) as store:
        assert store.reports() == expected
        assert store.events() and store.unreadable() == {}


@pytest.mark.parametrize("field", ["id", "feed", "published"])
def test_packed_metadata_that_disagrees_with_its_report_is_refused(store_dir: Path, field) -> None:
    """What lists sort and filter by is kept beside the packed metadata; a
    report whose two copies disagree is named unreadable, not shown with
    either."""
    ids = [make_report(n).id for n in range(2)]
    with Store(store_dir) as store:
        store.add([(make_report(n), all_kinds()) for n in range(2)])

    def change(data):
        doc = next(d for d in data["reports"].values() if d["id"] == ids[0])
        other = {"id": ids[1], "feed": "another wire", "published": "2001-01-01T00:00:00+00:00"}
        doc["meta"] = json.dumps({**json.loads(doc["meta"]), field: other[field]})

    damage(store_dir, change)
    with Store(store_dir) as store:
        assert [m.id for m in store.reports()] == [ids[1]]
        assert set(store.unreadable()) == {ids[0]}


@pytest.mark.parametrize(("hurt", "lost"), [
    # Two events claim place 0: the casualties cannot be placed.
    (lambda packed: packed["casualty"][0].__setitem__(0, 0), {"casualty"}),
    # A wrong type inside a casualty.
    (lambda packed: packed["casualty"][0][1].__setitem__("count", "eleven"), {"casualty"}),
    # A casualty placed where the report has none.
    (lambda packed: packed["casualty"][0].__setitem__(0, 9), {"casualty"}),
    # A kind gone: the document no longer matches its list of kinds at all.
    (lambda packed: packed.pop("statement"), {"control_change", "casualty", "statement",
                                              "displacement"}),
])
def test_damaged_events_are_refused_by_kind(store_dir: Path, hurt, lost) -> None:
    """Events are read a kind at a time: a damaged kind is refused (and its
    report named) without losing the report's other, readable kinds."""
    with Store(store_dir) as store:
        store.add([(make_report(n), all_kinds()) for n in range(2)])
    ids = [make_report(n).id for n in range(2)]

    def change(data):
        doc = next(d for d in data["events"].values() if d["report"] == ids[0])
        packed = json.loads(doc["events"])
        hurt(packed)
        doc["events"] = json.dumps(packed)

    damage(store_dir, change)
    with Store(store_dir) as store:
        for kind in ("control_change", "casualty", "statement", "displacement"):
            listed = {r.report_id for r in store.events(type=kind)}
            assert listed == ({ids[1]} if kind in lost else {ids[0], ids[1]}), kind
        assert set(store.unreadable()) == {ids[0]}
        assert {r.report_id for r in store.events()} == {ids[1]}


def test_a_lone_surrogate_escaped_in_a_store_file_still_reads(store_dir: Path) -> None:
    """msgspec refuses an escaped lone surrogate that the json module reads
    (and that a store written by another tool may hold): the file is read
    by the json module instead, not refused."""
    with Store(store_dir) as store:
        store.add([(make_report(n), all_kinds()) for n in range(2)])

    def change(data):
        doc = next(iter(data["reports"].values()))
        doc["meta"] = json.dumps({**json.loads(doc["meta"]), "title": "Bulletin \ud800 cut"})

    damage(store_dir, change)
    assert "\\ud800" in next((store_dir / "segments").glob("seg-*.json")).read_text()
    with Store(store_dir) as store:  # the picture's way first: marks and records, no ReportMeta
        assert len(store.topic_marks()) == 2
        assert "Bulletin \ud800 cut" in {r.title for r in store.events()}
        titles = {m.title for m in store.reports()}
        assert "Bulletin \ud800 cut" in titles and store.unreadable() == {}


def test_damaged_records_are_skipped_and_named(store_dir: Path) -> None:
    with Store(store_dir) as store:
        store.add([(make_report(n), all_kinds()) for n in range(4)])
    ids = [make_report(n).id for n in range(4)]

    def change(data):
        reports = {doc["id"]: doc for doc in data["reports"].values()}
        reports[ids[0]]["meta"] = '{"title": "cut off'
        reports[ids[1]]["published"] = "the day after the siege"
        events = {doc["report"]: doc for doc in data["events"].values()}
        packed = json.loads(events[ids[2]]["events"])
        packed["rumour"] = packed.pop("control_change")
        events[ids[2]]["events"] = json.dumps(packed)
        events[ids[3]]["types"] = 7

    damage(store_dir, change)
    with Store(store_dir) as store:
        assert [m.id for m in store.topic_marks()] == [ids[3], ids[2]]
        assert {ids[0], ids[1]} <= set(store.unreadable())
        shown = [m.id for m in store.reports()]
        assert shown == [ids[3], ids[2]]
        assert set(store.unreadable()) == {ids[0], ids[1], ids[3]}
        assert store.events() == [] and store.events(type="casualty") == []
        assert ids[2] in store.unreadable()
        assert store.events_for(ids[2]) == [] and store.events_for(ids[3]) == []
        assert store.counts().reports == 4


def test_replace_events_and_iter_reports_on_a_real_store(store_dir: Path) -> None:
    with Store(store_dir, segment_size=50) as store:
        # Added newest first, over several batches and segments.
        for start in (200, 100, 0):
            store.add([(make_report(n), all_kinds()) for n in range(start, start + 100)])
    with Store(store_dir, segment_size=50) as store:
        batches = list(store.iter_reports(batch=64))
        assert [len(b) for b in batches] == [64] * 4 + [44]
        flat = [r for b in batches for r in b]
        assert [r.published for r in flat] == sorted(r.published for r in flat)
        assert flat[0].text.startswith("Body of bulletin 0.")
        recent = [r for b in store.iter_reports(since=BASE + timedelta(minutes=250)) for r in b]
        assert [r.id for r in recent] == [make_report(n).id for n in range(250, 300)]

        toll = Casualty(evidence="Two died.", start=0, end=9, count=2, status="killed", rule="test")
        changes = [(replace(r, on_topic=False), [toll]) for r in flat[:120]] + [(flat[120], [])]
        changes.append((make_report(9999), [toll]))  # not stored: ignored
        assert store.replace_events(changes) == 121
        assert store.events_for(flat[0].id) == [toll]
        assert store.events_for(flat[120].id) == []
        assert len(store.events_for(flat[121].id)) == 4
    with Store(store_dir, segment_size=50) as store:
        metas = {m.id: m for m in store.reports()}
        assert store.counts().reports == 300
        assert not metas[flat[0].id].on_topic and metas[flat[121].id].on_topic
        assert store.events_for(flat[119].id) == [toll]
        assert store.counts().events["casualty"] == 120 + 179
        # The store still takes new reports into the segments it rewrote.
        assert len(store.add([(make_report(n), [toll]) for n in range(300, 330)])) == 30
    with Store(store_dir, segment_size=50) as store:
        assert store.counts().reports == 330

"""The word index behind "/", and read marks over the whole store."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

from sitrep.domain.models import UTC, Report
from sitrep.store import Store

BASE = datetime(2031, 5, 2, 8, 0, tzinfo=UTC)


def rep(rid: str, feed: str, minutes: int, title: str, text: str) -> Report:
    return Report(id=rid, feed=feed, title=title, text=text,
                  published=BASE + timedelta(minutes=minutes))


def sample() -> list[tuple[Report, list]]:
    return [
        (rep("a", "Wire", 0, "Talks in Saltmere", "Envoys spoke of a truce. The truce talks go on."), []),
        (rep("b", "Wire", 10, "Shelling near Osterby", "A CEASEFIRE was called for by the council."), []),
        (rep("c", "Courier", 20, "Ceasefire holds", "Quiet night in Quillan."), []),
        (rep("d", "Courier", 30, "Market day", "Nothing about the fighting."), []),
    ]


def ids(metas) -> list[str]:
    return [m.id for m in metas]


def test_search_finds_words_in_titles_and_text_newest_first(store_dir):
    with Store(store_dir) as store:
        store.add(sample())
        assert ids(store.search("ceasefire")) == ["c", "b"]  # body of b, title of c
        assert ids(store.search("truce talks")) == ["a"]  # every word must be there
        assert ids(store.search("ceas")) == ["c", "b"]  # the last word as typed
        assert ids(store.search("ce")) == []  # too short to be a prefix
        assert ids(store.search("ceasefire", limit=1)) == ["c"]
        assert ids(store.search("courier")) == ["d", "c"]  # the feed's name
        assert store.search("") == [] and store.search("  !! ") == []


def test_search_index_follows_later_batches_and_other_processes(store_dir):
    with Store(store_dir, segment_size=2) as store, Store(store_dir, segment_size=2) as other:
        store.add(sample()[:2])
        other.add(sample()[2:])  # another process adds to a new segment
        store.refresh()
        assert ids(store.search("ceasefire")) == ["c", "b"]
        other.add([(rep("e", "Wire", 40, "Ceasefire broken", "Shelling again."), [])])
        store.refresh()
        assert ids(store.search("ceasefire")) == ["e", "c", "b"]


def test_a_store_without_an_index_gets_one_from_its_bodies(store_dir):
    with Store(store_dir) as store:
        store.add(sample())
    shutil.rmtree(store_dir / "index")  # as written before the index existed
    with Store(store_dir) as store:
        assert ids(store.search("quillan")) == ["c"]
    assert any((store_dir / "index").iterdir())  # kept for the next time


def test_read_marks_cover_the_whole_store_and_can_be_undone(store_dir):
    with Store(store_dir) as store:
        store.add(sample())
        assert store.unread_counts() == {"Wire": 2, "Courier": 2}
        store.mark_read(["a", "c", "d"])
        assert store.unread_counts() == {"Wire": 1, "Courier": 0}
        store.mark_unread(["c", "zzz"])  # unknown ids are ignored
        assert store.unread_counts() == {"Wire": 1, "Courier": 1}
        assert {m.id for m in store.reports() if not m.read} == {"b", "c"}
    with Store(store_dir) as again:  # kept across runs
        assert {m.id for m in again.reports() if not m.read} == {"b", "c"}


def test_a_limited_search_gives_the_newest_matches_whatever_the_order_added(store_dir):
    with Store(store_dir, segment_size=2) as store:
        minutes = [50, 10, 90, 30, 70, 20, 80, 60]  # added out of time order
        for n, minute in enumerate(minutes):
            store.add([(rep(f"r{n}", "Wire", minute, f"Convoy {n}", "Aid convoy moved."), [])])
        newest = sorted(range(len(minutes)), key=lambda n: minutes[n], reverse=True)
        assert ids(store.search("convoy", limit=3)) == [f"r{n}" for n in newest[:3]]
        assert ids(store.search("convoy", limit=100)) == [f"r{n}" for n in newest]


def test_a_torn_or_stale_index_is_completed_from_the_bodies(store_dir):
    with Store(store_dir) as store:
        store.add(sample()[:2])
        (index_file,) = (store_dir / "index").iterdir()
        stale = index_file.read_bytes()  # knows a and b only
        store.add(sample()[2:])
    index_file.write_bytes(stale)  # as if the crash lost the newer version
    with Store(store_dir) as store:
        assert ids(store.search("ceasefire")) == ["c", "b"]
    index_file.write_bytes(b'{"ids": ["a"], "wor')  # torn mid-write
    with Store(store_dir) as store:
        assert ids(store.search("quillan")) == ["c"]
        assert ids(store.search("truce")) == ["a"]

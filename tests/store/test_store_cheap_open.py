"""Opening a big store for a short job reads only what deduplication needs."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from store_samples import all_kinds, make_report

import sitrep.store.store as store_module
from sitrep.store import Store


def fill(store_dir: Path, count: int, segment_size: int = 10) -> None:
    with Store(store_dir, segment_size=segment_size) as store:
        for start in range(0, count, 7):
            store.add([(make_report(n), all_kinds()) for n in range(start, min(start + 7, count))])


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    real = store_module.read_json

    def spy(path: Path):
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(store_module, "read_json", spy)
    return seen


def segment_reads(reads: list[Path]) -> list[str]:
    return [p.name for p in reads if p.parent.name == "segments"]


def test_has_and_add_read_no_segment_but_the_one_written(store_dir: Path, reads: list[Path]) -> None:
    fill(store_dir, 50)
    reads.clear()
    with Store(store_dir, segment_size=10) as store:
        assert segment_reads(reads) == []
        assert store.has(make_report(3).id) and not store.has(make_report(50).id)
        new = store.add([(make_report(n), []) for n in (10, 49, 50, 51)])
        assert [r.id for r in new] == [make_report(50).id, make_report(51).id]
        assert segment_reads(reads) == []  # the newest segment was full: a new one was started
        # Listing needs everything, and then gets everything.
        assert len(store.reports()) == 52
        assert len(segment_reads(reads)) == 5
    reads.clear()
    with Store(store_dir, segment_size=10) as store:
        # The newest segment (two reports, not full) has no id list: it is read.
        assert segment_reads(reads) == ["seg-000006.json"]
        assert store.add([(make_report(52), [])]) == [make_report(52)]
        assert segment_reads(reads) == ["seg-000006.json"]
        assert store.report(make_report(7).id) == make_report(7)
        assert store.events_for(make_report(7).id) == all_kinds()
        assert store.counts().reports == 53


def test_a_missing_or_stale_id_list_falls_back_to_the_segment(store_dir: Path) -> None:
    fill(store_dir, 30)
    shutil.rmtree(store_dir / "ids")
    with Store(store_dir, segment_size=10) as store:
        assert store.has(make_report(29).id)
        assert store.add([(make_report(5), []), (make_report(30), [])]) == [make_report(30)]
    # The add wrote the id lists again; a later open uses them.
    assert sorted(p.name for p in (store_dir / "ids").iterdir()) == [
        "seg-000001.json", "seg-000002.json", "seg-000003.json"]  # the 4th is not full
    # A segment rewritten without its id list (an older sitrep, a crash in
    # between) no longer matches the version the list records.
    segment = store_dir / "segments" / "seg-000003.json"
    data = json.loads(segment.read_text())
    doc = dict(next(iter(data["reports"].values())), id="urn:written-by-another-sitrep")
    data["reports"]["99"] = doc
    segment.write_text(json.dumps(data))
    with Store(store_dir, segment_size=10) as store:
        assert store.has("urn:written-by-another-sitrep")
        assert store.add([(dataclasses.replace(make_report(31), id=doc["id"]), [])]) == []


def test_other_processes_writes_are_seen_by_a_store_opened_cheaply(store_dir: Path) -> None:
    fill(store_dir, 20)
    with Store(store_dir, segment_size=10) as reader, Store(store_dir, segment_size=10) as writer:
        assert not reader.has(make_report(20).id)
        writer.add([(make_report(20), [])])
        assert reader.refresh()
        assert reader.has(make_report(20).id)
        assert reader.add([(make_report(20), [])]) == []


def test_summary_and_article_error_round_trip(store_dir: Path) -> None:
    article = dataclasses.replace(make_report(1), text="The whole article. " * 30,
                                  summary="A teaser.")
    failed = dataclasses.replace(make_report(2), article_error="article not read: HTTP 404 Not Found")
    with Store(store_dir) as store:
        store.add([(article, []), (failed, [])])
    with Store(store_dir) as store:
        assert store.report(article.id) == article
        assert store.report(failed.id) == failed
        metas = {m.id: m for m in store.reports()}
        assert metas[article.id].article and metas[article.id].article_error is None
        assert not metas[failed.id].article
        assert metas[failed.id].article_error == "article not read: HTTP 404 Not Found"

"""A file the store cannot read is refused with a clear message, never rewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_samples import make_report

from sitrep.domain.models import FeedState
from sitrep.store import SCHEMA_VERSION, Store, StoreError


def filled(store_dir: Path) -> None:
    with Store(store_dir, segment_size=2) as store:
        store.add([(make_report(n), []) for n in range(3)])
        store.save_feed_states({"wire": FeedState(name="wire", last_status="ok")})


def snapshot(store_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store_dir)): p.read_bytes()
            for p in sorted(store_dir.rglob("*")) if p.is_file() and p.name != "store.lock"}


def test_corrupt_meta_is_refused_and_kept(store_dir: Path) -> None:
    filled(store_dir)
    meta = store_dir / "meta.json"
    meta.write_bytes(meta.read_bytes()[:-7])
    before = snapshot(store_dir)
    with pytest.raises(StoreError) as caught:
        Store(store_dir)
    message = str(caught.value)
    assert str(meta) in message and "not a readable store file" in message
    assert snapshot(store_dir) == before


def test_newer_schema_is_refused_and_kept(store_dir: Path) -> None:
    filled(store_dir)
    meta = store_dir / "meta.json"
    data = json.loads(meta.read_text())
    (doc,) = data["store"].values()
    doc["schema"] = SCHEMA_VERSION + 1
    meta.write_text(json.dumps(data))
    before = snapshot(store_dir)
    with pytest.raises(StoreError, match=r"schema version 2 is newer .*upgrade sitrep") as caught:
        Store(store_dir)
    assert str(meta) in str(caught.value)
    assert snapshot(store_dir) == before


def test_meta_without_schema_is_refused(store_dir: Path) -> None:
    store_dir.mkdir()
    (store_dir / "meta.json").write_text('{"notes": {"1": {"text": "mine"}}}')
    with pytest.raises(StoreError, match="records no schema version"):
        Store(store_dir)
    assert (store_dir / "meta.json").read_text() == '{"notes": {"1": {"text": "mine"}}}'


def test_corrupt_segment_is_refused_and_kept(store_dir: Path) -> None:
    filled(store_dir)
    segment = store_dir / "segments" / "seg-000002.json"
    segment.write_bytes(b'{"reports": {"1": {"id": "x"')
    before = snapshot(store_dir)
    with pytest.raises(StoreError) as caught:
        Store(store_dir)
    assert str(segment) in str(caught.value)
    assert snapshot(store_dir) == before


def test_segment_with_foreign_content_is_refused(store_dir: Path) -> None:
    filled(store_dir)
    segment = store_dir / "segments" / "seg-000001.json"
    segment.write_text('{"reports": {"1": {"name": "not a report"}}}')
    with pytest.raises(StoreError, match="unexpected content") as caught:
        Store(store_dir)
    assert str(segment) in str(caught.value)


def test_open_store_never_overwrites_a_segment_gone_bad(store_dir: Path) -> None:
    """Another program garbles the newest segment while the store is open."""
    filled(store_dir)
    with Store(store_dir, segment_size=2) as store:
        segment = store_dir / "segments" / "seg-000002.json"
        segment.write_bytes(b"\x00\x00garbage")
        before = snapshot(store_dir)
        with pytest.raises(StoreError, match="seg-000002.json"):
            store.add([(make_report(9), [])])
        assert snapshot(store_dir) == before
        with pytest.raises(StoreError):
            store.refresh()


def test_meta_upgraded_while_open_stops_writes(store_dir: Path) -> None:
    filled(store_dir)
    with Store(store_dir) as store:
        meta = store_dir / "meta.json"
        data = json.loads(meta.read_text())
        (doc,) = data["store"].values()
        doc["schema"] = 99
        meta.write_text(json.dumps(data))
        before = snapshot(store_dir)
        with pytest.raises(StoreError, match="newer"):
            store.add([(make_report(9), [])])
        with pytest.raises(StoreError, match="newer"):
            store.mark_read([make_report(0).id])
        assert snapshot(store_dir) == before


def test_missing_body_names_the_file(store_dir: Path) -> None:
    filled(store_dir)
    (body,) = (store_dir / "bodies").iterdir()
    body.unlink()
    with Store(store_dir) as store:
        # opening and listing never touch the bodies
        assert store.has(make_report(0).id)
        assert [m.id for m in store.reports()] == [make_report(n).id for n in (2, 1, 0)]
        with pytest.raises(StoreError, match=body.name):
            store.report(make_report(0).id)


def test_a_file_where_the_store_should_be(tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.write_text("my notes")
    with pytest.raises(StoreError, match="expected a store directory"):
        Store(path)
    assert path.read_text() == "my notes"

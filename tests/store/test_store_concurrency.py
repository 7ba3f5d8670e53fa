"""Two processes adding overlapping reports at once: the union, each once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from store_samples import CHILD, make_report

from sitrep.store import Store


def test_overlapping_writers_store_the_union_once(store_dir: Path) -> None:
    Store(store_dir, segment_size=50).close()
    start_at = time.time() + 1.0
    ranges = [(0, 240), (120, 360)]
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(store_dir), str(a), str(b), "--batch", "8",
             "--segment-size", "50", "--start-at", str(start_at)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for a, b in ranges
    ]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err.decode()
        outputs.append(out.decode().split())

    expected = {make_report(n).id for n in range(360)}
    first, second = (set(ids) for ids in outputs)
    # each report was new to exactly one of the writers
    assert first.isdisjoint(second)
    assert first | second == expected
    assert len(outputs[0]) + len(outputs[1]) == 360

    with Store(store_dir) as store:
        assert {meta.id for meta in store.reports()} == expected
        assert store.counts().reports == 360
    # and on disk, not only in the index: no report written twice
    on_disk = [
        doc["id"]
        for segment in (store_dir / "segments").iterdir()
        for doc in json.loads(segment.read_text())["reports"].values()
    ]
    assert sorted(on_disk) == sorted(expected)

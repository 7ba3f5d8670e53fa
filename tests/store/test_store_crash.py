"""Killing a writer at any moment loses nothing it had acknowledged."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from store_samples import CHILD, all_kinds, make_report

from sitrep.store import Store

KILLS = 25


def number_of(report_id: str) -> int:
    return int(report_id.rsplit("/", 1)[1])


def test_sigkill_keeps_every_acknowledged_report(store_dir: Path) -> None:
    rng = random.Random(20260314)
    acknowledged: set[str] = set()
    first = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(store_dir), str(first), "0", "--segment-size", "7"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        # Wait for the first acknowledgement, so that every kill lands among
        # writes rather than during the interpreter's start-up.
        line = child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.12))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err.decode()
        text = line + out
        # a line cut short by the kill was never fully acknowledged
        lines = text.decode().split("\n")[:-1]
        assert lines, err.decode()
        acknowledged.update(lines)
        first = max(number_of(rid) for rid in acknowledged) + 1000

        with Store(store_dir, segment_size=7) as store:
            missing = [rid for rid in acknowledged if not store.has(rid)]
            assert missing == []
            for rid in rng.sample(sorted(acknowledged), min(3, len(acknowledged))):
                n = number_of(rid)
                stored = store.report(rid)
                assert stored is not None and stored.title == make_report(n).title
                assert stored.text.startswith(f"Text of item {n}. ")
                assert store.events_for(rid) == all_kinds()[: n % 5]

    with Store(store_dir, segment_size=7) as store:
        ids = [meta.id for meta in store.reports()]
        assert len(ids) == len(set(ids)) >= len(acknowledged)
        assert acknowledged <= set(ids)
        # a later writer cleans up the temporary files killed writers left
        store.add([(make_report(10**9), [])])
    leftovers = [p for p in store_dir.rglob("*.tmp")]
    assert leftovers == []

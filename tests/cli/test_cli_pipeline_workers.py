"""A big poll reads its reports in worker processes, with the same result."""

from __future__ import annotations

import asyncio
import os

import pytest

from sitrep.domain.models import FeedConfig, Profile
from sitrep.feeds.poll import Limits, Poller
from sitrep.store import Store
from sitrep.wiring import pipeline

PROFILE = Profile(name="t", keywords=("Korvan",))


def feed_file(path, feed: int, items: int = 12) -> str:
    entries = "".join(
        f"<item><title>Shelling in Korvan, part {feed}-{n}</title><guid>urn:t:{feed}:{n}</guid>"
        f"<description>More than {n + 3} people were killed in Korvan on Monday, the health "
        f"ministry said. The Northern Guard captured Tesh from the brigades.</description></item>"
        for n in range(items)
    )
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F{feed}</title>'
                    f"{entries}</channel></rss>")
    return str(path)


def poll(store_dir, feeds):
    async def run():
        with Store(store_dir) as store:
            async with Poller(Limits(jitter=0.0)) as poller:
                return await pipeline.poll_into_store(poller, store, feeds, force=True, profile=PROFILE)

    return asyncio.run(run())


def stored(store_dir):
    with Store(store_dir) as store:
        return {m.id: (m.on_topic, store.events_for(m.id)) for m in store.reports()}


def test_worker_processes_read_as_the_thread_does(tmp_path, monkeypatch):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: a big poll reads in a thread")
    feeds = [FeedConfig(f"f{i}", feed_file(tmp_path / f"f{i}.xml", i), full_text="never") for i in range(6)]
    monkeypatch.setattr(pipeline, "PROCESS_THRESHOLD", 10**9)
    in_thread = poll(tmp_path / "a", feeds)
    monkeypatch.setattr(pipeline, "PROCESS_THRESHOLD", 1)
    pools = []

    class Recorded(pipeline.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Recorded)
    in_workers = poll(tmp_path / "b", feeds)
    assert len(pools) == 1
    assert [len(r.new) for r in in_thread] == [len(r.new) for r in in_workers] == [12] * 6
    a, b = stored(tmp_path / "a"), stored(tmp_path / "b")
    assert a == b and len(a) == 72
    assert all(events for _, events in a.values())

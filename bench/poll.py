"""How long does polling 200 feeds on 200 hosts take? Prints, asserts nothing.

Starts its own loopback feed servers in a child process, one per address
127.0.0.2, 127.0.0.3, ... (all of 127.0.0.0/8 is loopback on Linux), so that
every feed has a host of its own. Of the --feeds feeds, --slow answer only
after --delay seconds and --failing answer HTTP 500; the rest answer at once.
Each feed carries --items entries of ~120 words, so they are read as they
are (no article fetches), and every poll goes the whole way: fetch, parse,
extraction, writes into a fresh store.

It prints the wall time of one poll of all feeds next to the slowest feed's
delay (the floor: nothing can finish before it) and, in the same run, next
to polling one feed at a time (concurrency 1), plus the poller's peak memory.

    .venv/bin/python bench/poll.py [--feeds 200] [--slow 20] [--failing 20]
                                   [--delay 5] [--items 10] [--no-baseline]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from sitrep.domain.models import FeedConfig, Profile
from sitrep.feeds.poll import Limits, Poller
from sitrep.store import Store
from sitrep.wiring.pipeline import poll_into_store

WORDS = (
    "forces shelling village road bridge convoy officials said residents fled towards "
    "the coast overnight while talks on a ceasefire resumed in the capital and aid "
    "trucks waited at a checkpoint the ministry reported casualties in the north"
).split()


def host(index: int) -> str:
    return f"127.0.{2 + index // 250}.{2 + index % 250}"


def feed_document(index: int, items: int) -> bytes:
    entries = []
    for n in range(items):
        words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(120))
        entries.append(
            f"<item><title>Report {n} from feed {index}</title>"
            f"<guid>http://{host(index)}/story/{n}</guid>"
            f"<pubDate>Mon, 0{1 + n % 9} Mar 2026 10:00:00 GMT</pubDate>"
            f"<description>{words.capitalize()}. More than {n + 3} people were killed "
            f"in Village{index}, the health ministry said.</description></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed {index}</title>'
        f"<link>http://{host(index)}/</link><description>d</description>{''.join(entries)}"
        "</channel></rss>"
    ).encode()


def serve(port: int, feeds: int, slow: int, failing: int, delay: float, items: int, ready) -> None:
    """The child process: one tiny HTTP server per feed address."""

    async def main() -> None:
        servers = []
        for index in range(feeds):
            body = feed_document(index, items)
            kind = "slow" if index < slow else "failing" if index < slow + failing else "ok"

            async def handle(reader, writer, body=body, kind=kind):
                try:
                    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass
                    if kind == "slow":
                        await asyncio.sleep(delay)
                    if kind == "failing":
                        status, payload = "500 Internal Server Error", b"broken"
                    else:
                        status, payload = "200 OK", body
                    writer.write(
                        f"HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\n"
                        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
                        + payload
                    )
                    await writer.drain()
                finally:
                    writer.close()

            servers.append(await asyncio.start_server(handle, host(index), port, backlog=64))
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


class MemorySampler(threading.Thread):
    """Peak resident memory (KB) of this process and every process below it
    (the extraction workers), but not the feed servers', sampled from /proc."""

    def __init__(self, exclude: int | None) -> None:
        super().__init__(daemon=True)
        self.exclude = exclude
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            self.peak = max(self.peak, self.total())

    def stop(self) -> None:
        self.done.set()
        self.join()

    def total(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            pid = int(entry.name)
            parents[pid] = int(fields.get("PPid", "0").strip() or 0)
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
        mine = {os.getpid()}
        changed = True
        while changed:
            changed = False
            for pid, parent in parents.items():
                if parent in mine and pid not in mine and pid != self.exclude:
                    mine.add(pid)
                    changed = True
        return sum(rss.get(pid, 0) for pid in mine)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((host(0), 0))
        return sock.getsockname()[1]


async def poll_all(feeds: list[FeedConfig], limits: Limits, store_dir: Path) -> tuple[float, int, int]:
    with Store(store_dir) as store:
        started = time.perf_counter()
        async with Poller(limits) as poller:
            results = await poll_into_store(poller, store, feeds, force=True, profile=Profile())
        wall = time.perf_counter() - started
        errors = sum(r.outcome.status == "error" for r in results)
        return wall, sum(len(r.new) for r in results), errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--slow", type=int, default=20)
    parser.add_argument("--failing", type=int, default=20)
    parser.add_argument("--delay", type=float, default=5.0)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-at-a-time poll")
    args = parser.parse_args()

    last = host(args.feeds - 1)
    try:
        with socket.socket() as sock:
            sock.bind((last, 0))
    except OSError as exc:
        print(f"cannot listen on {last} ({exc.strerror}): this machine does not route all of "
              "127.0.0.0/8 to loopback; try fewer --feeds", file=sys.stderr)
        return 1
    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(port, args.feeds, args.slow, args.failing, args.delay, args.items, ready),
        daemon=True,
    )
    server.start()
    if not ready.wait(60):
        print("the feed servers did not start", file=sys.stderr)
        return 1
    feeds = [FeedConfig(f"feed {i}", f"http://{host(i)}:{port}/feed.xml", full_text="auto")
             for i in range(args.feeds)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            limits = Limits()
            sampler = MemorySampler(exclude=server.pid)
            sampler.start()
            before = resource.getrusage(resource.RUSAGE_SELF)
            wall, new, errors = asyncio.run(poll_all(feeds, limits, Path(tmp) / "concurrent"))
            after = resource.getrusage(resource.RUSAGE_SELF)
            sampler.stop()
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            load = os.getloadavg()[0]
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{args.feeds} feeds on {args.feeds} hosts ({args.slow} answer after {args.delay:g} s, "
                  f"{args.failing} answer 500), {args.items} items each")
            print(f"concurrent poll (concurrency {limits.concurrency}, per host {limits.per_host}): "
                  f"{wall:6.2f} s   slowest feed answers after {args.delay:g} s "
                  f"(target: at most {args.delay + 1:g} s)")
            print(f"  CPU time in the poller process: {cpu:.2f} s; machine load average {load:.1f} "
                  f"on {os.cpu_count()} cores")
            print(f"  {new} new reports stored, {errors} feeds failed; peak memory {peak_mb:.0f} MB "
                  f"in the poller, {sampler.peak / 1024:.0f} MB with its extraction workers "
                  "(target: at most 300 MB)")
            if not args.no_baseline:
                base, _, _ = asyncio.run(
                    poll_all(feeds, Limits(concurrency=1, per_host=1), Path(tmp) / "sequential"))
                print(f"one feed at a time (baseline):            {base:6.2f} s   "
                      f"{base / wall:.1f}x the concurrent poll")
    finally:
        server.terminate()
        server.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long does adding a poll batch take on a big store? Prints, asserts nothing.

Builds a store of --reports reports (default 50,000; ~600-word bodies, a few
events each), then times adding batches of 50 new reports (median of
--batches) and, in the same run, the naive way: plain TinyDB with its default
JSONStorage, one insert per report, into a file holding as many reports.
The naive inserts are few (--baseline-inserts) because each rewrites the
whole file; the figure per batch of 50 is extrapolated from them. Also prints
the time to open the store and list what the dashboard shows first, and the
size on disk.

The same measures are taken on a PostgreSQL store holding the same reports,
and both backends are printed side by side: on the database at --pg-url (an
empty database; the sitrep tables are created in it), or else on a
throwaway cluster started from /usr/lib/postgresql/*/bin as the tests do
(skipped, with a note, where there is none; --no-postgres skips it).

    .venv/bin/python bench/store.py [--reports N] [--batches N] [--baseline-inserts N]
                                    [--pg-url URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from sitrep.domain.models import (
    UTC,
    Casualty,
    ControlChange,
    Displacement,
    Event,
    Report,
    Statement,
    utcnow,
)
from sitrep.store import migrate_store, open_store

HERE = Path(__file__).resolve().parent

BATCH = 50
WORDS = (
    "the convoy reached outskirts district officials said on tuesday that shelling "
    "continued overnight near bridge river crossing where residents reported power "
    "cuts and water shortages while negotiators met again in the capital to discuss "
    "a pause humanitarian corridor aid trucks waited at checkpoint for clearance "
    "according to local council statement casualties rose hospital staff described "
    "conditions difficult army spokesman denied claims positions held line front "
    "villages north east south west families left homes towards coast before dawn"
).split()


def paragraphs(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(80, 140))
        out.append(" ".join(words).capitalize() + ".")
    return out


def make_events(rng: random.Random, title: str) -> list[Event]:
    kinds = [
        lambda: ControlChange(evidence=title, start=0, end=len(title), place="Riverside",
                              action="captured", gainer="northern forces", rule="bench"),
        lambda: Casualty(evidence=title, start=0, end=len(title), count=rng.randint(1, 90),
                         status="killed", victims="civilians", includes=(("children", 3),),
                         place="Riverside", rule="bench"),
        lambda: Statement(evidence=title, start=0, end=len(title), speaker="a ministry spokesman",
                          quote="The talks will resume next week.", direct=True, rule="bench"),
        lambda: Displacement(evidence=title, start=0, end=len(title), count=rng.randint(100, 9000),
                             who="residents", origin="Riverside", destination="the coast",
                             rule="bench"),
    ]
    return [rng.choice(kinds)() for _ in range(rng.randint(0, 4))]


class Corpus:
    """Realistic-sized reports, cheap to make: bodies are drawn from stock paragraphs."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.paras = paragraphs(self.rng, 300)
        self.start = utcnow()
        self.n = 0

    def next(self) -> tuple[Report, list[Event]]:
        self.n += 1
        rng = self.rng
        title = f"Update {self.n}: " + " ".join(rng.choices(WORDS, k=rng.randint(6, 12)))
        body = "\n\n".join(rng.sample(self.paras, 5)) + f" (item {self.n})"
        report = Report(
            id=f"https://news.example/{rng.choice(['north', 'south', 'wire'])}/{self.n}",
            feed=f"feed-{self.n % 12}",
            title=title,
            text=body,
            url=f"https://news.example/story/{self.n}",
            published=self.start - timedelta(minutes=self.n * 3 % 90000, seconds=self.n % 60),
            fetched=self.start.astimezone(UTC),
        )
        return report, make_events(rng, title)

    def batch(self, size: int) -> list[tuple[Report, list[Event]]]:
        return [self.next() for _ in range(size)]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def build(store_dir: Path | str, corpus: Corpus, reports: int) -> float:
    started = time.perf_counter()
    with open_store(store_dir) as store:
        left = reports
        while left:
            size = min(1000, left)
            store.add(corpus.batch(size))
            left -= size
    return time.perf_counter() - started


def naive_doc(report: Report, events: list[Event]) -> dict:
    doc = report.to_dict()
    doc["events"] = [ev.to_dict() for ev in events]
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--batches", type=int, default=9)
    parser.add_argument("--baseline-inserts", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to measure too")
    parser.add_argument("--no-postgres", action="store_true", help="measure TinyDB only")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    store_dir = args.keep or work / "store"
    cluster = None
    try:
        tiny = measure(str(store_dir), args, "TinyDB")
        size = dir_size(store_dir)
        results = [("TinyDB", tiny)]
        pg_url = args.pg_url
        if pg_url is None and not args.no_postgres:
            cluster, pg_url = start_cluster()
        if pg_url is not None:
            migrate_store(pg_url)
            results.append(("PostgreSQL", measure(pg_url, args, "PostgreSQL")))

        print(f"naive baseline: TinyDB JSONStorage with {args.reports:,} reports ...", flush=True)
        naive_path = work / "naive.json"
        naive_corpus = Corpus(seed=11)
        db = TinyDB(naive_path, storage=JSONStorage)
        left = args.reports
        while left:
            size_now = min(5000, left)
            db.insert_multiple(naive_doc(*item) for item in naive_corpus.batch(size_now))
            left -= size_now
        naive_size = naive_path.stat().st_size
        naive = []
        for _ in range(args.baseline_inserts):
            doc = naive_doc(*naive_corpus.next())
            started = time.perf_counter()
            db.insert(doc)
            naive.append(time.perf_counter() - started)
        db.close()

        per_report = statistics.median(naive)
        median = statistics.median(tiny["timings"])
        counts = tiny["counts"]
        print()
        print(f"store of {counts.reports:,} reports, {sum(counts.events.values()):,} events")
        print(f"  {'':36}" + "".join(f"{name:>14}" for name, _ in results))
        for label, key in (("open", "opened"), ("first 500 reports + events", "listed"),
                           ("one report body", "one_body"), ("refresh, nothing changed", "refreshed")):
            print(f"  {label + ':':36}" + "".join(f"{r[key] * 1000:11.1f} ms" for _, r in results))
        label = f"add a batch of {BATCH} (median of {args.batches}):"
        print(f"  {label:36}" + "".join(
            f"{statistics.median(r['timings']) * 1000:11.1f} ms" for _, r in results))
        print(f"  {'  (slowest batch)':36}" + "".join(
            f"{max(r['timings']) * 1000:11.1f} ms" for _, r in results))
        print(f"  {'size on disk:':36}{mb(size):>14}" + (
            f"{mb(results[1][1]['size']):>14}" if len(results) > 1 else ""))
        if pg_url is None:
            print("  (PostgreSQL not measured: no --pg-url and no server binaries found)")
        print(f"naive TinyDB (JSONStorage), {args.reports:,} reports in one file:")
        print(f"  one insert (median of {len(naive)}):      {per_report * 1000:8.1f} ms")
        print(f"  a batch of {BATCH}, one insert each:  {per_report * BATCH:8.1f} s (extrapolated)")
        print(f"  size on disk:                 {mb(naive_size):>8}")
        print(f"speed-up per batch of {BATCH}: {per_report * BATCH / median:,.0f}x")
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def measure(target: str, args: argparse.Namespace, name: str) -> dict:
    """Build a store of --reports at ``target`` and time what the dashboard and a poll do."""
    corpus = Corpus()
    print(f"{name}: building a store of {args.reports:,} reports ...", flush=True)
    built = build(target, corpus, args.reports)
    print(f"  built in {built:.1f} s", flush=True)
    out: dict = {}
    started = time.perf_counter()
    store = open_store(target)
    out["opened"] = time.perf_counter() - started
    started = time.perf_counter()
    first = store.reports(limit=500)
    store.events(limit=500)
    out["counts"] = store.counts()
    out["listed"] = time.perf_counter() - started
    started = time.perf_counter()
    store.report(first[len(first) // 2].id)
    out["one_body"] = time.perf_counter() - started
    started = time.perf_counter()
    store.refresh()
    out["refreshed"] = time.perf_counter() - started
    timings = []
    for _ in range(args.batches):
        batch = corpus.batch(BATCH)
        started = time.perf_counter()
        added = store.add(batch)
        timings.append(time.perf_counter() - started)
        if len(added) != BATCH:
            print(f"  note: only {len(added)} of a batch of {BATCH} were new", file=sys.stderr)
    out["timings"] = timings
    if name == "PostgreSQL":
        with store._pool.connection() as conn:  # noqa: SLF001 - a benchmark may look inside
            out["size"] = conn.execute("select pg_database_size(current_database())").fetchone()[0]
    store.close()
    return out


def start_cluster():
    """A throwaway PostgreSQL cluster (the tests' own), or (None, None) without binaries."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from pg_server import Cluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        return None, None
    cluster = Cluster(bindir)
    cluster.start()
    return cluster, cluster.database()


if __name__ == "__main__":
    sys.exit(main())

"""How fast does "/" find reports by their text on a big store? Prints, asserts nothing.

Builds a store of --reports reports (default 50,000) whose ~600-word bodies
draw on a vocabulary of several thousand made-up words (so the index is as
large as a real one, not a dozen stock words), then times, in a fresh
process's view of the store: the first search (which reads the index
files), a repeated one, a rare word, two words, and a prefix as typed. The
baseline in the same run is what the dashboard did before the index:
reading every report's text and looking for the word in it.

    .venv/bin/python bench/search.py [--reports N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sitrep.domain.models import Report, utcnow
from sitrep.store import Store

SYLLABLES = ("ka", "ro", "mi", "ten", "vol", "da", "sar", "lin", "qu", "bre", "os", "nu", "pel", "tor")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    return sorted(words)


def build(path: Path, reports: int, rng: random.Random) -> tuple[float, list[str]]:
    vocab = vocabulary(rng, 8000)
    # Zipf-like: a few words are everywhere, most are rare.
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    start = utcnow()
    started = time.perf_counter()
    with Store(path) as store:
        n = 0
        while n < reports:
            batch = []
            for _ in range(min(1000, reports - n)):
                n += 1
                body = " ".join(rng.choices(vocab, weights, k=600))
                if n % 997 == 0:
                    body += " ceasefire"
                report = Report(id=f"r{n}", feed=f"feed-{n % 12}", title=f"Item {n} " + body[:60],
                                text=body, published=start - timedelta(minutes=n))
                batch.append((report, []))
            store.add(batch)
    return time.perf_counter() - started, vocab


def timed(store: Store, query: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = store.search(query)
    return time.perf_counter() - started, len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    rng = random.Random(11)
    try:
        took, vocab = build(work / "store", args.reports, rng)
        print(f"built {args.reports:,} reports in {took:.1f} s")
        with Store(work / "store") as store:
            for label, query in (("first search, common word", vocab[0]),
                                 ("same again", vocab[0]),
                                 ("rare word (1 report in 997)", "ceasefire"),
                                 ("two words", f"{vocab[1]} {vocab[2]}"),
                                 ("prefix as typed", "ceas")):
                seconds, hits = timed(store, query)
                print(f"{label:<30} {seconds * 1000:8.1f} ms  {hits} results")
        with Store(work / "store") as store:
            # What the dashboard does for "/": the index, then the found
            # reports' rows and events, in a fresh process's view.
            from sitrep.tui.data import load_view

            panes = ("control_change", "casualty", "statement", "displacement", "reports")
            started = time.perf_counter()
            view = load_view(store, dict.fromkeys(panes), search=vocab[3])
            print(f"{'dashboard search, cold':<30} {(time.perf_counter() - started) * 1000:8.1f} ms"
                  f"  {len(view.rows['reports'])} rows")
        with Store(work / "store") as store:
            started = time.perf_counter()
            hits = sum("ceasefire" in (store.report(m.id) or m).text
                       for m in store.reports())  # type: ignore[union-attr]
            print(f"{'baseline: read every text':<30} {(time.perf_counter() - started) * 1000:8.1f} ms"
                  f"  {hits} results")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

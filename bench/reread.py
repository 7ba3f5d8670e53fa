"""Does ``sitrep reread`` run at the extraction's own speed? Prints, asserts nothing.

Builds a store of --reports reports (~600-word wire-copy texts from the
demo situation, over several poll-sized batches), then times, on the same
reports: extraction alone (``read_reports`` over reports already in
memory) and the whole reread (``Store.iter_reports`` + ``read_reports`` +
``Store.replace_events``, as the command runs it). The difference is what
reading bodies and rewriting segments cost.

    .venv/bin/python bench/reread.py [--reports N] [--batch N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sitrep.domain.models import Report, utcnow
from sitrep.store import Store
from sitrep.wiring.demo import demo_profile
from sitrep.wiring.pipeline import read_reports

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import build_reports  # noqa: E402 - the sibling bench's wire-copy texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    profile = demo_profile()
    texts = build_reports(args.reports)
    now = utcnow()
    reports = [
        Report(id=f"bench:{n}", feed=f"feed {n % 7}", title=text.split("\n", 1)[0], text=text,
               url=None, published=now - timedelta(minutes=n * 7 % 9973), fetched=now)
        for n, text in enumerate(texts)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        for start in range(0, len(reports), 50):  # poll-sized batches, as a store grows
            store.add([(r, []) for r in reports[start : start + 50]])

        start = time.perf_counter()
        for first in range(0, len(reports), args.batch):
            read_reports(reports[first : first + args.batch], profile)
        extraction = time.perf_counter() - start

        start = time.perf_counter()
        done = 0
        for batch in store.iter_reports(batch=args.batch):
            done += store.replace_events(read_reports(batch, profile))
        reread = time.perf_counter() - start
        store.close()
    print(f"reports: {len(reports)}, batch {args.batch}")
    print(f"extraction alone: {len(reports) / extraction:7.0f} reports/s ({extraction:.1f} s)")
    print(f"whole reread:     {done / reread:7.0f} reports/s ({reread:.1f} s)")
    print(f"reread costs {reread / extraction:.2f}x extraction alone")


if __name__ == "__main__":
    main()

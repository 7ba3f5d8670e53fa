"""A separate process writing to a store, for the crash and concurrency tests.

    store_child.py STORE FIRST LAST [--batch N] [--segment-size N] [--start-at T]

Adds reports FIRST..LAST-1 (forever from FIRST when LAST is 0), in batches of
--batch reports (random 1-5 when 0), and after each ``add`` returns prints the
ids it stored, one a line, flushed: those are the reports the parent may
count on. --start-at waits until that time.time() so that two children start
writing together.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from store_samples import all_kinds, make_report  # noqa: E402

from sitrep.store import Store, is_postgres_url, open_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", help="a store folder or a postgresql:// URL")
    parser.add_argument("first", type=int)
    parser.add_argument("last", type=int)
    parser.add_argument("--batch", type=int, default=0)
    parser.add_argument("--segment-size", type=int, default=1000)
    parser.add_argument("--start-at", type=float, default=0.0)
    args = parser.parse_args()
    rng = random.Random(args.first)
    numbers = itertools.count(args.first) if args.last == 0 else iter(range(args.first, args.last))
    if is_postgres_url(args.store):
        store = open_store(args.store, user="child")
    else:
        store = Store(Path(args.store), segment_size=args.segment_size)
    while time.time() < args.start_at:
        time.sleep(0.001)
    while True:
        size = args.batch or rng.randint(1, 5)
        chunk = list(itertools.islice(numbers, size))
        if not chunk:
            break
        batch = [(make_report(n, text=f"Text of item {n}. " * rng.randint(5, 400)),
                  all_kinds()[: n % 5]) for n in chunk]
        added = store.add(batch)
        sys.stdout.write("".join(f"{report.id}\n" for report in added))
        sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main()

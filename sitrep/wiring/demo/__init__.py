"""A bundled, offline sample situation for ``sitrep --demo``.

The siege of Karsk is fiction written for sitrep: six invented outlets
publish reports about it from a loopback HTTP server, a new one every few
seconds, so the whole pipeline (poller, parser, extraction, store, panes)
runs for real without touching the network or misquoting anyone.

``start_demo(home)`` starts the server and writes a ``config.toml`` into
``home`` pointing at it; the CLI then runs as it would on a user's config.
``demo_reports()`` gives the same content as plain data for tests and
benches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sitrep.wiring.demo.config_file import CONFIG_NAME, write_config
from sitrep.wiring.demo.content import DemoReport, DemoSituation, Outlet, load_situation
from sitrep.wiring.demo.server import DEFAULT_INITIAL, DEFAULT_INTERVAL, DemoServer
from sitrep.domain.models import FeedConfig, Profile

__all__ = [
    "CONFIG_NAME",
    "Demo",
    "DemoReport",
    "DemoServer",
    "DemoSituation",
    "Outlet",
    "demo_profile",
    "demo_reports",
    "demo_situation",
    "start_demo",
]

# The config format's shortest poll interval.
MIN_POLL = 1.0


@dataclass(slots=True)
class Demo:
    """A running demo: what to follow, where to poll, and the server to stop."""

    situation: DemoSituation
    profile: Profile
    feeds: list[FeedConfig]
    server: DemoServer
    config_path: Path

    def stop(self) -> None:
        self.server.stop()

    @property
    def released(self) -> int:
        """How many reports the server has published so far."""
        return self.server.released()

    @property
    def total(self) -> int:
        return self.server.total

    @property
    def finished(self) -> bool:
        return self.server.finished

    def status(self) -> str:
        """A short line for a status bar, e.g. "demo: 12 of 53 reports out"."""
        if self.finished:
            return f"demo: all {self.total} reports out"
        return f"demo: {self.released} of {self.total} reports out"

    def __enter__(self) -> Demo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def demo_situation() -> DemoSituation:
    return load_situation()


def demo_profile() -> Profile:
    return load_situation().profile


def demo_reports() -> list[DemoReport]:
    """Every report in release order (``order`` 0 first)."""
    return list(load_situation().reports)


def start_demo(
    home: Path,
    *,
    interval: float = DEFAULT_INTERVAL,
    speed: float = 1.0,
    initial: int = DEFAULT_INITIAL,
    poll_every: float | None = None,
) -> Demo:
    """Start the loopback server and write ``home/config.toml`` for it.

    A report is released every ``interval / speed`` seconds after the first
    ``initial``. Feeds are polled every few seconds (each outlet's own
    pace, quickened when releases are faster than the default) unless
    ``poll_every`` says otherwise. The caller must ``stop()`` the demo.
    """
    situation = load_situation()
    server = DemoServer(situation, interval=interval, speed=speed, initial=initial).start()
    try:
        feeds = [
            FeedConfig(name=o.name, url=server.feed_url(o), every=_poll_every(o, server.step, poll_every))
            for o in situation.outlets
        ]
        config_path = write_config(Path(home), situation.profile, feeds)
    except BaseException:
        server.stop()
        raise
    return Demo(situation=situation, profile=situation.profile, feeds=feeds,
                server=server, config_path=config_path)


def _poll_every(outlet: Outlet, step: float, override: float | None) -> float:
    if override is not None:
        seconds = override
    else:
        seconds = outlet.every * min(1.0, step / DEFAULT_INTERVAL)
    if not math.isfinite(seconds):
        raise ValueError(f"poll interval must be finite, not {seconds!r}")
    # Whole seconds, so the value written to config.toml reads back exactly.
    return max(MIN_POLL, float(round(seconds)))

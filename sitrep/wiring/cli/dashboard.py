"""``sitrep`` and ``sitrep --demo``: the Textual dashboard.

Textual is imported here, lazily, so the other commands start quickly.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitrep.wiring.cli.common import load, open_store
from sitrep.wiring.cli.feeds_cmd import name_new_feed
from sitrep.domain.config import Paths
from sitrep.wiring.gazetteer_cache import GazetteerCache
from sitrep.wiring.pipeline import dashboard_poller


def run_dashboard(paths: Paths) -> int:
    config = load(paths)
    from sitrep.tui.app import SitrepApp

    with open_store(paths) as store, _logs_to_textual():
        SitrepApp(store, config, paths=paths, name_feed=name_new_feed,
                  poll=dashboard_poller(store, config.profile, config.poll),
                  gazetteer=GazetteerCache.of(paths)).run()
    return 0


@contextmanager
def _logs_to_textual() -> Iterator[None]:
    """While the dashboard owns the terminal, log lines (a damaged
    gazetteer cache, say) go to Textual's log, not over its screen."""
    from textual.logging import TextualHandler

    root = logging.getLogger()
    kept = root.handlers[:]
    root.handlers[:] = [TextualHandler(stderr=False)]
    try:
        yield
    finally:
        root.handlers[:] = kept


def run_demo() -> int:
    """The demo lives in a temporary home that is removed when the app exits."""
    from sitrep.wiring.demo import start_demo

    home = Path(tempfile.mkdtemp(prefix="sitrep-demo-"))
    demo = None
    try:
        demo = start_demo(home)
        # The demo's store is its own temporary folder, whatever $SITREP_STORE says.
        paths = dataclasses.replace(Paths.resolve(home), store=str(home / "data"))
        config = load(paths)
        from sitrep.tui.app import SitrepApp

        with open_store(paths) as store, _logs_to_textual():
            SitrepApp(store, config, paths=paths, demo=demo, name_feed=name_new_feed,
                      poll=dashboard_poller(store, config.profile, config.poll),
                      gazetteer=GazetteerCache.of(paths)).run()
    finally:
        if demo is not None:
            _stop(demo)
        shutil.rmtree(home, ignore_errors=True)
    return 0


def _stop(demo: object) -> None:
    for name in ("stop", "close", "shutdown"):
        method = getattr(demo, name, None)
        if callable(method):
            method()
            return

"""Fixtures for the demo: a server on a hand-driven clock, so tests that
check what is released when never depend on real time passing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from sitrep.wiring.demo import DemoServer
from sitrep.domain.models import UTC

START = datetime(2031, 3, 3, 6, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def start() -> datetime:
    """The wall-clock time the ``server`` fixture starts at."""
    return START


@pytest.fixture
def server(clock: FakeClock) -> Iterator[DemoServer]:
    """A demo server releasing one report every 4 s of the fake clock."""
    with DemoServer(interval=4.0, initial=6, clock=clock, now=lambda: START) as demo:
        yield demo

"""Fixtures for the dashboard tests: a real store in tmp_path holding the
sample situation of ``tui_sample``, and helpers to wait on the live app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # tui_sample, beside this file

import tui_sample  # noqa: E402


@pytest.fixture(autouse=True)
def this_year(monkeypatch):
    """The sample situation is set in 2031: pin "now" there, so its dates
    read as this year's and the snapshots do not change with the calendar."""
    from sitrep.tui import rows

    monkeypatch.setattr(rows, "CLOCK", lambda: tui_sample.BASE)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def sample_store(store_dir: Path):
    store = tui_sample.fill(store_dir)
    yield store
    store.close()


@pytest.fixture
def hostile_store(store_dir: Path):
    store = tui_sample.fill(store_dir, tui_sample.sample_batch() + tui_sample.hostile_batch())
    yield store
    store.close()


async def wait_for(pilot, condition, tries: int = 100, step: float = 0.05) -> bool:
    """Let the app run until ``condition()`` holds (or give up); the test
    then asserts the condition itself, so a slow machine only waits longer."""
    for _ in range(tries):
        await pilot.pause(step)
        if condition():
            return True
    return condition()

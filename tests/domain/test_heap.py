"""The collector pause that the store and fusion put around bulk work."""

from __future__ import annotations

import gc

import pytest

from sitrep.domain.heap import FREEZE_AT, collector_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()


def test_a_block_that_made_very_many_objects_has_them_frozen_not_walked() -> None:
    before = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(FREEZE_AT + 1_000)]  # lists: tracked by the collector
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(kept)
    assert gc.get_count()[0] < 1_000  # nothing left for the next collection to walk


def test_a_small_block_is_left_to_the_collector() -> None:
    before = gc.get_freeze_count()
    with collector_paused():
        kept = [[n] for n in range(1_000)]
    assert gc.isenabled() and kept
    assert gc.get_freeze_count() == before


def test_only_the_outermost_block_resumes_the_collector() -> None:
    before = gc.get_freeze_count()
    with collector_paused():
        with collector_paused():
            kept = [[n] for n in range(FREEZE_AT + 1_000)]
        assert not gc.isenabled()
        assert gc.get_freeze_count() == before
    assert gc.isenabled() and gc.get_freeze_count() >= before + len(kept)


def test_a_block_inside_a_paused_collector_leaves_it_paused() -> None:
    gc.disable()
    with collector_paused():
        kept = [[n] for n in range(FREEZE_AT + 1_000)]
    assert not gc.isenabled() and kept

"""Holding off Python's cyclic garbage collector during bulk work.

Building the store's index or fusing every stored event creates hundreds of
thousands of objects, none of them garbage. Each wave of them triggers
collections that walk the ever larger heap: that tripled the time to open a
50,000-report store and doubled the time to fuse it. Both stages pause the
collector around such work; nothing they build there holds reference cycles
that would need it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

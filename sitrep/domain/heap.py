"""Holding off Python's cyclic garbage collector during bulk work.

Building the store's index or fusing every stored event creates hundreds of
thousands of objects, none of them garbage. Each wave of them triggers
collections that walk the ever larger heap: that tripled the time to open a
50,000-report store and doubled the time to fuse it. Both stages pause the
collector around such work; nothing they build there holds reference cycles
that would need it.

What the blocks build is kept, too: the store's index and caches, the
picture's facts. Left to the collector, the million objects of a big store
would still be walked once as soon as it resumed (a fifth of a second, the
dashboard frozen meanwhile) and again each time they were promoted to an
older generation. So a block that made very many objects ends by moving
everything alive out of the collector's sight (``gc.freeze``). Reference
counting still frees those objects; only a cycle among them that became
garbage later would stay. That happens a handful of times per process (a
store's first full load, a kind's first fusion), so whatever it keeps is
bounded, and small stores (every test's) never reach the mark.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Objects made in one block above which they are frozen rather than walked
# (walking them would take about 20 ms).
FREEZE_AT = 100_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > FREEZE_AT:
                gc.freeze()
            gc.enable()

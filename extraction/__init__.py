"""Reading events out of report text. Pure: text in, events out.

No I/O here and no knowledge of feeds, storage or display: the same
function serves the pollers, `sitrep extract` and the tests.
"""

from __future__ import annotations

from .engine import MAX_EVIDENCE, extract

__all__ = ["MAX_EVIDENCE", "extract"]

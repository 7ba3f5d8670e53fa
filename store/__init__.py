"""Crash-safe, multi-process storage of reports, events and feed states.

The only package that imports TinyDB; everything else speaks the domain types
of ``sitrep.domain.models`` to :class:`Store`.
"""

from sitrep.store.errors import StoreError
from sitrep.store.records import StoreCounts
from sitrep.store.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreCounts", "StoreError"]

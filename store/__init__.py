"""Crash-safe, multi-process storage of reports, events and feed states.

The only package that imports TinyDB; everything else speaks the domain types
of ``sitrep.models`` to :class:`Store`.
"""

from store.errors import StoreError
from store.records import StoreCounts
from store.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreCounts", "StoreError"]

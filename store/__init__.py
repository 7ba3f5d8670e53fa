"""Storage of reports, events, feed states and read marks, on either of two backends.

A TinyDB store (a folder of files, crash-safe and multi-process on one
machine) is the default; a PostgreSQL store (``postgresql://...``) serves a
team. :func:`open_store` picks one by its target and both offer
:class:`StoreBackend`. This is the only package that imports TinyDB or the
PostgreSQL driver; everything else speaks the domain types of
``sitrep.domain.models``.
"""

from sitrep.store.backend import POSTGRES_EXTRA, StoreBackend, default_user, migrate_store, open_store
from sitrep.store.copy import CopyCounts, copy_store
from sitrep.store.errors import StoreError
from sitrep.store.pg_target import is_postgres_url, masked
from sitrep.store.records import StoreCounts
from sitrep.store.store import SCHEMA_VERSION, Store

__all__ = [
    "POSTGRES_EXTRA",
    "SCHEMA_VERSION",
    "CopyCounts",
    "Store",
    "StoreBackend",
    "StoreCounts",
    "StoreError",
    "copy_store",
    "default_user",
    "is_postgres_url",
    "masked",
    "migrate_store",
    "open_store",
]

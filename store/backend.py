"""One interface, two stores: TinyDB files for one analyst, PostgreSQL for a team.

Everything above the store package (pipeline, command line, dashboard)
speaks :class:`StoreBackend` and gets one from :func:`open_store`, so a
command works the same on either; which one is chosen only by the target
(a folder, or a ``postgresql://`` URL).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from sitrep.domain.models import Event, EventRecord, FeedState, Report, ReportMark, ReportMeta
from sitrep.store.errors import StoreError
from sitrep.store.pg_target import is_postgres_url, masked
from sitrep.store.records import StoreCounts

POSTGRES_EXTRA = "pip install 'sitrep[postgres]'"


@runtime_checkable
class StoreBackend(Protocol):
    """What a store offers; docs/CONTRACTS.md says what each method promises.

    ``location`` names the store for messages (a folder, or a database and
    host, never a password); ``trouble`` is a short note while the store is
    retrying a lost connection, else None.
    """

    location: str
    trouble: str | None

    def add(self, batch: Sequence[tuple[Report, Sequence[Event]]]) -> list[Report]: ...
    def replace_events(self, items: Sequence[tuple[Report, Sequence[Event]]]) -> int: ...
    def has(self, report_id: str) -> bool: ...
    def report(self, report_id: str) -> Report | None: ...
    def iter_reports(self, since: datetime | None = None,
                     batch: int = 500) -> Iterator[list[Report]]: ...
    def unreadable(self) -> dict[str, str]: ...
    def reports(self, limit: int | None = None, feed: str | None = None) -> list[ReportMeta]: ...
    def search(self, text: str, limit: int = 200) -> list[ReportMeta]: ...
    def events(self, type: str | None = None, limit: int | None = None) -> list[EventRecord]: ...
    def topic_marks(self) -> list[ReportMark]: ...
    def records_for(self, report_ids: Iterable[str]) -> list[EventRecord]: ...
    def events_for(self, report_id: str) -> list[Event]: ...
    def feed_states(self) -> dict[str, FeedState]: ...
    def save_feed_states(self, states: Mapping[str, FeedState] | Iterable[FeedState]) -> None: ...
    def remove_feed_state(self, name: str) -> None: ...
    def mark_read(self, report_ids: Iterable[str]) -> None: ...
    def mark_unread(self, report_ids: Iterable[str]) -> None: ...
    def read_ids(self) -> set[str]: ...
    def unread_counts(self) -> dict[str, int]: ...
    def counts(self) -> StoreCounts: ...
    def refresh(self) -> bool: ...
    def claim_feeds(self, names: Iterable[str]) -> AbstractContextManager[set[str]]: ...
    def close(self) -> None: ...
    def __enter__(self) -> StoreBackend: ...
    def __exit__(self, *exc: object) -> None: ...


def default_user() -> str:
    """The login name: whose read marks these are when nobody says."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return os.environ.get("USER") or "analyst"


def open_store(target: str | os.PathLike[str], *, user: str | None = None) -> StoreBackend:
    """The store at ``target``: a ``postgresql://`` URL, or a TinyDB store folder.

    A PostgreSQL URL without the driver installed gets a one-line StoreError
    saying what to install; so does a URL whose database cannot be reached.
    """
    user = user or default_user()
    if is_postgres_url(target):
        try:
            from sitrep.store.postgres import PostgresStore
        except ImportError:
            raise StoreError(
                f"{masked(str(target))}: a PostgreSQL store needs the PostgreSQL driver; "
                f"install it with: {POSTGRES_EXTRA}") from None
        return PostgresStore(str(target), user=user)
    if isinstance(target, str) and "://" in target:
        raise StoreError(f"{masked(target)}: unknown kind of store URL "
                         "(use postgresql://... or a folder)")
    from sitrep.store.store import Store

    return Store(Path(target), user=user)


def migrate_store(url: str) -> tuple[int | None, int]:
    """Create or upgrade the schema of the PostgreSQL store at ``url``: (before, after)."""
    if not is_postgres_url(url):
        raise StoreError(f"{masked(str(url))}: only a PostgreSQL store (postgresql://...) has "
                         "migrations; a TinyDB store sets itself up when opened")
    try:
        from sitrep.store.postgres import migrate
    except ImportError:
        raise StoreError(f"a PostgreSQL store needs the PostgreSQL driver; install it with: "
                         f"{POSTGRES_EXTRA}") from None
    return migrate(url)

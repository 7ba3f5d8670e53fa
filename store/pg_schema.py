"""The PostgreSQL store's tables, its schema version and the migrations to it.

The version lives in a one-row table, as team feed servers such as Miniflux
keep theirs: migration ``n`` takes the schema from version ``n - 1`` to
``n``, and ``sitrep store migrate`` runs the missing ones in one transaction
(PostgreSQL's DDL is transactional), so a failed migration leaves the
database as it was. Opening a store never migrates: several machines share
the database, and changing its shape is the administrator's explicit act.

Ids compare byte-wise (collation "C"), as Python compares them, so both
stores list reports in the same order. Report fields without a column of
their own travel in ``extra`` (JSON, see ``pg_rows``), so a field added to
``Report`` needs no migration. ``words`` holds the distinct words of title and text as sitrep's search
reads them (computed in Python, the same words as the TinyDB store's word
index, and cast to a tsvector without any dictionary work: running
to_tsvector over each body took most of a batch's time). Events carry their report's published time, copied once when they are
stored (reports never change), so "newest events of one kind" is an index
scan instead of a sort over a join.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1

# Advisory lock keys (pg_advisory_lock takes a bigint); chosen once, never reused.
MIGRATE_LOCK = 0x5173_7265_7000_0001
FEED_LOCK_SPACE = "sitrep.feed:"

# NOTIFY channels; payloads are JSON (ids of new reports, names of feeds, users).
REPORTS_CHANNEL = "sitrep_reports"
FEEDS_CHANNEL = "sitrep_feeds"
READ_CHANNEL = "sitrep_read"
CHANNELS = (REPORTS_CHANNEL, FEEDS_CHANNEL, READ_CHANNEL)
MAX_PAYLOAD = 7000  # bytes; PostgreSQL refuses notification payloads of 8000 or more
# A batch's ids are announced in parts of about NOTIFY_CHUNK bytes; with no id
# longer than NOTIFY_LONGEST, a part stays under MAX_PAYLOAD.
NOTIFY_CHUNK = 4500
NOTIFY_LONGEST = 2000

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """create table sitrep_schema (
               only_row boolean primary key default true check (only_row),
               version integer not null)""",
        """create table reports (
               id text collate "C" primary key,
               feed text collate "C" not null,
               title text not null,
               body text not null,
               url text,
               published timestamptz not null,
               published_guessed boolean not null,
               fetched timestamptz not null,
               on_topic boolean not null,
               length integer not null,
               extra jsonb not null default '{}',
               words tsvector not null)""",
        "create index reports_newest on reports (published desc, id desc)",
        "create index reports_feed_newest on reports (feed, published desc, id desc)",
        "create index reports_words on reports using gin (words)",
        """create table events (
               report_id text collate "C" not null
                   references reports (id) on delete cascade,
               n integer not null,
               type text not null,
               published timestamptz not null,
               data jsonb not null,
               primary key (report_id, n))""",
        "create index events_newest on events (published desc, report_id desc, n)",
        "create index events_type_newest on events (type, published desc, report_id desc, n)",
        """create table feed_states (
               name text primary key,
               state jsonb not null)""",
        """create table read_marks (
               username text not null,
               report_id text collate "C" not null
                   references reports (id) on delete cascade,
               primary key (username, report_id))""",
        "insert into sitrep_schema (version) values (1)",
    ),
}


def installed_version(cur: Any) -> int | None:
    """The database's schema version; None when sitrep never set it up."""
    cur.execute("select to_regclass('sitrep_schema') is not null")
    if not cur.fetchone()[0]:
        return None
    cur.execute("select version from sitrep_schema")
    row = cur.fetchone()
    return None if row is None else int(row[0])


def pending(version: int | None) -> list[int]:
    """The migrations that take a database at ``version`` to SCHEMA_VERSION."""
    start = 0 if version is None else version
    return [n for n in sorted(MIGRATIONS) if n > start]


def apply(cur: Any, numbers: list[int]) -> None:
    for number in numbers:
        for statement in MIGRATIONS[number]:
            cur.execute(statement)
        cur.execute("update sitrep_schema set version = %s", (number,))

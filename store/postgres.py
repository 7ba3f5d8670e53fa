"""The PostgreSQL store: one database shared by a team's pollers and dashboards.

The same methods as the TinyDB :class:`~sitrep.store.store.Store` (see
:class:`sitrep.store.backend.StoreBackend`), over tables that several
machines write at once:

- ``add`` inserts with ``on conflict do nothing`` keyed by report id, in one
  transaction with the events of the reports that were new, so two pollers
  storing overlapping batches leave their union, each report once, and a
  batch is stored whole or not at all;
- each committed batch sends a NOTIFY carrying the new reports' ids; a
  dashboard's ``refresh`` (every second) drains them from a listening
  connection and the rows are then read from the tables;
- ``claim_feeds`` takes a session advisory lock per feed for the length of a
  poll, so two pollers never fetch one feed at once; dashboards only read
  (MVCC), and their read marks touch no row a poller writes, so they never
  block a poller;
- read marks are per user (``user``, the login name by default).

A dropped connection is retried with back-off for up to ``retry_for``
seconds; meanwhile :attr:`trouble` says so, for the dashboard's status bar.
A retried ``add`` is safe: its transaction either committed (and the retry
finds the reports already there) or left nothing.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from sitrep.domain.models import (
    EVENT_TYPES,
    Event,
    EventRecord,
    FeedState,
    Report,
    ReportMark,
    ReportMeta,
)
from sitrep.store import pg_rows, pg_schema
from sitrep.store.backend import default_user
from sitrep.store.errors import StoreError
from sitrep.store.pg_target import Target
from sitrep.store.records import StoreCounts, decode_event

T = TypeVar("T")

# The pool logs each dead connection it throws away; the store retries and
# says so once in ``trouble``, so those lines would only clutter a poll's log.
logging.getLogger("psycopg.pool").setLevel(logging.ERROR)

CONNECT_TIMEOUT = 5  # seconds libpq waits for a server before giving up
_RETRYABLE = (psycopg.OperationalError, PoolTimeout)
def _configure(conn: psycopg.Connection) -> None:
    """Times come back in UTC, as everywhere in sitrep, whatever the server's zone."""
    conn.execute("set timezone to 'UTC'")


class PostgresStore:
    """Reports, events, feed states and per-user read marks in PostgreSQL."""

    def __init__(self, url: str, *, user: str | None = None, retry_for: float = 30.0,
                 pool_size: int = 4) -> None:
        self.target = Target.parse(url)
        self.location = str(self.target)
        self.user = user or default_user()
        self.retry_for = retry_for
        self.trouble: str | None = None
        self.notified: set[str] = set()  # ids announced since the last refresh
        self._mutex = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: dict[tuple, Any] = {}
        self._generation = 0
        self._listener: psycopg.Connection | None = None
        self._heard = False
        self._closed = False
        with self._connect() as conn:
            check_version(conn, self.target)
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=False, timeout=CONNECT_TIMEOUT,
            kwargs={"connect_timeout": CONNECT_TIMEOUT, "autocommit": True},
            configure=_configure, name="sitrep",
        )
        # No check of each connection handed out (a round trip per query):
        # a dead one fails its query, the pool drops it as broken, and
        # _retrying runs the work again on a fresh one.
        self._pool.open(wait=False)
        # Listening starts now, so that refresh() reports what changed since
        # the store was opened, as the TinyDB store's does.
        try:
            self._listen()
        except BaseException:
            self._pool.close()
            raise

    # -- plumbing ------------------------------------------------------------

    def _connect(self, *, autocommit: bool = False) -> psycopg.Connection:
        try:
            return psycopg.connect(self.target.url, autocommit=autocommit,
                                   connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise self.target.error("cannot connect", exc) from None

    def _run(self, work: Callable[[psycopg.Connection], T], *, transaction: bool = False) -> T:
        """Run ``work``, retrying a lost connection with back-off.

        Connections are in autocommit mode, so a lone statement costs no
        BEGIN and COMMIT round trips; ``transaction`` wraps the work in one.
        Only connection trouble is retried; any other database error is a
        bug or a broken database and ends in a StoreError at once.
        """
        if self._closed:
            raise StoreError(f"{self.location}: the store has been closed")

        def once() -> T:
            with self._pool.connection() as conn:
                if not transaction:
                    return work(conn)
                with conn.transaction():
                    return work(conn)

        return self._retrying(once, "connection lost")

    def _write(self, work: Callable[[psycopg.Connection], T], *, transaction: bool = True) -> T:
        """``_run`` for a change: this store's own answers are read afresh after it."""
        try:
            return self._run(work, transaction=transaction)
        finally:
            self._changed()

    def _changed(self) -> None:
        with self._cache_lock:
            self._generation += 1
            self._cache.clear()

    def _cached(self, key: tuple, load: Callable[[], T]) -> T:
        """``load()``, kept until this store writes or ``refresh`` hears of a change.

        The dashboard asks the same questions (the newest reports, each
        pane's events, the counts) after every change it hears of and every
        filter keystroke; on a big store each is a large query. Like the
        TinyDB store's in-memory index, the answers change only through
        this store's writes and ``refresh``.
        """
        with self._cache_lock:
            hit = self._cache.get(key)
            generation = self._generation
        if hit is not None:
            return hit
        value = load()
        with self._cache_lock:
            if self._generation == generation:
                self._cache[key] = value
        return value

    def _retrying(self, action: Callable[[], T], what: str) -> T:
        """``action()``, again after growing pauses while the server cannot be reached.

        Gives up after ``retry_for`` seconds with a StoreError; meanwhile
        ``trouble`` says what is happening, for the status bar.
        """
        started = time.monotonic()
        attempt = 0
        while True:
            try:
                result = action()
            except _RETRYABLE as exc:
                attempt += 1
                waited = time.monotonic() - started
                if waited >= self.retry_for:
                    self.trouble = None
                    raise self.target.error(
                        f"{what}, and not back after {waited:.0f} s", exc) from None
                delay = min(0.2 * 2 ** (attempt - 1), 5.0, max(self.retry_for - waited, 0.05))
                self.trouble = (f"store connection lost ({self.target.dbname} on "
                                f"{self.target.host}); retry {attempt} in {delay:.1f} s")
                time.sleep(delay)
            except psycopg.Error as exc:
                raise self.target.error("query failed", exc) from None
            else:
                if self.trouble is not None:
                    self.trouble = None
                return result

    # -- context manager -------------------------------------------------------

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._mutex:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
        self._pool.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.location!r}, user={self.user!r})"

    # -- writing -----------------------------------------------------------------

    def add(self, batch: Sequence[tuple[Report, Sequence[Event]]]) -> list[Report]:
        """Store the reports whose id is new, with their events; return those.

        One transaction: the reports, their events and the NOTIFY commit
        together or not at all.
        """
        unique: dict[str, tuple[Report, Sequence[Event]]] = {}
        for report, events in batch:
            unique.setdefault(report.id, (report, events))
        if not unique:
            return []
        pairs = list(unique.values())
        # Inserted in id order: two writers with overlapping batches then wait
        # for each other's rows in the same order and never deadlock.
        reports = sorted((r for r, _ in pairs), key=lambda r: r.id)
        events = [(r.id, n, ev.type, r.published, json.dumps(pg_rows.clean(ev.to_dict())))
                  for r, evs in pairs for n, ev in enumerate(evs)]
        params = {
            "ids": [r.id for r in reports], "feeds": [r.feed for r in reports],
            "titles": [pg_rows.clean(r.title) for r in reports],
            "bodies": [pg_rows.clean(r.text) for r in reports],
            "urls": [pg_rows.clean(r.url) for r in reports],
            "published": [r.published for r in reports],
            "guessed": [r.published_guessed for r in reports],
            "fetched": [r.fetched for r in reports],
            "on_topic": [r.on_topic for r in reports],
            "lengths": [len(r.text) for r in reports],
            "extras": [json.dumps(pg_rows.extra_of(r)) for r in reports],
            # What the TinyDB word index finds a report by: feed, title, text.
            "words": [pg_rows.lexemes(f"{r.feed}\n{r.full_text}") for r in reports],
            "ev_reports": [e[0] for e in events], "ev_n": [e[1] for e in events],
            "ev_types": [e[2] for e in events], "ev_published": [e[3] for e in events],
            "ev_data": [e[4] for e in events],
            "channel": pg_schema.REPORTS_CHANNEL, "chunk": pg_schema.NOTIFY_CHUNK,
            "longest": pg_schema.NOTIFY_LONGEST,
        }

        def work(conn: psycopg.Connection) -> list[Report]:
            fresh = set(conn.execute(pg_rows.ADD_SQL, params).fetchone()[0])
            return [r for r, _ in pairs if r.id in fresh]

        return self._write(work, transaction=False)

    def replace_events(self, items: Sequence[tuple[Report, Sequence[Event]]]) -> int:
        """Replace stored reports' events (and on-topic marks) with these; how many.

        One transaction, so a report keeps its old events until its new ones
        are committed. Reports not in the store are ignored.
        """
        latest = {report.id: (report, list(events)) for report, events in items}
        if not latest:
            return 0

        def work(conn: psycopg.Connection) -> int:
            cur = conn.cursor()
            cur.execute(
                "update reports r set on_topic = u.on_topic from unnest(%s::text[], %s::boolean[])"
                " as u(id, on_topic) where r.id = u.id returning r.id, r.published",
                ([rid for rid in latest], [r.on_topic for r, _ in latest.values()]))
            found = dict(cur.fetchall())
            if not found:
                return 0
            cur.execute("delete from events where report_id = any(%s)", (list(found),))
            rows = [(rid, n, ev.type, found[rid], json.dumps(pg_rows.clean(ev.to_dict())))
                    for rid in found for n, ev in enumerate(latest[rid][1])]
            _insert_events(cur, rows)
            _notify(cur, pg_schema.REPORTS_CHANNEL, list(found))
            return len(found)

        return self._write(work)

    def save_feed_states(self, states: Mapping[str, FeedState] | Iterable[FeedState]) -> None:
        """Record the given feeds' states; other feeds' states are kept."""
        values = list(states.values() if isinstance(states, Mapping) else states)
        if not values:
            return

        def work(conn: psycopg.Connection) -> None:
            cur = conn.cursor()
            cur.executemany(
                "insert into feed_states (name, state) values (%s, %s)"
                " on conflict (name) do update set state = excluded.state",
                [(s.name, Jsonb(pg_rows.clean(s.to_dict()))) for s in values],
            )
            _notify(cur, pg_schema.FEEDS_CHANNEL, [s.name for s in values])

        self._write(work)

    def remove_feed_state(self, name: str) -> None:
        def work(conn: psycopg.Connection) -> None:
            cur = conn.execute("delete from feed_states where name = %s", (name,))
            if cur.rowcount:
                _notify(cur, pg_schema.FEEDS_CHANNEL, [name])

        self._write(work)

    def mark_read(self, report_ids: Iterable[str]) -> None:
        """Remember that this user has read these reports; other users' marks are theirs."""
        wanted = list(dict.fromkeys(report_ids))
        if not wanted:
            return

        def work(conn: psycopg.Connection) -> None:
            cur = conn.execute(
                "insert into read_marks (username, report_id)"
                " select %s, r.id from reports r where r.id = any(%s) order by r.id"
                " on conflict do nothing", (self.user, wanted))
            if cur.rowcount:
                _notify(cur, pg_schema.READ_CHANNEL, [self.user])

        self._write(work)

    def mark_unread(self, report_ids: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(report_ids))
        if not wanted:
            return

        def work(conn: psycopg.Connection) -> None:
            cur = conn.execute(
                "delete from read_marks where username = %s and report_id = any(%s)",
                (self.user, wanted))
            if cur.rowcount:
                _notify(cur, pg_schema.READ_CHANNEL, [self.user])

        self._write(work)

    # -- reading -------------------------------------------------------------------

    def has(self, report_id: str) -> bool:
        return self._run(lambda conn: conn.execute(
            "select exists (select 1 from reports where id = %s)", (report_id,)).fetchone()[0])

    def report(self, report_id: str) -> Report | None:
        """The report with its body."""
        row = self._run(lambda conn: conn.execute(
            f"select {pg_rows.REPORT_SELECT}, body from reports where id = %s", (report_id,)).fetchone())
        if row is None:
            return None
        return pg_rows.report_from(row[:-1], row[-1])

    def iter_reports(self, since: datetime | None = None, batch: int = 500) -> Iterator[list[Report]]:
        """Every report with its body, oldest first, ``batch`` at a time.

        Keyset pagination (published, id): each batch is one short query, so
        no transaction stays open while the caller works through a batch.
        """
        if batch < 1:
            raise ValueError("batch must be at least 1")
        after: tuple[datetime, str] | None = None
        while True:
            where, params = [], {"batch": batch}
            if since is not None:
                where.append("published >= %(since)s")
                params["since"] = since
            if after is not None:
                where.append("(published, id) > (%(at)s, %(id)s)")
                params["at"], params["id"] = after
            sql = (f"select {pg_rows.REPORT_SELECT}, body from reports"
                   + (" where " + " and ".join(where) if where else "")
                   + " order by published, id limit %(batch)s")
            rows = self._run(lambda conn, sql=sql, params=params:
                             conn.execute(sql, params).fetchall())
            if not rows:
                return
            yield [pg_rows.report_from(row[:-1], row[-1]) for row in rows]
            after = (rows[-1][4], rows[-1][0])

    def unreadable(self) -> dict[str, str]:
        """Records skipped because they could not be read: none here, rows are typed."""
        return {}

    def reports(self, limit: int | None = None, feed: str | None = None) -> list[ReportMeta]:
        """Reports newest first (by published time, then id), without bodies."""
        if limit is not None and limit <= 0:
            return []
        sql = pg_rows.META_SELECT + (" where r.feed = %(feed)s" if feed is not None else "")
        sql += " order by r.published desc, r.id desc limit %(limit)s"
        params = {"user": self.user, "feed": feed, "limit": limit}
        return list(self._cached(("reports", limit, feed), lambda: [
            pg_rows.meta_from(row) for row in self._run(lambda conn: conn.execute(sql, params).fetchall())
        ]))

    def search(self, text: str, limit: int = 200) -> list[ReportMeta]:
        """Reports whose title or text hold every word of ``text``, newest first.

        As in the TinyDB store, the last word also matches as a prefix (of
        three letters or more), so results follow the typing; the GIN index
        on ``words`` answers it.
        """
        query = pg_rows.tsquery(text)
        if limit <= 0 or not query:
            return []
        sql = (pg_rows.META_SELECT + " where r.words @@ to_tsquery('simple', %(query)s)"
               " order by r.published desc, r.id desc limit %(limit)s")
        params = {"user": self.user, "query": query, "limit": limit}
        rows = self._run(lambda conn: conn.execute(sql, params).fetchall())
        return [pg_rows.meta_from(row) for row in rows]

    def events(self, type: str | None = None, limit: int | None = None) -> list[EventRecord]:
        """Events newest first (by their report's published time, then id)."""
        if limit is not None and limit <= 0:
            return []
        if type is not None and type not in EVENT_TYPES:
            return []
        sql = ("select e.report_id, e.n, e.data, r.feed, r.title, e.published"
               " from events e join reports r on r.id = e.report_id")
        if type is not None:
            sql += " where e.type = %(type)s"
        sql += " order by e.published desc, e.report_id desc, e.n limit %(limit)s"
        params = {"type": type, "limit": limit}

        def load() -> list[EventRecord]:
            rows = self._run(lambda conn: conn.execute(sql, params).fetchall())
            return [
                EventRecord(id=f"{rid}#{n}", report_id=rid, feed=feed, title=title,
                            published=published, event=decode_event(data))
                for rid, n, data, feed, title, published in rows
            ]

        return list(self._cached(("events", type, limit), load))

    def topic_marks(self) -> list[ReportMark]:
        """Every report's on-topic mark and link, newest first (what the
        situation picture needs of each report, in one narrow query)."""
        sql = "select id, on_topic, url from reports order by published desc, id desc"
        return list(self._cached(("marks",), lambda: [
            ReportMark(rid, on_topic, url)
            for rid, on_topic, url in self._run(lambda conn: conn.execute(sql).fetchall())
        ]))

    def records_for(self, report_ids: Iterable[str]) -> list[EventRecord]:
        """The events of these reports as records, each report's in its order."""
        ids = list(dict.fromkeys(report_ids))
        if not ids:
            return []
        rows = self._run(lambda conn: conn.execute(
            "select e.report_id, e.n, e.data, r.feed, r.title, e.published"
            " from events e join reports r on r.id = e.report_id"
            " where e.report_id = any(%s) order by array_position(%s, e.report_id), e.n",
            (ids, ids)).fetchall())
        return [EventRecord(id=f"{rid}#{n}", report_id=rid, feed=feed, title=title,
                            published=published, event=decode_event(data))
                for rid, n, data, feed, title, published in rows]

    def events_for(self, report_id: str) -> list[Event]:
        rows = self._run(lambda conn: conn.execute(
            "select data from events where report_id = %s order by n", (report_id,)).fetchall())
        return [decode_event(data) for (data,) in rows]

    def feed_states(self) -> dict[str, FeedState]:
        rows = self._run(lambda conn: conn.execute(
            "select name, state from feed_states").fetchall())
        return {name: FeedState.from_dict(state) for name, state in rows}

    def read_ids(self) -> set[str]:
        """The ids this user has marked read (for copying a store)."""
        rows = self._run(lambda conn: conn.execute(
            "select report_id from read_marks where username = %s", (self.user,)).fetchall())
        return {rid for (rid,) in rows}

    def unread_counts(self) -> dict[str, int]:
        """Unread reports by feed, for this user (feeds with none unread 0)."""
        rows = self._run(lambda conn: conn.execute(
            "select r.feed, count(*) filter (where not exists (select 1 from read_marks m"
            " where m.username = %s and m.report_id = r.id)) from reports r group by r.feed",
            (self.user,)).fetchall())
        return {feed: int(n) for feed, n in rows}

    def counts(self) -> StoreCounts:
        def work(conn: psycopg.Connection) -> StoreCounts:
            by_feed = dict(conn.execute(
                "select feed, count(*) from reports group by feed").fetchall())
            events = dict.fromkeys(EVENT_TYPES, 0)
            events.update(conn.execute(
                "select type, count(*) from events group by type").fetchall())
            return StoreCounts(sum(by_feed.values()), events, by_feed)

        counts = self._cached(("counts",), lambda: self._run(work))
        return StoreCounts(counts.reports, dict(counts.events), dict(counts.by_feed))

    # -- live ------------------------------------------------------------------------

    def refresh(self) -> bool:
        """True when other processes stored, polled or marked something since last time.

        Drains the notifications that arrived since the last call (one round
        trip on the listening connection). After a lost listening connection
        the answer is True, since notifications may have been missed.
        """
        with self._mutex:
            if self._closed:
                return False
            if self._listener is None or self._listener.closed:
                self._listen()
                self._changed()
                return True
            self.notified = set()
            try:
                self._listener.execute("select 1")
            except psycopg.OperationalError:
                self._listener.close()
                self._listen()
                self._changed()
                return True
            heard, self._heard = self._heard, False
            if heard:
                self._changed()
            return heard

    def _listen(self) -> None:
        def connect() -> psycopg.Connection:
            conn = psycopg.connect(self.target.url, autocommit=True,
                                   connect_timeout=CONNECT_TIMEOUT)
            try:
                conn.add_notify_handler(self._on_notify)
                for channel in pg_schema.CHANNELS:
                    conn.execute(f"listen {channel}")
            except BaseException:
                conn.close()
                raise
            return conn

        self._listener = self._retrying(connect, "cannot listen for new reports")

    def _on_notify(self, note: psycopg.Notify) -> None:
        self._heard = True
        if note.channel == pg_schema.REPORTS_CHANNEL:
            try:
                self.notified.update(json.loads(note.payload))
            except ValueError:
                pass

    # -- claims ------------------------------------------------------------------------

    @contextmanager
    def claim_feeds(self, names: Iterable[str]) -> Iterator[set[str]]:
        """Claim the feeds no other poller holds, for the length of the ``with``.

        Session advisory locks on a connection of its own: ending the
        session, even by a crash, frees them.
        """
        wanted = list(dict.fromkeys(names))
        conn = self._retrying(lambda: psycopg.connect(
            self.target.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT),
            "cannot claim feeds")
        try:
            claimed = {
                name for name in wanted
                if conn.execute("select pg_try_advisory_lock(hashtextextended(%s, 0))",
                                (pg_schema.FEED_LOCK_SPACE + name,)).fetchone()[0]
            }
            yield claimed
        finally:
            conn.close()

def _insert_events(cur: psycopg.Cursor, rows: list[tuple]) -> None:
    """Insert (report id, n, type, published, JSON) rows in one statement."""
    if rows:
        cur.execute(
            "insert into events (report_id, n, type, published, data)"
            " select u.r, u.n, u.t, u.p, u.d::jsonb from unnest(%s::text[],"
            " %s::integer[], %s::text[], %s::timestamptz[], %s::text[])"
            " as u(r, n, t, p, d)",
            [list(col) for col in zip(*rows, strict=True)],
        )


def _notify(cur: psycopg.Cursor, channel: str, items: Sequence[str]) -> None:
    """NOTIFY ``channel`` with ``items`` as JSON lists under the payload limit."""
    chunk: list[str] = []
    size = 2
    for item in items:
        cost = len(json.dumps(item).encode()) + 1
        if chunk and size + cost > pg_schema.MAX_PAYLOAD:
            cur.execute("select pg_notify(%s, %s)", (channel, json.dumps(chunk)))
            chunk, size = [], 2
        if cost + 2 > pg_schema.MAX_PAYLOAD:
            continue  # an id this long cannot be announced; refresh still reports a change
        chunk.append(item)
        size += cost
    if chunk or not items:
        cur.execute("select pg_notify(%s, %s)", (channel, json.dumps(chunk)))


def check_version(conn: psycopg.Connection, target: Target) -> int:
    """The schema version, or a StoreError saying what to do; changes nothing."""
    with conn.cursor() as cur:
        version = pg_schema.installed_version(cur)
    conn.rollback()
    if version is None:
        raise target.error("holds no sitrep store yet; create it with `sitrep store migrate`")
    if version > pg_schema.SCHEMA_VERSION:
        raise target.error(
            f"schema version {version} is newer than this sitrep reads "
            f"({pg_schema.SCHEMA_VERSION}); upgrade sitrep. Nothing was changed")
    if version < 1:
        raise target.error(f"unknown schema version {version}; nothing was changed")
    if version < pg_schema.SCHEMA_VERSION:
        raise target.error(
            f"schema version {version} is older than this sitrep's "
            f"({pg_schema.SCHEMA_VERSION}); run `sitrep store migrate`")
    return version


def migrate(url: str) -> tuple[int | None, int]:
    """Bring the database's schema to this sitrep's version; (before, after).

    Refuses, changing nothing, a version it does not know. Concurrent
    migrations wait for each other on an advisory lock.
    """
    target = Target.parse(url)
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise target.error("cannot connect", exc) from None
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(%s)", (pg_schema.MIGRATE_LOCK,))
            before = pg_schema.installed_version(cur)
            if before is not None and before > pg_schema.SCHEMA_VERSION:
                raise target.error(
                    f"schema version {before} is newer than this sitrep knows "
                    f"({pg_schema.SCHEMA_VERSION}); upgrade sitrep. Nothing was changed")
            if before is not None and before < 1:
                raise target.error(f"unknown schema version {before}; nothing was changed")
            pg_schema.apply(cur, pg_schema.pending(before))
        return before, pg_schema.SCHEMA_VERSION
    except psycopg.Error as exc:
        raise target.error("migration failed; nothing was changed", exc) from None
    finally:
        conn.close()

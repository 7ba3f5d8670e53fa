"""The store: reports, their events and the feeds' state, shared by processes.

Layout of the store directory::

    meta.json            schema version, feed states, read marks by user (TinyDB)
    segments/seg-NNNNNN.json
                         metadata and events of up to ``segment_size``
                         reports (TinyDB, tables "reports" and "events")
    index/seg-NNNNNN.json
                         the words of that segment's reports, for ``search``
                         (see ``sitrep.store.search_index``)
    ids/seg-NNNNNN.json
                         the ids in that segment (once it is full) and the
                         segment version they were taken from: with the
                         newest segment, all that deduplication needs
    bodies/<batch>.json  the texts of one added batch, written once (TinyDB)
    store.lock           the lock every writer holds
    claims/              a lock file per feed being polled (see ``claims``)

Why segments: TinyDB rewrites its whole file on every write, which made a
single-file store of 50,000 reports take seconds per insert. Here a batch
rewrites only the newest segment and writes one new body file, and bodies,
the bulk of the data, are never rewritten nor read at start-up.

Every file is replaced atomically (see ``sitrep.store.storage``), bodies before the
metadata pointing at them, so a process killed at any moment leaves a store
holding every report whose ``add`` had returned. Writers take the file lock
and re-read what other processes wrote before deduplicating, so the
dashboard, ``sitrep poll`` and ``sitrep ingest`` can run side by side.
Readers need no lock: every file they read is a complete version.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB

from sitrep.domain.heap import collector_paused
from sitrep.domain.models import EVENT_TYPES, Event, EventRecord, FeedState, Report, ReportMark, ReportMeta
from sitrep.store.claims import claim_files
from sitrep.store.errors import StoreError
from sitrep.store.records import (
    Brief,
    decode_records,
    in_report_order,
    StoreCounts,
    body_doc,
    events_doc,
    meta_doc,
    pack_meta,
    report_from,
    report_brief,
    report_meta,
    unpack_meta,
    utc_iso,
)
from sitrep.store.search_index import INDEX_DIR, SegmentIndex, query_words
from sitrep.store.storage import (
    TMP_SUFFIX,
    AtomicJSONStorage,
    FileSig,
    dump,
    read_json,
    stat_sig,
    write_atomic,
    write_many_atomic,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
META_FILE = "meta.json"
META_BACKUP = "meta.backup.json"
SEGMENT_DIR = "segments"
BODY_DIR = "bodies"
IDS_DIR = "ids"
LOCK_FILE = "store.lock"
DEFAULT_SEGMENT_SIZE = 1000
_SEGMENT_NAME = re.compile(r"seg-(\d{6,})\.json")
_BODY_CACHE_FILES = 8
_INDEX_CACHE_FILES = 32  # index files kept parsed: ~2 MB each for 1,000 reports of 600 words
_REPORT_KEYS = frozenset({"id", "feed", "published", "body", "meta"})
_EVENT_KEYS = frozenset({"report", "types", "events"})


def _indexed_text(report: Report) -> str:
    """What ``search`` finds a report by: its feed's name, title and text."""
    return f"{report.feed}\n{report.full_text}"


@dataclass(slots=True)
class _Segment:
    path: Path
    sig: FileSig
    data: dict[str, Any] | None  # None: only its ids are loaded (see _load_ids)
    ids: list[str]  # the reports this segment contributed to the index
    size: int  # report documents in the file


def ids_path(segment: Path) -> Path:
    """The segment's id list (``ids/seg-NNNNNN.json``): what deduplication
    needs, without the rest."""
    return segment.parent.parent / IDS_DIR / segment.name


class Store:
    """A directory of TinyDB files holding reports, events and feed states.

    Opening reads only each segment's id list (``seg-NNNNNN.ids.json``),
    which is all ``has`` and ``add`` need, so a short-lived process
    (``sitrep ingest``, ``sitrep poll``) pays little for a large store; the
    first call that lists or reads reports loads metadata and events
    (bodies load one at a time in ``report``). The
    in-memory index changes only in ``add``/``mark_read``/... and
    ``refresh``, which is what picks up other processes' writes.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        segment_size: int = DEFAULT_SEGMENT_SIZE,
        lock_timeout: float = 30.0,
        user: str | None = None,
    ) -> None:
        if segment_size < 1:
            raise ValueError("segment_size must be at least 1")
        self.path = Path(path)
        self.location = str(self.path)
        # Whose read marks ``reports`` shows; marks written before stores
        # knew users (no "user" key) count as everybody's.
        self.user = user
        self.trouble: str | None = None  # a local store has no connection to lose
        self.segment_size = segment_size
        self._meta_path = self.path / META_FILE
        self._backup_path = self.path / META_BACKUP
        self._segment_dir = self.path / SEGMENT_DIR
        self._body_dir = self.path / BODY_DIR
        self._index_dir = self.path / INDEX_DIR
        self._ids_dir = self.path / IDS_DIR
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: expected a store directory, found a file")
        try:
            for folder in (self.path, self._segment_dir, self._body_dir, self._ids_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the store ({exc.strerror})") from exc
        self._lock_timeout = lock_timeout
        self._lock = FileLock(str(self.path / LOCK_FILE), timeout=lock_timeout)
        # Guards the index against threads of this process (a poll worker
        # adding while the UI reads); the file lock guards against processes.
        self._mutex = threading.RLock()
        self._closed = False
        self._swept = False

        self._meta_sig: FileSig | None = None
        self._feed_states: dict[str, FeedState] = {}
        self._read: set[str] = set()

        self._segments: dict[int, _Segment] = {}
        self._docs: dict[str, dict[str, Any]] = {}  # complete only once _full
        self._ids: set[str] = set()  # every stored report id, always complete
        self._full = False
        self._stale_ids: set[int] = set()  # segments whose id list needs rewriting
        self._events: dict[str, dict[str, Any]] = {}  # report id -> its events document
        self._order: list[str] | None = None
        self._marks: list[ReportMark] | None = None  # topic_marks(), until a segment changes
        self._counts: StoreCounts | None = None
        self._meta_cache: dict[str, ReportMeta] = {}
        self._brief_cache: dict[str, tuple[str, datetime, Brief]] = {}  # see records.Brief
        self._record_cache: dict[str, dict[str, list[EventRecord]]] = {}  # id -> kind -> records
        self._bodies: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._summaries: dict[str, dict[str, str]] = {}  # body file -> id -> feed summary
        self._indexes: OrderedDict[int, SegmentIndex] = OrderedDict()
        # Records that could not be read (report id -> why), found while
        # listing; they are skipped, and the caller names them once.
        self._unreadable: dict[str, str] = {}
        # What opening had to repair, for the user (also logged).
        self.notices: list[str] = []

        self._open_meta()
        self._refresh_segments()

    # -- context manager -------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the caches and refuse further writes; no file is held open between calls."""
        with self._mutex:
            self._closed = True
            self._bodies.clear()
            self._summaries.clear()
            self._meta_cache.clear()
            self._brief_cache.clear()
            self._marks = None
            self._record_cache.clear()
            self._indexes.clear()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, reports={len(self._ids)})"

    # -- writing ---------------------------------------------------------

    def add(self, batch: Sequence[tuple[Report, Sequence[Event]]]) -> list[Report]:
        """Store the reports not seen before, with their events; return those.

        The whole batch costs one body file and one rewrite of the newest
        segment (two when it fills up), whatever its size.
        """
        batch = list(batch)
        if not batch:
            return []
        with self._mutex, self._locked():
            self._refresh_meta()  # refuses a store a newer sitrep has taken over
            self._refresh_segments()
            new: list[tuple[Report, list[Event]]] = []
            seen: set[str] = set()
            for report, events in batch:
                if report.id in self._ids or report.id in seen:
                    continue
                seen.add(report.id)
                new.append((report, list(events)))
            if not new:
                return []
            self._write_batch(new)
            self._write_stale_ids()
            return [r for r, _ in new]

    def replace_events(self, items: Sequence[tuple[Report, Sequence[Event]]]) -> int:
        """Replace stored reports' events (and on-topic marks) with these.

        How a new extractor or profile reaches stored reports (``sitrep
        reread``). Every segment the batch touches is rewritten in one
        all-or-nothing write under the lock, so a report keeps its old
        events until its new ones are on disk. Reports not in the store are
        ignored; returns how many were updated.
        """
        items = list(items)
        if not items:
            return 0
        with self._mutex, self._locked():
            self._refresh_meta()
            self._refresh_segments()
            self._load_all()  # rewriting a segment needs all of it
            where: dict[str, int] = {}
            for number, segment in self._segments.items():
                for rid in segment.ids:
                    where[rid] = number
            by_segment: dict[int, dict[str, tuple[Report, list[Event]]]] = {}
            for report, events in items:
                number = where.get(report.id)
                if number is not None:
                    by_segment.setdefault(number, {})[report.id] = (report, list(events))
            if not by_segment:
                return 0
            staged = [
                (number, self._segments[number].path, _with_events(self._segments[number].data, changes))
                for number, changes in sorted(by_segment.items())
            ]
            sigs = write_many_atomic([(path, dump(data)) for _, path, data in staged])
            for (number, path, data), sig in zip(staged, sigs):
                self._install_segment(number, path, sig, data)
            return sum(len(changes) for changes in by_segment.values())

    def save_feed_states(self, states: Mapping[str, FeedState] | Iterable[FeedState]) -> None:
        """Record the given feeds' states; other feeds' states are kept."""
        values = list(states.values() if isinstance(states, Mapping) else states)
        if not values:
            return
        feed = Query()

        def change(db: TinyDB) -> None:
            table = db.table("feeds")
            for state in values:
                table.upsert(state.to_dict(), feed.name == state.name)

        self._change_meta(change)

    def remove_feed_state(self, name: str) -> None:
        feed = Query()
        self._change_meta(lambda db: db.table("feeds").remove(feed.name == name))

    def mark_read(self, report_ids: Iterable[str]) -> None:
        """Remember that the user has read these reports (kept across runs).

        Reports already marked cost nothing: no lock, no write.
        """
        wanted = [rid for rid in dict.fromkeys(report_ids) if rid not in self._read]
        if not wanted:
            return

        def change(db: TinyDB) -> None:
            fresh = [rid for rid in wanted if rid not in self._read]
            if fresh:
                db.table("read").insert_multiple(self._read_doc(rid) for rid in fresh)

        self._change_meta(change)

    def _read_doc(self, rid: str) -> dict[str, str]:
        return {"id": rid} if self.user is None else {"id": rid, "user": self.user}

    def claim_feeds(self, names: Iterable[str]):
        """Claim the feeds no other process is polling, for the length of a ``with``."""
        return claim_files(self.path / "claims", names)

    def mark_unread(self, report_ids: Iterable[str]) -> None:
        """Forget that the user read these reports, so they count as unread again."""
        wanted = set(report_ids)
        if not wanted:
            return
        read = Query()
        # This user's marks, and marks from before stores knew users.
        mine = (read.user == self.user) | ~read.user.exists()
        self._change_meta(lambda db: db.table("read").remove(read.id.one_of(list(wanted)) & mine))

    # -- reading ---------------------------------------------------------

    def unread_counts(self) -> dict[str, int]:
        """Unread reports by feed, over the whole store (feeds with none read 0)."""
        with self._mutex:
            self._load_all()
            read = self._read
            counts = dict.fromkeys((doc["feed"] for doc in self._docs.values()), 0)
            for rid, doc in self._docs.items():
                if rid not in read:
                    counts[doc["feed"]] += 1
            return counts

    def search(self, text: str, limit: int = 200) -> list[ReportMeta]:
        """Reports whose title, text or feed name holds every word of ``text``, newest first.

        The last word also matches as a prefix, so results follow typing.
        Reads the word index only, never a body (unless a segment's index
        is missing, as in a store written before the index existed: it is
        rebuilt once from the bodies).
        """
        words = query_words(text)
        if not words or limit <= 0:
            return []
        with self._mutex:
            self._load_all()
            docs = self._docs
            found: list[tuple[str, str]] = []  # (published, id)
            # Segments newest first; once ``limit`` results are in hand, a
            # segment holding nothing newer than the last of them is skipped,
            # so a common word reads one or two index files, not all.
            for newest, number in self._segments_by_time():
                if len(found) >= limit:
                    found.sort(reverse=True)
                    del found[limit:]
                    if newest < found[-1][0]:
                        break
                index = self._segment_index(number)
                found.extend((docs[rid]["published"], rid) for rid in index.match(words)
                             if rid in docs)
            found.sort(reverse=True)
            with collector_paused():
                return [self._meta(rid, docs[rid]) for _, rid in found[:limit]]

    def _segments_by_time(self) -> list[tuple[str, int]]:
        """(newest published time, number) of every segment, newest first."""
        out = []
        for number, segment in self._segments.items():
            times = [self._docs[rid]["published"] for rid in segment.ids if rid in self._docs]
            if times:
                out.append((max(times), number))
        return sorted(out, reverse=True)

    def has(self, report_id: str) -> bool:
        return report_id in self._ids

    def report(self, report_id: str) -> Report | None:
        """The report with its body, which is read from disk now."""
        with self._mutex:
            self._load_all()
            doc = self._docs.get(report_id)
            if doc is None:
                return None
            texts = self._body_texts(doc["body"])
            text = texts.get(report_id)
            if text is None:
                raise StoreError(
                    f"{self._body_dir / doc['body']}: has no text for report {report_id!r}"
                )
            try:
                return report_from(doc, text, self._summaries.get(doc["body"], {}).get(report_id, ""))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise StoreError(f"report {report_id!r}: unreadable record ({_why(exc)})") from None

    def iter_reports(self, since: datetime | None = None, batch: int = 500) -> Iterator[list[Report]]:
        """Every report with its body, oldest first, ``batch`` at a time.

        Memory stays bounded: only the ids are listed up front, bodies are
        read a batch at a time (through the small body-file cache). With
        ``since``, only reports published at or after it. A record that
        cannot be read is skipped and noted in :meth:`unreadable`.
        """
        if batch < 1:
            raise ValueError("batch must be at least 1")
        with self._mutex:
            self._load_all()
            floor = utc_iso(since) if since is not None else None
            ids = [
                rid for rid in reversed(self._sorted_ids())
                if floor is None or _published(self._docs[rid]) >= floor
            ]
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            loaded: dict[str, Report] = {}
            with self._mutex:
                # Grouped by body file, so each file is parsed once per batch
                # however the batch's reports interleave in time.
                for rid in sorted(chunk, key=lambda r: str(self._docs.get(r, {}).get("body", ""))):
                    try:
                        report = self.report(rid)
                    except StoreError as exc:
                        self._unreadable[rid] = str(exc)
                        continue
                    if report is not None:
                        loaded[rid] = report
            out = [loaded[rid] for rid in chunk if rid in loaded]
            if out:
                yield out

    def unreadable(self) -> dict[str, str]:
        """Records skipped so far because they could not be read: id -> why."""
        with self._mutex:
            return dict(self._unreadable)

    def reports(self, limit: int | None = None, feed: str | None = None) -> list[ReportMeta]:
        """Reports newest first (by published time, then id), without bodies."""
        with self._mutex:
            self._load_all()
            out: list[ReportMeta] = []
            if limit is not None and limit <= 0:
                return out
            with collector_paused():
                for rid in self._sorted_ids():
                    doc = self._docs[rid]
                    if feed is not None and doc["feed"] != feed:
                        continue
                    meta = self._readable_meta(rid, doc)
                    if meta is None:
                        continue
                    out.append(meta)
                    if limit is not None and len(out) >= limit:
                        break
            return out

    def events(self, type: str | None = None, limit: int | None = None) -> list[EventRecord]:
        """Events newest first (by their report's published time, then id)."""
        with self._mutex:
            self._load_all()
            out: list[EventRecord] = []
            if limit is not None and limit <= 0:
                return out
            docs = self._events
            with collector_paused():
                for rid in self._sorted_ids():
                    doc = docs.get(rid)
                    if doc is None or (type is not None and type not in doc["types"]):
                        continue
                    try:
                        if type is None:
                            out += self._records(rid)
                        else:
                            out += self._kind_records(rid, doc, type)
                    except (KeyError, TypeError, ValueError, AttributeError) as exc:
                        self._unreadable[rid] = _why(exc)
                        continue
                    if limit is not None and len(out) >= limit:
                        return out[:limit]
            return out

    def topic_marks(self) -> list[ReportMark]:
        """Every report's on-topic mark and link, newest first: what the
        situation picture needs of each report, read without building a
        ReportMeta for each (a third of the time on a big store)."""
        with self._mutex:
            self._load_all()
            if self._marks is None:
                out: list[ReportMark] = []
                with collector_paused():
                    for rid in self._sorted_ids():
                        try:
                            _, _, brief = self._brief(rid)
                        except (KeyError, TypeError, ValueError, AttributeError) as exc:
                            self._unreadable[rid] = _why(exc)
                            continue
                        out.append(ReportMark(rid, brief.on_topic, brief.url))
                # Kept: each view asks again as it opens (a reread may have changed them).
                self._marks = out
            return list(self._marks)

    def records_for(self, report_ids: Iterable[str]) -> list[EventRecord]:
        """The events of these reports as records, each report's in its
        order (unknown or unreadable reports give none): what a picture
        brought up to date after a poll reads."""
        with self._mutex:
            self._load_all()
            out: list[EventRecord] = []
            for rid in report_ids:
                if rid not in self._docs:
                    continue
                try:
                    out += self._records(rid)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    self._unreadable[rid] = _why(exc)
            return out

    def events_for(self, report_id: str) -> list[Event]:
        with self._mutex:
            self._load_all()
            if report_id not in self._docs:
                return []
            try:
                return [record.event for record in self._records(report_id)]
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self._unreadable[report_id] = _why(exc)
                return []

    def read_ids(self) -> set[str]:
        """The ids this user has marked read."""
        with self._mutex:
            return set(self._read)

    def feed_states(self) -> dict[str, FeedState]:
        with self._mutex:
            return {name: dataclasses.replace(state) for name, state in self._feed_states.items()}

    def counts(self) -> StoreCounts:
        with self._mutex:
            self._load_all()
            if self._counts is None:
                events = dict.fromkeys(EVENT_TYPES, 0)
                for doc in self._events.values():
                    for kind in doc["types"]:
                        events[kind] = events.get(kind, 0) + 1
                by_feed = Counter(doc["feed"] for doc in self._docs.values())
                self._counts = StoreCounts(len(self._docs), events, dict(by_feed))
            c = self._counts
            return StoreCounts(c.reports, dict(c.events), dict(c.by_feed))

    def refresh(self) -> bool:
        """Pick up other processes' writes; a few stat calls when there are none."""
        with self._mutex:
            changed = self._refresh_meta()
            return self._refresh_segments() or changed

    # -- locking -----------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self._closed:
            raise StoreError(f"{self.path}: the store has been closed")
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise StoreError(
                f"{self.path / LOCK_FILE}: another sitrep process has held the store "
                f"for over {self._lock_timeout:g} s"
            ) from exc
        except OSError as exc:
            raise StoreError(f"{self.path / LOCK_FILE}: cannot be locked ({exc})") from exc
        try:
            if not self._swept:
                self._sweep_temporaries()
            yield
        finally:
            self._lock.release()

    def _sweep_temporaries(self) -> None:
        """Remove temp files left by killed writers; safe only under the lock."""
        self._swept = True
        for folder in (self.path, self._segment_dir, self._body_dir, self._index_dir, self._ids_dir):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(TMP_SUFFIX):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass

    # -- meta.json ---------------------------------------------------------

    def _open_meta(self) -> None:
        loaded = read_json(self._meta_path)
        if loaded is None:
            loaded = self._recover_meta()
        self._apply_meta(*loaded)

    def _recover_meta(self) -> tuple[FileSig, dict[str, Any]]:
        """Create meta.json, or bring it back from its backup link.

        Every meta.json written is also hard-linked as meta.backup.json (no
        copy, the same file), so deleting meta.json loses nothing: the
        backup is restored, and the user told. Without a backup, a store
        that holds reports has lost its feed states and read marks, and
        says so; only a new store is created silently.
        """
        with self._locked():
            loaded = read_json(self._meta_path)
            if loaded is not None:
                return loaded
            backup = read_json(self._backup_path)
            if backup is not None:
                sig = write_atomic(self._meta_path, dump(backup[1]))
                self._keep_backup()
                self._notice(f"{self._meta_path}: was missing; restored from {self._backup_path.name} "
                             "(feed states and read marks kept)")
                return sig, backup[1]
            if any(_SEGMENT_NAME.fullmatch(e.name) for e in os.scandir(self._segment_dir)):
                self._notice(f"{self._meta_path}: was missing and has no backup; recreated, so feed "
                             "states and read marks are lost (every feed will be polled afresh)")
            db = TinyDB(self._meta_path, storage=AtomicJSONStorage)
            db.table("store").insert({"schema": SCHEMA_VERSION})
            self._keep_backup()
            return db.storage.sig, db.storage.data

    def _keep_backup(self) -> None:
        """Point meta.backup.json at the current meta.json (a hard link)."""
        tmp = self._backup_path.with_name(f".{META_BACKUP}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")
        try:
            os.link(self._meta_path, tmp)
            os.replace(tmp, self._backup_path)
        except OSError:  # no hard links here, or a read-only store: no backup
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        log.warning("%s", message)

    def _refresh_meta(self) -> bool:
        if stat_sig(self._meta_path) == self._meta_sig:
            return False
        loaded = read_json(self._meta_path)
        if loaded is None:
            loaded = self._recover_meta()
        self._apply_meta(*loaded)
        return True

    def _apply_meta(self, sig: FileSig, data: dict[str, Any]) -> None:
        where = self._meta_path
        try:
            versions = [doc.get("schema") for doc in data.get("store", {}).values()]
        except AttributeError:
            versions = []
        if len(versions) != 1 or not isinstance(versions[0], int):
            raise StoreError(f"{where}: records no schema version; not a sitrep store, left untouched")
        version = versions[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{where}: schema version {version} is newer than this sitrep reads "
                f"({SCHEMA_VERSION}); upgrade sitrep. The store was left untouched"
            )
        if version < 1:
            raise StoreError(f"{where}: unknown schema version {version}; left untouched")
        try:
            states = {
                doc["name"]: FeedState.from_dict(doc) for doc in data.get("feeds", {}).values()
            }
            read = {doc["id"] for doc in data.get("read", {}).values()
                    if doc.get("user", self.user) == self.user}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{where}: unexpected content ({exc!r}); left untouched") from exc
        self._meta_sig = sig
        self._feed_states = states
        if read != self._read:
            for rid in read ^ self._read:
                self._meta_cache.pop(rid, None)
            self._read = read

    def _change_meta(self, change: Callable[[TinyDB], object]) -> None:
        """Apply ``change(db)`` to meta.json under the lock, as one write.

        meta.json is re-read from disk first (not trusted from memory): it is
        small, and a rewrite that keeps its size could otherwise go unnoticed.
        """
        with self._mutex, self._locked():
            self._meta_sig = None
            self._refresh_meta()
            db = TinyDB(self._meta_path, storage=AtomicJSONStorage)
            with db.storage.deferred():
                change(db)
            if db.storage.sig is None or db.storage.data is None:
                return  # the change turned out to change nothing
            self._keep_backup()
            self._apply_meta(db.storage.sig, db.storage.data)

    # -- segments ----------------------------------------------------------

    def _segment_path(self, number: int) -> Path:
        return self._segment_dir / f"seg-{number:06d}.json"

    def _refresh_segments(self) -> bool:
        try:
            entries = list(os.scandir(self._segment_dir))
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise StoreError(f"{self._segment_dir}: cannot be listed ({exc.strerror})") from exc
        found = []
        for entry in entries:
            match = _SEGMENT_NAME.fullmatch(entry.name)
            if match:
                found.append((int(match.group(1)), entry))
        changed = False
        with collector_paused():
            for number, entry in sorted(found, key=lambda item: item[0]):
                changed = self._load_segment(number, entry) or changed
        return changed

    def _load_segment(self, number: int, entry: os.DirEntry) -> bool:
        try:
            sig = FileSig.of(entry.stat())
        except FileNotFoundError:
            return False
        known = self._segments.get(number)
        if known is not None and known.sig == sig:
            return False
        path = Path(entry.path)
        if not self._full and self._load_ids(number, path, sig):
            return True
        loaded = read_json(path)
        if loaded is None:
            return False
        self._install_segment(number, path, *loaded)
        return True

    def _load_ids(self, number: int, path: Path, sig: FileSig) -> bool:
        """Index a segment by its id list alone, if that list is of this version.

        The list records the signature of the segment version it was made
        from; one written by a process killed in between, or by an older
        sitrep, does not match and the segment is read whole instead.
        """
        try:
            loaded = read_json(ids_path(path))
        except StoreError:
            return False
        if loaded is None:
            return False
        data = loaded[1]
        try:
            if FileSig(*data["segment"]) != sig:
                return False
            ids, size = data["ids"], data["size"]
            if not isinstance(ids, list) or not isinstance(size, int):
                return False
        except (KeyError, TypeError, ValueError):
            return False
        self._forget_segment(number)
        self._segments[number] = _Segment(path, sig, None, ids, size)
        self._ids.update(ids)
        self._order = None
        self._marks = None
        self._counts = None
        return True

    def _load_all(self) -> None:
        """Load metadata and events of every segment known only by its ids."""
        if self._full:
            return
        self._full = True
        with collector_paused():
            for number in sorted(self._segments):
                segment = self._segments[number]
                if segment.data is not None:
                    continue
                loaded = read_json(segment.path)
                if loaded is None:
                    raise StoreError(f"{segment.path}: has disappeared from the store")
                self._install_segment(number, segment.path, *loaded)

    def _forget_segment(self, number: int) -> None:
        old = self._segments.pop(number, None)
        if old is None:
            return
        # A segment known by its ids only has put nothing else in the index.
        for rid in old.ids if old.data is not None else ():
            self._docs.pop(rid, None)
            self._events.pop(rid, None)
            self._meta_cache.pop(rid, None)
            self._brief_cache.pop(rid, None)
            self._record_cache.pop(rid, None)
        self._ids.difference_update(old.ids)

    def _write_stale_ids(self) -> None:
        """Write the id lists that are missing or out of date; under the lock.

        Only full segments get one: the newest segment is rewritten by every
        add (so its list would cost a third file write each time) and is
        read whole by the next add anyway; one segment is a small part of a
        big store.
        """
        for number in sorted(self._stale_ids):
            segment = self._segments.get(number)
            if segment is None or segment.data is None or stat_sig(segment.path) != segment.sig:
                continue
            if segment.size < self.segment_size:
                continue
            ids = [doc["id"] for doc in segment.data.get("reports", {}).values()]
            write_atomic(ids_path(segment.path), dump({"segment": list(segment.sig),
                                                       "size": segment.size, "ids": ids}))
        self._stale_ids.clear()

    def _install_segment(self, number: int, path: Path, sig: FileSig, data: dict) -> None:
        """Put a segment's contents into the index, replacing its older version."""
        self._forget_segment(number)
        docs = self._docs
        ids: list[str] = []
        try:
            for doc in data.get("reports", {}).values():
                rid = doc["id"]
                if rid in docs:
                    continue  # already held by an earlier segment
                if not _REPORT_KEYS <= doc.keys():
                    raise KeyError(", ".join(sorted(_REPORT_KEYS - doc.keys())))
                docs[rid] = doc
                ids.append(rid)
            mine = set(ids)
            events = self._events
            for doc in data.get("events", {}).values():
                rid = doc["report"]
                if rid in mine:
                    if not _EVENT_KEYS <= doc.keys():
                        raise KeyError(", ".join(sorted(_EVENT_KEYS - doc.keys())))
                    if not isinstance(doc["types"], list) or not isinstance(doc["events"], str):
                        # One damaged record: the report shows without events.
                        self._unreadable[rid] = "damaged events record"
                        continue
                    events[rid] = doc
        except (KeyError, TypeError, AttributeError) as exc:
            for rid in ids:
                docs.pop(rid, None)
                self._events.pop(rid, None)
            raise StoreError(f"{path}: unexpected content ({exc!r}); left untouched") from exc
        reports = data.get("reports", {})
        self._segments[number] = _Segment(path, sig, data, ids, len(reports))
        self._ids.update(doc["id"] for doc in reports.values())
        self._stale_ids.add(number)
        self._order = None
        self._marks = None
        self._counts = None

    def _plan(self, new: list[tuple[Report, list[Event]]]) -> Iterator[tuple[int, list]]:
        """Split a batch over the newest segment's free room and new segments."""
        number = max(self._segments, default=0)
        room = self.segment_size - self._segments[number].size if number else 0
        start = 0
        if room > 0:
            start = min(room, len(new))
            yield number, new[:start]
        while start < len(new):
            number += 1
            yield number, new[start : start + self.segment_size]
            start += self.segment_size

    def _write_batch(self, new: list[tuple[Report, list[Event]]]) -> None:
        """Write a batch's body file and segments all or nothing.

        Everything is staged in memory and written by one
        :func:`write_many_atomic`: a full disk mid-batch leaves the store
        exactly as it was, never a part of the batch. The body file is
        replaced first, so no segment ever points at a missing body.
        """
        name = f"{time.time_ns():016x}-{secrets.token_hex(4)}.json"
        body_path = self._body_dir / name
        bodies = _staged(body_path, None, lambda db: db.table("bodies").insert_multiple(
            body_doc(report) for report, _ in new))
        staged = []
        for number, chunk in self._plan(new):
            # The index first: one naming a report the segment lacks is
            # harmless (search skips it); the other way round would hide it.
            self._index_chunk(number, [(r.id, _indexed_text(r)) for r, _ in chunk])
            path = self._segment_path(number)
            segment = self._segments.get(number)
            known = (segment.sig, segment.data) if segment is not None and segment.data is not None else None
            staged.append((number, path, _staged(path, known, _inserting(chunk, name))))
        sigs = write_many_atomic([(body_path, dump(bodies))] + [(p, dump(d)) for _, p, d in staged])
        self._cache_body(name, {report.id: report.text for report, _ in new},
                         {report.id: report.summary for report, _ in new if report.summary})
        for (number, path, data), sig in zip(staged, sigs[1:]):
            self._install_segment(number, path, sig, data)

    # -- word index --------------------------------------------------------

    def _index_path(self, number: int) -> Path:
        return self._index_dir / f"seg-{number:06d}.json"

    def _cached_index(self, number: int) -> SegmentIndex | None:
        """The segment's index as on disk now (re-read if another process changed it)."""
        path = self._index_path(number)
        index = self._indexes.get(number)
        sig = stat_sig(path)
        if index is None or (sig is not None and sig != index.sig):
            index = SegmentIndex.load(path) if sig is not None else index
        if index is not None:
            self._indexes[number] = index
            self._indexes.move_to_end(number)
            while len(self._indexes) > _INDEX_CACHE_FILES:
                self._indexes.popitem(last=False)
        return index

    def _index_chunk(self, number: int, documents: list[tuple[str, str]]) -> None:
        """Add a batch's words to its segment's index file; under the lock."""
        index = self._cached_index(number) or SegmentIndex()
        index.add(documents)
        self._save_index(number, index)
        self._indexes[number] = index

    def _save_index(self, number: int, index: SegmentIndex) -> None:
        # Made on first use, so an older store opened read-only still opens.
        try:
            self._index_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self._index_dir}: cannot be created ({exc.strerror})") from exc
        index.save(self._index_path(number))

    def _segment_index(self, number: int) -> SegmentIndex:
        """The index of a segment, completed from the bodies where it lacks reports."""
        index = self._cached_index(number) or SegmentIndex()
        covered = set(index.ids)
        missing = [rid for rid in self._segments[number].ids if rid not in covered]
        if not missing:
            return index
        documents = [(rid, _indexed_text(report)) for rid in missing
                     if (report := self.report(rid)) is not None]
        try:
            with self._locked():
                index = self._cached_index(number) or SegmentIndex()
                index.add(documents)
                self._save_index(number, index)
        except (StoreError, OSError):
            index.add(documents)  # a store we may not write: searched from memory
        self._indexes[number] = index
        return index

    # -- bodies ------------------------------------------------------------

    def _body_texts(self, name: str) -> dict[str, str]:
        texts = self._bodies.get(name)
        if texts is not None:
            self._bodies.move_to_end(name)
            return texts
        path = self._body_dir / name
        loaded = read_json(path)
        if loaded is None:
            raise StoreError(f"{path}: report text file is missing from the store")
        try:
            docs = loaded[1].get("bodies", {}).values()
            texts = {doc["id"]: doc["text"] for doc in docs}
            summaries = {doc["id"]: doc["summary"] for doc in docs if doc.get("summary")}
        except (KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"{path}: unexpected content ({exc!r})") from exc
        self._cache_body(name, texts, summaries)
        return texts

    def _cache_body(self, name: str, texts: dict[str, str], summaries: dict[str, str]) -> None:
        self._bodies[name] = texts
        self._summaries[name] = summaries
        while len(self._bodies) > _BODY_CACHE_FILES:
            old, _ = self._bodies.popitem(last=False)
            self._summaries.pop(old, None)

    # -- derived views -------------------------------------------------------

    def _sorted_ids(self) -> list[str]:
        if self._order is None:
            with collector_paused():
                keyed = sorted(
                    ((_published(doc), rid) for rid, doc in self._docs.items()), reverse=True
                )
                self._order = [rid for _, rid in keyed]
        return self._order

    def _readable_meta(self, rid: str, doc: dict[str, Any]) -> ReportMeta | None:
        """The report's metadata, or None (and a note) when its record is bad."""
        try:
            return self._meta(rid, doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self._unreadable[rid] = _why(exc)
            return None

    def _meta(self, rid: str, doc: dict[str, Any]) -> ReportMeta:
        meta = self._meta_cache.get(rid)
        if meta is None:
            meta = self._meta_cache[rid] = report_meta(doc, rid in self._read)
        return meta

    def _brief(self, rid: str) -> tuple[str, datetime, Brief]:
        brief = self._brief_cache.get(rid)
        if brief is None:
            meta = self._meta_cache.get(rid)
            if meta is not None:  # already decoded whole: no need to decode again
                return meta.feed, meta.published, Brief(meta.title, meta.url, meta.on_topic)
            brief = self._brief_cache[rid] = report_brief(self._docs[rid])
        return brief

    def _records(self, rid: str) -> list[EventRecord]:
        """The report's events in its order, each kind decoded once, when
        first asked for."""
        doc = self._events.get(rid)
        if doc is None:
            return []
        by_kind = {kind: self._kind_records(rid, doc, kind) for kind in dict.fromkeys(doc["types"])}
        return in_report_order(doc, by_kind)

    def _kind_records(self, rid: str, doc: dict[str, Any], kind: str) -> list[EventRecord]:
        """The report's events of one kind (``doc`` its events document)."""
        by_kind = self._record_cache.get(rid)
        if by_kind is None:
            by_kind = self._record_cache[rid] = {}
        records = by_kind.get(kind)
        if records is None:
            feed, published, brief = self._brief(rid)
            records = by_kind[kind] = decode_records(rid, feed, brief.title, published, doc, kind)
        return records


def _published(doc: dict[str, Any]) -> str:
    """The sortable published time; a damaged value sorts first, never raises."""
    value = doc.get("published")
    return value if isinstance(value, str) else ""


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _staged(path: Path, known: tuple[FileSig, dict] | None, change: Callable[[TinyDB], object]) -> dict:
    """The data ``path`` would hold after ``change``, without writing it."""
    db = TinyDB(path, storage=AtomicJSONStorage, known=known)
    storage = db.storage
    with storage.staged():
        change(db)
    if storage.pending is None:  # nothing changed
        return storage.read() or {}
    return storage.pending


def _inserting(chunk: list[tuple[Report, list[Event]]], body: str) -> Callable[[TinyDB], None]:
    def change(db: TinyDB) -> None:
        db.table("reports").insert_multiple(meta_doc(report, body) for report, _ in chunk)
        events = [doc for report, evs in chunk if (doc := events_doc(report.id, evs))]
        if events:
            db.table("events").insert_multiple(events)

    return change


def _with_events(data: dict[str, Any], changes: dict[str, tuple[Report, list[Event]]]) -> dict[str, Any]:
    """A segment's data with these reports' events and on-topic marks replaced.

    Works on the raw tables (TinyDB's documents keyed by string ids): a
    query per report would scan the segment once per report.
    """
    reports = dict(data.get("reports", {}))
    for doc_id, doc in reports.items():
        change = changes.get(doc["id"])
        if change is None:
            continue
        rest = unpack_meta(doc)
        if rest.get("on_topic") != change[0].on_topic:
            rest["on_topic"] = change[0].on_topic
            reports[doc_id] = {**doc, "meta": pack_meta(rest)}
    events = {k: v for k, v in data.get("events", {}).items() if v.get("report") not in changes}
    next_id = max((int(k) for k in data.get("events", {}) if k.isdigit()), default=0) + 1
    for rid, (_, evs) in changes.items():
        doc = events_doc(rid, evs)
        if doc is not None:
            events[str(next_id)] = doc
            next_id += 1
    return {**data, "reports": reports, "events": events}

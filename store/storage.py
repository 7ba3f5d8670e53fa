"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's JSONStorage truncates the file and writes it in place, so a process
killed mid-write leaves a torn file and the store is lost. This storage writes
a temporary file next to the target, fsyncs it, renames it over the target
with ``os.replace`` (atomic on POSIX) and fsyncs the directory, so the file on
disk is always either the old version or the new one.

It also lets the store avoid TinyDB's other cost, re-reading the whole file
before every write: the caller may hand in the data it already holds together
with the file signature it was read at, and ``read`` trusts that data while the
file on disk still has that signature. ``deferred()`` collects the writes of
several table operations (reports and events) into one file replacement.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
from tinydb.storages import Storage

from sitrep.store.errors import StoreError

TMP_SUFFIX = ".tmp"


class FileSig(NamedTuple):
    """Identifies one version of a file without reading it.

    Every write replaces the file by a new inode, so the inode alone would
    tell versions apart; size and mtime guard against inode reuse.
    """

    ino: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileSig:
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


def stat_sig(path: Path) -> FileSig | None:
    try:
        return FileSig.of(os.stat(path))
    except FileNotFoundError:
        return None


def parse_json(raw: bytes | str) -> Any:
    """JSON parsed by msgspec (two fifths of the json module's time on a big
    store), or by the json module when msgspec refuses what json writes
    and reads (escaped lone surrogates): both raise ValueError on junk."""
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return json.loads(raw)


def read_json(path: Path) -> tuple[FileSig, Any] | None:
    """Read and parse a file, with the signature of the very version read.

    Returns None when the file does not exist. Anything unparseable raises
    StoreError: the caller must refuse the store, not start it afresh.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        sig = FileSig.of(os.fstat(fd))
        chunks = []
        while chunk := os.read(fd, max(sig.size, 1 << 16)):
            chunks.append(chunk)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    try:
        data = parse_json(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(
            f"{path}: not a readable store file ({exc}); it was left untouched"
        ) from exc
    if not isinstance(data, dict):
        raise StoreError(
            f"{path}: not a store file (expected a JSON object); it was left untouched"
        )
    return sig, data


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories can't be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _tmp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def _write_tmp(tmp: Path, payload: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(paths: list[Path]) -> None:
    for tmp in paths:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def write_many_atomic(files: list[tuple[Path, bytes]]) -> list[FileSig]:
    """Replace several files so that a failure to write changes none of them.

    Every payload is written to a temporary file and synced before any
    target is replaced, so a full disk (the usual failure) is met while
    nothing has changed yet and leaves the store as it was: a batch is
    stored all or nothing. The renames that follow need no space. Targets
    are replaced in the order given.
    """
    temps: list[Path] = []
    for path, payload in files:
        tmp = _tmp_for(path)
        temps.append(tmp)
        try:
            _write_tmp(tmp, payload)
        except OSError as exc:
            _unlink_quietly(temps)
            raise StoreError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    done = 0
    try:
        for (path, _), tmp in zip(files, temps):
            os.replace(tmp, path)
            done += 1
    except OSError as exc:
        _unlink_quietly(temps[done:])
        raise StoreError(f"{files[done][0]}: cannot be written ({exc.strerror or exc})") from exc
    for folder in dict.fromkeys(path.parent for path, _ in files):
        fsync_dir(folder)
    return [FileSig.of(os.stat(path)) for path, _ in files]


def write_atomic(path: Path, payload: bytes) -> FileSig:
    """Replace ``path`` by ``payload`` so that a crash leaves old or new, never a mix."""
    return write_many_atomic([(path, payload)])[0]


def dump(data: Any) -> bytes:
    # Compact separators: the store is parsed whole at every start, so every
    # byte of whitespace is start-up time.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage writing by temp file + fsync + rename.

    ``known`` is ``(sig, data)`` the caller already holds for this file;
    it is used instead of re-reading while the file still has that signature.
    After a write, ``sig`` and ``data`` describe what is now on disk.
    """

    def __init__(self, path: Path | str, known: tuple[FileSig, dict] | None = None) -> None:
        self.path = Path(path)
        self.sig: FileSig | None = None
        self.data: dict | None = None
        if known is not None and stat_sig(self.path) == known[0]:
            self.sig, self.data = known
        self._deferring = False
        self._pending: dict | None = None
        self.pending: dict | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._pending is not None:
            return dict(self._pending)
        if self.data is None:
            loaded = read_json(self.path)
            if loaded is None:
                return None
            self.sig, self.data = loaded
        # TinyDB replaces whole tables in the dict it is given; a shallow copy
        # keeps the caller's data intact should the write then fail.
        return dict(self.data)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._deferring:
            self._pending = data
            return
        self._commit(data)

    def _commit(self, data: dict) -> None:
        self.sig = write_atomic(self.path, dump(data))
        self.data = data

    @contextmanager
    def staged(self) -> Iterator[None]:
        """Collect the writes made inside the block without writing them.

        Afterwards ``pending`` holds the data to write (None when nothing
        changed); the caller writes it with others in one all-or-nothing
        :func:`write_many_atomic`.
        """
        self._deferring = True
        self._pending = None
        try:
            yield
        finally:
            self._deferring = False
        self.pending = self._pending
        self._pending = None

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Turn the writes made inside the block into a single file replacement."""
        self._deferring = True
        self._pending = None
        try:
            yield
            self._deferring = False
            if self._pending is not None:
                self._commit(self._pending)
        finally:
            self._deferring = False
            self._pending = None

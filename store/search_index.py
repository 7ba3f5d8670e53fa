"""The word index behind ``Store.search``: which reports hold which words.

One index file per segment (``index/seg-NNNNNN.idx``), written with the
segment under the store's lock, so adding a batch rewrites one file and
searching never reads a report body. A file holds the ids it covers and,
for each word, the positions of the reports holding it in that id list
(see :class:`SegmentIndex` for the layout); only the postings of the words
searched for are ever read out.

Words are runs of letters and digits, case-folded; a query matches the
reports holding every one of its words, the last one also as a prefix (of
three letters or more) so results follow the typing.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.store.errors import StoreError
from sitrep.store.storage import TMP_SUFFIX, FileSig

INDEX_DIR = "index"
MIN_PREFIX = 3  # shorter last words are matched whole: a prefix of "a" matches everything
MAX_WORD = 40  # longer "words" are noise (hashes, URLs) and not indexed
MAX_QUERY_WORDS = 8
_WORD = re.compile(r"\w+")


def _replace(path: Path, payload: bytes) -> FileSig:
    """Write by temporary file and rename, without fsync.

    The index is derived data: a version lost or torn by a crash reads as
    missing or short of some reports, and is completed from the bodies at
    the next search. Sparing its fsync keeps a poll's write as cheap as it
    was before the index existed.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as out:
            out.write(payload)
        os.replace(tmp, path)
        return FileSig.of(os.stat(path))
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"{path}: cannot be written ({exc.strerror})") from exc


def words_of(text: str) -> set[str]:
    """The distinct indexable words of a text."""
    return {w for w in _WORD.findall(text.casefold()) if len(w) <= MAX_WORD}


def query_words(text: str) -> list[str]:
    return [w[:MAX_WORD] for w in _WORD.findall(text.casefold())][:MAX_QUERY_WORDS]


@dataclass
class SegmentIndex:
    """The words of one segment's reports.

    On disk: one JSON line (the ids, and each word's offset and length in
    what follows), then the postings as ASCII. Opening parses only that
    line; the postings of a word are cut out of the bytes when it is
    searched for, which keeps a cold search over fifty files well under a
    second even when each holds megabytes of postings.
    """

    ids: list[str] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    blob: bytes = b""
    fresh: dict[str, str] = field(default_factory=dict)  # postings changed since read
    sig: FileSig | None = None
    _sorted: list[str] | None = None

    @classmethod
    def load(cls, path: Path) -> SegmentIndex | None:
        """The index in ``path``; None when missing or unreadable (then it is rebuilt)."""
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        try:
            sig = FileSig.of(os.fstat(fd))
            chunks = []
            while chunk := os.read(fd, max(sig.size, 1 << 16)):
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            os.close(fd)
        raw = b"".join(chunks)
        head, _, blob = raw.partition(b"\n")
        try:
            data = json.loads(head)
            ids, words = data["ids"], data["words"]
            spans = {word: (int(at), int(size)) for word, (at, size) in words.items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if not isinstance(ids, list):
            return None
        return cls(ids, spans, blob, {}, sig)

    def save(self, path: Path) -> None:
        parts: list[bytes] = []
        spans: dict[str, tuple[int, int]] = {}
        at = 0
        for word in self.words():
            posting = self.posting(word).encode("ascii")
            spans[word] = (at, len(posting))
            parts.append(posting)
            at += len(posting)
        head = json.dumps({"ids": self.ids, "words": spans}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        blob = b"".join(parts)
        self.sig = _replace(path, head + b"\n" + blob)
        self.spans, self.blob, self.fresh = spans, blob, {}

    def words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.spans.keys() | self.fresh.keys())
        return self._sorted

    def posting(self, word: str) -> str:
        """The ordinals of the reports holding ``word``, space-separated ("" if none)."""
        posting = self.fresh.get(word)
        if posting is not None:
            return posting
        span = self.spans.get(word)
        if span is None:
            return ""
        return self.blob[span[0]:span[0] + span[1]].decode("ascii", "replace")

    def add(self, documents: Iterable[tuple[str, str]]) -> None:
        """Index ``(report id, text)`` pairs not indexed yet."""
        known = set(self.ids)
        extra: dict[str, list[str]] = {}
        for rid, text in documents:
            if rid in known:
                continue
            known.add(rid)
            ordinal = str(len(self.ids))
            self.ids.append(rid)
            for word in words_of(text):
                extra.setdefault(word, []).append(ordinal)
        for word, ordinals in extra.items():
            old = self.posting(word)
            joined = " ".join(ordinals)
            self.fresh[word] = f"{old} {joined}" if old else joined
        if extra:
            self._sorted = None

    def _ordinals(self, word: str) -> set[int]:
        posting = self.posting(word)
        try:
            return set(map(int, posting.split()))
        except ValueError:
            return set()  # a damaged posting finds nothing rather than failing the search

    def _prefixed(self, prefix: str) -> set[int]:
        words = self.words()
        out: set[int] = set()
        at = bisect_left(words, prefix)
        while at < len(words) and words[at].startswith(prefix):
            out |= self._ordinals(words[at])
            at += 1
        return out

    def match(self, words: list[str]) -> list[str]:
        """Ids of the reports holding every word (the last also as a prefix)."""
        if not words:
            return []
        found: set[int] | None = None
        for index, word in enumerate(words):
            last = index == len(words) - 1
            hits = self._prefixed(word) if last and len(word) >= MIN_PREFIX else self._ordinals(word)
            found = hits if found is None else found & hits
            if not found:
                return []
        assert found is not None
        return [self.ids[i] for i in found if i < len(self.ids)]

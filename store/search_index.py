"""The word index behind ``Store.search``: which reports hold which words.

One index file per segment (``index/seg-NNNNNN.json``), written with the
segment under the store's lock, so adding a batch rewrites one small file
and searching never reads a report body. A file holds the ids it covers
and, for each word, the positions of the reports holding it in that id
list, as one space-separated string: parsing a file then costs one string
per word, and only the postings of the words searched for are ever split.

Words are runs of letters and digits, case-folded; a query matches the
reports holding every one of its words, the last one also as a prefix (of
three letters or more) so results follow the typing.
"""

from __future__ import annotations

import os
import re
import secrets
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.store.errors import StoreError
from sitrep.store.storage import TMP_SUFFIX, FileSig, dump, read_json

INDEX_DIR = "index"
MIN_PREFIX = 3  # shorter last words are matched whole: a prefix of "a" matches everything
MAX_WORD = 40  # longer "words" are noise (hashes, URLs) and not indexed
MAX_QUERY_WORDS = 8
_WORD = re.compile(r"\w+")


def _replace(path: Path, payload: bytes) -> FileSig:
    """Write by temporary file and rename, without fsync.

    The index is derived data: a version lost or torn by a crash reads as
    missing or short of some reports, and is completed from the bodies at
    the next search. Sparing its fsync keeps a poll's write about as cheap
    as it was before the index existed.
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
    """The words of one segment's reports."""

    ids: list[str] = field(default_factory=list)
    postings: dict[str, str] = field(default_factory=dict)
    sig: FileSig | None = None
    _sorted: list[str] | None = None

    @classmethod
    def load(cls, path: Path) -> SegmentIndex | None:
        """The index in ``path``; None when missing or unreadable (then it is rebuilt)."""
        try:
            loaded = read_json(path)
        except StoreError:
            return None  # torn by a crash: derived data, rebuilt from the bodies
        if loaded is None:
            return None
        sig, data = loaded
        ids, postings = data.get("ids"), data.get("words")
        if not isinstance(ids, list) or not isinstance(postings, dict):
            return None  # unreadable: rebuilt from the bodies like a missing one
        return cls(ids, postings, sig)

    def save(self, path: Path) -> None:
        self.sig = _replace(path, dump({"ids": self.ids, "words": self.postings}))

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
            old = self.postings.get(word)
            joined = " ".join(ordinals)
            self.postings[word] = f"{old} {joined}" if old else joined
        if extra:
            self._sorted = None

    def _ordinals(self, word: str) -> set[int]:
        posting = self.postings.get(word)
        try:
            return set(map(int, posting.split())) if isinstance(posting, str) else set()
        except ValueError:
            return set()  # a damaged posting finds nothing rather than failing the search

    def _prefixed(self, prefix: str) -> set[int]:
        if self._sorted is None:
            self._sorted = sorted(self.postings)
        out: set[int] = set()
        at = bisect_left(self._sorted, prefix)
        while at < len(self._sorted) and self._sorted[at].startswith(prefix):
            out |= self._ordinals(self._sorted[at])
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

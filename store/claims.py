"""Claiming feeds in a TinyDB store: one lock file per feed, for one poll.

Two ``sitrep poll`` processes on one machine then never fetch the same feed
at once; the PostgreSQL store does the same with advisory locks across
machines. A claim is never waited for: a feed someone else is polling is
simply left to them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


@contextmanager
def claim_files(folder: Path, names: Iterable[str]) -> Iterator[set[str]]:
    """Lock ``folder/<hash of name>.lock`` for each name free now; yield those names."""
    folder.mkdir(parents=True, exist_ok=True)
    claimed: set[str] = set()
    with ExitStack() as held:
        for name in dict.fromkeys(names):
            digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:20]
            lock = FileLock(str(folder / f"{digest}.lock"), timeout=0)
            try:
                lock.acquire()
            except Timeout:
                continue
            held.callback(lock.release)
            claimed.add(name)
        yield claimed

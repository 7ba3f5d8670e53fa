"""Shared fixtures: where ../shared is, for tests that use its real feeds."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# CI draws the same examples every run, so a red build is reproducible and
# never a dice roll; at a desk the fuzz tests keep exploring new inputs.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_feeds() -> Path:
    folder = SHARED / "feeds"
    if not folder.is_dir():
        pytest.skip("../shared/feeds is not present")
    return folder


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL server for the whole run (tests/pg_server.py), stopped at the end."""
    from pg_server import Cluster, find_bindir, missing

    why = missing()
    if why is not None:
        pytest.skip(why)
    cluster = Cluster(find_bindir())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a fresh database holding an empty sitrep store (schema migrated)."""
    from sitrep.store import migrate_store

    url = pg_cluster.database()
    migrate_store(url)
    return url


# No test, nor any process a test starts, may reach past this machine.
_GUARD = ROOT / "tests" / "netguard"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(_GUARD), *filter(None, [os.environ.get("PYTHONPATH")])]
)
sys.path.insert(0, str(_GUARD))
from loopback_guard import install  # noqa: E402

install()

# Nor may any write to the real user cache: a test, or a process it starts,
# that resolves the platformdirs folders (no SITREP_HOME) gets a cache
# folder of the run's own, removed at the end.
_CACHE = tempfile.mkdtemp(prefix="sitrep-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

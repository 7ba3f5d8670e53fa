"""Fixtures for the store tests, and the real ``store`` package on the path.

pytest puts tests/ on sys.path (for tests/conftest.py), where this folder
looks like a namespace package named ``store`` hiding the real one; putting
the project root first makes ``import sitrep.store`` find the package again.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
if "store" in sys.modules and not hasattr(sys.modules["store"], "Store"):
    for name in [n for n in sys.modules if n == "store" or n.startswith("store.")]:
        del sys.modules[name]


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture(params=["tinydb", "postgres"])
def backend(request, tmp_path: Path):
    """Opens stores on one fresh target of each backend: ``backend(user=...)``.

    The contract tests take this, so each of them runs against both the
    TinyDB store and a real PostgreSQL server.
    """
    from sitrep.store import open_store

    if request.param == "postgres":
        target = request.getfixturevalue("pg_url")
    else:
        target = str(tmp_path / "store")

    def opener(user: str = "ana"):
        return open_store(target, user=user)

    opener.kind = request.param
    opener.target = target
    return opener

"""Shared fixtures: where ../shared is, for tests that use its real feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_feeds() -> Path:
    folder = SHARED / "feeds"
    if not folder.is_dir():
        pytest.skip("../shared/feeds is not present")
    return folder

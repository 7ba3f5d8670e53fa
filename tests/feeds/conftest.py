"""Fixtures for the feeds tests: a jitter-free poller and a threaded server."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator

import pytest
from pytest_httpserver import HTTPServer

from sitrep.feeds.poll import Limits, Poller


@pytest.fixture
def limits() -> Limits:
    """Short timeouts and no jitter, so state assertions can be exact."""
    return Limits(connect=2.0, read=5.0, total=5.0, jitter=0.0)


@pytest.fixture
async def poller(limits: Limits) -> AsyncIterator[Poller]:
    async with Poller(limits, rng=random.Random(7)) as p:
        yield p


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A loopback server that answers requests in parallel threads.

    The plugin's shared ``httpserver`` answers one request at a time, which
    would hide both concurrency and a slow feed's effect on the others.
    """
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()

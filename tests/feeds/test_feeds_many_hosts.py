"""Many feeds on many hosts: slow servers never hold up the others.

The servers run in the test's own event loop on 127.0.0.2, 127.0.0.3, ...
(all of 127.0.0.0/8 is loopback), one host per feed, so the per-host bound
does not serialise them. The slow feeds answer only once every fast feed's
outcome has been reported: a poller whose global bound let the slow ones
take all the slots would wait for them, and fail this test by timing out.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from sitrep.domain.models import FeedConfig
from sitrep.feeds.poll import Limits, Poller

FAST, SLOW = 30, 30


def rss(index: int) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {index}</title>'
            f"<item><title>Story {index}</title><guid>urn:story:{index}</guid>"
            f"<description>{'Long enough to be read as it is. ' * 30}</description></item>"
            "</channel></rss>").encode()


def can_bind(host: str) -> bool:
    try:
        with socket.socket() as sock:
            sock.bind((host, 0))
        return True
    except OSError:
        return False


async def test_slow_hosts_do_not_hold_up_the_rest() -> None:
    hosts = [f"127.0.0.{2 + i}" for i in range(FAST + SLOW)]
    if not can_bind(hosts[-1]):
        pytest.skip("this machine binds only 127.0.0.1")
    fast_done = asyncio.Event()
    servers = []

    async def start(index: int, slow: bool) -> int:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass
            if slow:
                await fast_done.wait()
            body = rss(index)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, hosts[index], 0)
        servers.append(server)
        return server.sockets[0].getsockname()[1]

    feeds = []
    for index in range(FAST + SLOW):
        slow = index < SLOW  # the slow ones come first, so they are started first
        port = await start(index, slow)
        feeds.append(FeedConfig(f"{'slow' if slow else 'fast'} {index}", f"http://{hosts[index]}:{port}/"))
    order: list[str] = []

    def arrived(outcome) -> None:
        order.append(outcome.feed.name)
        if sum(name.startswith("fast") for name in order) == FAST:
            fast_done.set()

    try:
        async with Poller(Limits(jitter=0.0, total=20.0)) as poller:
            outcomes = await asyncio.wait_for(poller.poll(feeds, {}, force=True, on_outcome=arrived), 30)
    finally:
        fast_done.set()
        for server in servers:
            server.close()
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes if o.error]
    assert all(name.startswith("fast") for name in order[:FAST])
    assert len(order) == FAST + SLOW
    assert Limits().concurrency > FAST + SLOW  # the default bound is what let this pass

"""Hostile servers and paths: bombs, broken headers, bad redirects, FIFOs.

Each test answers from a loopback server with the exact bytes of the
reply (see conftest.py) and polls through the real Poller.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import random
import threading
import tracemalloc
import zlib
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.domain.models import FeedConfig
from sitrep.feeds.entries import impossible_date
from sitrep.feeds.errors import FeedError
from sitrep.feeds.http_headers import content_codings, parse_http_date, parse_retry_after
from sitrep.feeds.poll import Limits, Poller

UTC = timezone.utc
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Ridge Post</title><link>https://ridge.example/</link>
<description>d</description>
<item><title>Convoy reaches the ridge</title><guid>https://ridge.example/1</guid>
<pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate><description>Aid trucks crossed at dawn.</description></item>
</channel></rss>"""
RSS = (b"Content-Type", b"application/rss+xml")


def limits(**kw) -> Limits:
    base = dict(connect=2.0, read=5.0, total=5.0, jitter=0.0)
    base.update(kw)
    return Limits(**base)


async def poll(feeds: list[FeedConfig], lim: Limits | None = None, states=None):
    async with Poller(lim or limits(), rng=random.Random(1)) as poller:
        return await poller.poll(feeds, states or {}, now=NOW, force=True)


def zero_bomb(size: int) -> bytes:
    """gzip of ``size`` zero bytes, built without holding them."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [comp.compress(block) for _ in range(size >> 20)]
    parts.append(comp.flush())
    return b"".join(parts)


async def test_stacked_gzip_bomb_is_capped_on_every_layer(raw_server) -> None:
    bomb = gzip.compress(zero_bomb(512 << 20), 9)  # 512 MB inside two gzip layers
    assert len(bomb) < 64 * 1024
    url = raw_server.reply("/bomb", "200 OK", [RSS, (b"Content-Encoding", b"gzip, gzip")], bomb)
    tracemalloc.start()
    try:
        (outcome,) = await poll([FeedConfig("bomb", url, 60)], limits(max_bytes=1 << 20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.status == "error" and "larger than 1 MB" in outcome.error
    assert peak < 16 << 20, f"peak {peak >> 20} MB"


async def test_stacked_codings_decode_an_ordinary_feed(raw_server) -> None:
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = gzip.compress(FEED)
    body = raw_deflate.compress(body) + raw_deflate.flush()  # "deflate" sent raw, as many servers do
    body = gzip.compress(zlib.compress(body))
    url = raw_server.reply("/stack", "200 OK", [RSS, (b"Content-Encoding", b"gzip, deflate, deflate, gzip")], body)
    (outcome,) = await poll([FeedConfig("stack", url, 60)])
    assert outcome.status == "error" and "compressed 4 times" in outcome.error
    url = raw_server.reply("/three", "200 OK", [RSS, (b"Content-Encoding", b"gzip, deflate, IDENTITY, gzip")],
                           gzip.compress(zlib.compress(gzip.compress(FEED))))
    (outcome,) = await poll([FeedConfig("three", url, 60)])
    assert outcome.status == "ok", outcome.error
    assert [r.title for r in outcome.reports] == ["Convoy reaches the ridge"]
    assert b"accept-encoding: gzip, deflate" in raw_server.requests[-1].lower()


async def test_codings_we_never_asked_for_are_refused(raw_server) -> None:
    url = raw_server.reply("/br", "200 OK", [RSS, (b"Content-Encoding", b"gzip, br")], b"\x0b\x02\x80xx")
    (outcome,) = await poll([FeedConfig("br", url, 60)])
    assert outcome.status == "error" and "unsupported Content-Encoding 'br'" in outcome.error


async def test_tokens_that_name_no_compression_are_ignored(raw_server) -> None:
    url = raw_server.reply("/utf8", "200 OK", [RSS, (b"Content-Encoding", b"UTF-8, identity")], FEED)
    (outcome,) = await poll([FeedConfig("utf8", url, 60)])
    assert outcome.status == "ok" and outcome.reports


async def test_a_broken_gzip_body_is_one_feed_error(raw_server) -> None:
    url = raw_server.reply("/bad", "200 OK", [RSS, (b"Content-Encoding", b"gzip")], b"\x1f\x8b\x08\x00garbage!")
    (outcome,) = await poll([FeedConfig("bad", url, 60)])
    assert outcome.status == "error" and "could not decode the response body" in outcome.error


@pytest.mark.parametrize("header", [b"\xb2", "Fri, 31 Dec 9999 23:59:59 -0100".encode(), b"\xff\xfe1e9", b"-5"])
async def test_one_bad_retry_after_costs_only_its_feed(raw_server, header: bytes) -> None:
    busy = raw_server.reply("/busy", "429 Too Many Requests", [(b"Retry-After", header)])
    fine = raw_server.reply("/fine", "200 OK", [RSS], FEED)
    busy_out, fine_out = await poll([FeedConfig("busy", busy, 600), FeedConfig("fine", fine, 600)])
    assert busy_out.status == "error" and "HTTP 429" in busy_out.error
    assert busy_out.state.next_poll is not None and busy_out.state.next_poll >= NOW + timedelta(seconds=600)
    assert fine_out.status == "ok" and fine_out.reports


async def test_retry_after_of_an_hour_sets_the_next_poll(raw_server) -> None:
    url = raw_server.reply("/slow", "429 Too Many Requests", [(b"Retry-After", b"3600")])
    (outcome,) = await poll([FeedConfig("slow", url, 60)])
    assert outcome.state.next_poll == NOW + timedelta(seconds=3600)


async def test_redirects_to_bad_urls_name_the_target(raw_server) -> None:
    js = raw_server.reply("/js", "302 Found", [(b"Location", b"javascript:alert(1)")])
    v6 = raw_server.reply("/v6", "302 Found", [(b"Location", b"http://[::1/feed")])
    (js_out, v6_out) = await poll([FeedConfig("js", js, 60), FeedConfig("v6", v6, 60)])
    assert "invalid redirect target 'javascript:alert(1)'" in js_out.error
    assert "invalid redirect target 'http://[::1/feed' from " in v6_out.error


async def test_an_impossible_port_is_named_plainly() -> None:
    (outcome,) = await poll([FeedConfig("port", "http://127.0.0.1:99999/feed.xml", 60)])
    assert outcome.status == "error"
    assert "invalid URL 'http://127.0.0.1:99999/feed.xml'" in outcome.error
    assert "ExceptionGroup" not in outcome.error and "unexpected" not in outcome.error


async def test_a_fifo_as_feed_path_is_refused_at_once(tmp_path) -> None:
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    plain = tmp_path / "plain.xml"
    plain.write_bytes(FEED)
    # Refused before opening: the poll never reaches its 30 s limit (a
    # hang would end in wait_for's TimeoutError instead of a result).
    fifo_out, plain_out = await asyncio.wait_for(
        poll([FeedConfig("fifo", str(fifo), 60), FeedConfig("plain", str(plain), 60)], limits(total=30.0)), 20)
    assert "not a regular file" in fifo_out.error
    assert plain_out.status == "ok"


async def test_a_local_read_that_hangs_is_abandoned_within_the_limit(tmp_path, monkeypatch) -> None:
    """A read stuck in the kernel (a hung mount) gives up at ``total``."""
    from sitrep.feeds import fetch as fetch_module

    gate = threading.Event()
    real = fetch_module.read_file

    def stuck(*args, **kw):
        gate.wait(10)
        return real(*args, **kw)

    monkeypatch.setattr(fetch_module, "read_file", stuck)
    path = tmp_path / "slow.xml"
    path.write_bytes(FEED)
    (outcome,) = await asyncio.wait_for(poll([FeedConfig("slow", str(path), 60)], limits(total=0.5)), 8)
    assert "timed out after 0.5 s" in outcome.error
    gate.set()


# -- fuzz: header parsers never raise ----------------------------------------

header_text = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"[A-Za-z]{3}, [0-9]{1,2} [A-Za-z]{3} [0-9]{1,5} [0-9:]{1,8} [+-]?[0-9A-Z]{0,4}", fullmatch=True),
    st.from_regex(r"\s*[0-9\u00b2\u0660-\u0669]{0,30}\s*", fullmatch=True),
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(header_text, st.from_regex(r"-?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}.{0,10}", fullmatch=True)))
def test_retry_after_and_dates_never_raise(value: str) -> None:
    when = parse_retry_after(value, NOW)
    assert when is None or NOW <= when <= NOW + timedelta(days=1)
    date = parse_http_date(value)
    assert date is None or date.tzinfo is not None
    assert impossible_date(value) in (True, False)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(["gzip", "x-gzip", "deflate", "identity", "br", "zstd", " ", "GZIP"]), max_size=5).map(", ".join)))
def test_content_encoding_parses_or_gives_a_feed_error(value: str) -> None:
    try:
        codings = content_codings("f", value)
    except FeedError as exc:
        assert str(exc).startswith("feed 'f': ") and "\n" not in str(exc)
    else:
        assert len(codings) <= 3 and set(codings) <= {"gzip", "x-gzip", "deflate"}
        assert all(c in {"gzip", "x-gzip", "deflate"} for c in content_codings("f", ", ".join(codings)))

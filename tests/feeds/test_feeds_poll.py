"""The Poller against real HTTP on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import gzip
import random
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sitrep.feeds.poll import Limits, PollOutcome, Poller
from sitrep.domain.models import FeedConfig, FeedState

UTC = timezone.utc
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Watch</title><link>https://harbour.example/</link>
<description>d</description>
<item><title>Ferry service suspended</title><guid>https://harbour.example/1</guid>
<pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;No sailings today.&lt;/p&gt;</description></item>
<item><title>Fuel delivery arrives</title><link>https://harbour.example/2</link>
<description>Two tankers docked.</description></item>
<item><title>Curfew extended</title><description>Until further notice.</description></item>
</channel></rss>"""

RSS_TYPE = "application/rss+xml; charset=utf-8"


def serve(server: HTTPServer, path: str, body: bytes = FEED, **kw: object) -> str:
    kw.setdefault("content_type", RSS_TYPE)
    server.expect_request(path).respond_with_data(body, **kw)  # type: ignore[arg-type]
    return server.url_for(path)


async def poll_one(poller: Poller, url: str, state: FeedState | None = None, *, every: float = 600,
                   name: str = "harbour") -> PollOutcome:
    states = {name: state} if state else {}
    (outcome,) = await poller.poll([FeedConfig(name, url, every)], states, now=NOW, force=True)
    return outcome


async def test_ok_feed_gives_reports_and_schedules_next_poll(httpserver: HTTPServer, poller: Poller) -> None:
    outcome = await poll_one(poller, serve(httpserver, "/feed.xml"))
    assert outcome.status == "ok", outcome.error
    assert outcome.error is None and outcome.warnings == []
    assert outcome.title == "Harbour Watch"
    assert [r.title for r in outcome.reports] == ["Ferry service suspended", "Fuel delivery arrives", "Curfew extended"]
    ids = [r.id for r in outcome.reports]
    assert ids[0] == "https://harbour.example/1" and ids[1] == "https://harbour.example/2"
    assert ids[2].startswith("harbour:sha256:")
    assert [r.published_guessed for r in outcome.reports] == [False, True, True]
    state = outcome.state
    assert state.name == "harbour" and state.last_status == "ok" and state.last_poll == NOW
    assert state.next_poll == NOW + timedelta(seconds=600)
    assert state.failures == 0 and state.last_error is None


async def test_every_shared_feed_file_parses_over_http(
    httpserver: HTTPServer, poller: Poller, shared_feeds: Path
) -> None:
    files = sorted(shared_feeds.glob("*.xml"))
    assert files
    feeds = []
    for path in files:
        url = serve(httpserver, f"/shared/{path.name}", path.read_bytes())
        # Their links lead to real sites, which must never be contacted.
        feeds.append(FeedConfig(path.stem, url, full_text="never"))
    outcomes = await poller.poll(feeds, {}, now=NOW)
    assert [o.feed.name for o in outcomes] == [f.name for f in feeds]
    for outcome in outcomes:
        name = outcome.feed.name
        assert outcome.status == "ok", f"{name}: {outcome.error}"
        assert outcome.reports, name
        assert len({r.id for r in outcome.reports}) == len(outcome.reports), name
        for report in outcome.reports:
            assert report.id and report.title, name
            assert report.feed == name
            assert report.published.tzinfo is not None and report.published.utcoffset() == timedelta(0)
            assert "<p" not in report.text and "</" not in report.text and "<br" not in report.text, name
        with_text = [r for r in outcome.reports if r.text]
        assert len(with_text) >= len(outcome.reports) * 0.9, name


async def test_shared_feeds_with_content_encoded_and_html_bodies(
    httpserver: HTTPServer, poller: Poller, shared_feeds: Path
) -> None:
    mehr = shared_feeds / "mehrnews_en_rss2_content-encoded-empty_2026-08-13.xml"
    relief = shared_feeds / "reliefweb_updates_ukraine_rss2_html-descriptions_2020-09-17.xml"
    feeds = [
        FeedConfig("mehr", serve(httpserver, "/mehr.xml", mehr.read_bytes()), full_text="never"),
        FeedConfig("relief", serve(httpserver, "/relief.xml", relief.read_bytes()), full_text="never"),
    ]
    mehr_out, relief_out = await poller.poll(feeds, {}, now=NOW)
    # content:encoded is empty there, so the description must be used.
    assert all(r.text for r in mehr_out.reports)
    # Long HTML bodies keep their paragraphs as blank-line-separated text.
    assert all("\n\n" in r.text for r in relief_out.reports)
    assert all(len(r.text) > 200 for r in relief_out.reports)


async def test_etag_round_trip_gives_not_modified(httpserver: HTTPServer, poller: Poller) -> None:
    seen: list[dict[str, str]] = []

    def handler(request: Request) -> Response:
        seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(FEED, content_type=RSS_TYPE, headers={"ETag": '"v1"'})

    httpserver.expect_request("/etag.xml").respond_with_handler(handler)
    url = httpserver.url_for("/etag.xml")
    first = await poll_one(poller, url)
    assert first.status == "ok" and first.state.etag == '"v1"'
    second = await poll_one(poller, url, first.state)
    assert seen[1].get("If-None-Match") == '"v1"'
    assert second.status == "not-modified"
    assert second.reports == [] and second.error is None
    assert second.state.etag == '"v1"' and second.state.last_status == "not-modified"
    assert second.state.failures == 0


async def test_last_modified_round_trip_gives_not_modified(httpserver: HTTPServer, poller: Poller) -> None:
    stamp = "Sun, 01 Mar 2026 10:00:00 GMT"
    seen: list[dict[str, str]] = []

    def handler(request: Request) -> Response:
        seen.append(dict(request.headers))
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(FEED, content_type=RSS_TYPE, headers={"Last-Modified": stamp})

    httpserver.expect_request("/lm.xml").respond_with_handler(handler)
    url = httpserver.url_for("/lm.xml")
    first = await poll_one(poller, url)
    assert first.state.last_modified == stamp and first.state.etag is None
    assert "If-Modified-Since" not in seen[0] and "If-None-Match" not in seen[0]
    second = await poll_one(poller, url, first.state)
    assert seen[1].get("If-Modified-Since") == stamp
    assert second.status == "not-modified"
    assert second.state.last_modified == stamp


async def test_success_after_errors_clears_them(httpserver: HTTPServer, poller: Poller) -> None:
    failing = FeedState(name="harbour", failures=3, last_error="feed 'harbour': HTTP 500", last_status="error")
    outcome = await poll_one(poller, serve(httpserver, "/fine.xml"), failing)
    assert outcome.status == "ok"
    assert outcome.state.failures == 0 and outcome.state.last_error is None


@pytest.mark.parametrize(("status", "text"), [(404, "HTTP 404"), (500, "HTTP 500")])
async def test_http_errors_back_off(httpserver: HTTPServer, poller: Poller, status: int, text: str) -> None:
    httpserver.expect_request("/err.xml").respond_with_data("nope", status=status)
    url = httpserver.url_for("/err.xml")
    first = await poll_one(poller, url, every=300)
    assert first.status == "error" and first.reports == []
    assert first.error is not None and text in first.error and "'harbour'" in first.error
    assert first.state.last_error == first.error and first.state.last_status == "error"
    assert first.state.failures == 1
    second = await poll_one(poller, url, first.state, every=300)
    third = await poll_one(poller, url, second.state, every=300)
    delays = [(o.state.next_poll - NOW).total_seconds() for o in (first, second, third)]
    assert third.state.failures == 3
    assert delays == [300, 600, 1200]


async def test_backoff_is_capped(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down.xml").respond_with_data("down", status=503)
    async with Poller(Limits(jitter=0.0, backoff_cap=3600), rng=random.Random(1)) as poller:
        state = FeedState(name="harbour", failures=20)
        outcome = await poll_one(poller, httpserver.url_for("/down.xml"), state, every=600)
    assert outcome.state.failures == 21
    assert outcome.state.next_poll == NOW + timedelta(seconds=3600)


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_seconds_is_honoured(httpserver: HTTPServer, poller: Poller, status: int) -> None:
    httpserver.expect_request("/busy.xml").respond_with_data("slow down", status=status, headers={"Retry-After": "7200"})
    outcome = await poll_one(poller, httpserver.url_for("/busy.xml"), every=60)
    assert outcome.status == "error" and str(status) in (outcome.error or "")
    assert outcome.state.next_poll == NOW + timedelta(seconds=7200)
    assert outcome.state.retry_after == NOW + timedelta(seconds=7200)


async def test_retry_after_http_date_is_honoured(httpserver: HTTPServer, poller: Poller) -> None:
    httpserver.expect_request("/busy.xml").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "Sun, 01 Mar 2026 15:00:00 GMT"}
    )
    outcome = await poll_one(poller, httpserver.url_for("/busy.xml"), every=60)
    assert outcome.state.next_poll == datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


async def test_slow_response_times_out(threaded_server: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(1.5)
        return Response(FEED, content_type=RSS_TYPE)

    threaded_server.expect_request("/slow.xml").respond_with_handler(slow)
    limits = Limits(connect=2.0, read=5.0, total=0.5, jitter=0.0)
    try:
        async with Poller(limits, rng=random.Random(1)) as poller:
            outcome = await poll_one(poller, threaded_server.url_for("/slow.xml"))
    finally:
        release.set()
    assert outcome.status == "error"
    assert outcome.error == "feed 'harbour': timed out after 0.5 s"
    assert outcome.state.failures == 1


async def test_read_timeout_is_reported(threaded_server: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(1.5)
        return Response(FEED, content_type=RSS_TYPE)

    threaded_server.expect_request("/slow.xml").respond_with_handler(slow)
    try:
        async with Poller(Limits(connect=2.0, read=0.3, total=5.0), rng=random.Random(1)) as poller:
            outcome = await poll_one(poller, threaded_server.url_for("/slow.xml"))
    finally:
        release.set()
    assert outcome.status == "error"
    assert "timed out after 0.3 s" in (outcome.error or "")


async def test_oversized_body_is_refused(httpserver: HTTPServer) -> None:
    big = FEED.replace(b"No sailings today.", b"x" * 5000)
    url = serve(httpserver, "/big.xml", big)
    async with Poller(Limits(max_bytes=2048, jitter=0.0), rng=random.Random(1)) as poller:
        outcome = await poll_one(poller, url)
    assert outcome.status == "error"
    assert outcome.error == "feed 'harbour': response larger than 2 KB"


async def test_oversized_streamed_body_without_length_is_refused(httpserver: HTTPServer) -> None:
    def stream(request: Request) -> Response:
        def chunks():
            yield FEED[:100]
            for _ in range(50):
                yield b"<!-- " + b"y" * 1000 + b" -->"
        return Response(chunks(), content_type=RSS_TYPE)

    httpserver.expect_request("/stream.xml").respond_with_handler(stream)
    async with Poller(Limits(max_bytes=10_000, jitter=0.0), rng=random.Random(1)) as poller:
        outcome = await poll_one(poller, httpserver.url_for("/stream.xml"))
    assert outcome.status == "error" and "larger than" in (outcome.error or "")


async def test_gzip_body_is_decoded(httpserver: HTTPServer, poller: Poller) -> None:
    url = serve(httpserver, "/gz.xml", gzip.compress(FEED), headers={"Content-Encoding": "gzip"})
    outcome = await poll_one(poller, url)
    assert outcome.status == "ok", outcome.error
    assert len(outcome.reports) == 3


async def test_gzip_bomb_is_counted_after_decompression(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(FEED[:-20] + b"<!--" + b" " * 500_000 + b"-->" + FEED[-20:])
    assert len(bomb) < 10_000
    url = serve(httpserver, "/bomb.xml", bomb, headers={"Content-Encoding": "gzip"})
    async with Poller(Limits(max_bytes=100_000, jitter=0.0), rng=random.Random(1)) as poller:
        outcome = await poll_one(poller, url)
    assert outcome.status == "error" and "larger than" in (outcome.error or "")


async def test_redirect_chain_is_followed(httpserver: HTTPServer, poller: Poller) -> None:
    for a, b in (("/r1", "/r2"), ("/r2", "/r3"), ("/r3", "/final.xml")):
        httpserver.expect_request(a).respond_with_data("", status=301, headers={"Location": b})
    serve(httpserver, "/final.xml")
    outcome = await poll_one(poller, httpserver.url_for("/r1"))
    assert outcome.status == "ok", outcome.error
    assert len(outcome.reports) == 3


async def test_redirect_loop_is_a_clear_error(httpserver: HTTPServer, poller: Poller) -> None:
    httpserver.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    httpserver.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    outcome = await poll_one(poller, httpserver.url_for("/loop-a"))
    assert outcome.status == "error"
    assert "redirect loop" in (outcome.error or "")
    assert "/loop-a -> " in (outcome.error or "")


async def test_too_many_redirects(httpserver: HTTPServer) -> None:
    for n in range(8):
        httpserver.expect_request(f"/hop{n}").respond_with_data("", status=307, headers={"Location": f"/hop{n + 1}"})
    serve(httpserver, "/hop8")
    async with Poller(Limits(max_redirects=5, jitter=0.0), rng=random.Random(1)) as poller:
        outcome = await poll_one(poller, httpserver.url_for("/hop0"))
    assert outcome.status == "error"
    assert "more than 5 redirects" in (outcome.error or "")


async def test_wrong_content_type_is_a_warning(httpserver: HTTPServer, poller: Poller) -> None:
    outcome = await poll_one(poller, serve(httpserver, "/typed.xml", content_type="text/html"))
    assert outcome.status == "ok"
    assert len(outcome.reports) == 3
    assert any("text/html" in w for w in outcome.warnings)


async def test_html_page_is_an_error(httpserver: HTTPServer, poller: Poller) -> None:
    page = b"<!doctype html><html><head><title>Shop</title></head><body><p>Buy things</p></body></html>"
    outcome = await poll_one(poller, serve(httpserver, "/page", page, content_type="text/html"))
    assert outcome.status == "error"
    assert outcome.error is not None and "'harbour'" in outcome.error and "HTML page" in outcome.error


async def test_non_xml_body_is_an_error(httpserver: HTTPServer, poller: Poller) -> None:
    outcome = await poll_one(poller, serve(httpserver, "/text", b"Service unavailable, try later", content_type="text/plain"))
    assert outcome.status == "error" and "not" in (outcome.error or "")
    empty = await poll_one(poller, serve(httpserver, "/empty", b""))
    assert empty.status == "error" and "empty" in (empty.error or "")


async def test_one_failing_feed_does_not_stop_the_others(threaded_server: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(1.5)
        return Response(FEED, content_type=RSS_TYPE)

    server = threaded_server
    server.expect_request("/slow").respond_with_handler(slow)
    server.expect_request("/broken").respond_with_data("oops", status=500)
    server.expect_request("/html").respond_with_data("<html><body>hi</body></html>", content_type="text/html")
    server.expect_request("/good").respond_with_data(FEED, content_type=RSS_TYPE)
    feeds = [
        FeedConfig("slow", server.url_for("/slow")),
        FeedConfig("broken", server.url_for("/broken")),
        FeedConfig("good", server.url_for("/good")),
        FeedConfig("html", server.url_for("/html")),
        FeedConfig("missing-file", "/nonexistent/feed.xml"),
        FeedConfig("bad-scheme", "ftp://example.invalid/feed.xml"),
    ]
    seen: list[str] = []
    try:
        async with Poller(Limits(total=0.5, jitter=0.0), rng=random.Random(1)) as poller:
            outcomes = await poller.poll(feeds, {}, now=NOW, on_outcome=lambda o: seen.append(o.feed.name))
    finally:
        release.set()
    by_name = {o.feed.name: o for o in outcomes}
    assert [o.feed.name for o in outcomes] == [f.name for f in feeds]
    assert sorted(seen) == sorted(by_name)
    assert by_name["good"].status == "ok" and len(by_name["good"].reports) == 3
    for name in ("slow", "broken", "html", "missing-file", "bad-scheme"):
        assert by_name[name].status == "error", name
        assert f"'{name}'" in (by_name[name].error or ""), name
    assert "no such file" in (by_name["missing-file"].error or "")
    assert "unsupported URL scheme" in (by_name["bad-scheme"].error or "")


async def test_only_due_feeds_are_polled(httpserver: HTTPServer, poller: Poller) -> None:
    serve(httpserver, "/a.xml")
    serve(httpserver, "/b.xml")
    feeds = [FeedConfig("a", httpserver.url_for("/a.xml")), FeedConfig("b", httpserver.url_for("/b.xml"))]
    states = {
        "a": FeedState(name="a", next_poll=NOW - timedelta(seconds=1)),
        "b": FeedState(name="b", next_poll=NOW + timedelta(minutes=10)),
    }
    outcomes = await poller.poll(feeds, states, now=NOW)
    assert [o.feed.name for o in outcomes] == ["a"]
    assert states["a"].last_status is None, "the caller's states must not be mutated"
    forced = await poller.poll(feeds, states, now=NOW, force=True)
    assert [o.feed.name for o in forced] == ["a", "b"]


async def test_async_on_outcome_is_awaited(httpserver: HTTPServer, poller: Poller) -> None:
    seen: list[str] = []

    async def record(outcome: PollOutcome) -> None:
        seen.append(outcome.status)

    await poller.poll([FeedConfig("a", serve(httpserver, "/a.xml"))], {}, now=NOW, on_outcome=record)
    assert seen == ["ok"]


async def test_local_files_are_read_with_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "local.xml"
    path.write_bytes(FEED)
    feeds = [FeedConfig("path", str(path)), FeedConfig("uri", path.as_uri())]
    async with Poller(Limits(jitter=0.0), rng=random.Random(1)) as poller:
        outcomes = await poller.poll(feeds, {}, now=NOW)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert [len(o.reports) for o in outcomes] == [3, 3]
    states = {o.feed.name: o.state for o in outcomes}
    async with Poller(Limits(jitter=0.0), rng=random.Random(1)) as poller:
        again = await poller.poll(feeds, states, now=NOW, force=True)
        assert [o.status for o in again] == ["not-modified", "not-modified"]
        path.write_bytes(FEED.replace(b"Curfew extended", b"Curfew lifted"))
        changed = await poller.poll(feeds, states, now=NOW, force=True)
    assert [o.status for o in changed] == ["ok", "ok"]
    assert "Curfew lifted" in [r.title for r in changed[0].reports]
    async with Poller(Limits(max_bytes=100, jitter=0.0), rng=random.Random(1)) as poller:
        (big,) = await poller.poll([FeedConfig("path", str(path))], {}, now=NOW)
    assert big.status == "error" and "larger than 100 bytes" in (big.error or "")


async def test_concurrency_and_per_host_bounds_are_respected(threaded_server: HTTPServer) -> None:
    lock = threading.Lock()
    active = 0
    peak = 0

    def counting(request: Request) -> Response:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        threading.Event().wait(0.05)
        with lock:
            active -= 1
        return Response(FEED, content_type=RSS_TYPE)

    for n in range(8):
        threaded_server.expect_request(f"/c{n}").respond_with_handler(counting)
    feeds = [FeedConfig(f"c{n}", threaded_server.url_for(f"/c{n}")) for n in range(8)]
    async with Poller(Limits(concurrency=8, per_host=2, jitter=0.0), rng=random.Random(1)) as poller:
        outcomes = await poller.poll(feeds, {}, now=NOW)
    assert all(o.status == "ok" for o in outcomes)
    assert 1 <= peak <= 2

    peak = 0
    async with Poller(Limits(concurrency=3, per_host=8, jitter=0.0), rng=random.Random(1)) as poller:
        outcomes = await poller.poll(feeds, {}, now=NOW)
    assert all(o.status == "ok" for o in outcomes)
    assert 1 <= peak <= 3


async def test_shared_client_is_left_open(httpserver: HTTPServer) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        poller = Poller(Limits(jitter=0.0), client=client)
        outcome = await poll_one(poller, serve(httpserver, "/a.xml"))
        await poller.aclose()
        assert outcome.status == "ok"
        assert not client.is_closed


@pytest.mark.parametrize("url", ["http://", "http://[::1", "gopher://old.example/feed", "https://exa mple.invalid/"])
async def test_unusable_urls_are_errors_naming_the_feed(poller: Poller, url: str) -> None:
    outcome = await poll_one(poller, url, name="odd")
    assert outcome.status == "error"
    assert (outcome.error or "").startswith("feed 'odd': ")
    assert "unexpected" not in (outcome.error or "")


@pytest.mark.parametrize("kwargs", [{"total": 0}, {"max_bytes": 0}, {"concurrency": 0}, {"per_host": 0},
                                    {"max_redirects": -1}, {"jitter": 1.5}])
def test_limits_reject_nonsense(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Limits(**kwargs)


def test_poller_survives_a_second_event_loop(httpserver: HTTPServer) -> None:
    import asyncio

    url = serve(httpserver, "/twice.xml")
    poller = Poller(Limits(jitter=0.0), rng=random.Random(1))
    first = asyncio.run(poll_one(poller, url))
    second = asyncio.run(poll_one(poller, url))
    asyncio.run(poller.aclose())
    assert first.status == second.status == "ok"


async def test_hostile_validators_are_not_stored(httpserver: HTTPServer, poller: Poller) -> None:
    url = serve(httpserver, "/v.xml", headers={"ETag": '"a' + "b" * 2000 + '"', "Last-Modified": "x\x1b[2Jy"})
    outcome = await poll_one(poller, url)
    assert outcome.status == "ok"
    assert outcome.state.etag is None
    assert outcome.state.last_modified == "xy"

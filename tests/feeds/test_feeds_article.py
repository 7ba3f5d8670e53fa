"""Reading the article behind a feed entry, against real saved pages.

The pages in ../shared/articles are served from a loopback server as the
pages a feed's links lead to; expected.json says which phrases the main
text must hold and which (navigation, captions, comments) it must not.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sitrep.domain.models import FeedConfig, Report
from sitrep.feeds.article import AUTO_WORDS, main_text, wants_article
from sitrep.feeds.poll import Limits, Poller

from tests.conftest import SHARED

ARTICLES = SHARED / "articles"


@pytest.fixture
def expected() -> dict[str, dict]:
    if not (ARTICLES / "expected.json").is_file():
        pytest.skip("../shared/articles is not present")
    return json.loads((ARTICLES / "expected.json").read_text(encoding="utf-8"))


def feed_of(links: list[tuple[str, str]], *, teaser: str = "A short teaser of the story.") -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><description>{escape(teaser)}</description></item>"
        for title, link in links
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback wire</title>'
            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>").encode()


def serve_feed(server: HTTPServer, links: list[tuple[str, str]], path: str = "/feed.xml", **kw) -> str:
    server.expect_request(path).respond_with_data(feed_of(links, **kw), content_type="application/rss+xml")
    return server.url_for(path)


def counting(server: HTTPServer, path: str, body: bytes, content_type: str, hits: Counter) -> None:
    def handler(request: Request) -> Response:
        hits[path] += 1
        return Response(body, content_type=content_type)

    server.expect_request(path).respond_with_handler(handler)


async def test_real_pages_are_read_for_their_main_text(threaded_server: HTTPServer, expected) -> None:
    hits: Counter = Counter()
    links = []
    for name, facts in expected.items():
        page = (ARTICLES / name).read_bytes()
        counting(threaded_server, f"/a/{name}", page, "text/html; charset=utf-8", hits)
        links.append((facts["title"], threaded_server.url_for(f"/a/{name}")))
    url = serve_feed(threaded_server, links)
    async with Poller(Limits(total=20, jitter=0.0)) as poller:
        (outcome,) = await poller.poll([FeedConfig("wire", url)], {}, force=True)
    assert outcome.status == "ok", outcome.error
    by_url = {r.url: r for r in outcome.reports}
    for name, facts in expected.items():
        report = by_url[threaded_server.url_for(f"/a/{name}")]
        assert report.article_error is None, (name, report.article_error)
        assert report.summary == "A short teaser of the story."
        for phrase in facts["with"]:
            assert phrase in report.text, (name, phrase)
        for phrase in facts["without"]:
            assert phrase not in report.text, (name, phrase)
        # Evidence offsets point into full_text, which now holds the article,
        # and the headline is not read twice.
        assert report.full_text == f"{report.title}\n\n{report.text}"
        assert not report.text.startswith(report.title), name
        assert "\x1b" not in report.text
    assert all(count == 1 for count in hits.values()) and len(hits) == len(expected)


async def test_known_reports_never_fetch_their_article_again(threaded_server: HTTPServer, expected) -> None:
    hits: Counter = Counter()
    name = next(iter(expected))
    counting(threaded_server, "/page", (ARTICLES / name).read_bytes(), "text/html", hits)
    link = threaded_server.url_for("/page")
    url = serve_feed(threaded_server, [("Story", link)])
    async with Poller(Limits(jitter=0.0)) as poller:
        (outcome,) = await poller.poll([FeedConfig("wire", url)], {}, force=True, known={link}.__contains__)
    assert outcome.reports[0].text == "A short teaser of the story."
    assert outcome.reports[0].article_error is None and hits["/page"] == 0


async def test_a_link_in_two_feeds_is_fetched_once(threaded_server: HTTPServer, expected) -> None:
    hits: Counter = Counter()
    name = next(iter(expected))
    counting(threaded_server, "/page", (ARTICLES / name).read_bytes(), "text/html", hits)
    link = threaded_server.url_for("/page")
    feeds = [FeedConfig("one", serve_feed(threaded_server, [("Story", link)], "/one.xml")),
             FeedConfig("two", serve_feed(threaded_server, [("Story", link)], "/two.xml"))]
    async with Poller(Limits(jitter=0.0)) as poller:
        outcomes = await poller.poll(feeds, {}, force=True)
    assert hits["/page"] == 1
    for outcome in outcomes:
        (report,) = outcome.reports
        assert report.feed == outcome.feed.name and report.summary and len(report.text) > 1000


def test_modes_decide_which_entries_want_their_article() -> None:
    short = Report(id="r", feed="f", title="t", text="Ten words " * 3, url="https://x.test/a")
    long = Report(id="r", feed="f", title="t", text="word " * AUTO_WORDS, url="https://x.test/a")
    assert wants_article(short, "auto") and not wants_article(long, "auto")
    assert wants_article(long, "always")
    assert not wants_article(short, "never")
    assert not wants_article(Report(id="r", feed="f", title="t", text="x", url=None), "always")
    assert not wants_article(Report(id="r", feed="f", title="t", text="x", url="ftp://x.test/a"), "always")


async def test_never_fetches_nothing(threaded_server: HTTPServer) -> None:
    hits: Counter = Counter()
    counting(threaded_server, "/page", b"<html><body><p>x</p></body></html>", "text/html", hits)
    url = serve_feed(threaded_server, [("Story", threaded_server.url_for("/page"))])
    async with Poller(Limits(jitter=0.0)) as poller:
        (outcome,) = await poller.poll([FeedConfig("wire", url, full_text="never")], {}, force=True)
    assert outcome.reports[0].article_error is None and hits["/page"] == 0


async def test_failing_pages_keep_the_summary_and_say_why(threaded_server: HTTPServer, expected) -> None:
    release = threading.Event()

    def hang(request: Request) -> Response:
        release.wait(5)
        return Response("<html><body><p>late</p></body></html>", content_type="text/html")

    big = (ARTICLES / "edition.cnn.com-royal.html").read_bytes()  # about 1.4 MB
    threaded_server.expect_request("/hang").respond_with_handler(hang)
    threaded_server.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    threaded_server.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    threaded_server.expect_request("/gone").respond_with_data("no", status=404)
    threaded_server.expect_request("/big").respond_with_data(big, content_type="text/html")
    threaded_server.expect_request("/paper.pdf").respond_with_data(b"%PDF-1.7\n" + b"0" * 5000,
                                                                 content_type="application/pdf")
    threaded_server.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff" + b"0" * 5000,
                                                                  content_type="image/jpeg")
    threaded_server.expect_request("/empty").respond_with_data(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", content_type="text/html")
    paths = ["/hang", "/loop-a", "/gone", "/big", "/paper.pdf", "/photo.jpg", "/empty"]
    url = serve_feed(threaded_server, [(p, threaded_server.url_for(p)) for p in paths])
    limits = Limits(connect=2.0, read=1.0, total=1.5, max_bytes=1024 * 1024, jitter=0.0)
    started = time.monotonic()
    try:
        async with Poller(limits) as poller:
            (outcome,) = await poller.poll([FeedConfig("wire", url)], {}, force=True)
    finally:
        release.set()
    assert outcome.status == "ok", outcome.error
    errors = {r.title: r.article_error for r in outcome.reports}
    assert all(r.text == "A short teaser of the story." and not r.summary for r in outcome.reports)
    assert "timed out" in errors["/hang"]
    assert "redirect loop" in errors["/loop-a"]
    assert "HTTP 404" in errors["/gone"]
    assert "larger than 1 MB" in errors["/big"]
    assert "not an HTML page (application/pdf)" in errors["/paper.pdf"]
    assert "not an HTML page (image/jpeg)" in errors["/photo.jpg"]
    assert "no main text" in errors["/empty"]
    assert all(e.startswith("article not read: ") for e in errors.values())
    assert time.monotonic() - started < 5  # the hanging page was cut off, not waited for


def test_main_text_refuses_a_pdf_served_as_html() -> None:
    assert main_text(b"%PDF-1.4 binary", content_type="text/html") is None


def test_main_text_honours_the_declared_charset() -> None:
    words = " ".join(["Die Brücke über den Fluss wurde am Morgen gesperrt."] * 12)
    page = f"<html><body><article><p>{words}</p><p>{words}</p></article></body></html>".encode("latin-1")
    text = main_text(page, content_type="text/html; charset=iso-8859-1")
    assert text is not None and "Brücke über" in text


async def test_article_requests_name_sitrep_and_ask_for_html(threaded_server: HTTPServer, expected) -> None:
    seen: list[dict[str, str]] = []
    name = next(iter(expected))
    page = (ARTICLES / name).read_bytes()

    def handler(request: Request) -> Response:
        seen.append(dict(request.headers))
        return Response(page, content_type="text/html")

    threaded_server.expect_request("/page").respond_with_handler(handler)
    url = serve_feed(threaded_server, [("Story", threaded_server.url_for("/page"))])
    async with Poller(Limits(jitter=0.0)) as poller:
        await poller.poll([FeedConfig("wire", url)], {}, force=True)
    (headers,) = seen
    assert "sitrep" in headers["User-Agent"] and headers["Accept"].startswith("text/html")


async def test_a_surprise_while_reading_an_article_costs_only_the_article(
    threaded_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.feeds.poll as poll_module

    async def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(poll_module, "fetch_article", broken)
    url = serve_feed(threaded_server, [("Story", threaded_server.url_for("/page"))])
    async with Poller(Limits(jitter=0.0)) as poller:
        (outcome,) = await poller.poll([FeedConfig("wire", url)], {}, force=True)
    assert outcome.status == "ok"
    (report,) = outcome.reports
    assert report.text == "A short teaser of the story."
    assert report.article_error == "article not read: unexpected error: RuntimeError('boom')"

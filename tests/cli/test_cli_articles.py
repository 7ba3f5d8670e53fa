"""`sitrep poll` reads the articles behind summary entries, once, end to end."""

from __future__ import annotations

import json

import pytest

from sitrep.store import Store
from tests.conftest import SHARED

PAGE = SHARED / "articles" / "bbc.com.52241221.html"


def feed(server) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{server.url_for(path)}</link><guid>{server.url_for(path)}</guid>"
        f"<description>A teaser of a few words.</description></item>"
        for title, path in (("Mass burials in New York", "/story"), ("Gone story", "/gone"))
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback wire</title>'
            f"<link>{server.url_for('/')}</link><description>d</description>{items}</channel></rss>")


def test_poll_reads_articles_once_and_marks_failures(sitrep, httpserver):
    if not PAGE.is_file():
        pytest.skip("../shared/articles is not present")
    httpserver.expect_request("/feed.xml").respond_with_data(feed(httpserver), content_type="application/rss+xml")
    httpserver.expect_request("/story").respond_with_data(PAGE.read_bytes(), content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    sitrep("feeds", "add", httpserver.url_for("/feed.xml"))
    first = sitrep("poll", "--once")
    assert "1 article(s) read, 1 not read" in first.out

    rows = {r[3]: r for r in (line.split("\t") for line in sitrep("reports").out.splitlines())}
    assert rows["Mass burials in New York"][7] == "article"
    assert rows["Gone story"][7] == "summary (article not read: HTTP 404 NOT FOUND)"
    listed = {r["title"]: r for r in json.loads(sitrep("reports", "--format", "json").out)}
    assert listed["Gone story"]["article_error"] == "article not read: HTTP 404 NOT FOUND"

    with Store(sitrep.home / "data") as store:
        story = store.report(listed["Mass burials in New York"]["id"])
        gone = store.report(listed["Gone story"]["id"])
        assert story.summary == "A teaser of a few words." and "unemployment claims had topped" in story.text
        assert gone.text == "A teaser of a few words." and gone.summary == ""
        events = store.events_for(story.id)
        assert events  # the article has figures the teaser has not
        for event in events:
            assert story.full_text[event.start:event.end] == event.evidence

    sitrep("poll", "--once")
    fetched = [req.path for req, _ in httpserver.log]
    assert fetched.count("/story") == 1 and fetched.count("/gone") == 1
    assert fetched.count("/feed.xml") == 3  # feeds add, and two polls

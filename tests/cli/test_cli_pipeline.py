"""sitrep.wiring.pipeline in-process, with a real Poller, a real Store and loopback HTTP."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest

import sitrep.wiring.pipeline as pipeline
from sitrep.feeds.poll import Poller
from sitrep.domain.models import FeedConfig, Party, Profile, Report
from sitrep.wiring.pipeline import poll_into_store, read_reports
from sitrep.store import Store

PROFILE = Profile(name="Siege of Korvan", keywords=("Korvan",),
                  parties=(Party("guard", ("Northern Guard",)),))


def report(rid: str, title: str, text: str) -> Report:
    return Report(id=rid, feed="test", title=title, text=text)


def test_read_reports_marks_topic_on_title_and_body():
    pairs = read_reports([
        report("a", "Korvan under fire", "Shells fell overnight."),
        report("b", "Shells fell overnight", "Fighting near Korvan."),
        report("c", "Grain prices rise", "Markets in Sarn were quiet."),
    ], PROFILE)
    assert [(r.id, r.on_topic) for r, _ in pairs] == [("a", True), ("b", True), ("c", False)]
    assert all(isinstance(events, list) for _, events in pairs)


def test_read_reports_without_profile_keeps_everything_on_topic():
    pairs = read_reports([report("c", "Grain prices rise", "Quiet markets.")], None)
    assert pairs[0][0].on_topic is True


def test_read_reports_passes_full_text_and_profile(monkeypatch):
    seen = []
    monkeypatch.setattr(pipeline, "extract", lambda text, profile, *, published: seen.append((text, profile, published)) or [])
    r = report("a", "Title", "Body.")
    read_reports([r], PROFILE)
    assert seen == [("Title\n\nBody.", PROFILE, r.published)]


def test_extraction_failure_keeps_the_report(monkeypatch, caplog, tmp_path):
    def explode(text, profile, *, published=None):
        if "bad" in text:
            raise RuntimeError("rule blew up")
        return []

    monkeypatch.setattr(pipeline, "extract", explode)
    with caplog.at_level(logging.ERROR, logger="sitrep.wiring.pipeline"):
        pairs = read_reports([report("1", "bad one", "x"), report("2", "good one", "y")], PROFILE)
    assert [(r.id, events) for r, events in pairs] == [("1", []), ("2", [])]
    assert "extraction failed on report 1" in caplog.text
    with Store(tmp_path / "data") as store:
        assert [r.id for r in store.add(pairs)] == ["1", "2"]
        assert store.has("1")


async def test_poll_into_store(httpserver, tmp_path, rss):
    httpserver.expect_request("/korvan.xml").respond_with_data(rss([
        ("k1", "Korvan shelled", "Shells hit Korvan."),
        ("k2", "Grain prices", "Prices rose in Sarn."),
    ]), content_type="application/rss+xml")
    httpserver.expect_request("/down.xml").respond_with_data("no", status=503)
    feeds = [FeedConfig("Korvan", httpserver.url_for("/korvan.xml"), every=60),
             FeedConfig("Down", httpserver.url_for("/down.xml"), every=60)]
    seen = []
    with Store(tmp_path / "data") as store:
        poller = Poller()
        try:
            results = await poll_into_store(poller, store, feeds, force=True,
                                            on_outcome=seen.append, profile=PROFILE)
            again = await poll_into_store(poller, store, feeds, force=True, profile=PROFILE)
        finally:
            await poller.aclose()
        assert [r.outcome.feed.name for r in results] == ["Korvan", "Down"]
        assert sorted(r.outcome.feed.name for r in seen) == ["Down", "Korvan"]
        korvan, down = results
        assert korvan.outcome.status == "ok" and len(korvan.new) == 2
        assert down.outcome.status == "error" and down.outcome.error and down.new == []
        assert [len(r.new) for r in again] == [0, 0]
        metas = {m.title: m for m in store.reports()}
        assert metas["Korvan shelled"].on_topic and not metas["Grain prices"].on_topic
        states = store.feed_states()
        assert states["Korvan"].last_status in ("ok", "not-modified")
        assert states["Down"].last_status == "error" and states["Down"].last_error


async def test_poll_into_store_respects_schedule(httpserver, tmp_path, rss):
    httpserver.expect_request("/w.xml").respond_with_data(
        rss([("w1", "One", "x")]), content_type="application/rss+xml")
    feeds = [FeedConfig("W", httpserver.url_for("/w.xml"), every=3600)]
    with Store(tmp_path / "data") as store:
        async with Poller() as poller:
            first = await poll_into_store(poller, store, feeds)
            second = await poll_into_store(poller, store, feeds)
    assert [len(r.new) for r in first] == [1]
    assert second == []  # not due again for an hour


@pytest.mark.parametrize("profile", [None, PROFILE])
def test_read_reports_is_pure(profile):
    original = report("a", "Korvan", "text")
    read_reports([original], profile)
    assert original.on_topic is True


def test_read_reports_dates_events_from_the_publication_time():
    published = datetime(2016, 12, 13, 8, 0, tzinfo=timezone.utc)  # a Tuesday
    r = Report(id="d", feed="test", title="Raid", published=published,
               text="Gunmen killed four villagers near Maiduguri on Monday, police said.")
    (_, events), = read_reports([r], None)
    assert [(e.when, e.date) for e in events if e.type == "casualty"] == [("Monday", "2016-12-12")]

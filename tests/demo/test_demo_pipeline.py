"""The demo feeds read by sitrep's own parser and poller, as the CLI will."""

from __future__ import annotations

from datetime import timedelta

import httpx

from sitrep.feeds import parse, poll
from sitrep.wiring.demo import DemoServer, demo_reports
from sitrep.domain.models import FeedConfig



def test_parser_reads_every_report_back(server: DemoServer, clock, start) -> None:
    clock.advance(10_000)
    by_title = {r.title: r for r in demo_reports()}
    read = 0
    for outlet in server.situation.outlets:
        url = server.feed_url(outlet)
        response = httpx.get(url, timeout=5)
        parsed = parse.parse_feed(
            response.content, feed=outlet.name, url=url, headers=response.headers,
            fetched=start + timedelta(days=1),
        )
        assert parsed.title == outlet.name
        for report in parsed.reports:
            source = by_title[report.title]
            assert report.feed == outlet.name
            assert report.url == f"{server.base_url}/{outlet.key}/{source.id}"
            assert not report.published_guessed
            # Paragraphs survive as paragraphs, whatever the spacing.
            assert " ".join(report.text.split()) == " ".join(source.text.split())
            read += 1
    assert read == len(by_title)


async def test_poller_gets_not_modified_until_a_release(server: DemoServer, clock, start) -> None:
    feed = next(f for f in _feeds(server) if f.name == "Relief Bulletin")
    poller = poll.Poller()
    try:
        now = start + timedelta(hours=1)
        [first] = await poller.poll([feed], {}, force=True, now=now)
        assert first.status == "ok", first.error
        assert [r.title for r in first.reports] == [demo_reports()[3].title]
        assert first.state.etag

        [second] = await poller.poll([feed], {feed.name: first.state}, force=True, now=now)
        assert second.status == "not-modified"
        assert second.reports == []

        clock.advance(10_000)
        [third] = await poller.poll([feed], {feed.name: second.state}, force=True, now=now)
        assert third.status == "ok"
        assert len(third.reports) == sum(r.feed == feed.name for r in demo_reports())
        assert third.state.etag != first.state.etag
    finally:
        await poller.aclose()


def _feeds(server: DemoServer) -> list[FeedConfig]:
    return [FeedConfig(name=o.name, url=server.feed_url(o), every=4) for o in server.situation.outlets]



async def test_demo_fills_a_store_through_the_pipeline(server: DemoServer, clock, tmp_path) -> None:
    from sitrep.wiring import pipeline
    from sitrep.store import Store

    feeds, profile = _feeds(server), server.situation.profile
    poller = poll.Poller()
    with Store(tmp_path / "data") as store:
        try:
            outcomes = await pipeline.poll_into_store(poller, store, feeds, force=True, profile=profile)
            assert {o.outcome.status for o in outcomes} == {"ok"}
            assert store.counts().reports == 6

            clock.advance(4)  # one release: one feed changes, the rest answer 304
            outcomes = await pipeline.poll_into_store(poller, store, feeds, force=True, profile=profile)
            assert sorted(o.outcome.status for o in outcomes) == ["not-modified"] * 5 + ["ok"]
            assert store.counts().reports == 7

            clock.advance(10_000)
            await pipeline.poll_into_store(poller, store, feeds, force=True, profile=profile)
        finally:
            await poller.aclose()
        metas = store.reports()
        assert len(metas) == len(demo_reports())
        off_topic = {m.title for m in metas if not m.on_topic}
        assert off_topic and all(m.feed == "Globe Roundup" for m in metas if not m.on_topic)

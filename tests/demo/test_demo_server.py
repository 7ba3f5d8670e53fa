"""The demo server, fetched over real loopback HTTP and read by feedparser."""

from __future__ import annotations

import time
from datetime import timedelta

import feedparser
import httpx
import pytest

from sitrep.wiring.demo import DemoServer, demo_reports, demo_situation



def get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=5)


def entries(server: DemoServer, outlet: str) -> list:
    response = get(server.feed_url(outlet))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed.entries


def all_titles(server: DemoServer) -> set[str]:
    return {e.title for o in server.situation.outlets for e in entries(server, o.key)}


def test_binds_only_loopback(server: DemoServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server._httpd.server_address[0] == "127.0.0.1"


def test_every_outlet_serves_a_valid_feed(server: DemoServer) -> None:
    for outlet in server.situation.outlets:
        response = get(server.feed_url(outlet))
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (outlet.key, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if outlet.format == "atom" else "rss20")
        assert parsed.feed.title == outlet.name
        kind = "atom" if outlet.format == "atom" else "rss"
        assert kind in response.headers["content-type"]


def test_items_carry_guid_link_date_and_paragraphs(server: DemoServer, clock) -> None:
    clock.advance(4 * len(demo_reports()))
    by_id = {r.id: r for r in demo_reports()}
    seen = 0
    for outlet in server.situation.outlets:
        for entry in entries(server, outlet.key):
            report = by_id[entry.id.removeprefix("urn:sitrep-demo:")]
            assert entry.title == report.title
            assert entry.link == f"{server.base_url}/{outlet.key}/{report.id}"
            assert entry.published_parsed is not None
            html = entry.content[0].value if "content" in entry else entry.summary
            assert html.count("<p>") == len(report.paragraphs)
            seen += 1
    assert seen == len(by_id)


def test_feeds_list_newest_first_and_initial_items_are_in_the_past(server: DemoServer, start) -> None:
    for outlet in server.situation.outlets:
        dates = [r.published for r in reversed(server.releases(outlet))]
        assert dates == sorted(dates, reverse=True)
    assert all(r.published < start for r in server.releases())


def test_reports_are_released_one_per_interval(server: DemoServer, clock, start) -> None:
    reports = demo_reports()
    assert server.released() == 6
    assert all_titles(server) == {r.title for r in reports[:6]}
    clock.advance(3.9)
    assert server.released() == 6
    clock.advance(0.2)
    assert server.released() == 7
    assert reports[6].title in all_titles(server)
    clock.advance(4 * 10)
    assert server.released() == 17
    assert reports[16].title in all_titles(server)
    assert reports[17].title not in all_titles(server)
    released = server.releases()[6]
    assert released.published == start + timedelta(seconds=4)


def test_release_ends_with_the_last_report(server: DemoServer, clock) -> None:
    clock.advance(10_000)
    assert server.finished
    assert server.released() == len(demo_reports())
    assert all_titles(server) == {r.title for r in demo_reports()}


def test_speed_shortens_the_interval(clock) -> None:
    with DemoServer(interval=4.0, speed=4.0, initial=0, clock=clock) as fast:
        assert fast.released() == 0
        clock.advance(1.0)
        assert fast.released() == 1


def test_new_items_appear_in_real_time() -> None:
    """With the real clock and a tiny interval, a poller sees the feed grow."""
    outlet = demo_reports()[1].outlet  # the first report released after the start
    with DemoServer(interval=0.2, initial=1) as server:
        first = {e.id for e in entries(server, outlet)}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = {e.id for e in entries(server, outlet)}
            if now - first:
                break
            time.sleep(0.05)
        assert now > first


def test_etag_round_trip(server: DemoServer, clock) -> None:
    url = server.feed_url("monitor")
    first = get(url)
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["last-modified"]
    again = get(url, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert get(url, **{"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert get(url, **{"If-None-Match": '"other"'}).status_code == 200

    # Another outlet's release leaves this feed, and its validator, alone ...
    clock.advance(4)
    assert server.releases()[-1].report.outlet != "monitor"
    assert get(url, **{"If-None-Match": etag}).status_code == 304
    # ... until this outlet publishes again.
    clock.advance(4 * len(demo_reports()))
    changed = get(url, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_if_modified_since(server: DemoServer, clock) -> None:
    url = server.feed_url("relief")
    stamp = get(url).headers["last-modified"]
    assert get(url, **{"If-Modified-Since": stamp}).status_code == 304
    assert get(url, **{"If-Modified-Since": "not a date"}).status_code == 200
    clock.advance(4 * len(demo_reports()))
    assert get(url, **{"If-Modified-Since": stamp}).status_code == 200


def test_item_pages_open_only_once_released(server: DemoServer, clock) -> None:
    first, later = demo_reports()[0], demo_reports()[-1]
    page = get(f"{server.base_url}/{first.outlet}/{first.id}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert first.paragraphs[0].split(",")[0] in page.text
    url = f"{server.base_url}/{later.outlet}/{later.id}"
    assert get(url).status_code == 404
    clock.advance(10_000)
    assert get(url).status_code == 200


def test_index_and_unknown_paths(server: DemoServer) -> None:
    index = get(server.base_url + "/")
    assert index.status_code == 200
    for outlet in demo_situation().outlets:
        assert server.feed_url(outlet) in index.text
    assert get(server.base_url + "/nope.xml").status_code == 404
    assert get(server.base_url + "/meridian/no-such-item").status_code == 404
    head = httpx.head(server.feed_url("globe"), timeout=5)
    assert head.status_code == 200 and head.content == b""


def test_stop_frees_the_port(clock) -> None:
    server = DemoServer(clock=clock).start()
    url = server.feed_url("meridian")
    assert get(url).status_code == 200
    server.stop()
    server.stop()
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        get(url)


@pytest.mark.parametrize(
    "kwargs", [{"interval": 0}, {"interval": float("nan")}, {"speed": -1}, {"initial": -1}],
)
def test_bad_settings_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        DemoServer(**kwargs)

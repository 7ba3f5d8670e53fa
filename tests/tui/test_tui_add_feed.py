"""The add-feed dialog: a feed left without a name is named by its own
title, as ``sitrep feeds add`` names it; the URL is checked first."""

from __future__ import annotations

import tui_sample
from conftest import wait_for
from test_tui_day import RSS, loaded, make_app, table

from sitrep.domain.config import Paths, load_config
from sitrep.tui.add_feed import AddFeedScreen, check_feed
from sitrep.tui.main_screen import MainScreen
from sitrep.wiring.cli.feeds_cmd import name_new_feed
from sitrep.wiring.pipeline import dashboard_poller

WIDE = (160, 48)
SMALL = (80, 24)

EVENING_POST = dict(title="Saltmere Evening Post", item="Envoys meet in Saltmere", guid="s1",
                    body="Envoys met in Saltmere to talk about aid convoys.")


def app_with_config(store, tmp_path):
    paths = Paths(config_file=tmp_path / "config.toml", data_dir=tmp_path / "data")
    app = make_app(store, tui_sample.config(()), paths=paths, name_feed=name_new_feed)
    app.poll_feeds = dashboard_poller(store, None)  # polls the added feed; no schedule
    return app, paths


async def add(pilot, url: str, name: str = "", full_text: str | None = None) -> None:
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AddFeedScreen))
    pilot.app.screen.query_one("#feed-url").value = url
    if full_text is not None:
        pilot.app.screen.query_one("#feed-full-text").value = full_text
    await pilot.press("enter", *name, "enter")  # URL, then the name field submits


async def test_a_feed_left_unnamed_is_named_by_its_title_and_polled(
        sample_store, httpserver, tmp_path):
    httpserver.expect_request("/post.xml").respond_with_data(
        RSS.format(**EVENING_POST), content_type="application/rss+xml")
    app, paths = app_with_config(sample_store, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await add(pilot, httpserver.url_for("/post.xml"), full_text="never")
        await wait_for(pilot, lambda: any(
            app.main.view.feed_of.get(k) == "Saltmere Evening Post"
            for k in table(app, "reports").keys), tries=200)
        assert isinstance(app.screen, MainScreen)
        feeds = load_config(paths.config_file).feeds
        assert [(f.name, f.full_text) for f in feeds] == [("Saltmere Evening Post", "never")]
        assert [f.name for f in app.config.feeds] == ["Saltmere Evening Post"]
        assert any("Added Saltmere Evening Post" in n for n in app.notes)
        # The title was read once to name it, then the feed was polled.
        assert [entry[0].path for entry in httpserver.log] == ["/post.xml", "/post.xml"]


async def test_a_second_feed_with_the_same_title_is_told_apart_by_host(
        sample_store, httpserver, tmp_path):
    for path in ("/post.xml", "/again.xml"):
        httpserver.expect_request(path).respond_with_data(
            RSS.format(**EVENING_POST), content_type="application/rss+xml")
    app, paths = app_with_config(sample_store, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await add(pilot, httpserver.url_for("/post.xml"), full_text="never")
        await wait_for(pilot, lambda: len(app.config.feeds) == 1 and not app.poll_running, tries=200)
        await add(pilot, httpserver.url_for("/again.xml"), full_text="never")
        await wait_for(pilot, lambda: len(app.config.feeds) == 2, tries=200)
    names = [f.name for f in load_config(paths.config_file).feeds]
    assert names == ["Saltmere Evening Post", "Saltmere Evening Post (localhost)"]


async def test_a_feed_that_cannot_be_read_yet_is_named_by_its_address_and_says_why(
        sample_store, httpserver, tmp_path):
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    app, paths = app_with_config(sample_store, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await add(pilot, httpserver.url_for("/gone.xml"))
        await wait_for(pilot, lambda: len(app.config.feeds) == 1, tries=200)
        assert any(n.startswith("Named the feed after its address: could not read it yet")
                   and "404" in n for n in app.notes)
    assert [f.name for f in load_config(paths.config_file).feeds] == ["localhost"]  # its host


async def test_a_typed_name_is_kept_and_a_bad_url_is_refused_in_one_line(
        sample_store, httpserver, tmp_path):
    httpserver.expect_request("/post.xml").respond_with_data(
        RSS.format(**EVENING_POST), content_type="application/rss+xml")
    app, paths = app_with_config(sample_store, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await add(pilot, "http://")
        dialog = app.screen
        assert isinstance(dialog, AddFeedScreen)
        error = dialog.query_one("#feed-error").render().plain
        assert error == "The URL has no host: write it as https://host/path."
        dialog.query_one("#feed-url").value = httpserver.url_for("/post.xml")
        dialog.query_one("#feed-name").value = "Evening"
        dialog.query_one("#feed-full-text").value = "never"
        await pilot.click("#feed-add")
        await wait_for(pilot, lambda: len(app.config.feeds) == 1, tries=200)
        assert isinstance(app.screen, MainScreen)
    assert [f.name for f in load_config(paths.config_file).feeds] == ["Evening"]
    assert [entry[0].path for entry in httpserver.log] == ["/post.xml"]  # the poll only


async def test_without_a_way_to_read_titles_the_name_is_required(sample_store, tmp_path):
    paths = Paths(config_file=tmp_path / "config.toml", data_dir=tmp_path / "data")
    app = make_app(sample_store, tui_sample.config(()), paths=paths)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await add(pilot, "https://news.example/feed.xml")
        assert isinstance(app.screen, AddFeedScreen)
        assert app.screen.query_one("#feed-error").render().plain == "Give the feed a name."


def test_check_feed_says_what_is_wrong_in_one_line(tmp_path):
    existing = tui_sample.FEEDS
    assert check_feed("", "", existing) == "Give the feed's URL."
    assert check_feed("https://exa mple.org/f", "", existing) == "A URL has no spaces in it."
    assert "no host" in check_feed("https://", "", existing)
    assert "http:// or https://" in check_feed("gopher://x", "", existing)
    assert check_feed("https://new.example/f", "", existing) is None  # named by its title
    assert check_feed("https://new.example/f", "", existing, name_required=True)
    assert "already" in check_feed(existing[0].url, "", existing)
    for problem in (check_feed("https://[::1", "", existing),
                    check_feed("https://x\n/y", "", existing)):
        assert problem and "\n" not in problem

"""start_demo writes a config.toml the CLI can load, pointing at the server."""

from __future__ import annotations

import tomllib
from pathlib import Path

import httpx
import pytest

from sitrep.wiring.demo import Demo, demo_profile, start_demo
from sitrep.wiring.demo.config_file import duration, render_config
from sitrep.domain.models import FeedConfig, Party, Profile


@pytest.fixture
def demo(tmp_path: Path):
    with start_demo(tmp_path / "home", interval=0.2) as running:
        yield running


def test_config_has_the_documented_shape(demo: Demo) -> None:
    assert demo.config_path == demo.config_path.parent / "config.toml"
    data = tomllib.loads(demo.config_path.read_text(encoding="utf-8"))
    assert set(data) == {"situation", "feeds"}
    situation = data["situation"]
    assert situation["name"] == "Siege of Karsk"
    assert "Karsk" in situation["keywords"]
    assert situation["parties"]["government"][:2] == ["Veskarian army", "army"]
    assert "Northern Front" in situation["parties"]["rebels"]
    assert len(data["feeds"]) == len(demo.situation.outlets)
    for entry, feed in zip(data["feeds"], demo.feeds, strict=True):
        assert set(entry) == {"name", "url", "every"}
        assert entry["name"] == feed.name
        assert entry["url"] == feed.url
        assert entry["url"].startswith(demo.server.base_url + "/")
        assert entry["every"] == duration(feed.every)
        assert entry["every"].endswith("s")


def test_feeds_point_at_live_feeds(demo: Demo) -> None:
    assert demo.profile == demo_profile()
    assert {f.name for f in demo.feeds} == {o.name for o in demo.situation.outlets}
    for feed in demo.feeds:
        assert 1 <= feed.every <= 5
        response = httpx.get(feed.url, timeout=5)
        assert response.status_code == 200
        assert response.headers["etag"]


def test_the_cli_config_loader_reads_it(demo: Demo) -> None:
    config_module = pytest.importorskip("sitrep.domain.config")
    config = config_module.load_config(demo.config_path)
    assert config.profile == demo.profile
    assert list(config.feeds) == demo.feeds


def test_poll_pace_follows_the_release_pace(tmp_path: Path) -> None:
    with start_demo(tmp_path / "slow") as slow:
        paces = sorted({f.every for f in slow.feeds})
        assert paces[0] >= 3 and paces[-1] <= 5 and len(paces) > 1
    with start_demo(tmp_path / "fixed", poll_every=2) as fixed:
        assert {f.every for f in fixed.feeds} == {2.0}


def test_stop_ends_the_server(tmp_path: Path) -> None:
    demo = start_demo(tmp_path, interval=0.2)
    url = demo.feeds[0].url
    demo.stop()
    assert not demo.server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=5)
    assert demo.config_path.exists()


def test_awkward_names_survive_the_round_trip() -> None:
    profile = Profile(
        name='Talks in "Tarvos" \\ round two',
        keywords=("Karsk", "a = b"),
        parties=(Party(key="the army", aliases=("army", "[bold]loyalists[/]")),),
    )
    feeds = [FeedConfig(name='Wire "A"', url="http://127.0.0.1:1/a.xml", every=1.5)]
    data = tomllib.loads(render_config(profile, feeds))
    assert data["situation"]["name"] == profile.name
    assert data["situation"]["keywords"] == ["Karsk", "a = b"]
    assert data["situation"]["parties"] == {"the army": ["army", "[bold]loyalists[/]"]}
    assert data["feeds"] == [{"name": 'Wire "A"', "url": "http://127.0.0.1:1/a.xml", "every": "1.5s"}]


def test_demo_reports_its_progress(tmp_path: Path) -> None:
    with start_demo(tmp_path, initial=3, interval=3600) as demo:
        assert (demo.released, demo.total) == (3, len(demo.situation.reports))
        assert not demo.finished
        assert demo.status() == f"demo: 3 of {demo.total} reports out"
    with start_demo(tmp_path, initial=1000) as done:
        assert done.finished
        assert done.status() == f"demo: all {done.total} reports out"

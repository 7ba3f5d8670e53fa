"""``sitrep poll`` against a loopback HTTP feed, local files and the example feed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from sitrep.examples import EXAMPLE_CONFIG, EXAMPLE_FEED

ITEMS = [
    ("wire-1", "Guard takes Tesh district in Korvan", "Northern Guard troops took Tesh on Monday."),
    ("wire-2", "Five killed in Korvan shelling", "Five people were killed in shelling, medics said."),
    ("wire-3", "Talks on a pause resume", "Envoys met again in Sarn on Tuesday."),
]


def stored(sitrep):
    return sitrep("reports", "--format", "json").json()


def test_poll_once_over_http(sitrep, httpserver, rss):
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(ITEMS), content_type="application/rss+xml")
    sitrep("feeds", "add", httpserver.url_for("/feed.xml"), "--name", "Wire")
    first = sitrep("poll", "--once")
    assert "Wire: ok, 3 new" in first.out
    assert "Poll summary" in first.out and "3 new report(s), 0 error(s)" in first.out
    assert sorted(r["title"] for r in stored(sitrep)) == sorted(t for _, t, _ in ITEMS)
    assert {r["feed"] for r in stored(sitrep)} == {"Wire"}

    second = sitrep("poll", "--once")
    assert "0 new report(s), 0 error(s)" in second.out
    assert len(stored(sitrep)) == 3
    feed = sitrep("feeds", "list", "--format", "json").json()[0]
    assert feed["last_status"] in ("ok", "not-modified") and feed["last_poll"]
    assert feed["reports"] == 3


def test_poll_local_file_then_new_item(sitrep, tmp_path, rss):
    path = tmp_path / "wire.xml"
    path.write_text(rss(ITEMS[:2]))
    sitrep("feeds", "add", str(path))
    assert "2 new report(s)" in sitrep("poll").out
    assert "0 new report(s)" in sitrep("poll").out
    path.write_text(rss(ITEMS))
    assert "1 new report(s)" in sitrep("poll", "--once").out
    assert len(stored(sitrep)) == 3


def test_failing_feed_does_not_stop_the_others(sitrep, httpserver, tmp_path, rss):
    httpserver.expect_request("/good.xml").respond_with_data(
        rss(ITEMS), content_type="application/rss+xml")
    httpserver.expect_request("/broken.xml").respond_with_data("oops", status=500)
    httpserver.expect_request("/page.html").respond_with_data(
        "<html><body>not a feed</body></html>", content_type="text/html")
    sitrep("feeds", "add", httpserver.url_for("/broken.xml"), "--name", "Broken")
    sitrep("feeds", "add", httpserver.url_for("/page.html"), "--name", "Page")
    sitrep("feeds", "add", httpserver.url_for("/good.xml"), "--name", "Good")
    missing = tmp_path / "gone.xml"
    missing.write_text(rss(ITEMS[:1]))
    sitrep("feeds", "add", str(missing), "--name", "Gone")
    missing.unlink()

    result = sitrep("poll", "--once", ok=False)
    assert result.code == 1
    assert "3 new report(s), 3 error(s)" in result.out
    for name in ("Broken", "Page", "Gone"):
        assert f"{name}: error:" in result.out
    assert {r["feed"] for r in stored(sitrep)} == {"Good"}
    states = {f["name"]: f for f in sitrep("feeds", "list", "--format", "json").json()}
    assert states["Broken"]["last_status"] == "error" and states["Broken"]["last_error"]
    assert states["Good"]["last_status"] == "ok" and states["Good"]["reports"] == 3
    assert "error" in sitrep("feeds", "list").out


def test_bundled_example_feed_offline(sitrep):
    config = EXAMPLE_CONFIG.read_text().replace('"example-feed.xml"', f'"{EXAMPLE_FEED}"')
    sitrep.config.write_text(config)
    result = sitrep("poll", "--once")
    assert "Valdera Ledger: ok, 6 new" in result.out
    reports = stored(sitrep)
    assert len(reports) == 6
    on_topic = {r["title"]: r["on_topic"] for r in reports}
    assert on_topic["Grain prices rise across Valdera"] is True  # "Valdera" is a keyword
    assert sum(on_topic.values()) == 6
    events = sitrep("events", "--format", "json").json()
    assert all(e["feed"] == "Valdera Ledger" for e in events)


def test_no_feeds_is_not_an_error(sitrep):
    assert "no feeds to poll" in sitrep("poll").out


def test_poll_every_stops_cleanly_on_ctrl_c(sitrep, tmp_path, rss):
    path = tmp_path / "wire.xml"
    path.write_text(rss(ITEMS))
    sitrep("feeds", "add", str(path), "--every", "10s")
    env = dict(os.environ, SITREP_HOME=str(sitrep.home))
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "poll", "--every", "1h"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "new report(s)" in line:  # the first cycle's summary caption
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130), err
    assert "Traceback" not in err
    assert "wire: ok, 3 new" in "".join(lines)
    assert "stopped after 1 cycle(s): 3 new report(s), 0 error(s)" in out
    assert len(stored(sitrep)) == 3


def test_poll_output_is_inert(sitrep, tmp_path, rss):
    path = tmp_path / "evil.xml"
    path.write_text(rss([("e1", "Evil \x1b[2J[bold red]title[/]", "x")]).replace("\x1b", "&#27;"))
    sitrep("feeds", "add", str(path), "--name", "Evil [red]feed[/red]")
    result = sitrep("poll")
    assert "\x1b" not in result.out
    assert "Evil [red]feed[/red]" in result.out
    assert "[bold red]title[/]" in sitrep("reports").out


def test_poll_real_world_feeds_over_http(sitrep, httpserver, shared_feeds):
    """The saved real feeds in ../shared, served from their path, poll cleanly."""
    paths = sorted(shared_feeds.glob("*.xml"))
    assert paths
    for path in paths:
        httpserver.expect_request(f"/{path.name}").respond_with_data(
            path.read_bytes(), content_type="application/rss+xml")
        # Their links lead to real sites, which must never be contacted.
        sitrep("feeds", "add", httpserver.url_for(f"/{path.name}"), "--name", path.stem,
               "--full-text", "never")
    result = sitrep("poll", "--once")
    assert "Poll summary" in result.out and " 0 error(s)" in result.out
    feeds = sitrep("feeds", "list", "--format", "json").json()
    assert all(f["last_status"] == "ok" and f["reports"] > 0 for f in feeds), feeds
    assert sum(f["reports"] for f in feeds) == len(stored(sitrep)) > 0


def test_poll_every_says_when_the_next_poll_is_due(sitrep, httpserver, rss):
    import os
    import subprocess
    import sys

    httpserver.expect_request("/w.xml").respond_with_data(rss([("1", "One", "d")]),
                                                          content_type="application/rss+xml")
    sitrep("feeds", "add", httpserver.url_for("/w.xml"), "--name", "Wire", "--every", "1h",
           "--full-text", "never")
    env = dict(os.environ, SITREP_HOME=str(sitrep.home), COLUMNS="200", NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "poll", "--every", "30s"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "next poll due" in line:
                break
        assert "(Wire, in 5" in seen[-1] or "(Wire, in 1h" in seen[-1], seen
        assert "next check in 30s" in seen[-1], seen
    finally:
        proc.terminate()
        proc.wait(timeout=10)

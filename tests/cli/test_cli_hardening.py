"""The real ``sitrep`` command under hostile conditions (issue 12) and
``sitrep reread``: damaged records, a read-only config folder, a server
asking for a pause, a FIFO as a feed, impossible dates, interrupted rereads."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from readonly_dir import read_only

from sitrep.domain.models import Casualty, Report
from sitrep.store import Store

UTC = timezone.utc
BASE = datetime(2025, 4, 1, 8, 0, tzinfo=UTC)
OLD = Casualty(evidence="old reading", start=0, end=11, count=1, status="killed", rule="old-extractor")


def report(n: int, text: str = "Guard troops captured Tesh on Monday. Five people were killed in Korvan.") -> Report:
    return Report(id=f"https://example.org/r/{n}", feed="Wire", title=f"Dispatch {n} from Korvan", text=text,
                  url=f"https://example.org/r/{n}", published=BASE + timedelta(minutes=n), fetched=BASE + timedelta(days=1))


def fill(sitrep, count: int, events=(OLD,)) -> None:
    with Store(sitrep.home / "data") as store:
        for start in range(0, count, 1000):
            store.add([(report(n), list(events)) for n in range(start, min(start + 1000, count))])


def damage(sitrep, change) -> None:
    for segment in (sitrep.home / "data" / "segments").glob("seg-*.json"):
        data = json.loads(segment.read_text())
        change(data)
        segment.write_text(json.dumps(data))


def test_listings_skip_damaged_records_with_one_warning(sitrep):
    fill(sitrep, 3)

    def change(data):
        docs = sorted(data["reports"].values(), key=lambda d: d["id"])
        docs[0]["meta"] = "{not json"
        docs[1]["published"] = "2025-13-45T99:00"
        for doc in data["events"].values():
            if doc["report"] == docs[2]["id"]:
                doc["events"] = doc["events"].replace('"casualty"', '"rumour"')

    damage(sitrep, change)
    reports = sitrep("reports")
    assert "Dispatch 2 from Korvan" in reports.out and "Dispatch 0" not in reports.out
    warning = [line for line in reports.err.splitlines() if "warning" in line]
    assert len(warning) == 1 and "skipped 2 unreadable record(s)" in warning[0]
    assert "https://example.org/r/0" in warning[0] and "https://example.org/r/1" in warning[0]
    assert len(sitrep("reports", "--format", "json").json()) == 1

    events = sitrep("events", ok=False)  # the one readable report's events are the damaged ones
    assert "skipped" in events.err and "do not match their types" in events.err and "Traceback" not in events.err


def test_nothing_readable_is_an_error_something_readable_is_not(sitrep):
    fill(sitrep, 2)
    damage(sitrep, lambda data: [doc.update(meta="[") for doc in data["reports"].values()])
    result = sitrep("reports", ok=False)
    assert result.code == 1 and result.err.count("\n") == 1


def test_feeds_add_in_a_read_only_config_folder_is_one_error_line(sitrep, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss version='2.0'><channel><title>t</title></channel></rss>")
    with read_only(sitrep.home):
        result = sitrep("feeds", "add", str(feed), ok=False)
    assert result.err.startswith("sitrep: error: ") and result.err.count("\n") == 1
    assert str(sitrep.home) in result.err


def test_poll_once_waits_out_retry_after_unless_forced(sitrep, httpserver, rss):
    httpserver.expect_request("/busy.xml").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"})
    httpserver.expect_request("/fine.xml").respond_with_data(
        rss([("a", "Talks resume in Sarn", "Envoys met.")]), content_type="application/rss+xml")
    sitrep("feeds", "add", httpserver.url_for("/busy.xml"), "--name", "Busy")
    sitrep("feeds", "add", httpserver.url_for("/fine.xml"), "--name", "Fine")
    first = sitrep("poll", "--once", ok=False)
    assert "Busy: error: feed 'Busy': HTTP 429" in first.out
    asked = lambda: sum(req.path == "/busy.xml" for req, _ in httpserver.log)  # noqa: E731
    assert asked() == 1

    second = sitrep("poll", "--once")
    assert asked() == 1  # the server's hour is kept
    assert "Busy: not polled, the server asked to wait (Retry-After)" in second.out
    assert "Fine: " in second.out

    forced = sitrep("poll", "--once", "--force", ok=False)
    assert asked() == 2 and "HTTP 429" in forced.out


def test_poll_once_with_a_fifo_as_feed_exits(sitrep, tmp_path):
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    sitrep("feeds", "add", str(fifo), "--name", "Pipe", ok=None)
    config = sitrep.config.read_text() if sitrep.config.exists() else ""
    if "Pipe" not in config:  # feeds add may refuse it outright, which is fine too
        sitrep.config.write_text(f'[[feeds]]\nname = "Pipe"\nurl = "{fifo}"\n')
    result = sitrep("poll", "--once", ok=False)  # a process that never exits fails the run's timeout
    assert "not a regular file" in result.out


def test_an_impossible_date_is_marked_guessed(sitrep, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>t</title>"
        "<item><guid>x1</guid><title>Ceasefire holds in Korvan</title><pubDate>2025-13-45</pubDate>"
        "<description>Quiet night.</description></item>"
        "<item><guid>x2</guid><title>Convoy crosses</title><pubDate>2025-03-04</pubDate>"
        "<description>Trucks moved.</description></item></channel></rss>")
    sitrep("feeds", "add", str(feed), "--name", "Local")
    sitrep("poll")
    guessed = {r["title"]: r["published_guessed"] for r in sitrep("reports", "--format", "json").json()}
    assert guessed == {"Ceasefire holds in Korvan": True, "Convoy crosses": False}


def test_reread_replaces_events_and_on_topic_marks(sitrep):
    fill(sitrep, 30)
    sitrep.config.write_text('[situation]\nname = "Elsewhere"\nkeywords = ["Marrowfield"]\n')
    result = sitrep("reread", "--batch", "7")
    assert "reread 30 report(s)" in result.out and "30 off topic" in result.out
    events = sitrep("events", "--format", "json").json()
    assert events and all(e["event"]["rule"] != "old-extractor" for e in events)
    assert {e["event"]["type"] for e in events} >= {"control_change", "casualty"}
    assert not any(r["on_topic"] for r in sitrep("reports", "--format", "json").json())

    sitrep.config.write_text('[situation]\nname = "Korvan"\nkeywords = ["Korvan"]\n')
    since = sitrep("reread", "--since", (BASE + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    assert "reread 10 report(s)" in since.out
    topic = [r["on_topic"] for r in sitrep("reports", "--format", "json").json()]
    assert topic.count(True) == 10
    assert sitrep("reread", "--since", "yesterday-ish", ok=False).code == 2


def test_an_interrupted_reread_loses_nothing(sitrep):
    total, batch = 3000, 100
    fill(sitrep, total)
    env = dict(os.environ, SITREP_HOME=str(sitrep.home))
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "reread", "--batch", str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    for line in proc.stdout:  # interrupt once some batches are written
        if line.startswith("reread 300 of"):
            proc.send_signal(signal.SIGINT)
            break
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 130), err
    if proc.returncode == 130:
        assert "interrupted after" in err and "Traceback" not in err
    with Store(sitrep.home / "data") as store:
        assert store.counts().reports == total
        new = 0
        for r in store.reports():
            events = store.events_for(r.id)
            if events == [OLD]:
                continue
            assert events and all(e.rule != "old-extractor" for e in events)
            new += 1
    assert new % batch == 0 and new >= 300  # whole batches, never half of one


def test_a_megabyte_of_abbreviations_in_a_feed_entry_polls_and_stores(sitrep, tmp_path):
    """200,000 characters of "Mr. " once held ``poll --once`` for 77 s."""
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>t</title>"
        f"<item><guid>m1</guid><title>Korvan roll call</title><description>{'Mr. ' * 50_000}</description></item>"
        "<item><guid>m2</guid><title>Korvan falls</title>"
        "<description>Guard troops captured Korvan on Monday.</description></item></channel></rss>")
    sitrep("feeds", "add", str(feed), "--name", "Local")
    assert "2 new report(s), 0 error(s)" in sitrep("poll", "--once").out
    assert any(e["event"]["type"] == "control_change" for e in sitrep("events", "--format", "json").json())


def test_a_lone_c1_character_costs_one_character_not_the_report(sitrep):
    sitrep("ingest", "-", input="Korvan update\nStart \u0090 middle. Guard troops captured Korvan on Monday.")
    (stored,) = sitrep("reports", "--format", "json").json()
    events = sitrep("events", "--format", "json").json()
    assert [e["event"]["place"] for e in events if e["event"]["type"] == "control_change"] == ["Korvan"]
    assert "Guard troops captured Korvan" in events[0]["event"]["evidence"]
    assert stored["length"] == len("Start  middle. Guard troops captured Korvan on Monday.")


def test_long_listings_go_out_while_rows_are_still_coming():
    """Rows are written in blocks as they are added, not held for one table."""
    import io

    from rich.text import Text

    from sitrep.wiring.cli.common import console
    from sitrep.wiring.cli.stream_table import Column, StreamTable

    class Counting(io.StringIO):
        writes = 0

        def write(self, s):
            Counting.writes += 1
            return super().write(s)

    file = Counting()
    table = StreamTable(console(file), "events", [Column("date", 10), Column("place", 20), Column("evidence", 0)])
    for n in range(1000):
        table.add_row(Text("2025-04-01"), Text(f"Place {n}"), Text("Guard troops captured the place. " * 3))
        if n == 500:
            assert Counting.writes >= 2 and "Place 300" in file.getvalue()
    table.close()
    lines = file.getvalue().splitlines()
    assert "Place 999" in file.getvalue() and max(len(line) for line in lines) <= 80

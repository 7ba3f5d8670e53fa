"""``ingest``, ``reports``, ``events`` and ``extract`` on plain-text reports."""

from __future__ import annotations

import hashlib

import pytest

from sitrep.domain.models import EVENT_TYPES

SHELLING = (
    "Shelling kills 12 in Korvan market\n"
    "At least 12 civilians were killed when shells hit the market in Korvan on Tuesday,\n"
    "medics said. The Northern Guard captured the Tesh district after heavy fighting.\n"
)
TALKS = (
    "Envoy urges a pause in the fighting\n"
    "\"Both sides must stop now,\" said Ilse Marrow, the envoy of Ostrenland.\n"
    "About 3,000 people fled Korvan for the camps near Sarn.\n"
)
CONFIG = """\
[situation]
name = "Siege of Korvan"
keywords = ["Korvan"]

[situation.parties]
guard = ["Northern Guard"]
brigades = ["Free Korvan Brigades"]
"""


@pytest.fixture
def texts(tmp_path):
    one = tmp_path / "shelling.txt"
    one.write_text(SHELLING)
    two = tmp_path / "talks.txt"
    two.write_text(TALKS)
    return one, two


def check_event_shape(event: dict) -> None:
    assert event["type"] in EVENT_TYPES
    assert isinstance(event["evidence"], str) and event["evidence"]
    assert isinstance(event["start"], int) and isinstance(event["end"], int)
    assert 0 <= event["start"] <= event["end"]


def test_ingest_files_and_stdin_once_each(sitrep, texts):
    one, two = texts
    first = sitrep("ingest", str(one), str(two))
    assert "ingested 2 new report(s), 0 already stored" in first.out
    again = sitrep("ingest", str(two), "-", input=SHELLING)
    assert "ingested 0 new report(s), 2 already stored" in again.out
    new = sitrep("ingest", "-", input="Off-topic note\nGrain prices rose this week.\n")
    assert "ingested 1 new report(s)" in new.out

    reports = sitrep("reports", "--format", "json").json()
    assert len(reports) == 3
    by_title = {r["title"]: r for r in reports}
    assert set(by_title) == {"Shelling kills 12 in Korvan market", "Envoy urges a pause in the fighting",
                             "Off-topic note"}
    shelling = by_title["Shelling kills 12 in Korvan market"]
    assert shelling["id"] == hashlib.sha256(SHELLING.encode()).hexdigest()
    assert shelling["feed"] == "manual"
    assert shelling["url"] == str(one)
    assert shelling["length"] == len(SHELLING.split("\n", 1)[1].strip())
    assert set(shelling) >= {"id", "feed", "title", "published", "url", "length"}
    assert len(sitrep("reports", "--format", "json", "--limit", "2").json()) == 2
    assert "Shelling kills 12" in sitrep("reports").out


def test_ingest_marks_off_topic_with_the_profile(sitrep, texts):
    sitrep.config.write_text(CONFIG)
    sitrep("ingest", str(texts[0]))
    sitrep("ingest", "-", input="Grain prices\nPrices rose in Valdera.\n")
    topic = {r["title"]: r["on_topic"] for r in sitrep("reports", "--format", "json").json()}
    assert topic == {"Shelling kills 12 in Korvan market": True, "Grain prices": False}


def test_ingest_refuses_empty_huge_and_keeps_going(sitrep, tmp_path, texts):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Title\n" + b"x" * 2_000_000)
    result = sitrep("ingest", str(empty), str(huge), str(texts[0]), ok=False)
    assert "empty.txt: empty" in result.err and "huge.txt: too large" in result.err
    assert "ingested 1 new report(s)" in result.out
    assert len(sitrep("reports", "--format", "json").json()) == 1


def test_ingest_strips_terminal_controls(sitrep):
    sitrep("ingest", "-", input="\x1b]52;c;aGk=\x07Evil \x1b[31mtitle\x1b[0m\nbody\x07 text\n")
    report = sitrep("reports", "--format", "json").json()[0]
    assert report["title"] == "Evil title"
    assert "\x1b" not in sitrep("reports").out


def test_events_listing_json(sitrep, texts):
    sitrep("ingest", *map(str, texts))
    events = sitrep("events", "--format", "json").json()
    assert isinstance(events, list)
    for record in events:
        assert set(record) >= {"id", "report_id", "feed", "title", "published", "event"}
        assert record["feed"] == "manual"
        check_event_shape(record["event"])
    for kind in EVENT_TYPES:
        typed = sitrep("events", "--type", kind, "--format", "json").json()
        assert all(r["event"]["type"] == kind for r in typed)
        assert len(typed) == sum(r["event"]["type"] == kind for r in events)
    if events:
        assert len(sitrep("events", "--format", "json", "--limit", "1").json()) == 1
    sitrep("events")  # the table renders whatever extraction found


def test_extract_json_shape(sitrep, texts):
    sitrep.config.write_text(CONFIG)
    result = sitrep("extract", "--format", "json", *map(str, texts))
    data = result.json()
    assert [item["file"] for item in data] == [str(texts[0]), str(texts[1])]
    for item, source in zip(data, (SHELLING, TALKS)):
        assert isinstance(item["events"], list)
        for event in item["events"]:
            check_event_shape(event)
            assert event["end"] <= len(source)


def test_extract_defaults_to_json_when_piped_and_reads_stdin(sitrep):
    data = sitrep("extract", "-", input=SHELLING).json()
    assert data[0]["file"] == "-" and isinstance(data[0]["events"], list)


def test_extract_table(sitrep, texts):
    out = sitrep("extract", "--format", "table", str(texts[0])).out
    assert "shelling.txt" in out and "event(s)" in out


@pytest.mark.parametrize("content", [
    b"",
    b"\n\n   \n",
    bytes(range(256)) * 64,
    b"\xff\xfe\x00T\x00i\x00t\x00l\x00e",
    b"Title\n" + b"The market was shelled and 3 people were killed. " * 100_000,
], ids=["empty", "blank", "binary", "utf16", "5MB"])
def test_extract_survives_hostile_input(sitrep, tmp_path, content):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    for fmt in ("json", "table"):
        result = sitrep("extract", "--format", fmt, str(path))
        if fmt == "json":
            assert result.json()[0]["file"] == str(path)
    if len(content) > 1_000_000:
        assert "only the first" in result.err


def test_extract_missing_file_reports_and_continues(sitrep, texts):
    result = sitrep("extract", "--format", "json", "nope.txt", str(texts[0]), ok=False)
    assert "nope.txt: no such file" in result.err
    assert [item["file"] for item in result.json()] == [str(texts[0])]


def test_closed_pipe_is_not_an_error(sitrep, texts):
    import os
    import subprocess
    import sys

    sitrep("ingest", *map(str, texts))
    env = dict(os.environ, SITREP_HOME=str(sitrep.home))
    for command in (["reports"], ["reports", "--format", "json"], ["feeds", "export"]):
        proc = subprocess.Popen([sys.executable, "-m", "sitrep", *command], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # the reader is gone before sitrep writes
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
        assert "Traceback" not in err and "Exception ignored" not in err


DATED = "Market shelled\n\nShelling killed seven people at a market in Donetsk on Sunday, officials said.\n"


def test_extract_resolves_dates_against_published(sitrep):
    events = sitrep("extract", "--published", "2016-12-13", "-", input=DATED).json()[0]["events"]
    assert [(e["when"], e["date"]) for e in events if e["type"] == "casualty"] == [("Sunday", "2016-12-11")]
    undated = sitrep("extract", "-", input=DATED).json()[0]["events"]
    assert [(e["when"], e["date"]) for e in undated if e["type"] == "casualty"] == [("Sunday", None)]


def test_extract_rejects_a_bad_published_date_in_one_line(sitrep):
    result = sitrep("extract", "--published", "last Tuesday", "-", input=DATED, ok=False)
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "sitrep: error: --published" in result.err

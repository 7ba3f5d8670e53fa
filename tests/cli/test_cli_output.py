"""Output for pipes and people: tab-separated lines in a pipe, tables at 80 columns."""

from __future__ import annotations

import os
import subprocess
import sys

REPORT = (
    "Shelling hits Korvan\n"
    "More than 40 people were killed in Korvan on Monday, the health ministry said. "
    "At least 12 soldiers were wounded in shelling of Tesh on Tuesday.\n"
)


def at_80(sitrep, *args: str, columns: int = 80) -> str:
    env = dict(os.environ, SITREP_HOME=str(sitrep.home), COLUMNS=str(columns), NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, env=env,
                          timeout=60, check=True)
    return proc.stdout.decode()


def test_events_in_a_pipe_are_tab_separated_and_keep_qualifiers(sitrep):
    sitrep("ingest", "-", input=REPORT)
    lines = sitrep("events").out.splitlines()
    rows = [line.split("\t") for line in lines]
    assert len(rows) == 2 and all(len(r) == 7 for r in rows)
    ministry, report = rows
    assert ministry[2:5] == ["casualty", "manual", "the health ministry"]
    assert "count: more than 40" in ministry[5]
    assert report[4] == "(report)" and "count: at least 12" in report[5]
    assert report[6].startswith("At least 12 soldiers")
    assert not any(r[5].startswith(("count: 40", "count: 12")) for r in rows)


def test_events_table_at_80_columns(sitrep):
    sitrep("ingest", "-", input=REPORT)
    table = at_80(sitrep, "events", "--format", "table")
    assert all(len(line) <= 80 for line in table.splitlines())
    assert "more than 40" in table and "at least 12" in table and "(report)" in table
    assert "health ministry" in table and "Shelling hits" not in table  # ids, titles: --wide
    assert "Shelling hits" in at_80(sitrep, "events", "--format", "table", "--wide", columns=160)


def test_reports_in_a_pipe_and_as_a_table(sitrep, tmp_path):
    sitrep("ingest", "-", input=REPORT)
    (row,) = [line.split("\t") for line in sitrep("reports").out.splitlines()]
    assert len(row) == 8 and row[2] == "manual" and row[3] == "Shelling hits Korvan"
    assert row[6:] == ["on topic", "feed text"]
    table = at_80(sitrep, "reports", "--format", "table")
    assert all(len(line) <= 80 for line in table.splitlines())
    assert "Shelling hits Korvan" in table and row[0] not in table
    assert row[0][:10] in at_80(sitrep, "reports", "--format", "table", "--wide", columns=160)

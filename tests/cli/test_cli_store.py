"""The command line on a PostgreSQL store: choosing it, migrate, copy, racing pollers."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from werkzeug.wrappers import Request, Response


def _env(sitrep, **extra: str) -> dict[str, str]:
    env = dict(os.environ, SITREP_HOME=str(sitrep.home), COLUMNS="200", NO_COLOR="1", **extra)
    env.pop("PYTHONWARNINGS", None)
    return env


def test_store_chosen_by_flag_environment_or_config(sitrep, pg_cluster, tmp_path):
    url = pg_cluster.database()
    first = sitrep("--store", url, "store", "migrate")
    assert "created the sitrep tables (schema version 1)" in first.out
    assert "already at version 1" in sitrep("--store", url, "store", "migrate").out
    note = tmp_path / "note.txt"
    note.write_text("Talks resume in Korvan\nEnvoys met on Monday to resume talks.\n")
    sitrep("--store", url, "ingest", str(note))
    assert "Talks resume in Korvan" in sitrep("--store", url, "reports").out
    # the local TinyDB store was not touched
    assert "Talks resume" not in sitrep("reports").out
    proc = subprocess.run([sys.executable, "-m", "sitrep", "reports", "--format", "json"],
                          capture_output=True, text=True, env=_env(sitrep, SITREP_STORE=url))
    assert proc.returncode == 0 and "Talks resume in Korvan" in proc.stdout
    sitrep.config.write_text(f'[store]\nurl = "{url}"\n')
    assert "Talks resume in Korvan" in sitrep("reports").out


def test_bad_store_url_is_one_line_without_the_password(sitrep, pg_cluster):
    url = pg_cluster.url("nosuchdb", user="nobody", password="Sekr1t-pass")
    result = sitrep("--store", url, "reports", ok=False)
    assert result.code == 2
    message = result.err.strip()
    assert len(message.splitlines()) == 1 and message.startswith("sitrep: error: ")
    assert "'nosuchdb' on 127.0.0.1" in message and "Sekr1t-pass" not in message
    unmigrated = pg_cluster.database()
    result = sitrep("--store", unmigrated, "reports", ok=False)
    assert "sitrep store migrate" in result.err


def test_store_copy_twice_adds_nothing_the_second_time(sitrep, pg_url, tmp_path):
    for n in range(3):
        note = tmp_path / f"note{n}.txt"
        note.write_text(f"Bulletin {n} from Korvan\nAt least {n + 2} people were killed "
                        "in shelling on Monday, the health ministry said.\n")
        sitrep("ingest", str(note))
    first = sitrep("store", "copy", "--to", pg_url).out
    assert "3 new report(s) (0 already there)" in first
    second = sitrep("store", "copy", "--to", pg_url).out
    assert "0 new report(s) (3 already there), 0 event(s)" in second
    local = sitrep("reports", "--format", "json").json()
    shared = sitrep("--store", pg_url, "reports", "--format", "json").json()
    assert shared == local


def test_two_pollers_racing_for_one_feed_fetch_it_once(sitrep, pg_url, httpserver, rss):
    hits = []

    def slow_feed(request: Request) -> Response:
        hits.append(time.monotonic())
        time.sleep(1.5)  # long enough that both pollers are running together
        return Response(rss([("a1", "Korvan shelled", "Shelling hit Korvan."),
                             ("a2", "Talks in Korvan", "Envoys met.")]),
                        content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(slow_feed)
    sitrep("feeds", "add", httpserver.url_for("/feed.xml"), "--name", "Wire")
    env = _env(sitrep, SITREP_STORE=pg_url)
    pollers = [subprocess.Popen([sys.executable, "-m", "sitrep", "poll", "--once"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
               for _ in range(2)]
    for poller in pollers:
        out, err = poller.communicate(timeout=120)
        assert poller.returncode == 0, err.decode()
    assert len(hits) == 1
    reports = sitrep("--store", pg_url, "reports", "--format", "json").json()
    assert sorted(r["title"] for r in reports) == ["Korvan shelled", "Talks in Korvan"]
    listed = sitrep("--store", pg_url, "feeds", "list").out
    assert "Wire" in listed and "ok" in listed


def test_a_bad_store_table_is_named_with_its_line(sitrep):
    sitrep.config.write_text('[situation]\nname = "Siege"\n\n[store]\nurl = 5\n')
    result = sitrep("reports", ok=False)
    assert result.code == 2
    assert f"{sitrep.config}:5: store.url must be a non-empty string" in result.err
    sitrep.config.write_text('[store]\naddress = "postgresql://x/y"\n')
    assert "unknown key store.address" in sitrep("reports", ok=False).err


def test_migrate_on_a_folder_store_says_it_needs_none(sitrep):
    result = sitrep("store", "migrate", ok=False)
    assert result.code == 2 and "a TinyDB store sets itself up" in result.err

"""What only the PostgreSQL store has to prove: many writers, NOTIFY, lost
connections, schema versions, and messages that never show a password.

These run against the throwaway server of tests/pg_server.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import psycopg
import pytest
from store_samples import CHILD, all_kinds, make_report

from sitrep.domain.models import Report
from sitrep.store import Store, StoreError, copy_store, migrate_store, open_store


def test_overlapping_writers_in_two_processes_store_the_union_once(pg_url: str) -> None:
    start_at = time.time() + 1.0
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), pg_url, str(a), str(b), "--batch", "8",
             "--start-at", str(start_at)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for a, b in [(0, 240), (120, 360)]
    ]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()
        outputs.append(out.decode().split())
    first, second = (set(ids) for ids in outputs)
    expected = {make_report(n).id for n in range(360)}
    assert first.isdisjoint(second)  # each report was new to exactly one writer
    assert first | second == expected
    assert len(outputs[0]) + len(outputs[1]) == 360
    with open_store(pg_url) as store:
        assert store.counts().reports == 360
        assert {m.id for m in store.reports()} == expected
        for n in (0, 119, 120, 239, 240, 359):
            assert store.events_for(make_report(n).id) == all_kinds()[: n % 5]


def test_a_notify_carries_new_ids_to_a_second_connection(pg_url: str) -> None:
    with open_store(pg_url, user="desk") as dashboard, open_store(pg_url, user="wire") as poller:
        assert dashboard.refresh() is False
        batch = [(make_report(n, text="x" * 50), []) for n in range(300)]  # several payloads
        poller.add(batch)
        assert dashboard.refresh() is True
        assert dashboard.notified == {r.id for r, _ in batch}
        # the rows themselves come from the tables
        assert {m.id for m in dashboard.reports(limit=300)} == dashboard.notified
        assert dashboard.refresh() is False
        odd = Report(**{**make_report(1).to_dict(), "id": 'tag:"quoted"\\back/' + "é" * 500})
        huge = Report(**{**make_report(2).to_dict(), "id": "x" * 3000})
        assert len(poller.add([(odd, []), (huge, [])])) == 2
        assert dashboard.refresh() is True
        assert dashboard.notified == {odd.id}  # the other is too long to announce
        assert dashboard.has(huge.id)
        poller.add([(Report(**{**make_report(3).to_dict(), "id": "y" * 3000}), [])])
        assert dashboard.refresh() is True and dashboard.notified == set()


def test_a_dashboard_reading_never_blocks_a_poller(pg_url: str) -> None:
    with open_store(pg_url, user="desk") as dashboard, open_store(pg_url, user="wire") as poller:
        poller.add([(make_report(n), all_kinds()) for n in range(20)])
        with dashboard._pool.connection() as conn:  # a dashboard's read, its transaction open
            conn.execute("select * from reports").fetchall()
            conn.execute("select count(*) from events").fetchone()
            dashboard.mark_read([make_report(1).id])
            assert len(poller.add([(make_report(n), all_kinds()) for n in range(20, 40)])) == 20
            poller.save_feed_states({})


def _slow_events(url: str) -> None:
    """Make every insert into events sleep, so a batch can be killed inside it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""create function slow_down() returns trigger language plpgsql as
                        $$ begin perform pg_sleep(0.6); return null; end $$""")
        conn.execute("create trigger slow_events before insert on events "
                     "for each statement execute function slow_down()")


def _kill_when_sleeping(url: str, done: threading.Event) -> threading.Thread:
    """Terminate the first backend caught in the trigger's pg_sleep."""
    def killer() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                row = conn.execute(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where wait_event = 'PgSleep' and pid <> pg_backend_pid()").fetchone()
                if row is not None and row[0]:
                    done.set()
                    return
                time.sleep(0.02)

    thread = threading.Thread(target=killer)
    thread.start()
    return thread


def test_connection_killed_mid_batch_is_retried_and_stores_it_whole(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.add([(make_report(0), all_kinds())])
        _slow_events(pg_url)
        killed = threading.Event()
        thread = _kill_when_sleeping(pg_url, killed)
        batch = [(make_report(n), all_kinds()[: n % 5]) for n in range(1, 11)]
        new = store.add(batch)
        thread.join()
        assert killed.is_set()  # the reports were inserted, the events not yet
        # the killed attempt left nothing behind: the retry found every report new
        assert new == [r for r, _ in batch]
        assert store.trouble is None
    with open_store(pg_url) as store:
        assert store.counts().reports == 11
        for report, events in batch:
            assert store.events_for(report.id) == list(events)


def test_a_batch_killed_without_retries_leaves_no_half(pg_url: str) -> None:
    from sitrep.store.postgres import PostgresStore

    with PostgresStore(pg_url, retry_for=0) as store:
        _slow_events(pg_url)
        killed = threading.Event()
        thread = _kill_when_sleeping(pg_url, killed)
        with pytest.raises(StoreError) as info:
            store.add([(make_report(n), all_kinds()) for n in range(5)])
        thread.join()
        assert killed.is_set()
        assert "127.0.0.1" in str(info.value) and "connection lost" in str(info.value)
    with open_store(pg_url) as store:
        assert store.counts().reports == 0
        assert store.events() == []


def test_writer_process_survives_repeated_kills_and_loses_nothing(pg_url: str, pg_cluster) -> None:
    dbname = pg_url.rsplit("/", 1)[1]
    child = subprocess.Popen([sys.executable, str(CHILD), pg_url, "0", "0", "--batch", "7"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    acknowledged: list[str] = []
    reader = threading.Thread(target=lambda: acknowledged.extend(
        line.decode().strip() for line in child.stdout))
    reader.start()
    try:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
            kills = 0
            deadline = time.monotonic() + 60
            while kills < 8 and time.monotonic() < deadline:
                time.sleep(0.15)
                rows = admin.execute(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where datname = %s and pid <> pg_backend_pid()", (dbname,)).fetchall()
                kills += any(ok for (ok,) in rows)
        # The pool reconnects with its own back-off; wait for the next batch.
        before = len(acknowledged)
        deadline = time.monotonic() + 60
        while len(acknowledged) == before and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        child.kill()
        child.wait()
        reader.join()
    assert kills == 8
    assert len(acknowledged) > before  # still writing after the last kill
    with open_store(pg_url) as store:
        stored = {m.id for m in store.reports()}
        assert set(acknowledged) <= stored  # nothing acknowledged was lost
        numbers = sorted(int(rid.rsplit("/", 1)[1]) for rid in stored)
        # batches of 7 from 0: every stored batch is whole, events and all
        for n in numbers:
            batch_start = n - n % 7
            assert all(make_report(m).id in stored for m in range(batch_start, batch_start + 7))
            assert store.events_for(make_report(n).id) == all_kinds()[: n % 5]


def test_unknown_schema_version_is_refused_and_nothing_altered(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("update sitrep_schema set version = 99")
        tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()
    with pytest.raises(StoreError, match=r"schema version 99 is newer.*upgrade sitrep"):
        open_store(pg_url)
    with pytest.raises(StoreError, match=r"schema version 99 is newer.*Nothing was changed"):
        migrate_store(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("select version from sitrep_schema").fetchone() == (99,)
        assert conn.execute(
            "select count(*) from pg_tables where schemaname = 'public'").fetchone() == tables


def test_an_empty_database_asks_for_migrate_and_migrate_is_idempotent(pg_cluster) -> None:
    url = pg_cluster.database()
    with pytest.raises(StoreError, match="sitrep store migrate"):
        open_store(url)
    assert migrate_store(url) == (None, 1)
    assert migrate_store(url) == (1, 1)
    with open_store(url) as store:
        assert store.counts().reports == 0


def test_refused_login_names_host_and_database_never_the_password(pg_cluster) -> None:
    from pg_server import PASSWORD_ROLE

    url = pg_cluster.url("postgres", user=PASSWORD_ROLE, password="wrong-s3cret-pw")
    with pytest.raises(StoreError) as info:
        open_store(url)
    message = str(info.value)
    assert "'postgres' on 127.0.0.1" in message and "password authentication failed" in message
    assert "wrong-s3cret-pw" not in message and "\n" not in message


def test_unreachable_server_and_bad_url_are_one_line(pg_cluster) -> None:
    closed = f"postgresql://someone:pa55word@127.0.0.1:{_closed_port()}/newsroom"
    with pytest.raises(StoreError) as info:
        open_store(closed)
    assert "'newsroom' on 127.0.0.1" in str(info.value) and "pa55word" not in str(info.value)
    with pytest.raises(StoreError) as info:
        open_store("postgresql://someone:pa55word@127.0.0.1:notaport/newsroom")
    assert "pa55word" not in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(StoreError, match="unknown kind of store URL"):
        open_store("mysql://someone:pa55word@127.0.0.1/newsroom")


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_without_the_driver_a_postgres_url_says_what_to_install(tmp_path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from sitrep.store import open_store, StoreError\n"
        "try:\n    open_store('postgresql://a:topsecret@127.0.0.1/db')\n"
        "except StoreError as exc:\n    print(exc)\n"
        "store = open_store(sys.argv[1]); print(store.counts().reports)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s")],
                         capture_output=True, text=True, check=True).stdout
    assert "pip install 'sitrep[postgres]'" in out and "topsecret" not in out
    assert out.splitlines()[-1] == "0"  # the TinyDB store needs no driver


def test_copy_from_tinydb_twice_adds_nothing_the_second_time(pg_url: str, tmp_path) -> None:
    from sitrep.domain.models import FeedState

    with Store(tmp_path / "local", user="ana") as local:
        local.add([(make_report(n, feed="north" if n % 2 else "south"), all_kinds()[: n % 5])
                   for n in range(30)])
        local.save_feed_states([FeedState(name="north", last_status="ok", etag="e1")])
        local.mark_read([make_report(n).id for n in range(5)])
        with open_store(pg_url, user="ana") as team:
            team.save_feed_states([FeedState(name="south", last_status="error")])
            first = copy_store(local, team, batch=7)
            assert (first.reports, first.already, first.feed_states, first.read_marks) == (30, 0, 1, 5)
            assert first.events == sum(n % 5 for n in range(30))
            second = copy_store(local, team, batch=7)
            assert (second.reports, second.already, second.events) == (0, 30, 0)
            assert (second.feed_states, second.read_marks) == (0, 0)
            assert team.reports() == local.reports()
            assert team.events() == local.events()
            assert all(team.report(m.id) == local.report(m.id) for m in local.reports())
            assert team.feed_states()["north"] == local.feed_states()["north"]
            assert team.feed_states()["south"].last_status == "error"  # its own is kept
    with open_store(pg_url, user="ben") as other:
        assert not any(m.read for m in other.reports())


def test_text_with_nul_and_odd_characters_is_stored(pg_url: str) -> None:
    report = make_report(1, text="before\x00after \u202e reversed \x1b[31m red")
    with open_store(pg_url) as store:
        assert store.add([(report, [])]) == [report]
        assert store.report(report.id).text == "before\ufffdafter \u202e reversed \x1b[31m red"
        assert json.loads(json.dumps(store.reports()[0].title)) == report.title


def test_search_text_is_only_ever_words(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.add([(make_report(1, text="Talks on the bridge resumed."), [])])
        for hostile in ("'); drop table reports; --", "bridge:* | !talks", "\\' & '", "a<->b"):
            store.search(hostile)
        assert _ids(store.search("bridge | talks")) == [make_report(1).id]  # "|" is no operator
        assert store.counts().reports == 1


def _ids(metas) -> list[str]:
    return [m.id for m in metas]


def test_replaced_events_are_announced(pg_url: str) -> None:
    with open_store(pg_url) as store, open_store(pg_url, user="desk") as dashboard:
        store.add([(make_report(n), all_kinds()[:1]) for n in range(3)])
        dashboard.refresh()
        assert store.replace_events([(make_report(1), all_kinds()[2:])]) == 1
        assert dashboard.refresh() and dashboard.notified == {make_report(1).id}
        assert dashboard.events_for(make_report(1).id) == all_kinds()[2:]

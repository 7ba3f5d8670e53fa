"""The dashboard on a shared PostgreSQL store: live by NOTIFY, per-user read
marks, and a lost connection shown in the status bar while it is retried."""

from __future__ import annotations

import psycopg

import tui_sample
from conftest import wait_for
from test_tui_app import WIDE, loaded, make_app, table

from sitrep.store import open_store


def _fill(url: str, user: str = "ana"):
    store = open_store(url, user=user)
    store.add(tui_sample.sample_batch())
    return store


def _status(app) -> str:
    return str(app.screen.query_one("#status").render())


async def test_a_report_stored_on_another_machine_shows_up_live(pg_url):
    store = _fill(pg_url)
    app = make_app(store)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await loaded(pilot)
            before = len(table(app, "control_change").keys)
            rep = tui_sample.report("hw-9", "Harbour Wire", 400, "Guard enters Quillan",
                                    "Northern Guard troops entered Quillan on Sunday.")
            event = tui_sample.control(rep, "Northern Guard troops entered Quillan",
                                       place="Quillan", action="entered", gainer="Northern Guard")
            with open_store(pg_url, user="poller") as other:
                other.add([(rep, [event])])
            await wait_for(pilot, lambda: table(app, "reports").keys[0] == "hw-9", tries=200)
            assert table(app, "reports").keys[0] == "hw-9"
            assert len(table(app, "control_change").keys) == before + 1
            assert "1 new" in _status(app)
    finally:
        store.close()


async def test_read_marks_are_the_users_own(pg_url):
    store = _fill(pg_url, user="ana")
    first = store.reports()[0].id
    store.mark_read([first])
    store.close()
    with open_store(pg_url, user="ben") as ben:
        app = make_app(ben)
        async with app.run_test(size=WIDE) as pilot:
            await loaded(pilot)
            assert first in app.screen.view.unread  # ana's mark is not ben's
    with open_store(pg_url, user="ana") as ana:
        app = make_app(ana)
        async with app.run_test(size=WIDE) as pilot:
            await loaded(pilot)
            assert first not in app.screen.view.unread


async def test_a_lost_connection_is_retried_and_shown_in_the_status_bar(pg_url, pg_cluster):
    store = _fill(pg_url)
    dbname = pg_url.rsplit("/", 1)[1]
    app = make_app(store)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await loaded(pilot)
            with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
                admin.execute(f"alter database {dbname} allow_connections false")
                admin.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                              "where datname = %s", (dbname,))
                await wait_for(pilot, lambda: "connection lost" in _status(app), tries=200)
                assert f"connection lost ({dbname} on 127.0.0.1)" in _status(app)
                admin.execute(f"alter database {dbname} allow_connections true")
            rep = tui_sample.report("hw-9", "Harbour Wire", 400, "Guard enters Quillan",
                                    "Northern Guard troops entered Quillan on Sunday.")
            with open_store(pg_url, user="poller") as other:
                other.add([(rep, [])])
            await wait_for(pilot, lambda: "connection lost" not in _status(app)
                           and table(app, "reports").keys[0] == "hw-9", tries=400)
            assert "connection lost" not in _status(app)
            assert table(app, "reports").keys[0] == "hw-9"
    finally:
        store.close()

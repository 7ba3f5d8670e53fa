"""The situation-picture views on a real store: pilot tests and SVG
snapshots of the board, place history, tally and timeline (and the map)."""

from __future__ import annotations

import picture_sample
import pytest
import tui_sample
from conftest import wait_for

from sitrep.tui import rows
from sitrep.tui.app import SitrepApp
from sitrep.tui.board import BoardScreen
from sitrep.tui.detail import DetailScreen
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.map_view import MapScreen
from sitrep.tui.picture_screen import PictureScreen
from sitrep.tui.place_history import PlaceHistoryScreen
from sitrep.tui.table import PaneTable
from sitrep.tui.tally import TallyScreen
from sitrep.tui.timeline import TimelineScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture(autouse=True)
def sample_year(monkeypatch):
    """The sample is set in 2031: "this year" is 2031 for the dates shown."""
    monkeypatch.setattr(rows, "CLOCK", lambda: tui_sample.BASE, raising=False)


@pytest.fixture
def picture_store(tmp_path):
    store = picture_sample.fill(tmp_path / "store")
    yield store
    store.close()


def plain(table: PaneTable) -> list[str]:
    return [" | ".join(c.plain for c in table.rows_by_key[k].cells) for k in table.keys]


async def on_view(pilot, key: str, kind: type[PictureScreen]) -> PictureScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind) and app.screen.shown_once, tries=200)
    await pilot.pause()
    return app.screen


async def history(pilot, place: str | None = None) -> None:
    """Open a place's history from the board: ``place``'s row, else the
    top one (Brask in the sample, the latest change)."""
    await on_view(pilot, "b", BoardScreen)
    if place is not None:
        table = pilot.app.screen.query_one(PaneTable)
        table.move_cursor(row=next(i for i, k in enumerate(table.keys)
                                   if table.rows_by_key[k].cells[0].plain == place))
    await pilot.press("enter")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, PlaceHistoryScreen) and app.screen.shown_once)
    await pilot.pause()


async def test_board_shows_holders_a_retaken_town_and_a_contested_place(picture_store):
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await on_view(pilot, "b", BoardScreen)
        shown = plain(screen.query_one(PaneTable))
        assert [r.split(" | ")[0] for r in shown] == ["Brask", "Osterby", "Quillan"]
        assert shown[0].startswith("Brask | guard | 16 Mar 13:00 | league |  | 4")
        assert "contested" in shown[1] and shown[1].split(" | ")[1] == "?"
        assert "Saltmere" not in " ".join(shown)  # off-topic
        await pilot.press("O")
        await wait_for(pilot, lambda: "Saltmere" in " ".join(plain(screen.query_one(PaneTable))))
        assert "Saltmere" in " ".join(plain(screen.query_one(PaneTable)))
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_place_history_lists_every_claim_and_opens_its_report(picture_store):
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        await history(pilot)
        screen = app.screen
        claims = plain(screen.query_one(PaneTable))
        assert len(claims) == 4
        assert [c.split(" | ")[1] for c in claims] == [
            "guard ← league", "guard ← league", "league ← guard", "guard ← league"]
        summary = screen.query_one("#history-summary").render().plain
        assert "Held by guard since 16 Mar 13:00" in summary and "before: league" in summary
        assert "3 changes of control from 4 claims" in summary
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report)
        assert app.screen.report_id == "p-1"
        panel = app.screen.query_one("#detail-conflicts").render().plain
        assert "Stated by 2 reports" in panel and "from the Valley League" in panel


async def test_tally_keeps_incidents_and_totals_apart_and_conflicts_side_by_side(picture_store):
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await on_view(pilot, "c", TallyScreen)
        figures = plain(screen.query_one("#tally-figures", PaneTable))
        totals = [f for f in figures if " | total | " in f]
        assert [t.split(" | ")[6] for t in totals] == ["240", "212"]  # the total rose
        conflict = next(f for f in figures if f.startswith("≠"))
        assert "| 12 | 19 |" in conflict and "12 the district health office ≠ 19 medics" in conflict
        agreed = next(f for f in figures if "Quillan" in f)
        assert "7 medics; 7 rescuers" in agreed
        groups = plain(screen.query_one("#tally-groups", PaneTable))
        (people,) = groups
        # Two incidents, 12 (lowest of 12 vs 19) + 7; the total beside them, not added.
        assert "| 2 | 19–26 |" in people and "240 (the regional council" in people


async def test_timeline_and_map_draw(picture_store):
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await on_view(pilot, "t", TimelineScreen)
        chart = screen.query_one("#timeline-chart").render().plain
        assert "Reported killed per day" in chart and "Harbour Wire" in chart
        changes = screen.query_one("#timeline-changes").render().plain
        assert "Brask  guard took it from league  (2 reports)" in changes
        assert "Osterby  contested: guard vs hill militia" in changes
        await pilot.press("m")  # one view replaces another
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen) and app.screen.shown_once)
        drawn = app.screen.query_one("#map-canvas").render().plain
        for name in ("Brask", "Quillan", "Osterby"):
            assert name in drawn
        assert "x" in drawn  # Osterby is contested
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_views_are_in_help_and_the_palette(picture_store):
    from sitrep.tui.app import help_sections

    described = {b.description for _, bindings in help_sections() for b in bindings
                 if hasattr(b, "description")}
    assert {"Board", "Tally", "Timeline", "Map", "Off-topic too", "Place history"} <= described
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Control board", "Casualty tally", "Timeline", "Map"} <= titles


@pytest.mark.parametrize("size", SIZES)
def test_board_snapshot(snap_compare, picture_store, size):
    app = SitrepApp(picture_store, picture_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=lambda p: on_view(p, "b", BoardScreen))


@pytest.mark.parametrize("size", SIZES)
def test_place_history_snapshot(snap_compare, picture_store, size):
    app = SitrepApp(picture_store, picture_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=history)


@pytest.mark.parametrize("size", SIZES)
def test_tally_snapshot(snap_compare, picture_store, size):
    app = SitrepApp(picture_store, picture_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=lambda p: on_view(p, "c", TallyScreen))


@pytest.mark.parametrize("size", SIZES)
def test_timeline_snapshot(snap_compare, picture_store, size):
    app = SitrepApp(picture_store, picture_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=lambda p: on_view(p, "t", TimelineScreen))


@pytest.mark.parametrize("size", SIZES)
def test_map_snapshot(snap_compare, picture_store, size):
    app = SitrepApp(picture_store, picture_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=lambda p: on_view(p, "m", MapScreen))


def test_picture_state_reads_only_new_reports_and_matches_the_store(picture_store):
    from sitrep.tui.picture_state import PictureState

    state = PictureState(picture_sample.PROFILE)
    batch = picture_sample.picture_batch()
    state.update(picture_store)
    before = len(state.picture)
    new = [(picture_sample.report(f"n-{rep.id}", rep.feed, 70 * 60 + n, rep.title, rep.text), events)
           for n, (rep, events) in enumerate(batch[:2])]
    picture_store.add(new)
    state.update(picture_store)
    ids = {r.id for r in picture_store.events()}
    assert len(state.picture) == len(ids) == before + 2
    assert all(state.picture.fact_of(i) is not None for i in ids)
    brask = next(r for r in state.picture.board() if r.place.name == "Brask")
    assert len(brask.claims) == 6  # both new claims joined the place's history


async def test_a_view_reads_once_and_refreshes_only_when_the_store_changes(picture_store,
                                                                            monkeypatch):
    """One reading on opening (the view's on_mount must not start a second
    one with a second timer); the refresh recomputes the board only when a
    poll brought something."""
    from sitrep.tui import picture_screen

    monkeypatch.setattr(picture_screen, "REFRESH_SECONDS", 0.05)
    computed: list[int] = []
    real = BoardScreen.compute
    monkeypatch.setattr(BoardScreen, "compute",
                        lambda self, picture: computed.append(1) or real(self, picture))
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await on_view(pilot, "b", BoardScreen)
        await pilot.pause(0.5)  # ten refreshes
        assert len(computed) == 1
        rep, events = picture_sample.picture_batch()[0]
        picture_store.add([(picture_sample.report("late-1", rep.feed, 90 * 60, rep.title, rep.text),
                            events)])
        await wait_for(pilot, lambda: len(computed) == 2)
        await pilot.pause(0.3)
        assert len(computed) == 2 and app.screen is screen


async def test_a_slow_view_says_it_is_reading_until_its_rows_show(picture_store, monkeypatch):
    import threading

    from sitrep.tui import picture_screen

    monkeypatch.setattr(picture_screen, "LOADING_AFTER", 0.01)
    release = threading.Event()
    real = BoardScreen.compute
    monkeypatch.setattr(BoardScreen, "compute",
                        lambda self, picture: release.wait(5) and real(self, picture))
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen)
                       and app.screen.sub_title.endswith("reading the store…"))
        release.set()
        await wait_for(pilot, lambda: app.screen.shown_once)
        assert app.screen.sub_title == "Control board"


async def test_panes_leave_off_topic_events_out_until_o(picture_store):
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
        control = app.screen.query_one("#control_change", PaneTable)
        assert not any("Saltmere" in r for r in plain(control))
        assert any("×2" in r for r in plain(control))  # Brask's first capture, two outlets
        await pilot.press("O")
        await wait_for(pilot, lambda: any("Saltmere" in r for r in plain(control)))
        assert any("Saltmere" in r for r in plain(control))


class RecordingState:
    """Which kinds a PictureState's reads asked for, in order (the real
    PictureState on the real store; only its ``read`` is watched)."""

    @staticmethod
    def make():
        from sitrep.tui.picture_state import PictureState

        class State(PictureState):
            order: list[tuple[str, ...]] = []

            def read(self, store, view, *, marks=False, kinds=None):
                self.order.append(tuple(kinds or ()))
                return super().read(store, view, marks=marks, kinds=kinds)

        return State(picture_sample.PROFILE)


def test_the_warm_up_fuses_first_the_kinds_a_view_waits_for(picture_store):
    from sitrep.tui.picture_state import WARM_ORDER

    state = RecordingState.make()
    state.warm_up(picture_store)
    assert state.order == [(kind,) for kind in WARM_ORDER]
    assert WARM_ORDER[0] == "control_change"

    state = RecordingState.make()
    state.order = []
    state.want(("casualty",))
    state.warm_up(picture_store)
    assert state.order[0] == ("casualty",)
    assert sorted(state.order) == sorted((kind,) for kind in WARM_ORDER)  # each kind once
    assert state.picture.board() and state.picture.tally()


async def test_a_view_opened_as_the_dashboard_appears_is_read_before_the_full_listing(
        picture_store, monkeypatch):
    """The main screen's full reading of every report waits while a view
    opened at once is covering it (it would compete with the view's own
    reading), and runs when the dashboard is shown again."""
    from sitrep.tui import main_screen

    # Long enough that the view is surely open by then, on a loaded machine too.
    monkeypatch.setattr(main_screen, "FULL_AFTER", 1.0)
    app = SitrepApp(picture_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
        main = app.screen
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.shown_once,
                       tries=200)
        await pilot.pause(2.5)  # the full reading's moment, and ticks, have passed
        assert not main._full
        await pilot.press("escape")
        await wait_for(pilot, lambda: main._full and app.screen is main)
        assert main.view is not None and main.view.counts.reports > 0

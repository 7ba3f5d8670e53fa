"""The situation-picture part of the app: its keys, its palette commands,
the on-topic switch, and the export of fused facts.

A mixin so that :class:`sitrep.tui.app.SitrepApp` takes it in with one
line; everything about the picture views lives here and in their modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sitrep.domain.models import EventRecord, utcnow
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Picture, export_rows, write_rows
from sitrep.tui.picture_state import PictureState

# Seconds after the first paint before the background warm-up begins, and
# between the kinds it fuses (see PictureState.warm_up).
WARM_DELAY = 0.3
WARM_PAUSE = 0.25

PICTURE_BINDINGS = [
    Binding("b", "board", "Board", id="board"),
    Binding("c", "tally", "Tally", id="tally"),
    Binding("t", "timeline", "Timeline", id="timeline"),
    Binding("m", "map", "Map", id="map"),
    Binding("O", "toggle_everything", "Off-topic too", show=False, id="everything"),
]


def export_name(fmt: str, now: datetime | None = None) -> str:
    return f"sitrep-export-{(now or utcnow()).strftime('%Y%m%d-%H%M%S')}.{fmt}"


def write_export(records: list[EventRecord], picture_of: Picture, path: Path, fmt: str) -> int:
    """Fuse ``records`` the way the picture does and write one ACLED-like
    row per fact to ``path`` (never over an existing file); returns the rows."""
    picture = Picture(picture_of.profile, places=picture_of.fuser.places)
    picture.on_topic = dict(picture_of.on_topic)
    picture.urls = dict(picture_of.urls)
    picture.fuser.add(records)
    rows = export_rows(picture, everything=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", newline="", encoding="utf-8") as stream:
        write_rows(rows, fmt, stream)
    return len(rows)


class PictureActions:
    """Keys b, c, t, m and O, and the palette's picture commands."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_dir = Path.cwd()  # where exports go unless the user says otherwise
        self.everything = False  # off-topic reports shown too
        self._picture_state: PictureState | None = None

    @property
    def picture_state(self) -> PictureState:
        if self._picture_state is None:
            self._picture_state = PictureState(
                self.config.profile,  # type: ignore[attr-defined]
                gazetteer=getattr(self, "gazetteer", None),  # the wiring's cache file, if any
            )
        return self._picture_state

    def warm_picture(self) -> None:
        """After the first paint: fuse the store in the background so the
        first view opens at once. It starts a moment later, so that a view
        opened at once (a key pressed as the screen appears) is fused
        first rather than after whichever kind the warm-up began with."""
        self.set_timer(WARM_DELAY, self._warm)

    @work(thread=True, group="picture-warm", exclusive=True)
    def _warm(self) -> None:
        self.picture_state.warm_up(self.store, WARM_PAUSE)  # type: ignore[attr-defined]

    def _open(self, screen_type: type[Screen]) -> None:
        """Open a view; from another view it takes that one's place, so Esc
        always leads back to the dashboard."""
        from sitrep.tui.picture_screen import PictureScreen

        app: Any = self
        if isinstance(app.screen, screen_type):
            return
        if isinstance(app.screen, PictureScreen):
            app.switch_screen(screen_type())
        else:
            app.push_screen(screen_type())

    def action_board(self) -> None:
        from sitrep.tui.board import BoardScreen

        self._open(BoardScreen)

    def action_tally(self) -> None:
        from sitrep.tui.tally import TallyScreen

        self._open(TallyScreen)

    def action_timeline(self) -> None:
        from sitrep.tui.timeline import TimelineScreen

        self._open(TimelineScreen)

    def action_map(self) -> None:
        from sitrep.tui.map_view import MapScreen

        self._open(MapScreen)

    def action_toggle_everything(self) -> None:
        app: Any = self
        self.everything = not self.everything
        app.notify("Showing every report, off-topic ones too" if self.everything
                   else "Showing on-topic reports only", timeout=3)
        main = app.main
        if main is not None:
            main.mark_dirty()
        reload = getattr(app.screen, "reload", None)
        if callable(reload):
            reload()

    # -- export ------------------------------------------------------------

    def export(self, fmt: str) -> None:
        """Ask where to write the visible facts, defaulting to the folder
        sitrep was started in."""
        from sitrep.tui.export import ExportScreen

        app: Any = self
        main = app.main
        if main is None:
            return
        records = main.visible_records()
        default = self.start_dir / export_name(fmt)
        app.push_screen(ExportScreen(default, fmt),
                        lambda path: self._export(records, path, fmt) if path else None)

    @work(thread=True, group="export")
    def _export(self, records: list[EventRecord], path: Path, fmt: str) -> None:
        app: Any = self
        try:
            state = self.picture_state
            with state.lock:
                count = write_export(records, state.picture, path, fmt)
        except FileExistsError:
            app.from_thread(app.notify, f"Not exported: {one_line(str(path), 200)} already exists",
                            severity="error", markup=False)
            return
        except (OSError, ValueError) as exc:
            app.from_thread(app.notify, f"Export failed: {one_line(str(exc), 200)}",
                            severity="error", markup=False)
            return
        app.from_thread(app.notify, f"Exported {count} facts to {path}", markup=False, timeout=8)

    def picture_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Control board", "Who holds each place now (b)", self.action_board)
        yield SystemCommand("Casualty tally", "Killed and wounded by whose count (c)",
                            self.action_tally)
        yield SystemCommand("Timeline", "Killed per day and control changes (t)",
                            self.action_timeline)
        yield SystemCommand("Map", "The board's places on a map, by holder (m)", self.action_map)
        yield SystemCommand("Show off-topic reports too" if not self.everything
                            else "Show on-topic reports only",
                            "Toggle which reports feed the panes and views (O)",
                            self.action_toggle_everything)


def picture_help() -> list[tuple[str, list]]:
    """The help screen's sections for the picture views."""
    from sitrep.tui.board import BoardScreen
    from sitrep.tui.place_history import PlaceHistoryScreen
    from sitrep.tui.tally import TallyScreen

    return [
        ("Situation picture", PICTURE_BINDINGS),
        ("Control board", BoardScreen.BINDINGS),
        ("Place history", PlaceHistoryScreen.BINDINGS),
        ("Casualty tally", [*TallyScreen.BINDINGS, ("tab", "", "Other table")]),
    ]

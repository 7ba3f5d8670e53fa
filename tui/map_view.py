"""The map: the board's places with coordinates on a terminal canvas,
coloured by holder, contested places marked, zoomed to the situation."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer, Header, Static

from sitrep.fusion import Picture, PlaceStatus
from sitrep.tui.charts import situation_map
from sitrep.tui.picture_screen import PictureScreen, side_colours


class MapScreen(PictureScreen):
    """Who holds what, drawn where it is."""

    KINDS = ("control_change",)

    DEFAULT_CSS = """
    MapScreen #map-canvas { height: 1fr; }
    MapScreen #map-note { height: auto; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[PlaceStatus] = []
        self.colours: dict = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="map-canvas")
        yield Static(id="map-note")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Map"

    def compute(self, picture: Picture) -> Any:
        statuses = picture.board(everything=self.everything)
        return statuses, side_colours(picture.profile, [s.holder for s in statuses])

    def show(self, data: tuple) -> None:
        self.statuses, self.colours = data
        self.draw()

    def on_resize(self, event: Resize) -> None:
        self.draw()

    def draw(self) -> None:
        canvas = self.query_one("#map-canvas", Static)
        width = max(canvas.size.width, 20)
        height = max(canvas.size.height, 6)
        canvas.update(situation_map(self.statuses, self.colours, width, height))
        unplaced = [s.place.name for s in self.statuses if not s.place.located]
        note = Text()
        note.append("● held (colour: holder)  x contested", style="dim")
        if unplaced:
            note.append(f"  ·  {len(unplaced)} place(s) without coordinates are on the board only",
                        style="dim")
        self.query_one("#map-note", Static).update(note)

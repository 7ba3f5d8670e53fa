"""What the situation-picture screens share: reading the picture in a
worker, refreshing while feeds publish, and one colour per side.

Each view computes finished rows from the picture in a thread worker
(:meth:`PictureScreen.compute`) and the UI thread only shows them
(:meth:`PictureScreen.show`), as the main screen does with the store.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen

from sitrep.domain.models import Profile
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Picture

REFRESH_SECONDS = 2.0
LOADING_AFTER = 0.2  # a view still empty this long after opening shows it is loading
SIDE_COLOURS = ("green", "red", "yellow", "magenta", "cyan", "blue", "bright_green", "bright_red")
UNKNOWN_COLOUR = "grey62"


def side_colours(profile: Profile, sides: list[str | None] = ()) -> dict[str | None, str]:
    """A colour per side: the profile's parties in order, then other sides
    as they come; an unknown holder is grey."""
    colours: dict[str | None, str] = {None: UNKNOWN_COLOUR}
    for name in [p.key for p in profile.parties] + [s for s in sides if s]:
        if name not in colours:
            colours[name] = SIDE_COLOURS[(len(colours) - 1) % len(SIDE_COLOURS)]
    return colours


def side_text(name: str | None, colours: dict[str | None, str], *, bold: bool = False,
              missing: str = "?") -> Text:
    """A side in its colour; ``missing`` stands for a side nobody named."""
    if not name:
        return Text(missing, style="dim", no_wrap=True, overflow="ellipsis", end="")
    style = colours.get(name, UNKNOWN_COLOUR) + (" bold" if bold else "")
    return Text(one_line(name, 60), style=style, no_wrap=True, overflow="ellipsis", end="")


class PictureScreen(Screen):
    """A view of the situation picture; Esc goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="picture_back"),
    ]
    # The kinds of event the view shows (None: all); only those are read
    # and fused before it opens.
    KINDS: tuple[str, ...] | None = None

    _reading = False  # a reading is under way (UI thread's view)
    _again: bool | None = None  # asked again meanwhile (with marks: True)
    _shown_key: tuple | None = None  # the picture version and switch last shown

    def on_mount(self) -> None:
        # Textual calls every class's on_mount along the MRO: the views'
        # own handlers must not call this one again (two refresh timers).
        self.set_interval(REFRESH_SECONDS, self._tick)
        self.set_timer(LOADING_AFTER, self._loading)
        self.reload(marks=True, force=True)

    def _loading(self) -> None:
        """A view opened while a big store is still being fused says so in
        its title instead of standing empty. Not Textual's animated loading
        indicator: its frames took a quarter of the worker's time."""
        if self.shown_once:
            return
        self._title = self.sub_title
        self.sub_title = f"{self.sub_title} · reading the store…"

    _title: str | None = None  # the title while it says "reading"

    def reload(self, marks: bool = False, *, force: bool = True) -> None:
        """Read the picture again and show it (unless ``force`` is False and
        nothing changed since the last showing: the 2-second refresh on a
        quiet store costs a count comparison, not a new board). A request
        while a reading is under way is kept for when it ends: readings
        never pile up behind the picture's lock."""
        if self._reading:
            self._again = bool(self._again) or marks
            return
        self._reading = True
        self._read(marks, force)

    def _tick(self) -> None:
        if not self._reading:
            self.reload(force=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    @property
    def everything(self) -> bool:
        return bool(getattr(self.app, "everything", False))

    @work(thread=True, group="picture-view")
    def _read(self, marks: bool, force: bool) -> None:
        app: Any = self.app
        data: Any = None
        key: tuple | None = None
        try:
            state = app.picture_state
            state.want(self.KINDS)
            state.update(app.store, marks=marks, kinds=self.KINDS)
            with state.lock:
                key = (state.version(self.KINDS), self.everything)
                if force or key != self._shown_key:
                    data = self.compute(state.picture)
                else:
                    key = None
        except Exception as exc:  # noqa: BLE001 - shown, and retried on the next refresh
            app.from_thread(self.notify, f"Could not read the store: {one_line(str(exc), 200)}",
                            severity="error", markup=False)
        app.from_thread(self._done, key, data)

    shown_once = False  # set when the first reading is on screen (tests wait for it)
    # perf_counter() once the refresh that paints the first reading is done:
    # what bench/startup.py times (a pilot's pause can lag far behind).
    shown_at: float | None = None

    def _done(self, key: tuple | None, data: Any) -> None:
        self._reading = False
        if key is not None and self.is_mounted:
            self._shown_key = key
            self.show(data)
            if not self.shown_once:
                self.shown_once = True
                self.call_after_refresh(self._painted)
            if self._title is not None:
                self.sub_title, self._title = self._title, None
        if self._again is not None and self.is_mounted:
            marks, self._again = self._again, None
            self.reload(marks)

    def _painted(self) -> None:
        self.shown_at = time.perf_counter()

    def compute(self, picture: Picture) -> Any:
        """Runs in a worker with the picture locked: build what to show."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Runs on the UI thread: put ``data`` on the screen."""
        raise NotImplementedError

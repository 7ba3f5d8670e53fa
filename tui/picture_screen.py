"""What the situation-picture screens share: reading the picture in a
worker, refreshing while feeds publish, and one colour per side.

Each view computes finished rows from the picture in a thread worker
(:meth:`PictureScreen.compute`) and the UI thread only shows them
(:meth:`PictureScreen.show`), as the main screen does with the store.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen

from sitrep.domain.models import Profile
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Picture

REFRESH_SECONDS = 2.0
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

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self.reload)
        self.reload(marks=True)

    def action_back(self) -> None:
        self.app.pop_screen()

    @property
    def everything(self) -> bool:
        return bool(getattr(self.app, "everything", False))

    @work(thread=True, exclusive=True, group="picture-view")
    def reload(self, marks: bool = False) -> None:
        app: Any = self.app
        try:
            data = app.picture_state.read(app.store, self.compute, marks=marks, kinds=self.KINDS)
        except Exception as exc:  # noqa: BLE001 - shown, and retried on the next refresh
            app.from_thread(self.notify, f"Could not read the store: {one_line(str(exc), 200)}",
                            severity="error", markup=False)
            return
        app.from_thread(self._shown, data)

    shown_once = False  # set when the first reading is on screen (tests wait for it)

    def _shown(self, data: Any) -> None:
        if self.is_mounted:
            self.show(data)
            self.shown_once = True

    def compute(self, picture: Picture) -> Any:
        """Runs in a worker with the picture locked: build what to show."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Runs on the UI thread: put ``data`` on the screen."""
        raise NotImplementedError

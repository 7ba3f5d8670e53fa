"""The help screen: every key binding, read from the bindings themselves so
the list cannot drift from what the keys do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter",
    "tab": "Tab", "shift+tab": "Shift+Tab", "ctrl+p": "Ctrl+P", "space": "Space",
    "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End",
    "up": "↑", "down": "↓", "left": "←", "right": "→",
}


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def help_text(sections: Sequence[tuple[str, Sequence[Binding | tuple]]],
              keymap: Mapping[str, str] | None = None) -> Text:
    """Every binding with its keys as ``keymap`` ([keys]) sets them, and the
    id to rebind it by."""
    keymap = keymap or {}
    text = Text()
    for index, (title, bindings) in enumerate(sections):
        if index:
            text.append("\n")
        text.append(title + "\n", style="bold underline")
        for binding in bindings:
            if isinstance(binding, tuple):
                binding = Binding(*binding)
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            text.append(f"  {key_label(keys):<16}", style="bold cyan")
            what = binding.description or binding.action
            if binding.id:
                text.append(f"{what:<30}")
                text.append(f" {binding.id}", style="dim")
            else:
                text.append(what)
            text.append("\n")
    text.append("\nMouse: click a pane or a row to select it; click a selected row to open it.\n"
                "Rebind a key in config.toml by its name, e.g. [keys] poll_all = \"ctrl+r\".",
                style="dim")
    return text


class HelpScreen(ModalScreen):
    """Opened with ?; any of Esc, ? or q closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help_close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[Binding | tuple]]],
                 keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            yield Static(help_text(self.sections, self.keymap), id="help-text")

    def action_scroll(self, where: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_down(animate=False) if where == "down" else box.scroll_up(animate=False)

"""The "add a feed" dialog: a URL and a name, checked before anything is
written. Writing the config and polling the feed are the app's job; the
dialog returns the FeedConfig, or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from sitrep.domain.models import FeedConfig
from sitrep.domain.textsafe import one_line
from sitrep.tui.links import is_web_url


def check_feed(url: str, name: str, existing: Sequence[FeedConfig]) -> str | None:
    """What is wrong with the new feed, or None when it can be added."""
    url, name = url.strip(), one_line(name)
    if not url:
        return "Give the feed's URL."
    if not is_web_url(url) and not Path(url).expanduser().is_file():
        return "The URL must start with http:// or https:// (or be a local file)."
    if not name:
        return "Give the feed a name."
    if any(f.name == name for f in existing):
        return f"There is already a feed named {name!r}."
    if any(f.url == url for f in existing):
        return "That URL is already in your feeds."
    return None


class AddFeedScreen(ModalScreen[FeedConfig | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, existing: Sequence[FeedConfig]) -> None:
        super().__init__()
        self.existing = list(existing)

    def compose(self) -> ComposeResult:
        with Vertical(id="add-feed-box") as box:
            box.border_title = "Add a feed"
            yield Label("URL")
            yield Input(placeholder="https://example.org/feed.xml", id="feed-url")
            yield Label("Name")
            yield Input(placeholder="Example News", id="feed-name")
            yield Static("", id="feed-error")
            with Horizontal(id="add-feed-buttons"):
                yield Button("Add", variant="primary", id="feed-add")
                yield Button("Cancel", id="feed-cancel")

    def on_mount(self) -> None:
        self.query_one("#feed-url", Input).focus()

    @on(Input.Submitted, "#feed-url")
    def _to_name(self) -> None:
        self.query_one("#feed-name", Input).focus()

    @on(Input.Submitted, "#feed-name")
    @on(Button.Pressed, "#feed-add")
    def submit(self) -> None:
        url = self.query_one("#feed-url", Input).value
        name = self.query_one("#feed-name", Input).value
        problem = check_feed(url, name, self.existing)
        if problem:
            self.query_one("#feed-error", Static).update(Text(problem, style="bold red"))
            return
        self.dismiss(FeedConfig(name=one_line(name), url=url.strip()))

    @on(Button.Pressed, "#feed-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

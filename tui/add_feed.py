"""The "add a feed" dialog: a URL, an optional name and whether to read
full articles, checked before anything is written.

Writing the config, naming a feed left without a name (by its own title,
the way ``sitrep feeds add`` does) and polling it are the app's job; the
dialog returns a :class:`NewFeed`, or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from sitrep.domain.models import FULL_TEXT_MODES, FeedConfig
from sitrep.domain.textsafe import one_line
from sitrep.tui.links import is_web_url

MAX_NAME = 200  # characters, as ``feeds add --name`` allows; the box takes no more
_FULL_TEXT_LABELS = {
    "auto": "auto: read the article when the entry is a summary",
    "always": "always read the article behind the link",
    "never": "never: the feed's own text only",
}
FULL_TEXT_CHOICES = tuple((_FULL_TEXT_LABELS[mode], mode) for mode in FULL_TEXT_MODES)


@dataclass(frozen=True)
class NewFeed:
    """What the dialog asks for; ``name`` None: name it by its own title."""

    url: str
    name: str | None = None
    full_text: str = "auto"


def feed_location(url: str) -> str:
    """An http(s) URL as typed, or a local file's path made absolute (the
    config is read from elsewhere than the folder sitrep runs in)."""
    url = url.strip()
    return url if is_web_url(url) else str(Path(url).expanduser().absolute())


def check_feed(url: str, name: str, existing: Sequence[FeedConfig],
               *, name_required: bool = False) -> str | None:
    """What is wrong with the new feed, in one line, or None when it can be added."""
    url, name = url.strip(), one_line(name)
    if not url:
        return "Give the feed's URL."
    if any(c.isspace() for c in url):
        return "A URL has no spaces in it."
    try:
        parts = urlsplit(url)
    except ValueError:
        return "That is not a URL: check its brackets and port."
    if parts.scheme.lower() in ("http", "https"):
        if not parts.hostname:
            return "The URL has no host: write it as https://host/path."
    elif not Path(url).expanduser().is_file():
        return "The URL must start with http:// or https:// (or be a local file)."
    if name_required and not name:
        return "Give the feed a name."
    if name and any(f.name == name for f in existing):
        return f"There is already a feed named {name!r}."
    location = feed_location(url)
    if any(f.url in (url, location) for f in existing):
        return "That URL is already in your feeds."
    return None


class AddFeedScreen(ModalScreen[NewFeed | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, existing: Sequence[FeedConfig], *, name_required: bool = False) -> None:
        super().__init__()
        self.existing = list(existing)
        # Without a way to read the feed's title (no network in this session),
        # the name must be typed.
        self.name_required = name_required

    def compose(self) -> ComposeResult:
        with Vertical(id="add-feed-box") as box:
            box.border_title = "Add a feed"
            yield Label("URL")
            yield Input(placeholder="https://example.org/feed.xml", id="feed-url")
            yield Label("Name" if self.name_required else "Name (empty: the feed's own title)")
            yield Input(placeholder="Example News" if self.name_required
                        else "read from the feed when it is added",
                        id="feed-name", max_length=MAX_NAME)
            yield Label("Full articles")
            yield Select(FULL_TEXT_CHOICES, value="auto", allow_blank=False, id="feed-full-text")
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
        name = one_line(self.query_one("#feed-name", Input).value)
        problem = check_feed(url, name, self.existing, name_required=self.name_required)
        if problem:
            self.query_one("#feed-error", Static).update(Text(problem, style="bold red"))
            return
        full_text = self.query_one("#feed-full-text", Select).value
        self.dismiss(NewFeed(feed_location(url), name or None,
                             full_text if isinstance(full_text, str) else "auto"))

    @on(Button.Pressed, "#feed-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

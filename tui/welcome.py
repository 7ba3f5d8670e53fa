"""What a first run shows instead of empty panes: how to get a first feed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def welcome_text() -> Text:
    text = Text()
    text.append("Welcome to sitrep\n\n", style="bold")
    text.append("No feeds yet, so there is nothing to show. To start:\n\n")
    steps = (
        ("a", "add a feed here: its URL (or a local RSS/Atom file) and a name"),
        ("sitrep feeds import FILE.opml", "import the feeds of another reader (OPML export)"),
        ("sitrep feeds add URL --name NAME", "add one from the shell"),
        ("sitrep --demo", "try a made-up situation served on this machine"),
    )
    for key, what in steps:
        text.append(f"  {key}", style="bold cyan")
        text.append(f"\n      {what}\n")
    text.append("\n? lists every key; q quits.", style="dim")
    return text


class Welcome(Static):
    """Shown by the main screen while there are no feeds and no reports."""

    def __init__(self) -> None:
        super().__init__(welcome_text(), id="welcome")

"""The export dialog: where to write the visible facts.

The palette's "Export CSV/JSON" asks for a path here. The default is a new
file in the folder sitrep was started in, never the store's or the demo's
temporary folder, which may be deleted on exit. What is written is one
ACLED-like row per fused fact (``sitrep.fusion.write_rows``), the same
as ``sitrep export``.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ExportScreen(ModalScreen[Path | None]):
    """Asks for the export file; Enter writes, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export_cancel")]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen #export-box {
        width: 80%; max-width: 100; height: auto;
        border: round $accent; padding: 0 1; background: $surface;
    }
    ExportScreen #export-error { color: $error; height: auto; }
    """

    def __init__(self, default: Path, fmt: str) -> None:
        super().__init__()
        self.default = default
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = f"Export the visible facts as {self.fmt.upper()}"
            yield Static("File to write (Enter writes, Esc cancels):")
            yield Input(str(self.default), id="export-path")
            yield Static(id="export-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        raw = event.value.strip()
        error = self.query_one("#export-error", Static)
        if not raw:
            error.update("Give a file name.")
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.default.parent / path
        if path.is_dir():
            path = path / self.default.name
        if path.exists():
            error.update("That file exists; choose another name.")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)

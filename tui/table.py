"""The DataTable every pane uses: vi keys, one flexible column, and
in-place updates that keep the cursor on the row the reader was looking at.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable

from sitrep.tui.rows import ColumnSpec, PaneSpec, Row


FLEX_MIN = 12  # the flexible column's narrowest width


def fit_widths(columns: Sequence[ColumnSpec], space: int) -> list[int]:
    """Column widths (without padding) that add up to at most ``space``.

    The widest columns give way first, down to their minimums; if even the
    minimums do not fit, every column shrinks further (to one cell), since
    a cell cut with "…" is better than a column pushed out of sight.
    """
    widths = [c.width if c.width is not None else FLEX_MIN for c in columns]
    flexible = [i for i, c in enumerate(columns) if c.width is None]
    floors = [4 if c.width is None else min(c.min, c.width) for c in columns]
    for floor in (floors, [1] * len(columns)):
        while sum(widths) > space:
            shrinkable = [i for i in range(len(columns)) if widths[i] > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], i in flexible))
            widths[widest] -= 1
    spare = space - sum(widths)
    if spare > 0 and flexible:
        for n, i in enumerate(flexible):
            widths[i] += spare // len(flexible) + (1 if n < spare % len(flexible) else 0)
    return widths


class PaneTable(DataTable):
    """One pane: a table of rows newest first."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "scroll_top", "Top", show=False),
        Binding("G,end", "scroll_bottom", "Bottom", show=False),
    ]

    class NearEnd(Message):
        """The cursor came close to the last loaded row: load more."""

        def __init__(self, table: PaneTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, spec: PaneSpec) -> None:
        super().__init__(id=spec.name, cursor_type="row", zebra_stripes=True)
        self.spec = spec
        self.border_title = spec.title
        self.rows_by_key: dict[str, Row] = {}
        self._keys: list[str] = []
        self.more_available = False
        self._syncing = False

    def on_mount(self) -> None:
        for col in self.spec.columns:
            self.add_column(Text(col.label, no_wrap=True, overflow="ellipsis"),
                            width=col.width or 10, key=col.key)
        self._fit_columns()

    def on_resize(self, event: Resize) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit the columns to the pane's width so nothing is cut without "…".

        The flexible column takes what the others leave; when space is
        short the widest other columns give way first, down to their minimum.
        """
        # Room for the vertical scrollbar is always kept, so the columns do
        # not jump when enough rows arrive to need one.
        inner = self.content_region.width - self.styles.scrollbar_size_vertical
        if inner <= 0:
            return
        widths = fit_widths(self.spec.columns, inner - 2 * self.cell_padding * len(self.spec.columns))
        changed = False
        for col, width in zip(self.spec.columns, widths):
            column = self.columns[col.key]  # type: ignore[index]
            if column.width != width:
                column.width = width
                changed = True
        if changed:
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()

    @property
    def current_row(self) -> Row | None:
        if not self._keys or not 0 <= self.cursor_row < len(self._keys):
            return None
        return self.rows_by_key.get(self._keys[self.cursor_row])

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def sync(self, rows: list[Row]) -> int:
        """Show exactly ``rows`` in this order, touching only what changed.

        Returns how many rows are new. The cursor stays on the row it was
        on; when that row is at the top it stays at the top, so new rows
        come into view instead of pushing the reader's place away.
        """
        wanted = [r.key for r in rows]
        if wanted == self._keys and all(
            self.rows_by_key[r.key].cells == r.cells for r in rows
        ):
            return 0
        self._syncing = True
        try:
            return self._sync(rows, wanted)
        finally:
            self._syncing = False

    def _sync(self, rows: list[Row], wanted: list[str]) -> int:
        current = self.current_row
        at_top = self.cursor_row <= 0
        old = set(self._keys)
        keep = set(wanted)
        for key in self._keys:
            if key not in keep:
                self.remove_row(key)
        added = 0
        first = self.spec.columns[0].key
        for row in rows:
            if row.key not in old:
                self.add_row(*row.cells, key=row.key)
                added += 1
            elif self.rows_by_key[row.key].cells != row.cells:
                for col, value in zip(self.spec.columns, row.cells):
                    self.update_cell(row.key, col.key, value)
        self.rows_by_key = {r.key: r for r in rows}
        if [k.value for k in self._row_order()] != wanted:
            rank = {id(self.get_cell(key, first)): i for i, key in enumerate(wanted)}
            self.sort(first, key=lambda value: rank[id(value)])
        self._keys = wanted
        if not rows:
            return added
        if at_top or current is None or current.key not in keep:
            self.move_cursor(row=0, animate=False)
        else:
            self.move_cursor(row=wanted.index(current.key), animate=False)
        return added

    def _row_order(self) -> list:
        return [row.key for row in self.ordered_rows]

    def go_to(self, key: str) -> bool:
        if key in self.rows_by_key:
            self.move_cursor(row=self._keys.index(key), animate=False)
            return True
        return False

    def watch_cursor_coordinate(self, old, new) -> None:  # type: ignore[override]
        super().watch_cursor_coordinate(old, new)
        slack = min(5, len(self._keys) // 10)
        if self.more_available and not self._syncing and new.row >= len(self._keys) - 1 - slack:
            self.post_message(self.NearEnd(self))

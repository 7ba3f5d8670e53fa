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


FLEX_MIN = 12  # a long-text column's width before it gets the spare room


def fit_widths(columns: Sequence[ColumnSpec], space: int,
               natural: Sequence[int] | None = None) -> list[int]:
    """Column widths (without padding) that add up to at most ``space``.

    ``natural`` is how wide each column's widest cell is. Fixed columns
    (dates, counts) keep their width. The flexible ones (places, sources,
    speakers, feeds, quotes, titles) get what their cells need when that
    fits, and the room left goes to the long-text columns; when it does not
    fit they share the room in proportion to their weights, no column
    getting more than it needs, so a cell is cut only when the screen is
    really too narrow. A column with nothing to show shrinks to one cell.
    """
    count = len(columns)
    measured = natural is not None
    natural = list(natural) if natural is not None else [
        c.width if c.width is not None else FLEX_MIN for c in columns]
    flexible = [i for i, c in enumerate(columns) if c.flexible]
    widths = [c.width or 1 for c in columns]
    if measured:
        # Fixed columns shrink to their widest cell (down to their minimum),
        # or to one cell when empty, and give the rest away.
        widths = [w if i in flexible else 1 if not natural[i] else min(w, max(natural[i], columns[i].min))
                  for i, w in enumerate(widths)]
    want = {i: max(natural[i], 1) for i in flexible}
    room = space - sum(widths[i] for i in range(count) if i not in want)
    if sum(want.values()) <= room:
        for i, need in want.items():
            widths[i] = need
        spare = room - sum(want.values())
        takers = [i for i in flexible if columns[i].width is None and natural[i] > 0] or \
            [i for i in flexible if natural[i] > 0]
        _share(widths, takers, [columns[i].flex for i in takers], spare)
    else:
        todo = list(flexible)
        left = max(room, 0)
        while todo:
            weight = sum(columns[i].flex for i in todo)
            settled = [i for i in todo if want[i] * weight <= left * columns[i].flex]
            if not settled:
                break
            for i in settled:
                widths[i] = want[i]
                left -= want[i]
                todo.remove(i)
        for i in todo:
            widths[i] = 1
        _share(widths, todo, [columns[i].flex for i in todo], left - len(todo))
    # Still too wide (a very narrow pane): the widest give way, first down
    # to their minimum, then to one cell, since a cell cut with "…" is
    # better than a column pushed out of sight.
    floors = [min(c.min, c.width or c.min) for c in columns]
    for floor in (floors, [1] * count):
        while sum(widths) > space:
            shrinkable = [i for i in range(count) if widths[i] > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], i in flexible))
            widths[widest] -= 1
    return widths


def _share(widths: list[int], takers: list[int], weights: list[int], spare: int) -> None:
    """Add ``spare`` cells to the ``takers`` in proportion to their weights."""
    if spare <= 0 or not takers:
        return
    total = sum(weights) or len(takers)
    given = 0
    for i, weight in zip(takers, weights):
        extra = spare * (weight or 1) // total
        widths[i] += extra
        given += extra
    for n in range(spare - given):
        widths[takers[n % len(takers)]] += 1


class PaneTable(DataTable):
    """One pane: a table of rows newest first."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="pane_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="pane_up"),
        Binding("g,home", "scroll_top", "Top", show=False, id="pane_top"),
        Binding("G,end", "scroll_bottom", "Bottom", show=False, id="pane_bottom"),
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
        self._natural: list[int] | None = None  # widest cell per column (see fit_widths)
        self._fit_columns()

    def on_resize(self, event: Resize) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit the columns to the pane's width and to what the rows hold
        (see :func:`fit_widths`)."""
        # Room for the vertical scrollbar is always kept, so the columns do
        # not jump when enough rows arrive to need one.
        inner = self.content_region.width - self.styles.scrollbar_size_vertical
        if inner <= 0:
            return
        widths = fit_widths(self.spec.columns, inner - 2 * self.cell_padding * len(self.spec.columns),
                            self._natural)
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
            added = self._sync(rows, wanted)
        finally:
            self._syncing = False
        natural: list[int] | None = None
        if rows:  # with no rows the headers keep their usual widths
            natural = [0] * len(self.spec.columns)
            for row in rows:
                for i, value in enumerate(row.cells):
                    natural[i] = max(natural[i], value.cell_len)
            natural = [max(n, len(c.label)) if n else 0 for n, c in zip(natural, self.spec.columns)]
        if natural != self._natural:
            self._natural = natural
            self._fit_columns()
        return added

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

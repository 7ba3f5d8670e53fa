"""Tables printed row by row, for listings of any length.

A Rich ``Table`` measures every row before it prints the first, so
``sitrep events`` on 40,000 events took 34 s and 561 MB before a single
line appeared. Here the columns are sized once, from the terminal width and
each column's cap, and rows go out in small blocks as they come: time and
memory grow with the terminal, not with the store. Cells are ``Text``
(never markup); the last column wraps, the others are cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

_GAP = "  "
_BLOCK = 200  # rows per console write


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    width: int  # the most this column takes; the last column takes the rest
    justify: str = "left"
    least: int = 6  # never narrower than this, however narrow the terminal


class StreamTable:
    """A header, then rows printed as they are added."""

    def __init__(self, out: Console, title: str, columns: Sequence[Column]) -> None:
        self.out = out
        self.columns = list(columns)
        total = max(out.width, 40)
        fixed = self.columns[:-1]
        room = total - len(_GAP) * (len(self.columns) - 1)
        widths = [c.width for c in fixed]
        last_min = 28
        floors = [min(c.width, c.least) for c in fixed]
        # Shrink the widest fixed columns until the last one has some room.
        while sum(widths) + last_min > room:
            shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
        self.widths = widths + [max(room - sum(widths), 10)]
        self._pending: list[Text] = []
        out.print(Text(title, style="italic"))
        header = self._line([Text(c.name, style="bold") for c in self.columns])
        self._pending.extend(header)
        self.rows = 0

    def _line(self, cells: Sequence[Text]) -> list[Text]:
        parts: list[Text] = []
        for column, width, cell in zip(self.columns[:-1], self.widths, cells):
            text = cell.copy()
            text.truncate(width, overflow="ellipsis")
            if column.justify == "right":
                text.pad_left(width - text.cell_len)
            else:
                text.pad_right(width - text.cell_len)
            parts.append(text)
        last = cells[len(self.columns) - 1].copy() if len(cells) >= len(self.columns) else Text("")
        wrapped = last.wrap(self.out, self.widths[-1], overflow="fold") or [Text("")]
        first = Text(_GAP).join([*parts, wrapped[0]])
        indent = Text(" " * (sum(self.widths[:-1]) + len(_GAP) * (len(self.columns) - 1)))
        return [first, *(indent + more for more in list(wrapped)[1:])]

    def add_row(self, *cells: Text) -> None:
        self._pending.extend(self._line(cells))
        self.rows += 1
        if len(self._pending) >= _BLOCK:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.out.print(Text("\n").join(self._pending), crop=False, overflow="ignore", no_wrap=True)
            self._pending = []

    def close(self, caption: str | None = None) -> None:
        self.flush()
        if caption:
            self.out.print(Text(caption, style="dim"))


def write_json_list(items: Iterable[Any], file: TextIO, dump: Any) -> None:
    """A JSON array written an item at a time (``dump`` is common.dump_json)."""
    file.write("[")
    first = True
    for item in items:
        file.write("\n" if first else ",\n")
        first = False
        file.write(dump(item))
    file.write("\n]\n" if not first else "]\n")


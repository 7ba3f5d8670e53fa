"""Tables printed row by row, for listings of any length.

A Rich ``Table`` measures every row before it prints the first, so
``sitrep events`` on 40,000 events took 34 s and 561 MB before a single
line appeared. Here the columns are sized once, from the terminal width and
each column's cap, and rows go out in small blocks as they come: time and
memory grow with the terminal, not with the store. Cells are ``Text``
(never markup); the last column wraps, the others are cut with an ellipsis.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich.cells import cell_len, set_cell_size
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
        self._plain = not out.is_terminal
        self._pending: list = []
        out.print(Text(title, style="italic"))
        header = self._line([Text(c.name, style="bold") for c in self.columns])
        self._pending.extend(header)
        self.rows = 0

    def _fit(self, cell: Text, width: int, justify: str) -> str:
        """The cell's text cut (with an ellipsis) or padded to ``width`` cells."""
        plain = cell.plain
        narrow = plain.isascii()  # one cell per character: plain slicing will do
        size = len(plain) if narrow else cell_len(plain)
        if size > width:
            plain = (plain[: width - 1] if narrow else set_cell_size(plain, width - 1)) + "…"
            size = width
        pad = " " * (width - size)
        return pad + plain if justify == "right" else plain + pad

    def _wrap(self, cell: Text, width: int) -> list[str]:
        plain = cell.plain
        if cell_len(plain) <= width:
            return [plain]
        if plain.isascii():
            return textwrap.wrap(plain, width, break_long_words=True) or [""]
        return [line.plain for line in cell.wrap(self.out, width, overflow="fold")] or [""]

    def _line(self, cells: Sequence[Text]) -> list[Text] | list[str]:
        """A row as one or more lines: built from plain strings and each
        cell's own style (plain strings alone when not on a terminal),
        since a Text per cell made 40,000 rows slow."""
        parts: list[tuple[str, str]] = []
        for column, width, cell in zip(self.columns[:-1], self.widths, cells):
            parts.append((self._fit(cell, width, column.justify), str(cell.style or "")))
            parts.append((_GAP, ""))
        last = cells[len(self.columns) - 1] if len(cells) >= len(self.columns) else Text("")
        wrapped = self._wrap(last, self.widths[-1])
        style = str(last.style or "")
        indent = " " * (sum(self.widths[:-1]) + len(_GAP) * (len(self.columns) - 1))
        if self._plain:
            return ["".join(text for text, _ in parts) + wrapped[0], *(indent + more for more in wrapped[1:])]
        lines = [Text.assemble(*parts, (wrapped[0], style))]
        lines.extend(Text(indent + more, style=style) for more in wrapped[1:])
        return lines

    def add_row(self, *cells: Text) -> None:
        self._pending.extend(self._line(cells))
        self.rows += 1
        if len(self._pending) >= _BLOCK:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        if self._plain:  # no colours to keep: the lines, without Rich's rendering
            self.out.file.write("\n".join(self._pending) + "\n")
        else:
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


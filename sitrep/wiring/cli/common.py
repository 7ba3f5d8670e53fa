"""What every command needs: errors worded for the user, the console, the store.

Feed text is hostile, so anything that prints it goes through :func:`cell`
(control characters stripped, one line, never markup) or :func:`dump_json`
(terminal-dangerous characters escaped, the data unchanged).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.text import Text

from sitrep.domain.config import Config, Paths, load_config
from sitrep.domain.textsafe import one_line

if TYPE_CHECKING:
    from sitrep.store import StoreBackend

# Largest text file `ingest` stores and `extract` reads, in bytes.
MAX_TEXT_BYTES = 1_000_000


class CliError(Exception):
    """A mistake by the user or a file they named: printed, no traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich exits with 1 here; `sitrep reports | head` is not a failure,
        # so let main() end quietly with 0 instead.
        raise BrokenPipeError


def console(file: TextIO | None = None) -> Console:
    """A console that only colours real terminals and never reads markup."""
    return _Console(file=file or sys.stdout, markup=False, emoji=False, highlight=False)


def is_tty() -> bool:
    return sys.stdout.isatty()


def cell(value: Any, limit: int | None = 80) -> Text:
    """A table cell safe for any feed text."""
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, datetime):
        return Text(value.strftime("%Y-%m-%d %H:%M"))
    return Text(one_line(str(value), limit))


def tsv_field(value: Any) -> str:
    """One field of a tab-separated line: no tab, no newline, no controls."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return one_line(str(value))


def print_tsv(rows: Iterator[Sequence[Any]] | Sequence[Sequence[Any]]) -> None:
    """Plain tab-separated lines, for pipes (``cut -f``, ``awk -F'\t'``)."""
    write = sys.stdout.write
    for row in rows:
        write("\t".join(tsv_field(value) for value in row) + "\n")


# JSON already escapes C0 controls; these are the other characters a
# terminal acts on (DEL, C1 controls, bidi overrides and isolates).
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dump_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    sys.stdout.write(dump_json(data) + "\n")


def load(paths: Paths) -> Config:
    return load_config(paths.config_file)


def store_target(paths: Paths) -> str:
    """--store or $SITREP_STORE, else the config's [store] url, else the data folder."""
    if paths.store:
        return paths.store
    if paths.config_file.exists():
        url = load(paths).store_url
        if url:
            return url
    return str(paths.data_dir)


@contextmanager
def open_store(paths: Paths) -> Iterator[StoreBackend]:
    """Open the store; store.StoreError is turned into exit code 2 by main."""
    from sitrep.store import open_store as open_backend

    store = open_backend(store_target(paths), user=paths.user)
    try:
        yield store
    finally:
        store.close()


def read_text_source(source: str, *, limit: int = MAX_TEXT_BYTES) -> tuple[bytes, bool]:
    """Read a file, or stdin for "-", up to ``limit`` bytes.

    Returns the bytes and whether there was more; reading stops at the limit
    so a huge or endless input costs no more than the limit in memory.
    """
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(source)
            if path.is_dir():
                raise CliError(f"{source}: is a directory")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except PermissionError:
        raise CliError(f"{source}: permission denied") from None
    except OSError as exc:
        raise CliError(f"{source}: cannot read ({exc.strerror or exc})") from None
    return data[:limit], len(data) > limit


def source_label(source: str) -> str:
    return "<stdin>" if source == "-" else source

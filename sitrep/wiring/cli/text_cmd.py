"""``sitrep ingest`` and ``sitrep extract``: plain-text reports from files.

A text report is its title on the first line and its body after it. Input
is read as UTF-8 with bad bytes replaced and capped in size, so a binary or
enormous file gives a message or a truncated read, never a crash.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from rich.table import Table
from rich.text import Text

from sitrep.wiring.cli.common import (
    MAX_TEXT_BYTES, CliError, cell, console, is_tty, load, open_store,
    print_json, read_text_source, source_label,
)
from sitrep.domain.config import Paths
from sitrep.domain.models import NO_SOURCE, Event, Report, figure, utcnow
from sitrep.wiring.pipeline import read_reports
from sitrep.domain.textsafe import one_line, strip_controls

MANUAL_FEED = "manual"


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    ingest = sub.add_parser(
        "ingest", help="store plain-text reports from files or stdin", formatter_class=formatter,
        description="Store plain-text reports (first line the title, the rest the body) "
                    "in the feed 'manual'. The same text ingested twice is stored once.")
    ingest.add_argument("sources", nargs="+", metavar="PATH", help="text file, or - for stdin")
    ingest.set_defaults(func=cmd_ingest)

    extract = sub.add_parser(
        "extract", help="print the events read from plain-text reports", formatter_class=formatter,
        description="Read plain-text reports (first line the title) and print the events "
                    "found in each, using the configured situation profile if there is one.")
    extract.add_argument("sources", nargs="+", metavar="PATH", help="text file, or - for stdin")
    extract.add_argument("--format", choices=("json", "table"), default=None,
                         help="output format (default: table on a terminal, json otherwise)")
    extract.add_argument("--published", metavar="DATE", default=None,
                         help="when the reports came out (2016-12-13 or 2016-12-13T09:30Z): "
                              "resolves 'on Monday' into each event's date; without it only "
                              "dates written in full are resolved")
    extract.set_defaults(func=cmd_extract)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def text_report(text: str, *, digest: str, url: str | None) -> Report:
    """A Report from a plain text: first non-empty line the title."""
    lines = strip_controls(text).strip().split("\n", 1)
    title = one_line(lines[0], 500)
    body = lines[1].strip() if len(lines) > 1 else ""
    now = utcnow()
    return Report(id=digest, feed=MANUAL_FEED, title=title, text=body, url=url,
                  published=now, published_guessed=True, fetched=now)


def cmd_ingest(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    reports: list[Report] = []
    failed = 0
    if args.sources.count("-") > 1:
        raise CliError("stdin (-) can be read only once")
    for source in args.sources:
        label = source_label(source)
        try:
            data, more = read_text_source(source)
            if more:
                raise CliError(f"{label}: too large (the limit is {MAX_TEXT_BYTES // 1000} kB)")
            text = _decode(data)
            if not text.strip():
                raise CliError(f"{label}: empty, nothing to ingest")
        except CliError as exc:
            print(f"sitrep: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        digest = hashlib.sha256(data).hexdigest()
        url = None if source == "-" else str(Path(source).absolute())
        if any(r.id == digest for r in reports):
            continue
        reports.append(text_report(text, digest=digest, url=url))
    with open_store(paths) as store:
        fresh = [r for r in reports if not store.has(r.id)]
        new = store.add(read_reports(fresh, config.profile)) if fresh else []
    print(f"ingested {len(new)} new report(s), {len(reports) - len(new)} already stored"
          + (f", {failed} failed" if failed else ""))
    return 1 if failed else 0


def cmd_extract(args: argparse.Namespace, paths: Paths) -> int:
    # Extraction needs the profile only if the user has written one.
    profile = load(paths).profile if paths.config_file.exists() else None
    fmt = args.format or ("table" if is_tty() else "json")
    if args.sources.count("-") > 1:
        raise CliError("stdin (-) can be read only once")
    published = _published(args.published)
    from sitrep.extraction import extract

    results: list[tuple[str, list[Event]]] = []
    failed = 0
    for source in args.sources:
        label = source_label(source)
        try:
            data, more = read_text_source(source)
        except CliError as exc:
            print(f"sitrep: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        if more:
            print(f"sitrep: warning: {label}: only the first {MAX_TEXT_BYTES // 1000} kB read",
                  file=sys.stderr)
        text = _decode(data)
        try:
            events = list(extract(text, profile, published=published)) if text.strip() else []
        except Exception as exc:  # noqa: BLE001 - one bad text must not stop the rest
            print(f"sitrep: error: {label}: extraction failed ({type(exc).__name__}: {exc})",
                  file=sys.stderr)
            failed += 1
            events = []
        results.append((source, events))
    if fmt == "json":
        print_json([{"file": source, "events": [e.to_dict() for e in events]}
                    for source, events in results])
    else:
        render_events(results)
    return 1 if failed else 0


def _published(value: str | None) -> datetime | None:
    """``--published``: an ISO date or date and time; one without a zone is UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CliError(f"--published: not a date: {one_line(value, 40)!r} (use 2016-12-13 or 2016-12-13T09:30Z)", 2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


_HIDDEN = {"type", "start", "end", "rule", "evidence"}
# The fields worth a column in a terminal; JSON output has them all.
FACT_COLUMNS = {
    "control_change": ("place", "action", "gainer", "loser", "source"),
    "casualty": ("count", "status", "victims", "place", "source"),
    "statement": ("speaker", "quote", "topic"),
    "displacement": ("count", "who", "from", "to", "source"),
}


def render_events(results: list[tuple[str, list[Event]]]) -> None:
    out = console()
    for source, events in results:
        out.print(Text(f"{source_label(source)}: {len(events)} event(s)", style="bold"))
        groups: dict[str, list[Event]] = defaultdict(list)
        for event in events:
            groups[event.type].append(event)
        for kind, items in groups.items():
            out.print(events_table(kind, [e.to_dict() for e in items]))
        out.print()


def event_columns(kind: str, rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The fields worth a column for these events, and the rows to show
    (counts with their qualifiers, "(report)" where no source is named)."""
    wanted = FACT_COLUMNS.get(kind) or [k for k in rows[0] if k not in _HIDDEN]
    rows = [fact_fields(r) for r in rows]
    columns = [k for k in wanted if k == "source" or any(r.get(k) not in (None, "", {}, []) for r in rows)]
    return columns, rows


def events_table(kind: str, rows: list[dict], extra: list[tuple[str, list]] | None = None) -> Table:
    """One table for one event type; columns come from the events' own fields."""
    columns, rows = event_columns(kind, rows)
    table = Table(title=kind.replace("_", " "), title_justify="left", show_lines=False)
    for name, _ in extra or []:
        table.add_column(name, no_wrap=name == "date")
    for name in columns:
        table.add_column("on whose word" if name == "source" else name.replace("_", " "), overflow="fold")
    table.add_column("evidence", overflow="fold", ratio=2)
    for index, row in enumerate(rows):
        cells = [cell(values[index], 40) for _, values in extra or []]
        cells += [cell(show_value(row.get(name)), 60) for name in columns]
        cells.append(cell(row.get("evidence"), 160))
        table.add_row(*cells)
    return table


def fact_fields(row: dict) -> dict:
    """An event's fields as shown: the count with its qualifier ("more than
    40", "dozens"), and "(report)" as the source when the report names none."""
    row = dict(row)
    if "count" in row or "count_text" in row:
        row["count"] = figure(row.get("count"), row.get("qualifier"), row.get("count_text"), "")
        row.pop("count_text", None)
    if "source" in row and not row["source"]:
        row["source"] = NO_SOURCE
    return row


def show_value(value):
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value

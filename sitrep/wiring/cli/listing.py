"""``sitrep reports`` and ``sitrep events``: what the store holds."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from rich.text import Text

from sitrep.wiring.cli.common import cell, console, dump_json, open_store
from sitrep.wiring.cli.stream_table import Column, StreamTable, write_json_list
from sitrep.wiring.cli.text_cmd import event_columns, show_value
from sitrep.domain.config import Paths
from sitrep.domain.models import EVENT_TYPES
from sitrep.domain.textsafe import one_line


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    reports = sub.add_parser("reports", help="list stored reports, newest first",
                             description="List the stored reports, newest first.",
                             formatter_class=formatter)
    reports.add_argument("--format", choices=("table", "json"), default="table")
    reports.add_argument("--limit", type=positive_int, default=None, metavar="N",
                         help="show at most N reports")
    reports.set_defaults(func=cmd_reports)

    events = sub.add_parser("events", help="list stored events, newest first",
                            description="List the events read from stored reports, newest first.",
                            formatter_class=formatter)
    events.add_argument("--type", choices=sorted(EVENT_TYPES), metavar="TYPE",
                        help=f"only this type ({', '.join(sorted(EVENT_TYPES))})")
    events.add_argument("--format", choices=("table", "json"), default="table")
    events.add_argument("--limit", type=positive_int, default=None, metavar="N",
                        help="show at most N events")
    events.set_defaults(func=cmd_events)


def cmd_reports(args: argparse.Namespace, paths: Paths) -> int:
    with open_store(paths) as store:
        metas = store.reports(limit=args.limit)
        skipped = store.unreadable()
    if args.format == "json":
        write_json_list(({
            "id": m.id, "feed": m.feed, "title": m.title, "published": m.published,
            "published_guessed": m.published_guessed, "url": m.url, "length": m.length,
            "on_topic": m.on_topic, "read": m.read,
        } for m in metas), sys.stdout, dump_json)
        return _skipped(skipped, len(metas))
    out = console()
    if not metas and not skipped:
        out.print("no reports stored yet: try `sitrep poll` or `sitrep ingest FILE`")
        return 0
    table = StreamTable(out, f"Reports ({len(metas)})", [
        Column("ID", 12), Column("Feed", 20), Column("Published", 16, least=16), Column("Length", 7, "right"),
        Column("URL", 40), Column("Title", 0),
    ])
    for m in metas:
        title = cell(m.title, 200)
        if not m.on_topic:
            title.stylize("dim")
        table.add_row(cell(m.id, 12), cell(m.feed, 24), cell(m.published), cell(m.length),
                      cell(m.url, 100), title)
    table.close()
    return _skipped(skipped, len(metas))


def cmd_events(args: argparse.Namespace, paths: Paths) -> int:
    with open_store(paths) as store:
        records = store.events(type=args.type, limit=args.limit)
        skipped = store.unreadable()
    if args.format == "json":
        write_json_list(({
            "id": r.id, "report_id": r.report_id, "feed": r.feed, "title": r.title,
            "published": r.published, "event": r.event.to_dict(),
        } for r in records), sys.stdout, dump_json)
        return _skipped(skipped, len(records))
    out = console()
    if not records and not skipped:
        out.print("no events stored" + (f" of type {args.type}" if args.type else ""))
        return 0
    groups = defaultdict(list)
    for record in records:
        groups[record.event.type].append(record)
    for kind, items in groups.items():
        rows = [r.event.to_dict() for r in items]
        columns, rows = event_columns(kind, rows)
        table = StreamTable(out, kind.replace("_", " "), [
            Column("date", 10, least=10), Column("report", 30), *(Column(name.replace("_", " "), 18) for name in columns),
            Column("evidence", 0),
        ])
        for record, row in zip(items, rows):
            table.add_row(Text(record.published.strftime("%Y-%m-%d")), cell(record.title, 40),
                          *(cell(show_value(row.get(name)), 60) for name in columns),
                          cell(row.get("evidence"), 400))
        table.close()
    return _skipped(skipped, len(records))


def _skipped(skipped: dict[str, str], shown: int) -> int:
    """Name the unreadable records in one warning line; fail only if nothing was read."""
    if not skipped:
        return 0
    names = ", ".join(f"{one_line(rid, 80)} ({one_line(why, 80)})" for rid, why in list(skipped.items())[:3])
    more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    print(f"sitrep: warning: skipped {len(skipped)} unreadable record(s): {names}{more}", file=sys.stderr)
    return 0 if shown else 1

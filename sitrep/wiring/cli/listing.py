"""``sitrep reports`` and ``sitrep events``: what the store holds."""

from __future__ import annotations

import argparse
from collections import defaultdict

from rich.table import Table

from sitrep.wiring.cli.common import cell, console, open_store, print_json
from sitrep.wiring.cli.text_cmd import events_table
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
    if args.format == "json":
        print_json([{
            "id": m.id, "feed": m.feed, "title": m.title, "published": m.published,
            "published_guessed": m.published_guessed, "url": m.url, "length": m.length,
            "on_topic": m.on_topic, "read": m.read,
        } for m in metas])
        return 0
    out = console()
    if not metas:
        out.print("no reports stored yet: try `sitrep poll` or `sitrep ingest FILE`")
        return 0
    table = Table(title=f"Reports ({len(metas)})", title_justify="left")
    for name in ("ID", "Feed", "Title", "Published", "URL", "Length"):
        table.add_column(name, justify="right" if name == "Length" else "left",
                         overflow="fold" if name in ("Title", "URL") else "ellipsis")
    for m in metas:
        title = cell(m.title, 120)
        if not m.on_topic:
            title.stylize("dim")
        table.add_row(cell(m.id, 12), cell(m.feed, 24), title, cell(m.published),
                      cell(m.url, 100), cell(m.length))
    out.print(table)
    return 0


def cmd_events(args: argparse.Namespace, paths: Paths) -> int:
    with open_store(paths) as store:
        records = store.events(type=args.type, limit=args.limit)
    if args.format == "json":
        print_json([{
            "id": r.id, "report_id": r.report_id, "feed": r.feed, "title": r.title,
            "published": r.published, "event": r.event.to_dict(),
        } for r in records])
        return 0
    out = console()
    if not records:
        out.print("no events stored" + (f" of type {args.type}" if args.type else ""))
        return 0
    groups = defaultdict(list)
    for record in records:
        groups[record.event.type].append(record)
    for kind, items in groups.items():
        out.print(events_table(kind, [r.event.to_dict() for r in items], extra=[
            ("date", [r.published.strftime("%Y-%m-%d") for r in items]),
            ("report", [one_line(r.title, 40) for r in items]),
        ]))
    return 0

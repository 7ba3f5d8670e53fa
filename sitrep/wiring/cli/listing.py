"""``sitrep reports`` and ``sitrep events``: what the store holds."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from rich.text import Text

from sitrep.wiring.cli.common import cell, console, dump_json, is_tty, open_store, print_tsv
from sitrep.wiring.cli.stream_table import Column, StreamTable, write_json_list
from sitrep.wiring.cli.text_cmd import FACT_COLUMNS, fact_fields, show_value
from sitrep.domain.config import Paths
from sitrep.domain.models import EVENT_TYPES, NO_SOURCE
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
    reports.add_argument("--format", choices=("table", "tsv", "json"), default=None,
                         help="table on a terminal, tab-separated lines otherwise (id, published, "
                              "outlet, title, URL, length, on topic, text read)")
    reports.add_argument("--limit", type=positive_int, default=None, metavar="N",
                         help="show at most N reports")
    reports.add_argument("--wide", action="store_true", help="also show ids and URLs in the table")
    reports.set_defaults(func=cmd_reports)

    events = sub.add_parser("events", help="list stored events, newest first",
                            description="List the events read from stored reports, newest first.",
                            formatter_class=formatter)
    events.add_argument("--type", choices=sorted(EVENT_TYPES), metavar="TYPE",
                        help=f"only this type ({', '.join(sorted(EVENT_TYPES))})")
    events.add_argument("--format", choices=("table", "tsv", "json"), default=None,
                        help="table on a terminal, tab-separated lines otherwise (id, published, "
                             "type, outlet, on whose word, the fact, evidence)")
    events.add_argument("--limit", type=positive_int, default=None, metavar="N",
                        help="show at most N events")
    events.add_argument("--wide", action="store_true",
                        help="also show ids and report titles in the tables")
    events.set_defaults(func=cmd_events)


def text_read(meta) -> str:
    """Which text a report was read from: its article, or why only its summary."""
    if meta.article_error:
        return f"summary ({meta.article_error})"
    return "article" if meta.article else "feed text"


def cmd_reports(args: argparse.Namespace, paths: Paths) -> int:
    with open_store(paths) as store:
        metas = store.reports(limit=args.limit)
        skipped = store.unreadable()
    fmt = args.format or ("table" if is_tty() else "tsv")
    if fmt == "json":
        write_json_list(({
            "id": m.id, "feed": m.feed, "title": m.title, "published": m.published,
            "published_guessed": m.published_guessed, "url": m.url, "length": m.length,
            "on_topic": m.on_topic, "read": m.read, "article": m.article,
            "article_error": m.article_error,
        } for m in metas), sys.stdout, dump_json)
        return _skipped(skipped, len(metas))
    if fmt == "tsv":
        print_tsv([m.id, m.published, m.feed, m.title, m.url, m.length,
                   "on topic" if m.on_topic else "off topic", text_read(m)] for m in metas)
        return _skipped(skipped, len(metas))
    out = console()
    if not metas and not skipped:
        out.print("no reports stored yet: try `sitrep poll` or `sitrep ingest FILE`")
        return 0
    columns = [Column("ID", 24)] if args.wide else []
    columns += [Column("Published", 16, least=16), Column("Outlet", 18), Column("Text", 24)]
    if args.wide:
        columns.append(Column("URL", 40))
    table = StreamTable(out, f"Reports ({len(metas)})", [*columns, Column("Title", 0)])
    for m in metas:
        title = cell(m.title, 200)
        if not m.on_topic:
            title.stylize("dim")
        read = cell(text_read(m), 200)
        if m.article_error:
            read.stylize("yellow")
        cells = [cell(m.id, None)] if args.wide else []
        cells += [cell(m.published), cell(m.feed, None), read]
        if args.wide:
            cells.append(cell(m.url, None))
        table.add_row(*cells, title)
    table.close()
    return _skipped(skipped, len(metas))


def fact(event_dict: dict, sep: str = " | ", *, labels: bool = True) -> str:
    """The kind's own fields in one line, counts with their qualifiers."""
    row = fact_fields(event_dict)
    fields = FACT_COLUMNS.get(event_dict["type"], ())
    return sep.join(
        (f"{name}: " if labels else "") + one_line(str(show_value(row[name])))
        for name in fields if name != "source" and row.get(name) not in (None, "", {}, []))


def cmd_events(args: argparse.Namespace, paths: Paths) -> int:
    with open_store(paths) as store:
        records = store.events(type=args.type, limit=args.limit)
        skipped = store.unreadable()
    fmt = args.format or ("table" if is_tty() else "tsv")
    if fmt == "json":
        write_json_list(({
            "id": r.id, "report_id": r.report_id, "feed": r.feed, "title": r.title,
            "published": r.published, "event": r.event.to_dict(),
        } for r in records), sys.stdout, dump_json)
        return _skipped(skipped, len(records))
    if fmt == "tsv":
        print_tsv([r.id, r.published, r.event.type, r.feed, r.event.source or NO_SOURCE,
                   fact(r.event.to_dict()), r.event.evidence] for r in records)
        return _skipped(skipped, len(records))
    out = console()
    if not records and not skipped:
        out.print("no events stored" + (f" of type {args.type}" if args.type else ""))
        return 0
    groups = defaultdict(list)
    for record in records:
        groups[record.event.type].append(record)
    for kind, items in groups.items():
        events_listing(out, kind, items, wide=args.wide)
    return _skipped(skipped, len(records))


def _skipped(skipped: dict[str, str], shown: int) -> int:
    """Name the unreadable records in one warning line; fail only if nothing was read."""
    if not skipped:
        return 0
    names = ", ".join(f"{one_line(rid, 80)} ({one_line(why, 80)})" for rid, why in list(skipped.items())[:3])
    more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    print(f"sitrep: warning: skipped {len(skipped)} unreadable record(s): {names}{more}", file=sys.stderr)
    return 0 if shown else 1


def events_listing(out, kind: str, records: list, *, wide: bool = False) -> None:
    """One type's events, readable at 80 columns: the fact, then the
    sentence it was read from, beside its date, outlet and source."""
    columns = [Column("ID", 24)] if wide else []
    columns += [Column("Date", 10, least=10), Column("Outlet", 16), Column("On whose word", 20)]
    if wide:
        columns.append(Column("Report", 30))
    table = StreamTable(out, kind.replace("_", " "),
                        [*columns, Column("What, and the sentence it comes from", 0)])
    for record in records:
        cells = [cell(record.id, None)] if wide else []
        cells += [cell(record.published.strftime("%Y-%m-%d")), cell(record.feed, None),
                  cell(record.event.source or NO_SOURCE, 60)]
        if wide:
            cells.append(cell(record.title, 120))
        what = fact(record.event.to_dict(), " · ", labels=False)
        table.add_row(*cells, Text(f"{what} — “{one_line(record.event.evidence, 400)}”"))
    table.close()

"""``sitrep board``, ``sitrep tally`` and ``sitrep export``: the fused picture.

Each reads the whole store once, fuses it (``sitrep.fusion``) and prints or
writes the result; the dashboard's views show the same facts.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time
from pathlib import Path

from rich import box
from rich.table import Table
from rich.text import Text

from sitrep.domain.config import Paths
from sitrep.domain.models import EVENT_TYPES, UTC, figure
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Picture, board_dict, export_rows, figure_claimants, tally_dict, write_rows
from sitrep.wiring.cli.common import CliError, cell, console, load, open_store, print_json
from sitrep.wiring.gazetteer_cache import GazetteerCache


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    board = sub.add_parser(
        "board", help="who holds each place now, from every report fused",
        description="The control board: one row per place with its current holder, since "
                    "when, the previous holder and whether recent claims disagree.",
        formatter_class=formatter)
    board.add_argument("--format", choices=("table", "json"), default="table")
    _everything(board)
    board.set_defaults(func=cmd_board)

    tally = sub.add_parser(
        "tally", help="casualty figures fused across reports, conflicts side by side",
        description="The casualty tally: one row per incident or running total, with every "
                    "source's figure and the lowest and highest of them.",
        formatter_class=formatter)
    tally.add_argument("--format", choices=("table", "json"), default="table")
    _everything(tally)
    tally.set_defaults(func=cmd_tally)

    export = sub.add_parser(
        "export", help="write one row per fused fact (ACLED-like columns) as CSV or JSON",
        description="Write every fused fact as a row with columns close to ACLED's "
                    "(event_date, event_type, ..., fatalities, fatalities_high, sources, "
                    "source_urls, notes), oldest first.",
        formatter_class=formatter)
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument("--since", type=since_date, metavar="DATE",
                        help="only facts reported on or after DATE (YYYY-MM-DD)")
    export.add_argument("--type", choices=sorted(EVENT_TYPES), metavar="TYPE",
                        help=f"only this type ({', '.join(sorted(EVENT_TYPES))})")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _everything(export)
    export.set_defaults(func=cmd_export)


def _everything(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", dest="everything", action="store_true",
                        help="include off-topic reports (by default only on-topic ones count)")


def since_date(value: str) -> datetime:
    try:
        day = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    if day.tzinfo is None:
        day = datetime.combine(day.date(), time(0), tzinfo=UTC) if len(value.strip()) <= 10 \
            else day.replace(tzinfo=UTC)
    return day


def read_picture(paths: Paths, kind: str | None = None) -> Picture:
    """The store fused; only events of ``kind`` when given (the board needs
    no casualty figures, and the store skips reports without that kind).
    Real places are named from the gazetteer kept in the cache folder."""
    config = load(paths)
    picture = Picture(config.profile, places=GazetteerCache.of(paths).places(config.profile))
    with open_store(paths) as store:
        picture.add(store.topic_marks(), store.events(type=kind))
    return picture


def _side(name: str | None) -> Text:
    return cell(name) if name else Text("?", style="dim")


def cmd_board(args: argparse.Namespace, paths: Paths) -> int:
    rows = read_picture(paths, "control_change").board(everything=args.everything)
    if args.format == "json":
        print_json([board_dict(r) for r in rows])
        return 0
    out = console()
    if not rows:
        out.print("no control changes stored" + ("" if args.everything else " from on-topic reports"))
        return 0
    table = Table(title=f"Control board ({len(rows)} place{'s' if len(rows) != 1 else ''})",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("Place", "Holder", "Since", "Previous", "≠", "Claims", "Latest word"):
        table.add_column(name, justify="right" if name == "Claims" else "left")
    for row in rows:
        latest = row.latest_claim
        table.add_row(cell(row.place.name, 40), _side(row.holder), cell(row.since),
                      _side(row.previous), Text("contested", style="bold red") if row.contested else Text(""),
                      cell(row.claim_count), cell(latest.event.source or latest.feed, 40))
    out.print(table)
    return 0


def cmd_tally(args: argparse.Namespace, paths: Paths) -> int:
    facts = read_picture(paths, "casualty").tally(everything=args.everything)
    if args.format == "json":
        print_json([tally_dict(f) for f in facts])
        return 0
    out = console()
    if not facts:
        out.print("no casualty figures stored" + ("" if args.everything else " from on-topic reports"))
        return 0
    table = Table(title=f"Casualty tally ({len(facts)})", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("Scope", "Status", "Victims", "Place", "Lowest", "Highest", "Figures (source)"):
        table.add_column(name, justify="right" if name in ("Lowest", "Highest") else "left",
                         overflow="fold" if name.startswith("Figures") else "ellipsis")
    for fact in facts:
        shape = tally_dict(fact)
        # Each claimant's latest figure, as the dashboard's tally shows it
        # (the JSON lists every figure): a figure revised by one source
        # reported a thousand times is one entry, not a thousand lines.
        figures = Text()
        for n, (who, members) in enumerate(figure_claimants(fact)):
            ev = members[-1].event
            if n:
                figures.append(" ≠ " if fact.conflict else "; ")
            count = figure(ev.count, ev.qualifier, ev.count_text)  # type: ignore[attr-defined]
            figures.append(one_line(count, 40), style="bold")
            figures.append(f" ({one_line(ev.source or members[-1].feed, 40)})")
            reports = len({m.report_id for m in members})
            if reports > 1:
                figures.append(f" ×{reports}")
        table.add_row(Text(shape["scope"]), cell(shape["status"]), cell(shape["victims"], 30),
                      cell(shape["place"], 30), cell(shape["lowest"]),
                      Text(str(shape["highest"]) if shape["highest"] is not None else "-",
                           style="bold red" if shape["conflict"] else ""),
                      figures)
    out.print(table)
    return 0


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    rows = export_rows(read_picture(paths, args.type), since=args.since, kind=args.type,
                       everything=args.everything)
    if not args.output or args.output == "-":
        write_rows(rows, args.format, sys.stdout)
        return 0
    target = Path(args.output)
    try:
        with target.open("w", newline="", encoding="utf-8") as stream:
            write_rows(rows, args.format, stream)
    except OSError as exc:
        raise CliError(f"{target}: cannot write ({exc.strerror or exc})") from None
    print(f"wrote {len(rows)} rows to {target}", file=sys.stderr)
    return 0

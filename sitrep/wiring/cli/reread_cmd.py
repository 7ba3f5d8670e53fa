"""``sitrep reread``: run the current extraction and profile over stored reports.

How an improved extractor or a changed situation profile reaches a store
that already holds reports. Reports are read oldest first, a batch at a
time, through :func:`sitrep.wiring.pipeline.read_reports` (so on-topic
marking is redone too), and each batch's events replace the old ones in one
all-or-nothing store write. Interrupting it is safe: a report keeps its old
events until its new ones are written, and no report is ever removed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from sitrep.domain.config import Paths
from sitrep.wiring.cli.common import CliError, console, is_tty, load, open_store
from sitrep.wiring.cli.listing import positive_int
from sitrep.wiring.pipeline import read_reports

DEFAULT_BATCH = 500


def since_type(value: str) -> datetime:
    """A date or date-time (ISO 8601); one without a zone is taken as UTC."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {value!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    reread = sub.add_parser(
        "reread", help="read stored reports again with the current extraction and profile",
        formatter_class=formatter,
        description="Run the current extraction and situation profile over every stored "
                    "report (or those published since DATE) and replace their events and "
                    "on-topic marks, a batch at a time. Safe to interrupt: a report keeps its "
                    "old events until its new ones are written.")
    reread.add_argument("--since", type=since_type, metavar="DATE",
                        help="only reports published at or after DATE (YYYY-MM-DD[THH:MM])")
    reread.add_argument("--batch", type=positive_int, default=DEFAULT_BATCH, metavar="N",
                        help=f"reports per store write (default {DEFAULT_BATCH})")
    reread.set_defaults(func=cmd_reread)


def cmd_reread(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    out = console()
    done = events = off_topic = 0
    with open_store(paths) as store:
        total = _count(store, args.since)
        if not total:
            out.print("no stored reports to read again" + (" since then" if args.since else ""))
            return 0
        progress = None
        if is_tty():
            progress = Progress(TextColumn("rereading"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=out, transient=True)
            task = progress.add_task("", total=total)
            progress.start()
        try:
            for batch in store.iter_reports(since=args.since, batch=args.batch):
                items = read_reports(batch, config.profile)
                done += store.replace_events(items)
                events += sum(len(evs) for _, evs in items)
                off_topic += sum(not report.on_topic for report, _ in items)
                if progress is not None:
                    progress.update(task, completed=done)
                else:
                    _log(f"reread {done} of {total} report(s)")
        except KeyboardInterrupt:
            if progress is not None:
                progress.stop()
            print(f"sitrep: interrupted after {done} of {total} report(s); the others keep "
                  "their old events", file=sys.stderr)
            return 130
        finally:
            if progress is not None:
                progress.stop()
        skipped = store.unreadable()
    if skipped:
        print(f"sitrep: warning: skipped {len(skipped)} unreadable record(s): "
              + ", ".join(sorted(skipped)[:5]) + (" ..." if len(skipped) > 5 else ""), file=sys.stderr)
    out.print(Text(f"reread {done} report(s): {events} event(s), {off_topic} off topic"))
    if skipped and not done:
        raise CliError("no stored report could be read")
    return 0


def _count(store, since: datetime | None) -> int:
    if since is None:
        return store.counts().reports
    return sum(1 for meta in store.reports() if meta.published >= since)


def _log(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()

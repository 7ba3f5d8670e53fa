"""``sitrep poll``: polling without the dashboard, for cron jobs and servers.

On a terminal it shows a Rich progress display; when stdout is a pipe or a
file it writes one plain line per feed instead, so logs stay readable.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from sitrep.wiring.cli.common import cell, console, is_tty, load, open_store
from sitrep.wiring.cli.feeds_cmd import every_type
from sitrep.domain.config import Paths
from sitrep.domain.durations import format_duration
from sitrep.wiring.pipeline import StoredOutcome, poll_into_store, poll_limits
from sitrep.domain.textsafe import one_line


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    poll = sub.add_parser(
        "poll", help="poll the feeds without the dashboard", formatter_class=formatter,
        description="Poll the configured feeds and store new reports. With no option, "
                    "or --once, every feed is polled now, except one whose server asked for "
                    "a pause (Retry-After) or that is backing off after errors: that one "
                    "waits for its next poll time, unless --force is given. With --every "
                    "DURATION sitrep keeps running, checking every DURATION for feeds that "
                    "are due (each by its own interval), until Ctrl-C.")
    when = poll.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="poll every feed now, then exit (default)")
    when.add_argument("--every", metavar="DURATION", type=every_type,
                      help="keep polling what is due, checking every DURATION")
    poll.add_argument("--force", action="store_true",
                      help="poll every feed now, even one asked to wait (Retry-After) or backing off")
    poll.set_defaults(func=cmd_poll)


@dataclass
class Totals:
    cycles: int = 0
    new: int = 0
    errors: int = 0
    last: list[StoredOutcome] = field(default_factory=list)


def cmd_poll(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    out = console()
    if not config.feeds:
        out.print(f"no feeds to poll: add one with `sitrep feeds add URL` ({paths.config_file})")
        return 0
    totals = Totals()
    with open_store(paths) as store:
        try:
            asyncio.run(_run(args, config, store, totals))
        except KeyboardInterrupt:
            out.print(Text(f"stopped after {totals.cycles} cycle(s): {totals.new} new report(s), "
                           f"{totals.errors} error(s)"))
            return 0
    # A one-off poll tells cron whether every feed answered.
    return 1 if args.every is None and totals.errors else 0


async def _run(args: argparse.Namespace, config, store, totals: Totals) -> None:
    from sitrep.feeds.poll import Poller

    poller = Poller(poll_limits(config.poll))
    try:
        while True:
            if args.every is None:
                held = set() if args.force else _held_back(config, store)
                feeds = [feed for feed in config.feeds if feed.name not in held]
                outcomes = await _cycle(poller, store, feeds, config.profile, force=True, totals=totals)
            else:
                outcomes = await _cycle(poller, store, config.feeds, config.profile, force=False,
                                        totals=totals)
            totals.cycles += 1
            if args.every is None:
                return
            if outcomes:
                _summary(outcomes)
            elif not is_tty():
                _log("nothing due")
            await _wait(args.every, store, config)
    finally:
        await poller.aclose()


def _held_back(config, store) -> set[str]:
    """The feeds a one-off poll leaves alone, each named with when it is due.

    A server's Retry-After and the back-off after errors are promises to
    wait: a cron job running ``sitrep poll`` every minute must keep them.
    A feed merely polled recently is polled again, as asked.
    """
    now = datetime.now(timezone.utc)
    held: set[str] = set()
    out = console()
    for feed in config.feeds:
        state = store.feed_states().get(feed.name)
        if state is None or state.next_poll is None or state.next_poll <= now:
            continue
        if state.retry_after is not None and state.retry_after > now:
            why = "the server asked to wait (Retry-After)"
        elif state.failures:
            why = f"backing off after {state.failures} failed poll(s)"
        else:
            continue
        held.add(feed.name)
        line = (f"{one_line(feed.name, 60)}: not polled, {why}; due "
                f"{state.next_poll.strftime('%Y-%m-%d %H:%M:%S')} UTC (--force polls it now)")
        if is_tty():
            out.print(Text(line, style="dim"))
        else:
            _log(line)
    return held


async def _cycle(poller, store, feeds, profile, *, force: bool, totals: Totals) -> list[StoredOutcome]:
    tty = is_tty()
    progress = None
    task = None
    if tty:
        progress = Progress(SpinnerColumn(), TextColumn("polling"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("{task.description}"),
                            console=console(), transient=True)
        task = progress.add_task("", total=len(feeds) if force else None)
        progress.start()

    def arrived(result: StoredOutcome) -> None:
        totals.new += len(result.new)
        totals.errors += result.outcome.status == "error"
        if progress is not None:
            progress.update(task, advance=1, description=one_line(result.outcome.feed.name, 40))
            progress.console.print(_line(result))
        else:
            _log(_line(result).plain)

    try:
        outcomes = await poll_into_store(poller, store, feeds, force=force,
                                         on_outcome=arrived, profile=profile)
    finally:
        if progress is not None:
            progress.stop()
    if force:
        _summary(outcomes)
    return outcomes


def next_due(store, config) -> tuple[datetime, str] | None:
    """When the earliest feed is due again, and which feed that is."""
    states = store.feed_states()
    due = [(states[f.name].next_poll, f.name) for f in config.feeds
           if f.name in states and states[f.name].next_poll is not None]
    return min(due) if due else None


def _until(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((moment - now).total_seconds()))
    return format_duration(seconds) if seconds else "now"


async def _wait(every: float, store, config) -> None:
    """Sleep until the next check, saying when the next feed is due."""
    now = datetime.now(timezone.utc)
    wake = now.timestamp() + every
    due = next_due(store, config)

    def message(now: datetime) -> str:
        check = f"next check in {_until(datetime.fromtimestamp(wake, timezone.utc), now)}"
        if due is None:
            return check
        moment, name = due
        return (f"next poll due {moment.strftime('%H:%M:%S')} UTC ({one_line(name)}, "
                f"in {_until(moment, now)}); {check}")

    if not is_tty():
        _log(message(now))
        await asyncio.sleep(every)
        return
    with console().status(Text(message(now))) as status:
        while (left := wake - datetime.now(timezone.utc).timestamp()) > 0:
            await asyncio.sleep(min(1.0, left))
            status.update(Text(message(datetime.now(timezone.utc))))


def _line(result: StoredOutcome) -> Text:
    outcome = result.outcome
    name = one_line(outcome.feed.name)
    if outcome.status == "error":
        return Text(f"{name}: error: {one_line(outcome.error or 'unknown error', 300)}", style="red")
    text = f"{name}: {outcome.status}, {len(result.new)} new"
    failed = sum(1 for r in result.new if r.article_error)
    if failed:
        text += f" ({failed} article(s) not read)"
    if outcome.warnings:
        text += f" ({len(outcome.warnings)} warning(s))"
    return Text(text)


def _log(message: str) -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sys.stdout.write(f"{stamp} {one_line(message)}\n")
    sys.stdout.flush()


def _summary(outcomes: list[StoredOutcome]) -> None:
    table = Table(title="Poll summary", title_justify="left")
    table.add_column("Feed", overflow="fold")
    table.add_column("Status")
    table.add_column("New", justify="right")
    table.add_column("Error", overflow="fold")
    for result in outcomes:
        outcome = result.outcome
        status = cell(outcome.status)
        if outcome.status == "error":
            status.stylize("red")
        table.add_row(cell(outcome.feed.name, None), status, cell(len(result.new)),
                      cell(outcome.error, 200) if outcome.error else Text(""))
    new = sum(len(r.new) for r in outcomes)
    errors = sum(r.outcome.status == "error" for r in outcomes)
    articles = sum(1 for r in outcomes for report in r.new if report.summary)
    unread = sum(1 for r in outcomes for report in r.new if report.article_error)
    table.caption = f"{new} new report(s), {errors} error(s)"
    out = console()
    out.print(table)
    if articles or unread:
        out.print(Text(f"{articles} article(s) read, {unread} not read (see `sitrep reports`)"))
    warnings = [w for r in outcomes for w in r.outcome.warnings]  # each names its feed
    if warnings:
        out.print(Text(f"Warnings ({len(warnings)})", style="bold yellow"))
        for warning in warnings:
            out.print(Text(f"  {one_line(warning, 300)}"))
    sys.stdout.flush()

"""``sitrep store migrate`` and ``sitrep store copy``: running a shared store.

A PostgreSQL store is shared by a team, so its schema changes only when
someone says so (``migrate``); ``copy`` moves one analyst's TinyDB store into
it (or any store into any other) and can be run again safely.
"""

from __future__ import annotations

import argparse

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from sitrep.domain.config import Paths
from sitrep.wiring.cli.common import CliError, console, is_tty, open_store, store_target


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    store = sub.add_parser(
        "store", help="set up, upgrade or copy a store", formatter_class=formatter,
        description="Manage the store: the TinyDB folder in the data folder, or the store "
                    "named by --store, $SITREP_STORE or [store] url in the config "
                    "(postgresql://user@host/database for a team's PostgreSQL store).")
    actions = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate", help="create or upgrade a PostgreSQL store's tables", formatter_class=formatter,
        description="Create the tables of a PostgreSQL store, or bring them to this sitrep's "
                    "schema version. A database at a version this sitrep does not know is "
                    "left untouched. Safe to run again.")
    migrate.add_argument("url", nargs="?", help="the store (default: the selected store)")
    migrate.set_defaults(func=cmd_migrate)
    copy = actions.add_parser(
        "copy", help="copy this store into another (e.g. into PostgreSQL)",
        formatter_class=formatter,
        description="Copy the selected store's reports, events, feed states and your read "
                    "marks into the store at --to. Reports already there are skipped, so "
                    "running it twice adds nothing; feed states the target already has are "
                    "kept.")
    copy.add_argument("--to", required=True, metavar="URL",
                      help="the target store: a postgresql:// URL or a store folder")
    copy.set_defaults(func=cmd_copy)


def cmd_migrate(args: argparse.Namespace, paths: Paths) -> int:
    from sitrep.store import masked, migrate_store

    url = args.url or store_target(paths)
    before, after = migrate_store(url)
    out = console()
    if before == after:
        out.print(Text(f"{masked(url)}: schema already at version {after}, nothing to do"))
    elif before is None:
        out.print(Text(f"{masked(url)}: created the sitrep tables (schema version {after})"))
    else:
        out.print(Text(f"{masked(url)}: migrated schema version {before} to {after}"))
    return 0


def cmd_copy(args: argparse.Namespace, paths: Paths) -> int:
    from sitrep.store import copy_store, open_store as open_backend

    source_target = store_target(paths)
    if source_target == args.to:
        raise CliError("--to names the store being copied; give another store")
    out = console()
    with open_store(paths) as source, open_backend(args.to, user=paths.user) as target:
        if is_tty():  # a big store takes minutes: show how far it got
            with Progress(BarColumn(), MofNCompleteColumn(), TextColumn("reports"),
                          console=out, transient=True) as bar:
                task = bar.add_task("copy", total=None)
                counts = copy_store(source, target, progress=lambda done, total: bar.update(
                    task, completed=done, total=total))
        else:
            counts = copy_store(source, target)
        out.print(Text(
            f"copied into {target.location}: {counts.reports} new report(s) "
            f"({counts.already} already there), {counts.events} event(s), "
            f"{counts.feed_states} feed state(s), {counts.read_marks} read mark(s)"))
    return 0

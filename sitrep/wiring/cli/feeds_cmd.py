"""``sitrep feeds ...``: the feed list in the config file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from rich.table import Table

from sitrep.wiring.cli.common import (
    CliError, cell, console, is_tty, load, open_store, print_json, print_tsv,
)
from sitrep.domain.config import DEFAULT_EVERY, Paths, add_feeds, remove_feed
from sitrep.domain.durations import DurationError, format_duration, parse_duration
from sitrep.domain.models import FULL_TEXT_MODES, FeedConfig
from sitrep.feeds.opml import OpmlError, export_opml, parse_opml
from sitrep.domain.textsafe import one_line

MAX_NAME = 200  # characters; a longer name is refused, never cut
MIN_EVERY = 10.0  # seconds; config files (e.g. the demo's) may go down to 1 s


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    feeds = sub.add_parser("feeds", help="add, list, remove, import and export feeds",
                           description="Manage the feeds in the config file.",
                           formatter_class=formatter)
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a feed", formatter_class=formatter,
                             description="Add a feed by http(s) URL or local file path.")
    add.add_argument("url", metavar="URL", help="http(s) URL or path of an RSS/Atom file")
    add.add_argument("--name", help="name to show (default: the feed's own title, fetched "
                                    "once now; the host or file name if it has none)")
    add.add_argument("--full-text", choices=FULL_TEXT_MODES, default="auto", dest="full_text",
                     help="read the article behind each entry's link: auto (when the entry "
                          "is a summary of under ~100 words), always or never (default auto)")
    add.add_argument("--every", metavar="DURATION", type=every_type,
                     help=f"poll interval, e.g. 30s, 15m, 1h30m (default {format_duration(DEFAULT_EVERY)})")
    add.set_defaults(func=cmd_add)

    lst = actions.add_parser("list", help="list feeds with their last poll",
                             description="List the feeds with their poll status and report counts.",
                             formatter_class=formatter)
    lst.add_argument("--format", choices=("table", "tsv", "json"), default=None,
                     help="table on a terminal, tab-separated lines otherwise (name, URL, "
                          "interval, full text, last poll, status, reports, error or warning)")
    lst.add_argument("--wide", action="store_true", help="also show each feed's URL in the table")
    lst.set_defaults(func=cmd_list)

    rm = actions.add_parser("remove", help="remove a feed", formatter_class=formatter,
                            description="Remove a feed from the config, by its name or its "
                                        "URL (its stored reports stay).")
    rm.add_argument("name", metavar="NAME_OR_URL")
    rm.set_defaults(func=cmd_remove)

    imp = actions.add_parser("import", help="add the feeds listed in an OPML file",
                             description="Add the feeds of an OPML 1.0/2.0 file, skipping duplicates.",
                             formatter_class=formatter)
    imp.add_argument("file", metavar="FILE.opml")
    imp.set_defaults(func=cmd_import)

    exp = actions.add_parser("export", help="print the feeds as OPML 2.0",
                             description="Write the feed list as OPML 2.0 to standard output.",
                             formatter_class=formatter)
    exp.set_defaults(func=cmd_export)


def every_type(value: str) -> float:
    try:
        return parse_duration(value, minimum=MIN_EVERY)
    except DurationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def normalize_location(value: str, *, must_exist: bool = True) -> str:
    """An http(s) URL as given, or a local path made absolute."""
    value = value.strip()
    if not value:
        raise CliError("empty feed URL")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise CliError(f"{value}: URL has no host")
        return value
    if scheme == "file":
        value = url2pathname(parts.path)
    elif scheme and len(scheme) > 1:  # one letter is a Windows drive
        raise CliError(f"{value}: unsupported URL scheme {scheme!r} (use http, https or a file path)")
    path = Path(value).expanduser().absolute()
    if must_exist and not path.is_file():
        raise CliError(f"{value}: no such file")
    return str(path)


def default_name(url: str, taken: set[str]) -> str:
    """A readable name from the host (or file name) that is not yet taken."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        host = (parts.hostname or "feed").removeprefix("www.")
        stem = Path(parts.path).stem
        candidates = [host, f"{host}-{stem}" if stem and stem not in ("feed", "rss", "atom", "index") else host]
    else:
        candidates = [Path(url).stem or "feed"]
    return free_name([one_line(c) for c in candidates], taken)


def free_name(candidates: list[str], taken: set[str]) -> str:
    """The first candidate not taken, else the first numbered; never cut short."""
    for candidate in candidates:
        if candidate and candidate not in taken:
            return candidate
    base = candidates[0]
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def title_name(title: str, url: str, taken: set[str]) -> str:
    """The feed's own title; "Title (host)" when another feed has that title."""
    title = one_line(title)
    host = default_name(url, set())
    return free_name([title, f"{title} ({host})"], taken)


def fetch_title(url: str) -> tuple[str | None, str | None]:
    """The feed's own title, read with one fetch now; or why there is none."""
    from sitrep.feeds.poll import Limits, Poller

    probe = FeedConfig(name=default_name(url, set()), url=url, full_text="never")

    async def run():
        async with Poller(Limits(connect=5.0, read=10.0, total=15.0)) as poller:
            (outcome,) = await poller.poll([probe], {}, force=True)
            return outcome

    outcome = asyncio.run(run())
    if outcome.status == "error":
        return None, outcome.error
    return outcome.title, None


def name_new_feed(url: str, taken: set[str]) -> tuple[str, str | None]:
    """The name a new feed gets when none is given: its own title, read with
    one fetch now (told apart by host from a feed of the same title), else
    its address; with why it is not the title, or None.

    ``feeds add`` and the dashboard's add-feed dialog both name feeds here.
    """
    title, problem = fetch_title(url)
    if title and len(title) > MAX_NAME:
        title, problem = None, f"its title is over {MAX_NAME} characters"
    if title:
        return title_name(title, url, taken), None
    why = problem if problem and problem.startswith("its title") else (
        f"could not read it yet ({problem})" if problem else "it has no title")
    return default_name(url, taken), why


def cmd_add(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    url = normalize_location(args.url)
    names = {f.name for f in config.feeds}
    for feed in config.feeds:
        if feed.url == url:
            raise CliError(f"feed {feed.name!r} already has URL {url}")
    if args.name is not None:
        name = one_line(args.name)
        if not name:
            raise CliError("--name must not be empty")
        if len(name) > MAX_NAME:
            raise CliError(f"--name is {len(name)} characters long; {MAX_NAME} at most")
        if name in names:
            raise CliError(f"a feed named {name!r} already exists")
    else:
        name, why = name_new_feed(url, names)
        if why is not None:
            print(f"sitrep: named the feed after its address: {why}; "
                  f"rename it with `feeds remove` and `feeds add --name`", file=sys.stderr)
    feed = FeedConfig(name=name, url=url, every=args.every or DEFAULT_EVERY, full_text=args.full_text)
    added, _ = add_feeds(paths.config_file, [feed])
    if not added:
        raise CliError(f"feed {name!r} was added by someone else meanwhile")
    print(f"added feed {name!r} ({url}, every {format_duration(feed.every)}) to {paths.config_file}")
    return 0


def _status(row: dict) -> str:
    if row["last_error"]:
        return f"{row['last_status']}: {row['last_error']}"
    status = row["last_status"] or "never polled"
    if row["warnings"]:
        status += f"; warning: {row['warnings'][0]}"
    return status


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    with open_store(paths) as store:
        states = store.feed_states()
        by_feed = store.counts().by_feed
    rows = []
    for feed in config.feeds:
        state = states.get(feed.name)
        rows.append({
            "name": feed.name,
            "url": feed.url,
            "every": format_duration(feed.every),
            "full_text": feed.full_text,
            "last_poll": state.last_poll.isoformat() if state and state.last_poll else None,
            "last_status": state.last_status if state else None,
            "last_error": state.last_error if state else None,
            "warnings": list(state.warnings) if state else [],
            "next_poll": state.next_poll.isoformat() if state and state.next_poll else None,
            "reports": by_feed.get(feed.name, 0),
        })
    fmt = args.format or ("table" if is_tty() else "tsv")
    if fmt == "json":
        print_json(rows)
        return 0
    if fmt == "tsv":
        print_tsv([r["name"], r["url"], r["every"], r["full_text"], r["last_poll"],
                   r["last_status"] or "never polled", r["reports"],
                   r["last_error"] or "; ".join(r["warnings"])] for r in rows)
        return 0
    out = console()
    if not rows:
        out.print(f"no feeds yet: add one with `sitrep feeds add URL` ({paths.config_file})")
        return 0
    table = Table(title="Feeds", title_justify="left")
    table.add_column("Name", overflow="fold", ratio=2)
    if args.wide:
        table.add_column("URL", overflow="fold", ratio=2)
    table.add_column("Every", no_wrap=True)
    table.add_column("Last poll", no_wrap=True)
    table.add_column("Reports", justify="right", no_wrap=True)
    table.add_column("Status", overflow="fold", ratio=3)
    for feed, row in zip(config.feeds, rows):
        state = states.get(feed.name)
        status = cell(_status(row), 200)
        if row["last_error"]:
            status.stylize("red")
        elif row["warnings"]:
            status.stylize("yellow")
        cells = [cell(row["name"], None)]
        if args.wide:
            cells.append(cell(row["url"], None))
        cells += [cell(row["every"]), cell(state.last_poll if state else None), cell(row["reports"]), status]
        table.add_row(*cells)
    out.print(table)
    return 0


def find_feed(feeds, wanted: str) -> FeedConfig | None:
    """A feed by its name, else by its URL (or the file path it names)."""
    wanted = wanted.strip()
    for feed in feeds:
        if feed.name == wanted or feed.name == one_line(wanted):
            return feed
    candidates = {wanted}
    try:
        candidates.add(normalize_location(wanted, must_exist=False))
    except CliError:
        pass
    return next((f for f in feeds if f.url in candidates), None)


def cmd_remove(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    feed = find_feed(config.feeds, args.name)
    if feed is None:
        raise CliError(f"no feed named {args.name!r} and none with that URL (see `sitrep feeds list`)")
    try:
        feed = remove_feed(paths.config_file, feed.name)
    except KeyError:
        raise CliError(f"feed {feed.name!r} was removed by someone else meanwhile") from None
    with open_store(paths) as store:
        store.remove_feed_state(feed.name)
    print(f"removed feed {feed.name!r}; its stored reports are kept")
    return 0


def cmd_import(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    source = Path(args.file)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{args.file}: no such file") from None
    except OSError as exc:
        raise CliError(f"{args.file}: cannot read ({exc.strerror or exc})") from None
    try:
        entries = parse_opml(data)
    except OpmlError as exc:
        raise CliError(f"{args.file}: {exc}") from None
    names = {f.name for f in config.feeds}
    urls = {f.url for f in config.feeds}
    wanted: list[FeedConfig] = []
    skipped = 0
    unusable: list[str] = []
    for entry in entries:
        try:
            url = normalize_location(entry.url, must_exist=False)
        except CliError as exc:
            unusable.append(str(exc))
            continue
        if url in urls:
            skipped += 1
            continue
        name = title_name(entry.title, url, names) if entry.title else default_name(url, names)
        names.add(name)
        urls.add(url)
        wanted.append(FeedConfig(name=name, url=url, every=entry.every or DEFAULT_EVERY,
                                 full_text=entry.full_text or "auto"))
    added, raced = add_feeds(paths.config_file, wanted) if wanted else ([], [])
    skipped += len(raced)
    for problem in unusable:
        print(f"sitrep: skipped: {problem}", file=sys.stderr)
    print(f"added {len(added)} feed{'s' if len(added) != 1 else ''} from {args.file}"
          f" ({skipped} already present, {len(unusable)} unusable)")
    return 0


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    sys.stdout.write(export_opml(config.feeds, title=f"sitrep feeds: {config.profile.name}"))
    return 0



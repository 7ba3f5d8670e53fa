"""``sitrep feeds ...``: the feed list in the config file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from rich.table import Table

from sitrep.wiring.cli.common import CliError, cell, console, load, open_store, print_json
from sitrep.domain.config import DEFAULT_EVERY, Paths, add_feeds, remove_feed
from sitrep.domain.durations import DurationError, format_duration, parse_duration
from sitrep.domain.models import FeedConfig
from sitrep.feeds.opml import OpmlError, export_opml, parse_opml
from sitrep.domain.textsafe import one_line

MIN_EVERY = 10.0  # seconds; config files (e.g. the demo's) may go down to 1 s


def add_parser(sub: argparse._SubParsersAction, formatter: type) -> None:
    feeds = sub.add_parser("feeds", help="add, list, remove, import and export feeds",
                           description="Manage the feeds in the config file.",
                           formatter_class=formatter)
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a feed", formatter_class=formatter,
                             description="Add a feed by http(s) URL or local file path.")
    add.add_argument("url", metavar="URL", help="http(s) URL or path of an RSS/Atom file")
    add.add_argument("--name", help="name to show (default: from the host or file name)")
    add.add_argument("--every", metavar="DURATION", type=every_type,
                     help=f"poll interval, e.g. 30s, 15m, 1h30m (default {format_duration(DEFAULT_EVERY)})")
    add.set_defaults(func=cmd_add)

    lst = actions.add_parser("list", help="list feeds with their last poll",
                             description="List the feeds with their poll status and report counts.",
                             formatter_class=formatter)
    lst.add_argument("--format", choices=("table", "json"), default="table")
    lst.set_defaults(func=cmd_list)

    rm = actions.add_parser("remove", help="remove a feed", formatter_class=formatter,
                            description="Remove a feed from the config (its stored reports stay).")
    rm.add_argument("name", metavar="NAME")
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
    for candidate in candidates:
        candidate = one_line(candidate, 60)
        if candidate not in taken:
            return candidate
    base = one_line(candidates[0], 56)
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def cmd_add(args: argparse.Namespace, paths: Paths) -> int:
    config = load(paths)
    url = normalize_location(args.url)
    names = {f.name for f in config.feeds}
    for feed in config.feeds:
        if feed.url == url:
            raise CliError(f"feed {feed.name!r} already has URL {url}")
    if args.name is not None:
        name = one_line(args.name, 200)
        if not name:
            raise CliError("--name must not be empty")
        if name in names:
            raise CliError(f"a feed named {name!r} already exists")
    else:
        name = default_name(url, names)
    feed = FeedConfig(name=name, url=url, every=args.every or DEFAULT_EVERY)
    added, _ = add_feeds(paths.config_file, [feed])
    if not added:
        raise CliError(f"feed {name!r} was added by someone else meanwhile")
    print(f"added feed {name!r} ({url}, every {format_duration(feed.every)}) to {paths.config_file}")
    return 0


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
            "last_poll": state.last_poll.isoformat() if state and state.last_poll else None,
            "last_status": state.last_status if state else None,
            "last_error": state.last_error if state else None,
            "reports": by_feed.get(feed.name, 0),
        })
    if args.format == "json":
        print_json(rows)
        return 0
    out = console()
    if not rows:
        out.print(f"no feeds yet: add one with `sitrep feeds add URL` ({paths.config_file})")
        return 0
    table = Table(title="Feeds", title_justify="left")
    for column in ("Name", "URL", "Every", "Last poll", "Status", "Reports"):
        table.add_column(column, justify="right" if column == "Reports" else "left", overflow="fold")
    for feed, row in zip(config.feeds, rows):
        state = states.get(feed.name)
        status = cell(row["last_status"] or "never polled", 20)
        if row["last_error"]:
            status = cell(f"{row['last_status']}: {row['last_error']}", 120)
            status.stylize("red")
        table.add_row(cell(row["name"], 40), cell(row["url"], 120), cell(row["every"]),
                      cell(state.last_poll if state else None), status, cell(row["reports"]))
    out.print(table)
    return 0


def cmd_remove(args: argparse.Namespace, paths: Paths) -> int:
    try:
        feed = remove_feed(paths.config_file, args.name)
    except KeyError:
        raise CliError(f"no feed named {args.name!r} (see `sitrep feeds list`)") from None
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
        name = entry.title if entry.title and entry.title not in names else default_name(url, names)
        names.add(name)
        urls.add(url)
        wanted.append(FeedConfig(name=name, url=url))
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



"""The ``sitrep`` command: argument parsing and the error policy.

User mistakes (bad arguments, a broken config file, an unreadable store)
end in one line ``sitrep: error: ...`` and a non-zero exit, never a
traceback; the commands themselves live in the modules beside this one.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from sitrep import __version__
from sitrep.wiring.cli import feeds_cmd, listing, picture_cmd, poll_cmd, reread_cmd, store_cmd, text_cmd
from sitrep.wiring.cli.common import CliError
from sitrep.domain.config import ConfigError, Paths


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


class SitrepParser(argparse.ArgumentParser):
    """Every usage error, from any subcommand, reads "sitrep: error: ..."."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"sitrep: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = SitrepParser(
        prog="sitrep", formatter_class=_Formatter,
        description="Follow a developing situation from news feeds. With no command, "
                    "open the dashboard.",
        epilog="Configuration and data live under $SITREP_HOME (or --home) when set, "
               "else in the user config and data folders.",
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument("--home", metavar="DIR",
                        help="keep config.toml and data/ in DIR (overrides $SITREP_HOME)")
    parser.add_argument("--store", metavar="URL",
                        help="use this store: postgresql://user@host/db for a team's shared "
                             "store, or a folder (overrides $SITREP_STORE and [store] url)")
    parser.add_argument("--user", metavar="NAME",
                        help="whose read marks to keep (overrides $SITREP_USER; default: "
                             "your login name)")
    parser.add_argument("--demo", action="store_true",
                        help="open the dashboard on a bundled demo situation (nothing is kept)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    feeds_cmd.add_parser(sub, _Formatter)
    poll_cmd.add_parser(sub, _Formatter)
    text_cmd.add_parser(sub, _Formatter)
    listing.add_parser(sub, _Formatter)
    reread_cmd.add_parser(sub, _Formatter)
    store_cmd.add_parser(sub, _Formatter)
    picture_cmd.add_parser(sub, _Formatter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="sitrep: %(levelname)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.demo:
            if args.command:
                parser.error("--demo opens the dashboard and takes no command")
            from sitrep.wiring.cli.dashboard import run_demo

            return run_demo()
        paths = Paths.resolve(args.home, store=args.store, user=args.user)
        if args.command is None:
            from sitrep.wiring.cli.dashboard import run_dashboard

            return run_dashboard(paths)
        return args.func(args, paths)
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except ConfigError as exc:
        return _fail(f"bad config file {exc}", 2)
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `sitrep reports | head`: the reader left; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        from sitrep.store import StoreError

        if isinstance(exc, StoreError):
            return _fail(str(exc), 2)
        if isinstance(exc, OSError):
            # A read-only config folder, a full disk: the file and the reason,
            # in one line, never a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            return _fail(f"{where}{exc.strerror or exc}", 1)
        raise


def _fail(message: str, code: int) -> int:
    print(f"sitrep: error: {message}", file=sys.stderr)
    return code

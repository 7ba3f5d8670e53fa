"""Where sitrep keeps its files, and the TOML file that says what to follow.

The config file belongs to the user: it is read with tomllib, and the
``feeds`` commands edit it with tomlkit so comments and layout survive. A
file that does not parse or does not make sense is reported with its path
and line and is never rewritten, so a typo can never cost the user their
feed list.
"""

from __future__ import annotations

import os
import re
import shlex
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomlkit
from filelock import FileLock
from tomlkit.items import AoT, Array, Table

from sitrep.domain.alerts import DEFAULT_TIMEOUT, AlertRules
from sitrep.domain.durations import DurationError, format_duration, parse_duration
from sitrep.domain.models import FULL_TEXT_MODES, FeedConfig, Party, Place, Profile
from sitrep.domain.textsafe import one_line

APP_NAME = "sitrep"
HOME_ENV = "SITREP_HOME"
STORE_ENV = "SITREP_STORE"
USER_ENV = "SITREP_USER"
CONFIG_NAME = "config.toml"
DEFAULT_EVERY = FeedConfig.__dataclass_fields__["every"].default

HEADER = """\
# sitrep configuration (see README.md, "Configuration").
#
# [situation] says what you are following: its keywords decide which reports
# are on topic, and [situation.parties] names the sides, e.g.
#
#   [situation]
#   name = "Siege of Example City"
#   keywords = ["Example City"]
#
#   [situation.parties]
#   government = ["army", "government forces"]
#   opposition = ["rebels"]
#
# Each [[feeds]] entry is one feed: a name, an http(s) URL or a local file
# path, and how often to poll it (30s, 15m, 1h30m, 2d, or seconds).
"""


class ConfigError(Exception):
    """A config file sitrep cannot use; ``str()`` names file, line and problem."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Paths:
    """The config file, the data folder and the cache folder, resolved once
    at start-up.

    ``store`` is a store named on the command line (--store) or in
    $SITREP_STORE, which wins over the config's ``[store] url`` and the
    data folder; ``user`` (--user, $SITREP_USER) is whose read marks are
    kept, the login name when None. ``cache_dir`` holds only what sitrep
    can always make again (the gazetteer index), so deleting it is safe:
    ``<home>/cache`` with a home, else the user cache folder; left out, the
    ``cache`` folder beside ``data_dir``.
    """

    config_file: Path
    data_dir: Path
    store: str | None = None
    user: str | None = None
    cache_dir: Path | None = None  # never None once constructed

    def __post_init__(self) -> None:
        if self.cache_dir is None:
            object.__setattr__(self, "cache_dir", self.data_dir.parent / "cache")

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None, *,
                store: str | None = None, user: str | None = None) -> Paths:
        """``home`` (from --home) wins over $SITREP_HOME over platformdirs."""
        store = store or os.environ.get(STORE_ENV) or None
        user = user or os.environ.get(USER_ENV) or None
        if home is None:
            home = os.environ.get(HOME_ENV) or None
        if home is not None:
            base = Path(home).expanduser().absolute()
            return cls(config_file=base / CONFIG_NAME, data_dir=base / "data",
                       store=store, user=user, cache_dir=base / "cache")
        return cls(
            config_file=Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_NAME,
            data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
            store=store, user=user,
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME)),
        )


NOTIFY_CHOICES = ("all", "alerts", "off")


@dataclass(frozen=True, slots=True)
class UiSettings:
    """``[ui]``: which poll notices the dashboard shows, and the bell."""

    notify: str = "all"  # "all": every poll that brought news; "alerts": alerts only; "off"
    bell: bool | None = None  # ring with every notice (True), never (False), or for alerts (None)


@dataclass(frozen=True, slots=True)
class PollSettings:
    """``[poll]``: how many requests run at once, in all and per host.

    Feeds on different hosts are independent, so the global bound only
    protects this machine (sockets, memory); the per-host bound is the
    politeness one, towards a server that hosts several feeds.
    """

    concurrency: int = 64
    per_host: int = 2


@dataclass(frozen=True, slots=True)
class Config:
    profile: Profile = field(default_factory=Profile)
    feeds: tuple[FeedConfig, ...] = ()
    path: Path | None = None
    poll: PollSettings = field(default_factory=PollSettings)
    store_url: str | None = None  # [store] url: a shared store, e.g. postgresql://...
    ui: UiSettings = field(default_factory=UiSettings)
    alerts: AlertRules = field(default_factory=AlertRules)
    keys: tuple[tuple[str, str], ...] = ()  # [keys]: binding id -> keys, e.g. ("poll_all", "ctrl+r")

    def feed(self, name: str) -> FeedConfig | None:
        return next((f for f in self.feeds if f.name == name), None)


# --- reading -----------------------------------------------------------------


def load_config(path: Path | str) -> Config:
    """Read and check the config; a missing file is an empty config."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        raise ConfigError(path, f"TOML syntax error: {message}", line) from None
    return _Checker(path, text).config(data)


class _Checker:
    """Turns parsed TOML into a Config, pointing at the line of any mistake."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, problem: str, *where: str | int) -> ConfigError:
        return ConfigError(self.path, problem, find_line(self.text, where))

    def config(self, data: dict[str, Any]) -> Config:
        return Config(
            profile=self.profile(data.get("situation", {})),
            feeds=self.feeds(data.get("feeds", [])),
            path=self.path,
            poll=self.poll(data.get("poll", {})),
            store_url=self.store(data.get("store", {})),
            ui=self.ui(data.get("ui", {})),
            alerts=self.alerts(data.get("alerts", {})),
            keys=self.keys(data.get("keys", {})),
        )

    def table(self, data: Any, name: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"[{name}] must be a table", name)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(f"unknown key {name}.{unknown[0]}", name, unknown[0])
        return data

    def store(self, data: Any) -> str | None:
        data = self.table(data, "store", {"url"})
        url = data.get("url")
        if url is not None and (not isinstance(url, str) or not url.strip()):
            raise self.fail("store.url must be a non-empty string", "store", "url")
        return url.strip() if url else None

    def ui(self, data: Any) -> UiSettings:
        data = self.table(data, "ui", {"notify", "bell"})
        notify = data.get("notify", "all")
        if notify not in NOTIFY_CHOICES:
            raise self.fail(f"ui.notify must be one of {', '.join(map(repr, NOTIFY_CHOICES))}",
                            "ui", "notify")
        bell = data.get("bell")
        if bell is not None and not isinstance(bell, bool):
            raise self.fail("ui.bell must be true or false", "ui", "bell")
        return UiSettings(notify=notify, bell=bell)

    def alerts(self, data: Any) -> AlertRules:
        data = self.table(data, "alerts",
                          {"places", "parties", "keywords", "casualties", "command", "timeout"})
        threshold = data.get("casualties")
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int)
                                      or threshold < 1):
            raise self.fail("alerts.casualties must be a whole number of at least 1",
                            "alerts", "casualties")
        command = data.get("command", [])
        if isinstance(command, str):
            try:
                command = shlex.split(command)
            except ValueError as exc:
                raise self.fail(f"alerts.command: {exc}", "alerts", "command") from None
            if not command:
                raise self.fail("alerts.command is empty", "alerts", "command")
        else:
            command = list(self.strings(command, "alerts", "command"))
        timeout = data.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 600:
            raise self.fail("alerts.timeout must be a number of seconds, above 0 and at most 600",
                            "alerts", "timeout")
        return AlertRules(
            places=self.strings(data.get("places", []), "alerts", "places"),
            parties=self.strings(data.get("parties", []), "alerts", "parties"),
            keywords=self.strings(data.get("keywords", []), "alerts", "keywords"),
            casualties=threshold,
            command=tuple(command),
            timeout=float(timeout),
        )

    def keys(self, data: Any) -> tuple[tuple[str, str], ...]:
        """Key bindings by binding id; which ids exist is the dashboard's to check."""
        if not isinstance(data, dict):
            raise self.fail("[keys] must be a table", "keys")
        out = []
        for action, keys in data.items():
            if not isinstance(keys, str) or not keys.strip():
                raise self.fail(f"keys.{action} must be a string of keys such as \"ctrl+r\" "
                                f"or \"x,ctrl+x\"", "keys", action)
            out.append((action, ",".join(k.strip() for k in keys.split(",") if k.strip())))
        return tuple(out)

    def poll(self, data: Any) -> PollSettings:
        data = self.table(data, "poll", {"concurrency", "per_host"})
        values = {}
        defaults = PollSettings()
        for key in ("concurrency", "per_host"):
            value = data.get(key, getattr(defaults, key))
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
                raise self.fail(f"poll.{key} must be a whole number from 1 to 1000, not {value!r}", "poll", key)
            values[key] = value
        return PollSettings(**values)

    def profile(self, data: Any) -> Profile:
        if not isinstance(data, dict):
            raise self.fail("[situation] must be a table", "situation")
        unknown = sorted(set(data) - {"name", "keywords", "parties", "places"})
        if unknown:
            raise self.fail(f"unknown key situation.{unknown[0]}", "situation", unknown[0])
        name = data.get("name", Profile().name)
        if not isinstance(name, str) or not name.strip():
            raise self.fail("situation.name must be a non-empty string", "situation", "name")
        keywords = self.strings(data.get("keywords", []), "situation", "keywords")
        parties_data = data.get("parties", {})
        if not isinstance(parties_data, dict):
            raise self.fail("situation.parties must be a table", "situation", "parties")
        parties = tuple(
            Party(key=key, aliases=self.strings(aliases, "situation", "parties", key))
            for key, aliases in parties_data.items()
        )
        try:
            places = parse_places(data.get("places", {}))
        except ValueError as exc:
            raise self.fail(str(exc), "situation", "places") from None
        return Profile(name=one_line(name), keywords=keywords, parties=parties, places=places)

    def strings(self, value: Any, *where: str) -> tuple[str, ...]:
        label = ".".join(where)
        if not isinstance(value, list):
            raise self.fail(f"{label} must be a list of strings", *where)
        out = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{label} must hold only non-empty strings, not {item!r}", *where)
            out.append(one_line(item))
        return tuple(out)

    def feeds(self, value: Any) -> tuple[FeedConfig, ...]:
        if not isinstance(value, list):
            raise self.fail("feeds must be an array of tables ([[feeds]])", "feeds")
        feeds: list[FeedConfig] = []
        names: set[str] = set()
        urls: set[str] = set()
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.fail(f"feed #{index + 1} must be a table", "feeds", index)
            unknown = sorted(set(entry) - {"name", "url", "every", "full_text"})
            if unknown:
                raise self.fail(f"feed #{index + 1}: unknown key {unknown[0]!r}", "feeds", index, unknown[0])
            name = entry.get("name")
            if not isinstance(name, str) or not one_line(name):
                raise self.fail(f"feed #{index + 1}: name must be a non-empty string", "feeds", index, "name")
            name = one_line(name)
            url = entry.get("url")
            if not isinstance(url, str) or not url.strip():
                raise self.fail(f"feed {name!r}: url must be a non-empty string", "feeds", index, "url")
            url = url.strip()
            every = entry.get("every", DEFAULT_EVERY)
            try:
                seconds = parse_duration(every)
            except DurationError as exc:
                raise self.fail(f"feed {name!r}: {exc}", "feeds", index, "every") from None
            if name in names:
                raise self.fail(f"duplicate feed name {name!r}", "feeds", index, "name")
            if url in urls:
                raise self.fail(f"feed {name!r}: duplicate url {url!r}", "feeds", index, "url")
            full_text = entry.get("full_text", "auto")
            if full_text not in FULL_TEXT_MODES:
                raise self.fail(f"feed {name!r}: full_text must be one of "
                                f"{', '.join(map(repr, FULL_TEXT_MODES))}, not {full_text!r}",
                                "feeds", index, "full_text")
            names.add(name)
            urls.add(url)
            feeds.append(FeedConfig(name=name, url=url, every=seconds, full_text=full_text))
        return tuple(feeds)


def parse_places(data: Any) -> tuple[Place, ...]:
    """``[situation.places]``: each key a place name, its value a table with
    optional ``aliases`` (strings), ``lat``, ``lon`` and ``country``, e.g.
    ``Mirovo = { aliases = ["Mirova"], lat = 44.61, lon = 20.12 }``.
    Raises ValueError naming the place that is wrong."""
    if not isinstance(data, dict):
        raise ValueError("situation.places must be a table")
    places: list[Place] = []
    for name, entry in data.items():
        label = f"situation.places.{name}"
        if not isinstance(entry, dict):
            raise ValueError(f"{label} must be a table (aliases, lat, lon, country)")
        unknown = sorted(set(entry) - {"aliases", "lat", "lon", "country"})
        if unknown:
            raise ValueError(f"{label}: unknown key {unknown[0]!r}")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ValueError(f"{label}.aliases must be a list of non-empty strings")
        lat, lon = entry.get("lat"), entry.get("lon")
        if (lat is None) != (lon is None):
            raise ValueError(f"{label}: give both lat and lon, or neither")
        for key, value, bound in (("lat", lat, 90), ("lon", lon, 180)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                      or not -bound <= value <= bound):
                raise ValueError(f"{label}.{key} must be a number from -{bound} to {bound}")
        country = entry.get("country")
        if country is not None and not isinstance(country, str):
            raise ValueError(f"{label}.country must be a string")
        places.append(Place(
            name=one_line(name), aliases=tuple(one_line(a) for a in aliases),
            lat=None if lat is None else float(lat), lon=None if lon is None else float(lon),
            country=one_line(country) if country else None,
        ))
    return tuple(places)


_HEADER_LINE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


def find_line(text: str, where: Sequence[str | int]) -> int | None:
    """Best-effort line number of a key given as a path like ("feeds", 2, "every").

    Only the plain layouts the tool writes and the README shows are
    understood (``[table]``, ``[[array]]``, ``key = value``); for anything
    else the nearest enclosing header, or no line, is given.
    """
    tables = [p for p in where if isinstance(p, str)]
    index = next((p for p in where if isinstance(p, int)), None)
    key = tables.pop() if tables and (len(tables) > 1 or index is not None) else None
    table = ".".join(tables)
    best: int | None = None
    in_table = table == ""
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_LINE.match(line)
        if header:
            name = ".".join(part.strip().strip("\"'") for part in header.group(2).split("."))
            if in_table and best is not None and key is None:
                return best
            in_table = False
            if name == table:
                if header.group(1) == "[[":
                    seen += 1
                    if index is not None and seen != index:
                        continue
                in_table = True
                best = number
            continue
        match = _KEY_LINE.match(line)
        if match:
            name = match.group(1).strip("\"'")
            if in_table and key is not None and name == key:
                return number
            if best is None and name in (table, table.split(".")[0] if table else ""):
                best = number
    return best


# --- writing -----------------------------------------------------------------


def _read_document(path: Path) -> tomlkit.TOMLDocument:
    load_config(path)  # refuse to touch a file that does not check out
    if path.exists():
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    doc = tomlkit.document()
    for line in HEADER.splitlines():
        doc.add(tomlkit.comment(line[2:] if line.startswith("# ") else line.lstrip("#")))
    doc.add(tomlkit.nl())
    return doc


def _cut_array_table(text: str, name: str, index: int) -> str | None:
    """Remove the index-th ``[[name]]`` table from the text, comments and all.

    tomlkit files a comment written above a table under the table before
    it, so deleting through tomlkit would take the next feed's comment
    along. Cutting lines keeps each comment with the table it sits on. None
    when the layout is not the plain one (the caller then uses tomlkit).
    """
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _HEADER_LINE.match(line)]
    ours = [i for i in headers if _HEADER_LINE.match(lines[i]).group(1) == "[["
            and _HEADER_LINE.match(lines[i]).group(2).strip() == name]
    if index >= len(ours):
        return None
    start = ours[index]
    end = next((i for i in headers if i > start), len(lines))

    def comment_block_above(i: int, floor: int) -> int:
        while i - 1 >= floor and lines[i - 1].lstrip().startswith("#"):
            i -= 1
        return i

    floor = max((i for i in headers if i < start), default=-1) + 1
    start = comment_block_above(start, floor)
    if end < len(lines):
        end = comment_block_above(end, start)
    while end < len(lines) and start > 0 and not lines[end].strip() and not lines[start - 1].strip():
        end += 1  # do not leave two blank lines where the table was
    return "".join(lines[:start] + lines[end:])


def _feeds_of(path: Path, text: str) -> tuple[FeedConfig, ...] | None:
    try:
        return _Checker(path, text).config(tomllib.loads(text)).feeds
    except (ConfigError, tomllib.TOMLDecodeError):
        return None


def _write_document(path: Path, doc: tomlkit.TOMLDocument) -> Config:
    """Write atomically, then re-read so a bad edit can never be left behind."""
    return _write_text(path, tomlkit.dumps(doc))


def _write_text(path: Path, text: str) -> Config:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        _Checker(path, text).config(tomllib.loads(text))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return load_config(path)


def _lock(path: Path) -> FileLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock", timeout=10)


def _feed_table(feed: FeedConfig, *, inline: bool) -> Any:
    table = tomlkit.inline_table() if inline else tomlkit.table()
    table["name"] = feed.name
    table["url"] = feed.url
    table["every"] = format_duration(feed.every)
    if feed.full_text != "auto":
        table["full_text"] = feed.full_text
    return table


def add_feeds(path: Path | str, feeds: Iterable[FeedConfig]) -> tuple[list[FeedConfig], list[FeedConfig]]:
    """Append feeds to the config, skipping any whose name or url is taken.

    Returns (added, skipped). The file is only written when something was
    added.
    """
    path = Path(path)
    with _lock(path):
        current = load_config(path)
        names = {f.name for f in current.feeds}
        urls = {f.url for f in current.feeds}
        added: list[FeedConfig] = []
        skipped: list[FeedConfig] = []
        for feed in feeds:
            if feed.name in names or feed.url in urls:
                skipped.append(feed)
                continue
            names.add(feed.name)
            urls.add(feed.url)
            added.append(feed)
        if not added:
            return added, skipped
        doc = _read_document(path)
        existing = doc.get("feeds")
        if existing is None:
            aot = tomlkit.aot()
            for feed in added:
                aot.append(_feed_table(feed, inline=False))
            doc.append("feeds", aot)
        elif isinstance(existing, AoT):
            for feed in added:
                existing.append(_feed_table(feed, inline=False))
        elif isinstance(existing, Array):
            for feed in added:
                existing.append(_feed_table(feed, inline=True))
        else:
            raise ConfigError(path, "feeds must be an array of tables ([[feeds]])")
        _write_document(path, doc)
        return added, skipped


def remove_feed(path: Path | str, name: str) -> FeedConfig:
    """Remove the named feed; raises KeyError when there is none."""
    path = Path(path)
    with _lock(path):
        current = load_config(path)
        feed = current.feed(name)
        if feed is None:
            raise KeyError(name)
        index = current.feeds.index(feed)
        text = path.read_text(encoding="utf-8")
        edited = _cut_array_table(text, "feeds", index)
        if edited is not None and _feeds_of(path, edited) == current.feeds[:index] + current.feeds[index + 1:]:
            _write_text(path, edited)
            return feed
        doc = _read_document(path)
        entries = doc["feeds"]
        for index, entry in enumerate(entries):
            if isinstance(entry, (Table, dict)) and one_line(str(entry.get("name", ""))) == name:
                del entries[index]
                break
        if isinstance(entries, AoT) and len(entries) == 0:
            del doc["feeds"]
        _write_document(path, doc)
        return feed

"""The config.toml that points sitrep at the running demo.

Written in the same shape the CLI's config loader reads (``[situation]``,
``[situation.parties]``, ``[[feeds]]`` with ``every`` as a duration string),
so ``sitrep --demo`` goes through exactly the path a user's own config does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import tomlkit

from sitrep.domain.models import FeedConfig, Profile

CONFIG_NAME = "config.toml"

HEADER = (
    "Written by `sitrep --demo` for its fictional sample situation.",
    "The feeds live on a loopback server that stops when the demo ends.",
)


def render_config(profile: Profile, feeds: Sequence[FeedConfig]) -> str:
    doc = tomlkit.document()
    for line in HEADER:
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    situation = tomlkit.table()
    situation["name"] = profile.name
    situation["keywords"] = _array(profile.keywords)
    parties = tomlkit.table()
    for party in profile.parties:
        parties[party.key] = _array(party.aliases)
    situation["parties"] = parties
    if profile.places:
        places = tomlkit.table()
        for place in profile.places:
            entry = tomlkit.inline_table()
            if place.aliases:
                entry["aliases"] = list(place.aliases)
            if place.lat is not None and place.lon is not None:
                entry["lat"] = place.lat
                entry["lon"] = place.lon
            if place.country:
                entry["country"] = place.country
            places[place.name] = entry
        situation["places"] = places
    doc["situation"] = situation
    entries = tomlkit.aot()
    for feed in feeds:
        entry = tomlkit.table()
        entry["name"] = feed.name
        entry["url"] = feed.url
        entry["every"] = duration(feed.every)
        entries.append(entry)
    doc["feeds"] = entries
    return tomlkit.dumps(doc)


def write_config(home: Path, profile: Profile, feeds: Sequence[FeedConfig]) -> Path:
    """Write ``home/config.toml`` (creating ``home``) and return its path."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / CONFIG_NAME
    tmp = path.with_name(f".{CONFIG_NAME}.tmp")
    tmp.write_text(render_config(profile, feeds), encoding="utf-8")
    tmp.replace(path)
    return path


def duration(seconds: float) -> str:
    """Seconds as the config writes them: "4s", "1.5s"."""
    return f"{int(seconds)}s" if seconds == int(seconds) else f"{seconds:g}s"


def _array(items: Sequence[str]) -> tomlkit.items.Array:
    array = tomlkit.array()
    array.extend(items)
    if len(items) > 3:
        array.multiline(True)
    return array

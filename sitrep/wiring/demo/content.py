"""The sample situation as data: its profile, its outlets and their reports.

The text lives in ``situation.toml`` beside this module so that it can be
read and edited as prose; this module only turns it into typed objects and
checks that it hangs together (every report names a known outlet, ids are
unique), because a broken data file should fail loudly at load time rather
than as a half-empty demo.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitrep.domain.config import parse_places
from sitrep.domain.models import Party, Profile

FEED_FORMATS = ("rss", "atom")


class DemoContentError(ValueError):
    """The bundled situation file does not make sense."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """One fictional news outlet, served as one feed.

    ``key`` is the URL slug; ``every`` is the poll interval (seconds) the demo
    config gives the feed.
    """

    key: str
    name: str
    format: str
    every: float
    description: str

    @property
    def feed_path(self) -> str:
        return f"/{self.key}.{'atom' if self.format == 'atom' else 'xml'}"


@dataclass(frozen=True, slots=True)
class DemoReport:
    """One report as written, before any feed is built from it.

    ``order`` is its position in the release sequence (0 comes first);
    ``body`` holds paragraphs separated by blank lines.
    """

    id: str
    outlet: str
    feed: str
    title: str
    body: str
    order: int

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def text(self) -> str:
        """The body as sitrep stores it: paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class DemoSituation:
    profile: Profile
    outlets: tuple[Outlet, ...]
    reports: tuple[DemoReport, ...]

    def outlet(self, key: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.key == key:
                return outlet
        raise KeyError(key)


@cache
def load_situation() -> DemoSituation:
    """Read the bundled situation once; it never changes while running."""
    raw = resources.files(__package__).joinpath("situation.toml").read_text(encoding="utf-8")
    return parse_situation(tomllib.loads(raw))


def parse_situation(data: dict) -> DemoSituation:
    situation = data.get("situation", {})
    profile = Profile(
        name=situation["name"],
        keywords=tuple(situation.get("keywords", ())),
        parties=tuple(
            Party(key=key, aliases=tuple(aliases))
            for key, aliases in situation.get("parties", {}).items()
        ),
        places=parse_places(situation.get("places", {})),
    )
    outlets = tuple(
        Outlet(
            key=o["key"], name=o["name"], format=o.get("format", "rss"),
            every=float(o.get("every", 4)), description=o.get("description", ""),
        )
        for o in data.get("outlets", ())
    )
    by_key = {o.key: o for o in outlets}
    if len(by_key) != len(outlets):
        raise DemoContentError("two outlets share a key")
    bad_format = [o.key for o in outlets if o.format not in FEED_FORMATS]
    if bad_format:
        raise DemoContentError(f"outlet {bad_format[0]!r} has an unknown feed format")
    reports: list[DemoReport] = []
    seen: set[str] = set()
    for order, r in enumerate(data.get("reports", ())):
        if r["outlet"] not in by_key:
            raise DemoContentError(f"report {r['id']!r} names unknown outlet {r['outlet']!r}")
        if r["id"] in seen:
            raise DemoContentError(f"duplicate report id {r['id']!r}")
        seen.add(r["id"])
        reports.append(DemoReport(
            id=r["id"], outlet=r["outlet"], feed=by_key[r["outlet"]].name,
            title=r["title"].strip(), body=r["body"].strip(), order=order,
        ))
    return DemoSituation(profile=profile, outlets=outlets, reports=tuple(reports))

"""The domain: feeds, reports and the events read out of them.

Every layer (feeds, extraction, store, tui) speaks in these types, so they
carry no behaviour that needs I/O. Datetimes are always timezone-aware UTC.
Events turn into plain dicts with :meth:`Event.to_dict` because that is the
form the JSON output, the store and the scorer all share.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar

import msgspec

UTC = timezone.utc


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Party:
    """A side in the situation and the names reports use for it."""

    key: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the situation as the profile names it (``[situation.places]``):
    the names reports use for it and, for the map, where it is."""

    name: str
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """What the user is following: its name, its keywords, its parties and
    the places it names."""

    name: str = "Untitled situation"
    keywords: tuple[str, ...] = ()
    parties: tuple[Party, ...] = ()
    places: tuple[Place, ...] = ()

    def on_topic(self, text: str) -> bool:
        """A report matching no keyword is kept but marked off-topic.

        With no keywords configured everything is on topic: an empty
        profile must not hide the user's whole feed.
        """
        if not self.keywords:
            return True
        folded = text.casefold()
        return any(k.casefold() in folded for k in self.keywords)


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """A feed as the user configured it; ``url`` may be a local file path."""

    name: str
    url: str
    every: float = 900.0  # seconds between polls
    # Whether to read the article behind each entry's link: "auto" when the
    # entry's own text is only a summary, "always" or "never".
    full_text: str = "auto"


FULL_TEXT_MODES = ("auto", "always", "never")


@dataclass(slots=True)
class FeedState:
    """What the pollers remember about one feed between runs.

    ``last_status`` is one of "ok", "not-modified" or "error"; the error
    text stays in ``last_error`` until a later poll succeeds. ``warnings``
    are those of the last poll that read the feed (quirks it was read
    despite, such as a wrong content type).
    """

    name: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    next_poll: datetime | None = None
    failures: int = 0
    retry_after: datetime | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: _encode(v) for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedState:
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        for key in ("last_poll", "next_poll", "retry_after"):
            kwargs[key] = _decode_dt(kwargs.get(key))
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Report:
    """One item from a feed (or one ingested text file), as plain text.

    ``published_guessed`` is true when the feed gave no usable date and
    ``published`` is the fetch time instead. ``text`` is what extraction
    reads: the linked article's main text when it was fetched, else the
    feed entry's own text. ``summary`` is the entry's own text when it
    differs from ``text`` (empty otherwise), and ``article_error`` says why
    an article that was wanted could not be read (the report then keeps
    its summary as ``text``).
    """

    id: str
    feed: str
    title: str
    text: str
    url: str | None = None
    published: datetime = field(default_factory=utcnow)
    published_guessed: bool = False
    fetched: datetime = field(default_factory=utcnow)
    on_topic: bool = True
    summary: str = ""
    article_error: str | None = None

    @property
    def full_text(self) -> str:
        """The text extraction reads and evidence offsets point into."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    def meta(self, read: bool = False) -> ReportMeta:
        return ReportMeta(
            id=self.id, feed=self.feed, title=self.title, url=self.url,
            published=self.published, published_guessed=self.published_guessed,
            fetched=self.fetched, length=len(self.text), on_topic=self.on_topic,
            read=read, article_error=self.article_error, article=bool(self.summary),
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: _encode(v) for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        for key in ("published", "fetched"):
            kwargs[key] = _decode_dt(kwargs.get(key)) or utcnow()
        return cls(**kwargs)


class ReportMark(msgspec.Struct, frozen=True, gc=False):
    """What the situation picture needs of every report: whether it is on
    topic, and its link. A ReportMeta has the same three attributes; a
    store lists marks without building a ReportMeta per report (a Struct,
    like :class:`EventRecord`, for the speed of making 50,000)."""

    id: str
    on_topic: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """A report without its body: what lists and tables need."""

    id: str
    feed: str
    title: str
    url: str | None
    published: datetime
    published_guessed: bool
    fetched: datetime
    length: int
    on_topic: bool
    read: bool = False
    article_error: str | None = None
    article: bool = False  # the text is the linked article's, not the feed's


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A fact read from a report, with the trail back to its sentence.

    ``start``/``end`` are offsets into :attr:`Report.full_text`;
    ``source`` is who the report says makes the claim (None when the
    report says it on its own word); ``rule`` names the rule that fired.
    """

    type: ClassVar[str] = "event"

    evidence: str
    start: int
    end: int
    source: str | None = None
    when: str | None = None
    date: str | None = None  # ISO date ``when`` means, read against the report's publication time
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            data[f.name] = dict(value) if isinstance(value, tuple) and f.name == "includes" else value
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Event:
        kind = EVENT_TYPES[data["type"]]
        names = {f.name for f in dataclasses.fields(kind)}
        kwargs = {k: v for k, v in data.items() if k in names}
        if "includes" in kwargs and isinstance(kwargs["includes"], dict):
            kwargs["includes"] = tuple(sorted(kwargs["includes"].items()))
        return kind(**kwargs)


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlChange(Event):
    type: ClassVar[str] = "control_change"

    place: str
    action: str
    gainer: str | None = None
    loser: str | None = None
    party_gainer: str | None = None
    party_loser: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Casualty(Event):
    type: ClassVar[str] = "casualty"

    count: int | None
    status: str
    qualifier: str | None = None
    count_text: str | None = None  # vague quantities ("dozens") kept as written
    victims: str | None = None
    includes: tuple[tuple[str, int], ...] = ()  # e.g. (("children", 47),)
    cause: str | None = None
    place: str | None = None
    cumulative: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(Event):
    type: ClassVar[str] = "statement"

    speaker: str
    quote: str
    direct: bool
    speaker_role: str | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Displacement(Event):
    type: ClassVar[str] = "displacement"

    count: int | None = None
    qualifier: str | None = None
    count_text: str | None = None
    who: str | None = None
    origin: str | None = None
    destination: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = Event.to_dict(self)
        # The issue names these "from" and "to", which are Python keywords.
        data["from"] = data.pop("origin")
        data["to"] = data.pop("destination")
        return data


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls for cls in (ControlChange, Casualty, Statement, Displacement)
}


def event_from_dict(data: dict[str, Any]) -> Event:
    """Inverse of ``to_dict`` for every event kind."""
    data = dict(data)
    if data.get("type") == "displacement":
        data["origin"] = data.pop("from", None)
        data["destination"] = data.pop("to", None)
    return Event.from_dict(data)


class EventRecord(msgspec.Struct, frozen=True, gc=False):
    """A stored event together with what the panes show of its report.

    A msgspec Struct rather than a frozen dataclass: the situation picture
    builds one per stored event of a kind (50,000 on a big store) as a view
    opens, and a Struct is made four times as fast; untracked by the
    collector, since it refers only to strings, a datetime and its event.
    """

    id: str  # "<report id>#<n>"
    report_id: str
    feed: str
    title: str
    published: datetime
    event: Event


def figure(count: int | None, qualifier: str | None, count_text: str | None,
           unknown: str = "?") -> str:
    """A count as the report gave it: "more than 40", "at least 44", "dozens".

    The qualifier is part of the figure: a bare 40 where the report said
    "more than 40" would state something the report did not.
    """
    if count is None:
        return count_text or unknown
    return f"{qualifier} {count:,}" if qualifier else f"{count:,}"


NO_SOURCE = "(report)"  # who says it, when the report names no one: the report itself


def fold_key(event: Event) -> tuple:
    """Events of one report with the same key state the same fact (a
    headline, its lede and a later paragraph) and may be shown once."""
    if isinstance(event, ControlChange):
        names = re.findall(r"[A-Z][\w’'\-]+", event.place)
        place = names[-1] if names else event.place.lower()
        return (event.type, place.lower(), event.party_gainer or (event.gainer or "").lower(),
                event.party_loser or (event.loser or "").lower())
    if isinstance(event, Casualty):
        return (event.type, event.count, (event.count_text or "").lower() if event.count is None else None, event.status)
    if isinstance(event, Statement):
        return (event.type, event.speaker.lower(), event.quote[:80].lower())
    if isinstance(event, Displacement):
        return (event.type, event.count, (event.count_text or "").lower() if event.count is None else None)
    return (event.type, event.evidence)


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _decode_dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)

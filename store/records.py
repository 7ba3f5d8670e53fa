"""How reports and events look inside the store's files.

A report is split in two: its metadata (everything lists need, plus the name
of the body file) goes into a segment that is rewritten as the segment grows,
its text into a body file written once. Times are stored as UTC ISO strings,
which sort in time order as plain strings; ordering 50,000 reports then needs
no datetime parsing at all.

Opening the store parses every segment, so a segment document holds as JSON
values only what opening needs (ids, feed, published time, event types); the
rest travels as a nested JSON string, parsed when a report or event is first
shown, and a report's events share one document. Parsing one string is several times cheaper than parsing the dozen
values inside it, and that halves the start-up time of a 50,000-report store.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, TypedDict

import msgspec

from sitrep.domain.models import EVENT_TYPES, UTC, Event, EventRecord, Report, ReportMeta
from sitrep.store.storage import parse_json

_FIELDS = {name: dataclasses.fields(kind) for name, kind in EVENT_TYPES.items()}
_EVENT_FIELDS = {name: frozenset(f.name for f in fields) for name, fields in _FIELDS.items()}
# The packed events of a report, by kind: decoded and checked by msgspec
# straight into the domain's dataclasses, several times as fast as parsing
# the JSON and building each event from a dict. One decoder per kind
# decodes that kind and leaves the others raw: the board needs only
# control changes, the tally only casualties.
_KIND_DECODERS = {
    wanted: msgspec.json.Decoder(TypedDict(  # type: ignore[operator]
        f"_Packed_{wanted}",
        {name: list[tuple[int, kind]] if name == wanted else msgspec.Raw
         for name, kind in EVENT_TYPES.items()},
        total=False,
    ))
    for wanted in EVENT_TYPES
}


class Brief(msgspec.Struct, frozen=True, gc=False):
    """The three values of a report's packed metadata that the situation
    picture needs for every report (the title goes into each event record).
    Decoding just these is a third of the time of a whole ReportMeta; the
    store keeps them with the feed and published time kept beside them."""

    title: str
    url: str | None
    on_topic: bool


_BRIEF_DECODER = msgspec.json.Decoder(Brief)


def report_brief(doc: dict[str, Any]) -> tuple[str, datetime, Brief]:
    """The report's feed, published time and :class:`Brief`; ValueError (or
    KeyError, TypeError) when they are damaged."""
    packed = doc["meta"]
    feed = doc["feed"]
    if not isinstance(packed, str) or not isinstance(feed, str):
        raise TypeError("a report's feed and packed metadata are strings")
    try:
        brief = _BRIEF_DECODER.decode(packed)
    except msgspec.DecodeError:
        # An escaped lone surrogate, say: parse_json copes, or says why.
        brief = msgspec.convert(unpack_meta(doc), Brief)
    return feed, parse_utc(doc["published"]), brief


_META_DECODER = msgspec.json.Decoder(ReportMeta)
_WHOLE_META = '{"id":'


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """How much the store holds: reports, events by type, reports by feed."""

    reports: int
    events: dict[str, int] = field(default_factory=dict)
    by_feed: dict[str, int] = field(default_factory=dict)


def utc_iso(value: datetime) -> str:
    """A sortable string for an aware datetime; naive ones are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def parse_utc(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _packed(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def pack_meta(rest: dict[str, Any]) -> str:
    """The packed form of the metadata :func:`unpack_meta` reads."""
    return _packed(rest)


def meta_doc(report: Report, body_file: str) -> dict[str, Any]:
    published = utc_iso(report.published)
    rest = {
        # id, feed and published are packed too (as well as kept unpacked
        # for opening) so that the packed value is a whole ReportMeta, which
        # msgspec decodes in one typed pass: see report_meta. Every field is
        # written, defaults too: msgspec decodes a dataclass with none
        # missing half again as fast. ``read`` is always false here: the
        # user's read marks are kept apart and applied on top.
        "id": report.id,
        "feed": report.feed,
        "published": published,
        "title": report.title,
        "url": report.url,
        "published_guessed": report.published_guessed,
        "fetched": utc_iso(report.fetched),
        "length": len(report.text),
        "on_topic": report.on_topic,
        "read": False,
        "article_error": report.article_error or None,
        "article": bool(report.summary),
    }
    return {
        "id": report.id,
        "feed": report.feed,
        "published": published,
        "body": body_file,
        "meta": _packed(rest),
    }


def events_doc(report_id: str, events: Sequence[Event]) -> dict[str, Any] | None:
    """One document for all of a report's events (None when it has none).

    The packed value groups the events by kind, each as ``[n, fields]``
    (``n`` its place in the report), so that msgspec turns it into events
    in one typed pass (see :func:`unpack_events`). Every field is written,
    defaults too: msgspec decodes a dataclass with no field missing twice
    as fast, and a cold board decodes 50,000 (stores written before
    November 2026 left defaults out, and still read). The types are also
    kept unpacked, in the report's order, for counting and filtering
    without unpacking.
    """
    if not events:
        return None
    by_kind: dict[str, list[Any]] = {}
    for n, event in enumerate(events):
        by_kind.setdefault(event.type, []).append([n, _fields(event)])
    return {
        "report": report_id,
        "types": [ev.type for ev in events],
        "events": _packed(by_kind),
    }


def _fields(event: Event) -> dict[str, Any]:
    return {f.name: getattr(event, f.name) for f in _FIELDS[event.type]}


def _unpack(packed: str) -> Any:
    """A packed value (parsed one by one: 150,000 of them for a big store)."""
    if not isinstance(packed, str):
        raise TypeError(f"a packed value is a string, not {type(packed).__name__}")
    try:
        return parse_json(packed)
    except ValueError as exc:
        raise ValueError(f"not JSON: {packed[:40]!r}") from exc


def unpack_meta(doc: dict[str, Any]) -> dict[str, Any]:
    return _unpack(doc["meta"])


def decode_event(data: dict[str, Any]) -> Event:
    """``sitrep.domain.models.event_from_dict`` (consuming ``data``), minus its field introspection.

    That introspection was most of the two seconds it took to list the
    100,000 events of a big store; the tests check both agree on every kind.
    Keys the event does not have (written by another version) are dropped
    on a second try, so the usual case pays for no filtering.
    """
    name = data.pop("type")
    if name == "displacement":
        data["origin"] = data.pop("from", None)
        data["destination"] = data.pop("to", None)
    includes = data.get("includes")
    if isinstance(includes, dict):
        data["includes"] = tuple(sorted(includes.items()))
    kind = EVENT_TYPES[name]
    try:
        return kind(**data)
    except TypeError:
        names = _EVENT_FIELDS[name]
        return kind(**{k: v for k, v in data.items() if k in names})


def body_doc(report: Report) -> dict[str, Any]:
    """A report's texts: what was read, and the feed's summary when it differs."""
    doc = {"id": report.id, "text": report.text}
    if report.summary:
        doc["summary"] = report.summary
    return doc


def report_meta(doc: dict[str, Any], read: bool) -> ReportMeta:
    """The metadata of a report document; ValueError (or KeyError,
    TypeError) when it is damaged.

    Metadata packed whole (as written since November 2026) is decoded and
    type-checked by msgspec straight into a ReportMeta: four times as fast
    as parsing it and building the dataclass, and a cold board or tally
    builds 50,000 of them. Anything else takes the field-by-field way.
    """
    packed = doc["meta"]
    if isinstance(packed, str) and packed.startswith(_WHOLE_META):
        try:
            meta = _META_DECODER.decode(packed)
        except msgspec.DecodeError:
            pass  # an escaped lone surrogate, say: parse_json copes, or says why
        else:
            # What opening trusts (to sort and filter) must agree with it.
            if meta.id != doc["id"] or meta.feed != doc["feed"] \
                    or meta.published != parse_utc(doc["published"]):
                raise ValueError("the packed metadata does not match the report's")
            return dataclasses.replace(meta, read=True) if read else meta
    rest = unpack_meta(doc)
    return ReportMeta(
        id=doc["id"],
        feed=doc["feed"],
        title=rest["title"],
        url=rest["url"],
        published=parse_utc(doc["published"]),
        published_guessed=rest["published_guessed"],
        fetched=parse_utc(rest["fetched"]),
        length=rest["length"],
        on_topic=rest["on_topic"],
        read=read,
        article_error=rest.get("article_error"),
        article=rest.get("article", False),
    )


def report_from(doc: dict[str, Any], text: str, summary: str = "") -> Report:
    rest = unpack_meta(doc)
    return Report(
        id=doc["id"],
        feed=doc["feed"],
        title=rest["title"],
        text=text,
        url=rest["url"],
        published=parse_utc(doc["published"]),
        published_guessed=rest["published_guessed"],
        fetched=parse_utc(rest["fetched"]),
        on_topic=rest["on_topic"],
        summary=summary,
        article_error=rest.get("article_error"),
    )


def decode_records(rid: str, feed: str, title: str, published: datetime,
                   doc: dict[str, Any], kind: str) -> list[EventRecord]:
    """A report's stored events of one kind as records, in its order
    (decoded a kind at a time: the board wants only control changes, the
    tally only casualties). Event ``n`` keeps the id ``<report>#<n>``.
    ValueError (or KeyError, TypeError) when they cannot be read."""
    return [EventRecord(f"{rid}#{n}", rid, feed, title, published, event)
            for n, event in unpack_events(doc, kind)]


def in_report_order(doc: dict[str, Any], by_kind: dict[str, list[EventRecord]]) -> list[EventRecord]:
    """All of a report's records, from :func:`decode_records` of each of
    its kinds, back in the report's order."""
    queues = {kind: iter(records) for kind, records in by_kind.items()}
    return [next(queues[kind]) for kind in doc["types"]]


@lru_cache(maxsize=1024)
def _layout(types: tuple[str, ...], kind: str) -> tuple[list[int], frozenset[str]]:
    """Where a report's events of ``kind`` sit among its ``types``, and
    the kinds it holds. A store has few distinct lists of types, so each
    is worked out once rather than for every report read."""
    return [n for n, t in enumerate(types) if t == kind], frozenset(types)


def unpack_events(doc: dict[str, Any], kind: str) -> list[tuple[int, Event]]:
    """A report's events of one kind with their places in the report, in
    its order; ValueError when the document is damaged: the kinds it
    holds, and the places of the events of this kind, must agree with the
    list of types kept beside it, which counting and filtering trust."""
    types, packed = doc["types"], doc["events"]
    if not isinstance(packed, str):
        raise TypeError(f"packed events are a string, not {type(packed).__name__}")
    if not packed.startswith("["):
        try:
            by_kind = _KIND_DECODERS[kind].decode(packed)
        except msgspec.DecodeError as exc:  # ValidationError included
            raise ValueError(f"unreadable events ({exc})") from None
        items = by_kind.get(kind, ())
        positions, kinds = _layout(tuple(types), kind)
        if [n for n, _ in items] != positions or by_kind.keys() != kinds:
            raise ValueError("the events do not match their types")
        return items  # type: ignore[return-value]
    positions, _ = _layout(tuple(types), kind)
    # A list of event dicts, as sitrep wrote them until November 2026.
    raw = _unpack(packed)
    if not isinstance(raw, list) or [d["type"] for d in raw] != types:
        raise ValueError("the events do not match their types")
    return [(n, decode_event(raw[n])) for n in positions]

"""Turn stored events and reports into table rows.

Kept free of widgets so the formatting and the filters can be tested and
run in a worker thread (the fusion of facts and their conflicts is
``sitrep.fusion``'s): the UI thread only
receives finished rows. Every cell is a Rich ``Text`` built from text that
went through :mod:`sitrep.domain.textsafe`, because a plain ``str`` cell would be
parsed as markup by the DataTable and feed text is hostile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text

from sitrep.domain.models import (
    Casualty,
    ControlChange,
    Displacement,
    NO_SOURCE,
    EventRecord,
    ReportMeta,
    Statement,
    fold_key,
    utcnow,
)
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Fact, Fuser, PlaceIndex, PlaceRef, event_time

# Longest text kept in one cell; the column width trims it further.
CELL_LIMIT = 200


@dataclass(frozen=True)
class ColumnSpec:
    """A table column: its label and width, or how it shares the room.

    A fixed column (``width`` set, ``flex`` 0) keeps its width. A flexible
    one gets what its cells need, and a share of the room in proportion to
    ``flex`` when space is short; those with width None (long text) also
    take the room left over (see ``sitrep.tui.table.fit_widths``).
    """

    key: str
    label: str
    width: int | None  # fixed width; None: a long-text column
    min: int = 6  # narrowest it may shrink to when space is short
    flex: int = 0  # weight in sharing the room; long-text columns default to 3

    @property
    def flexible(self) -> bool:
        return self.width is None or self.flex > 0

    def __post_init__(self) -> None:
        if self.width is None and self.flex == 0:
            object.__setattr__(self, "flex", 3)


class Row:
    """One table row and what the filters and keys need to know about it.

    The cells are built on first use: a filter may scan every event in the
    store, but only the rows on screen (a page per pane) are ever drawn, and
    sanitising and styling each cell is most of the cost of a row.
    """

    __slots__ = ("key", "report_id", "published", "places", "conflict", "alert",
                 "_build", "_cells", "_words", "_search")

    def __init__(self, key: str, report_id: str, published: datetime,
                 words: Callable[[], str], build: Callable[[], tuple[Text, ...]],
                 places: tuple[str, ...] = (), conflict: bool = False) -> None:
        self.key = key
        self.report_id = report_id
        self.published = published
        self.places = places  # folded places and parties for "f"
        self.conflict = conflict
        self.alert = False  # matches a watchlist rule: drawn marked (see alert_row)
        self._build = build
        self._cells: tuple[Text, ...] | None = None
        self._words = words
        self._search: str | None = None

    @property
    def search(self) -> str:
        """Folded text the "/" filter matches, made when first filtered."""
        if self._search is None:
            self._search = self._words()
        return self._search

    @property
    def cells(self) -> tuple[Text, ...]:
        if self._cells is None:
            self._cells = self._build()
        return self._cells

    def __repr__(self) -> str:
        return f"Row({self.key!r})"


@dataclass(frozen=True)
class PaneSpec:
    name: str  # widget id and event type
    title: str
    columns: tuple[ColumnSpec, ...]


WHEN = ColumnSpec("when", "When (UTC)", 12, 12)
OUTLET = ColumnSpec("outlet", "Outlet", 14, flex=1)

PANES: tuple[PaneSpec, ...] = (
    PaneSpec("control_change", "Control changes", (
        WHEN,
        ColumnSpec("place", "Place", 18, flex=2),
        ColumnSpec("change", "Gainer ← loser / action", None),
        ColumnSpec("word", "On whose word", 16, flex=2),
        OUTLET,
    )),
    PaneSpec("casualty", "Casualties", (
        ColumnSpec("conflict", "≠", 1, 1),
        WHEN,
        ColumnSpec("count", "Count", 13),
        ColumnSpec("status", "Status", 8),
        ColumnSpec("victims", "Victims", None, flex=2),
        ColumnSpec("place", "Place", 14, flex=2),
        ColumnSpec("scope", "Scope", 8),
        ColumnSpec("word", "On whose word", 14, flex=2),
        OUTLET,
    )),
    PaneSpec("statement", "Diplomatic statements", (
        WHEN,
        ColumnSpec("speaker", "Speaker", 22, flex=2),
        ColumnSpec("says", "Quote or gist", None, flex=4),
        ColumnSpec("kind", "Kind", 8),
    )),
    PaneSpec("displacement", "Displacement", (
        WHEN,
        ColumnSpec("count", "Count", 13),
        ColumnSpec("who", "Who", None, flex=2),
        ColumnSpec("route", "From → to", 22, flex=2),
        ColumnSpec("word", "On whose word", 14, flex=2),
    )),
    PaneSpec("reports", "Reports", (
        ColumnSpec("unread", "•", 1, 1),
        WHEN,
        ColumnSpec("feed", "Feed", 14, flex=1),
        ColumnSpec("title", "Title", None, flex=4),
        ColumnSpec("topic", "", 3, 3),
    )),
)
PANE_BY_NAME = {pane.name: pane for pane in PANES}
# The panes whose last column is the outlet.
_OUTLET_LAST = frozenset(p.name for p in PANES if p.columns[-1] is OUTLET)
EVENT_PANES = tuple(p.name for p in PANES if p.name != "reports")


def cell(value: object | None, style: str = "") -> Text:
    """A single-line, inert table cell that ends in "…" when cut."""
    text = "" if value is None else one_line(str(value), CELL_LIMIT)
    return Text(text, style=style, no_wrap=True, overflow="ellipsis", end="")


CLOCK: Callable[[], datetime] = utcnow  # what "this year" is; tests pin it


def when_text(moment: datetime) -> str:
    """Day and time this year; day and year otherwise, so old items look old."""
    if moment.year == CLOCK().year:
        return moment.strftime("%d %b %H:%M")
    return moment.strftime("%d %b %Y")


def _word(record: EventRecord) -> Text:
    """Whose claim this is: the named source, else the report's own word.

    Never the feed: the outlet that carried a claim is not who made it,
    and has a column of its own.
    """
    if record.event.source:
        return cell(record.event.source)
    return cell(NO_SOURCE, "dim")


def _count(count: int | None, qualifier: str | None, count_text: str | None) -> str:
    if count is None:
        return count_text or "?"
    figure = f"{count:,}"
    return f"{qualifier} {figure}" if qualifier else figure


def _folded(*parts: str | None) -> str:
    # Only matched against, never shown, so no sanitising is needed here.
    return " ".join(p for p in parts if p).casefold()


def _places(*parts: str | None) -> tuple[str, ...]:
    return tuple(p.casefold() for p in parts if p)


def _change(ev: ControlChange) -> str:
    if ev.gainer and ev.loser:
        return f"{ev.gainer} ← {ev.loser}"
    if ev.gainer:
        return f"{ev.gainer} ({ev.action})"
    if ev.loser:
        return f"← {ev.loser} ({ev.action})"
    return ev.action


def _scope(ev: Casualty) -> str:
    return "—" if ev.cumulative is None else ("total" if ev.cumulative else "incident")


def _speaker(ev: Statement) -> str:
    return f"{ev.speaker}, {ev.speaker_role}" if ev.speaker_role else ev.speaker


def _route(origin: str | None, destination: str | None) -> str:
    if not (origin or destination):
        return ""
    return f"{origin or '?'} → {destination or '?'}"


def _name(ref: PlaceRef | None, written: str | None) -> str | None:
    """The place a row shows: its canonical name where fusion resolved one
    (the same on every row, view and export), else the wording."""
    return ref.name if ref is not None else written


def control_row(record: EventRecord, place: PlaceRef | None = None) -> Row:
    """A control change's row; ``place`` is its fact's canonical place."""
    ev = record.event
    assert isinstance(ev, ControlChange)
    shown = _name(place, ev.place)

    def build() -> tuple[Text, ...]:
        return (cell(when_text(event_time(record))), cell(shown, "bold"),
                cell(_change(ev)), _word(record), cell(record.feed, "dim"))

    return Row(
        record.id, record.report_id, record.published,
        lambda: _folded(shown, ev.place, _change(ev), ev.source, record.feed, record.title,
                        ev.evidence),
        build, _places(shown, ev.place, ev.gainer, ev.loser, ev.party_gainer, ev.party_loser),
    )


def casualty_row(record: EventRecord, conflict: bool = False, place: PlaceRef | None = None) -> Row:
    """A casualty figure's row; ``place`` is its fact's canonical place."""
    ev = record.event
    assert isinstance(ev, Casualty)
    count = _count(ev.count, ev.qualifier, ev.count_text)
    shown = _name(place, ev.place)

    def build() -> tuple[Text, ...]:
        return (
            cell("≠" if conflict else "", "bold reverse red" if conflict else ""),
            cell(when_text(event_time(record))),
            cell(count, "bold"),
            cell(ev.status),
            cell(ev.victims),
            cell(shown),
            cell(_scope(ev), "dim" if ev.cumulative is None else ""),
            _word(record),
            cell(record.feed, "dim"),
        )

    return Row(
        record.id, record.report_id, record.published,
        lambda: _folded(count, ev.status, ev.victims, shown, ev.place, ev.cause, ev.source,
                        record.feed, record.title, ev.evidence),
        build, _places(shown, ev.place, ev.victims), conflict,
    )


def statement_row(record: EventRecord) -> Row:
    ev = record.event
    assert isinstance(ev, Statement)

    def build() -> tuple[Text, ...]:
        return (
            cell(when_text(event_time(record))),
            cell(_speaker(ev), "bold"),
            cell(f"“{ev.quote}”" if ev.direct else ev.quote, "" if ev.direct else "italic"),
            cell("direct" if ev.direct else "indirect", "" if ev.direct else "dim"),
        )

    return Row(
        record.id, record.report_id, record.published,
        lambda: _folded(_speaker(ev), ev.quote, ev.topic, ev.source, record.feed,
                        record.title),
        build, _places(ev.speaker, ev.topic),
    )


def displacement_row(record: EventRecord, place: PlaceRef | None = None,
                     destination: PlaceRef | None = None) -> Row:
    """A displacement's row; ``place`` and ``destination`` are the
    canonical places it went from and to."""
    ev = record.event
    assert isinstance(ev, Displacement)
    count = _count(ev.count, ev.qualifier, ev.count_text)
    route = _route(_name(place, ev.origin), _name(destination, ev.destination))

    def build() -> tuple[Text, ...]:
        return (cell(when_text(event_time(record))), cell(count, "bold"),
                cell(ev.who), cell(route), _word(record))

    return Row(
        record.id, record.report_id, record.published,
        lambda: _folded(count, ev.who, route, _route(ev.origin, ev.destination), ev.source,
                        record.feed, record.title, ev.evidence),
        build, _places(_name(place, ev.origin), _name(destination, ev.destination),
                       ev.origin, ev.destination, ev.who),
    )


def report_row(meta: ReportMeta) -> Row:
    def build() -> tuple[Text, ...]:
        return (
            cell("" if meta.read else "●", "bold cyan" if not meta.read else ""),
            cell(when_text(meta.published), "dim" if meta.published_guessed else ""),
            cell(meta.feed, "dim"),
            cell(meta.title, "" if meta.read else "bold"),
            cell("" if meta.on_topic else "off", "dim italic"),
        )

    return Row(meta.id, meta.id, meta.published, lambda: _folded(meta.title, meta.feed), build)


ALERT_MARK = "bold reverse yellow"
ALERT_STYLE = "bold yellow"


def alert_row(row: Row) -> Row:
    """The same row drawn as a watchlist alert: its first cell reversed, the rest bold yellow."""
    def build() -> tuple[Text, ...]:
        cells = [c.copy() for c in row.cells]
        for index, value in enumerate(cells):
            if index == 0 and not value.plain.strip():
                value = cell("▲")
            value.stylize(ALERT_MARK if index == 0 else ALERT_STYLE)
            cells[index] = value
        return tuple(cells)

    marked = Row(row.key, row.report_id, row.published, lambda: row.search, build,
                 row.places, row.conflict)
    marked.alert = True
    return marked


class RowCache:
    """Rows of the last reading, reused while their record is unchanged, so
    a reload after one new report does not rebuild every row's cells and
    search text. Keys say what a row depends on (id, conflict or read mark).
    """

    def __init__(self, places: PlaceIndex | None = None) -> None:
        self._old: dict[tuple, Row] = {}
        self._new: dict[tuple, Row] = {}
        # How the panes resolve place names for fusion: the profile's places,
        # and the gazetteer only once the views have loaded it (loading it
        # here would hold up the first paint).
        self.places = places or PlaceIndex(gazetteer="loaded")

    def get(self, key: tuple, make: Callable[[], Row]) -> Row:
        row = self._old.get(key)
        if row is None:
            row = make()
        self._new[key] = row
        return row

    def rotate(self) -> None:
        """End of a reading: forget rows it did not use."""
        self._old, self._new = self._new, {}


def fold_repeats(records: list[EventRecord]) -> list[EventRecord]:
    """One record per fact per report: a headline and its lede state the
    same fact, and the extraction emits an event for each. The record that
    names a source is kept, since it says more. Facts from different reports
    are never folded: two outlets agreeing is news, and so is disagreeing.
    """
    kept: dict[tuple, int] = {}
    out: list[EventRecord] = []
    for record in records:
        key = (record.report_id, fold_key(record.event))
        at = kept.get(key)
        if at is None:
            kept[key] = len(out)
            out.append(record)
        elif out[at].event.source is None and record.event.source is not None:
            out[at] = record
    return out


def fused_row(row: Row, reports: int, conflict: bool, mark_conflict: bool,
              spread: tuple[int, int] | None = None, kind: str | None = None) -> Row:
    """A fact's row: its lead record's cells, the last one led by how many
    reports state the fact ("×3 ", first so a narrow column never cuts it)
    and, in panes without a ≠ column, a conflict mark. Conflicting figures
    show as their ``spread``, lowest to highest."""
    if reports < 2 and not (conflict and mark_conflict):
        return row

    def build() -> tuple[Text, ...]:
        cells = list(row.cells)
        if spread is not None and spread[0] != spread[1]:
            at = next(i for i, c in enumerate(PANE_BY_NAME["casualty"].columns) if c.key == "count")
            cells[at] = cell(f"{spread[0]:,}–{spread[1]:,}", "bold red")
        # The mark leads the source's cell: the outlet column after it
        # says who carried the claim, not how many reports state it.
        at = -2 if kind in _OUTLET_LAST else -1
        last = Text(no_wrap=True, overflow="ellipsis", end="")
        if conflict and mark_conflict:
            last.append("≠", style="bold red")
        if reports > 1:
            last.append(f"×{reports}", style="bold cyan")
        last.append(" ")
        last.append_text(cells[at])
        cells[at] = last
        return tuple(cells)

    return Row(row.key, row.report_id, row.published, lambda: row.search, build, row.places,
               conflict)


@dataclass
class Filters:
    """What the user narrowed the panes to."""

    text: str = ""
    place: str = ""
    unread_only: bool = False
    feed: str = ""  # one feed's reports, chosen in the feed list

    @property
    def active(self) -> bool:
        return bool(self.text or self.place or self.unread_only or self.feed)

    def describe(self) -> str:
        parts = []
        if self.text:
            parts.append(f"/{self.text}")
        if self.place:
            parts.append(f"place/party: {self.place}")
        if self.unread_only:
            parts.append("unread only")
        if self.feed:
            parts.append(f"feed: {self.feed}")
        return " · ".join(parts)

    def keep(self, row: Row, pane: str, unread: set[str], matched: set[str] | None = None,
             feed_of: dict[str, str] | None = None) -> bool:
        """Whether the row passes; ``matched`` are the reports the store's
        word index found for the text, whose rows pass the text filter too."""
        if self.unread_only and row.report_id not in unread:
            return False
        if self.feed and feed_of is not None and feed_of.get(row.report_id) != self.feed:
            return False
        if self.text and not (
            (matched is not None and row.report_id in matched)
            or all(word in row.search for word in self.text.casefold().split())
        ):
            return False
        if self.place:
            wanted = self.place.casefold().strip()
            if pane == "reports":
                return wanted in row.search
            if not any(wanted in p for p in row.places):
                return False
        return True


@dataclass
class PaneData:
    """All rows one pane could show, before filtering."""

    rows: list[Row] = field(default_factory=list)
    more: bool = False  # the store holds more than was loaded


def fused_leads(records: list[EventRecord]) -> list[EventRecord]:
    """One record per fused fact (the one its row shows), in the given
    order: what a batch of new reports adds to the panes."""
    fuser = Fuser(places=PlaceIndex(gazetteer=False))
    fuser.add(records)
    leads = {fact.lead.id for fact in fuser.facts()}
    return [r for r in records if r.id in leads]


def build_event_rows(kind: str, records: list[EventRecord], cache: RowCache | None = None,
                     ) -> tuple[list[Row], dict[str, list[EventRecord]]]:
    """One row per fused fact (``sitrep.fusion``), newest first by the
    event's date where the text gives one, else by publication time.

    Returns the rows and, for each row's key, every record of its fact, so
    the detail screen can list each source's sentence. Conflicting claims
    are one row, marked.
    """
    if cache is not None:
        cache.places.refresh()  # real places by the gazetteer's names, once it is loaded
    fuser = Fuser(places=cache.places if cache is not None else None)
    fuser.add(records)
    facts = sorted(fuser.facts(kind), key=lambda f: (f.when, f.id), reverse=True)
    rows: list[Row] = []
    members: dict[str, list[EventRecord]] = {}
    for fact in facts:
        lead = fact.lead
        members[lead.id] = list(fact.members)
        destination = fuser.places.resolve(getattr(lead.event, "destination", None))

        def make(lead: EventRecord = lead, fact: Fact = fact,
                 destination: PlaceRef | None = destination) -> Row:
            # The fact's canonical place, not the lead's wording of it: the
            # detail screen keeps every source's own sentence.
            ev = lead.event
            if isinstance(ev, Casualty):
                base = casualty_row(lead, fact.conflict, fact.place)
            elif isinstance(ev, Displacement):
                base = displacement_row(lead, fact.place, destination)
            elif isinstance(ev, ControlChange):
                base = control_row(lead, fact.place)
            else:
                base = statement_row(lead)
            spread = (fact.lowest, fact.highest) if kind == "casualty" and fact.conflict \
                and fact.lowest is not None else None
            return fused_row(base, fact.reports, fact.conflict, kind != "casualty", spread,  # type: ignore[arg-type]
                             kind)

        key = (kind, lead.id, fact.reports, fact.conflict, fact.place, destination)
        rows.append(make() if cache is None else cache.get(key, make))
    return rows, members

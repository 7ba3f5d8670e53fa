"""The calendar date an event's time phrase means.

Events keep ``when`` as the report wrote it ("Monday", "late Sunday",
"12 December 2016"); ``date`` is what that phrase means on the calendar,
read against the report's publication time, since "on Monday" in a report
published on Tuesday 13 December 2016 is 2016-12-12 and in one published a
week later is another day. The result is an ISO 8601 string as precise as
the phrase: a day ("2016-12-12"), a week ("2016-W49"), a month ("2016-03")
or a year ("2015"); None when the phrase names no time on the calendar
("overnight", "earlier", "since Monday") or when it is relative and the
publication time is unknown.

Words for days relative to the report (weekdays, yesterday, last week) are
resolved here: news style counts "Tuesday" in a Tuesday report as that
same day, where general date parsers take the Tuesday before. Dates with
month names go to dateparser (a well-kept parser of written dates in many
forms: "12 Dec. 2016", "December 12th", "March 2014"). Only the short
``when`` phrase is ever parsed, never the report, and results are cached,
so the cost stays a few microseconds per dated event.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

MAX_PHRASE = 60  # longer time phrases are not what the engine produces; never parse them
MAX_PHRASES = 64  # distinct time phrases resolved per report; wire copy has a handful

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PART_OF_DAY = re.compile(r"\s+(?:night|morning|afternoon|evening|overnight)$")
_EDGE_OF_DAY = re.compile(r"^(?:(?:late|early)\s+(?:on\s+)?|on\s+|in\s+|at\s+|by\s+)")
_WEEKDAY = re.compile(r"(?:(?P<rel>last|this|past)\s+)?(?P<day>" + "|".join(_WEEKDAYS) + r")")
_NOT_A_DATE = re.compile(r"^(?:since|until|till|next|by|before|after|within|over|in|during)\b.*\b(?:hours|days|weeks|months|years)$|^(?:since|until|till|next)\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def resolve_date(when: str | None, published: datetime | None = None) -> str | None:
    """The ISO date ``when`` stands for in a report published at ``published``."""
    if not isinstance(when, str) or not when.strip():
        return None
    phrase = " ".join(when.split()).lower()
    if len(phrase) > MAX_PHRASE:
        return None
    base = None
    if isinstance(published, datetime):
        base = (published.astimezone(timezone.utc) if published.tzinfo else published).date()
    try:
        return _resolve(phrase, base)
    except Exception:  # noqa: BLE001 - hostile text through a third-party parser: no date, never a crash
        return None


def date_resolver(published: datetime | None, limit: int = MAX_PHRASES):
    """:func:`resolve_date` for one report, bounded: a report stuffed with
    thousands of distinct dates gets the first ``limit`` resolved and no
    more, so its cost stays that of a normal report."""
    memo: dict[str, str | None] = {}

    def resolve(when: str | None) -> str | None:
        if not when:
            return None
        if when in memo:
            return memo[when]
        if len(memo) >= limit:
            return None
        memo[when] = found = resolve_date(when, published)
        return found

    return resolve


@lru_cache(maxsize=4096)
def _resolve(phrase: str, base: date | None) -> str | None:
    if _NOT_A_DATE.search(phrase):
        return None
    relative = _relative(phrase, base)
    if relative is _UNKNOWN:
        phrase = _PART_OF_DAY.sub("", _EDGE_OF_DAY.sub("", phrase))
        relative = _relative(phrase, base)
    if relative is not _UNKNOWN:
        return relative
    year = _YEAR.search(phrase)
    if not _MONTH.search(phrase) and not (year and year.group() == phrase):
        return None  # "the 5th", "24": no month, no year
    if base is None and not year:
        return None  # "12 December" without a year or a report date is no date
    found = _parse_written(phrase, base)
    if found and not year and base and int(found[:4]) not in (base.year, base.year - 1):
        return None  # dateparser read a day as a year ("Dec 32")
    return found


_UNKNOWN = object()


def _relative(phrase: str, base: date | None):
    """Phrases counted from the publication day; _UNKNOWN for other phrases."""
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today"):
        return base.isoformat() if base else None
    if phrase in ("yesterday", "last night"):
        return (base - timedelta(days=1)).isoformat() if base else None
    if phrase in ("this week", "earlier this week"):
        return _iso_week(base) if base else None
    if phrase == "last week":
        return _iso_week(base - timedelta(days=7)) if base else None
    if phrase in ("this month", "earlier this month"):
        return f"{base.year:04d}-{base.month:02d}" if base else None
    if phrase == "last month":
        if not base:
            return None
        first = base.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if phrase == "this year":
        return f"{base.year:04d}" if base else None
    if phrase == "last year":
        return f"{base.year - 1:04d}" if base else None
    m = _WEEKDAY.fullmatch(phrase)
    if m:
        if not base:
            return None
        back = (base.weekday() - _WEEKDAYS.index(m.group("day"))) % 7
        if back == 0 and m.group("rel") in ("last", "past"):
            back = 7
        return (base - timedelta(days=back)).isoformat()
    if phrase in ("overnight", "earlier", "later", "at dawn", "at dusk", "dawn", "dusk", "the weekend", "over the weekend", "on the weekend"):
        return None
    return _UNKNOWN


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH_NAME = "(?P<month>" + "|".join(_MONTHS) + ")"
_FULL_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
# The full forms wire copy writes, each naming its year: "4 may 2020" (the
# form of nearly every dated event note), "april 14, 2014", "december 2014".
_WRITTEN_IN_FULL = (
    re.compile(rf"(?P<day>\d{{1,2}}) {_MONTH_NAME} {_FULL_YEAR}"),
    re.compile(rf"{_MONTH_NAME} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? {_FULL_YEAR}"),
    re.compile(rf"{_MONTH_NAME} {_FULL_YEAR}"),
)


def _parse_written(phrase: str, base: date | None) -> str | None:
    """The date a phrase with a month name means. The full forms above are
    read directly: dateparser costs about a millisecond a phrase and gives
    the same date for them (tests/extraction/test_dates.py compares the two),
    whatever the publication day, since they name their year. The rest go
    to dateparser."""
    for form in _WRITTEN_IN_FULL:
        m = form.fullmatch(phrase)
        if m:
            month, year = _MONTHS.index(m.group("month")) + 1, int(m.group("year"))
            if "day" not in form.groupindex:
                return f"{year:04d}-{month:02d}"
            try:
                return date(year, month, int(m.group("day"))).isoformat()
            except ValueError:
                break  # "31 june 2014": no such day, dateparser decides what it means
    parser = _parser(base)
    data = parser.get_date_data(phrase)
    found = data.date_obj if data else None
    if found is None:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{found.year:04d}"
    if period == "month":
        return f"{found.year:04d}-{found.month:02d}"
    return found.date().isoformat()


@lru_cache(maxsize=64)
def _parser(base: date | None):
    """A dateparser reader for one publication day (English, past preferred).

    Imported here so that reports without dated phrases never pay for it.
    """
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12, 0)
    return DateDataParser(languages=["en"], settings=settings)

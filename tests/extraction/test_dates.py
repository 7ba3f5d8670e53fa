"""Time phrases resolved into calendar dates against the publication time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sitrep.domain.models import Casualty, Event
from sitrep.extraction import extract
from sitrep.extraction.dates import resolve_date

# Tuesday 13 December 2016, mid-morning UTC.
TUESDAY = datetime(2016, 12, 13, 9, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(("when", "expected"), [
    ("Monday", "2016-12-12"),
    ("Tuesday", "2016-12-13"),            # the day of the report itself
    ("Wednesday", "2016-12-07"),          # the most recent Wednesday before it
    ("Sunday", "2016-12-11"),
    ("last Tuesday", "2016-12-06"),
    ("late Sunday", "2016-12-11"),
    ("late on Saturday night", "2016-12-10"),
    ("Monday morning", "2016-12-12"),
    ("yesterday", "2016-12-12"),
    ("last night", "2016-12-12"),
    ("today", "2016-12-13"),
    ("earlier this week", "2016-W50"),
    ("last week", "2016-W49"),
    ("last month", "2016-11"),
    ("last year", "2015"),
])
def test_relative_phrases_count_from_the_publication_day(when, expected):
    assert resolve_date(when, TUESDAY) == expected


@pytest.mark.parametrize(("when", "expected"), [
    ("12 December 2016", "2016-12-12"),
    ("December 12, 2016", "2016-12-12"),
    ("Dec. 3", "2016-12-03"),
    ("1 May 2020", "2020-05-01"),
    ("March 2014", "2014-03"),
    ("March", "2016-03"),                 # the last March before the report
    ("December 20", "2015-12-20"),        # a later day this year has not come yet
])
def test_written_dates(when, expected):
    assert resolve_date(when, TUESDAY) == expected


@pytest.mark.parametrize("when", [
    "overnight", "earlier", "later", "since Monday", "until Friday", "in the past 24 hours",
    "over the weekend", "the 5th", "Dec 32", "31 February 2016", "99 March 2016", "foo bar",
    "", "   ", "x" * 500, "\x1b[31mMonday\x1b[0m tomorrow 12",
])
def test_nonsense_and_spans_give_no_date(when):
    assert resolve_date(when, TUESDAY) is None


def test_without_publication_time_only_full_dates_resolve():
    assert resolve_date("12 December 2016", None) == "2016-12-12"
    assert resolve_date("Monday", None) is None
    assert resolve_date("yesterday", None) is None
    assert resolve_date("12 December", None) is None
    assert resolve_date(None, TUESDAY) is None


def test_publication_time_is_read_in_utc():
    # 01:00 on Wednesday in Damascus is still Tuesday in UTC.
    late = datetime(2016, 12, 14, 1, 0, tzinfo=timezone(timedelta(hours=3)))
    assert resolve_date("Monday", late) == "2016-12-12"
    assert resolve_date("yesterday", late) == "2016-12-12"


def test_extract_dates_every_event_and_keeps_when_as_written():
    text = ("Shelling kills 9 in Idlib\n\n"
            "Government shelling killed nine people in Idlib late on Monday, rescuers said. "
            "Rebels said they had captured the village of Tal Hadiya on 11 December 2016. "
            "The foreign minister said on Tuesday that talks would resume in Geneva.")
    meant = {"late on Monday": "2016-12-12", "11 December 2016": "2016-12-11", "Tuesday": "2016-12-13"}
    events = extract(text, published=TUESDAY)
    assert all(e.date == meant[e.when] for e in events if e.when)
    assert all(e.date is None for e in events if not e.when)
    dated = {e.type for e in events if e.date}
    assert "casualty" in dated and len(dated) >= 2, dated


def test_extract_without_publication_time_leaves_relative_dates_empty():
    events = extract("Clashes\n\nFive soldiers were killed on Sunday near Bakhmut, the army said.")
    assert [(e.when, e.date) for e in events if e.type == "casualty"] == [("Sunday", None)]


def test_date_survives_the_dictionary_round_trip():
    event = Casualty(evidence="x", start=0, end=1, when="Monday", date="2016-12-12", count=3, status="killed")
    data = event.to_dict()
    assert data["date"] == "2016-12-12"
    assert Event.from_dict(data) == event


def test_a_report_full_of_distinct_dates_resolves_a_bounded_number():
    from sitrep.extraction.dates import MAX_PHRASES

    days = [datetime(2015, 1, 1) + timedelta(days=i) for i in range(MAX_PHRASES + 40)]
    text = "Dates\n\n" + " ".join(f"Two soldiers were killed on {d.day} {d:%B %Y}." for d in days)
    events = extract(text, published=TUESDAY)
    dated = [e for e in events if e.date]
    assert len(events) == len(days)
    assert len(dated) == MAX_PHRASES
    assert dated[0].date == "2015-01-01"


def _through_dateparser(phrase, base):
    """What dateparser itself makes of a phrase, as dates._parse_written reads its answer."""
    from sitrep.extraction.dates import _parser

    data = _parser(base).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    found, period = data.date_obj, data.period or "day"
    return {"year": f"{found.year:04d}", "month": f"{found.year:04d}-{found.month:02d}"}.get(period, found.date().isoformat())


@pytest.mark.parametrize("phrase", [
    form.format(d=d, m=m, y=y)
    for m, d, y in (("january", 1, 2016), ("february", 29, 2016), ("february", 29, 2015), ("june", 31, 2014),
                    ("september", 9, 1999), ("december", 12, 2030), ("may", 28, 2016), ("march", 0, 1899))
    for form in ("{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}", "{m} {d}th, {y}", "{m} {y}")
])
@pytest.mark.parametrize("base", [None, TUESDAY.date()])
def test_full_written_dates_read_directly_as_dateparser_reads_them(phrase, base):
    from sitrep.extraction.dates import _parse_written

    assert _parse_written(phrase, base) == _through_dateparser(phrase, base)

"""Casualties on general news: what a figure's place and cause may not be.

General feeds carry title-case headlines, accidents and public-health rates
beside conflict news; these pin down that a place is never the incident
itself or a headline's other nouns, that a cause is never cut from inside a
word, and that rates and history are not the situation's dead.
"""

from __future__ import annotations

import re

import pytest

from sitrep.domain.models import Casualty
from sitrep.extraction import extract
from sitrep.extraction.casualties import _words_before, find_casualties


def casualties(text: str) -> list[Casualty]:
    return [e for e in extract(text) if isinstance(e, Casualty)]


@pytest.mark.parametrize("text", [
    "Nine Killed in Drone Strike on Kharkiv Power Plant",
    "Three soldiers killed in Kherson drone strike",
    "Five dead in brawl aboard a ferry off Lamu",
    "Twelve Wounded in Car Bomb Blast Near Mogadishu Port Checkpoint",
    "Death Toll From Herat Quake Rises to at Least 90",
])
def test_a_place_is_not_the_incident_nor_a_title_case_string_of_nouns(text):
    found = casualties(text)
    assert found, text
    for event in found:
        place = event.place or ""
        assert not re.search(r"(?i)\b(?:strike|crash|brawl|blast|bomb)\b", place), place
        assert len(place.split()) <= 2 or not text.istitle(), place
        assert not re.search(r"(?i)\d|\bleast\b", place), place


def test_a_cause_starts_at_a_word():
    # The cause window before the verb must not begin inside a word.
    for pad in range(0, 40):
        text = f"Officials feared another militant attack and {'o' * pad} gunmen killed four people in Kano."
        for fact in find_casualties(text):
            if fact.cause:
                assert re.search(r"(?<![\w])" + re.escape(fact.cause), text), fact.cause


def test_words_before_never_cuts_a_word():
    text = "the terrorist attack killed"
    for width in range(1, len(text)):
        window = _words_before(text, len(text) - len(" killed"), width)
        assert window == "" or window.split()[0] in text.split()


@pytest.mark.parametrize("text", [
    "Road crashes kill about 120 people a week in Nigeria.",
    "The drug kills 150 Americans each day, federal data show.",
    "Every year, 20,000 people are killed on the roads of the region.",
    "The 1994 genocide killed some 800,000 people in Rwanda.",
    "More than 60 million people were killed in World War Two.",
])
def test_rates_and_history_are_not_casualties(text):
    assert casualties(text) == []


def test_a_running_total_since_a_year_is_kept():
    found = casualties("Since 1984 the insurgency has killed more than 40,000 people.")
    assert [(e.count, e.status) for e in found] == [(40000, "killed")]


def test_the_month_may_is_not_the_modal_may():
    found = casualties("On 1 May 2020, a civilian was killed when a mine exploded near Daraa.")
    assert [(e.count, e.status) for e in found] == [(1, "killed")]
    assert casualties("Up to 70 soldiers may have been killed near Bakhmut.") == []

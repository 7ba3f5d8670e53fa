"""Unit tests of the extraction engine's parts and its behaviour on bad input.

The corpus (test_corpus.py) measures how well the rules read wire copy as a
whole; these pin down the pieces each rule relies on and the guarantees the
rest of sitrep depends on: offsets point at the evidence, bad input never
raises, and what is hypothetical or denied is not an event.
"""

from __future__ import annotations

import random

import pytest

from sitrep.extraction import extract
from sitrep.extraction.numbers import parse_count
from sitrep.extraction.sentences import split_sentences
from sitrep.domain.models import Casualty, ControlChange, Displacement, Party, Profile, Statement


def of_type(events, kind):
    return [e for e in events if isinstance(e, kind)]


@pytest.mark.parametrize(
    ("text", "value"),
    [("13,346", 13346), ("four", 4), ("twenty-five", 25), ("a dozen", 12), ("two hundred", 200),
     ("1.5 million", 1_500_000), ("three hundred and forty", 340), ("dozens", None), ("tens of thousands", None)],
)
def test_counts_read_as_written(text, value):
    assert parse_count(text).value == value


def test_sentences_survive_abbreviations_and_keep_offsets():
    text = "Talks resumed.\n\nU.N. envoy Gen. Ali Musa met U.S. officials in Doha on Monday. The talks ended late."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Talks resumed.",
        "U.N. envoy Gen. Ali Musa met U.S. officials in Doha on Monday.",
        "The talks ended late.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_evidence_offsets_point_into_the_text():
    text = "Rebels take Dorvik\n\nRebel fighters captured the town of Dorvik on Sunday, a monitor said."
    events = extract(text)
    assert events
    for event in events:
        assert text[event.start : event.end] == event.evidence
        assert len(event.evidence) <= 600


def test_control_change_with_sides_source_and_day():
    events = extract("Government troops retook the village of Halsa from rebels on Tuesday, state media reported.")
    [change] = of_type(events, ControlChange)
    assert change.place == "the village of Halsa"
    assert change.gainer == "Government troops"
    assert change.loser == "rebels"
    assert change.action == "retook"
    assert change.source == "state media"
    assert change.when == "Tuesday"


def test_profile_aliases_name_the_parties():
    profile = Profile("Test", (), (Party("government", ("Veskarian army",)), Party("northern_front", ("Northern Front",))))
    events = extract("The Veskarian army seized Mirovo from the Northern Front.", profile)
    [change] = of_type(events, ControlChange)
    assert (change.party_gainer, change.party_loser) == ("government", "northern_front")


@pytest.mark.parametrize(
    "text",
    [
        "The fall of Dorvik would deal a heavy blow to the rebels.",
        "The army plans to retake the town of Halsa before winter.",
        "Rebel commanders denied seizing the airport.",
        "Government forces did not capture the bridge, officials said.",
        "Retaking the pocket will be the army's biggest victory.",
        "If the city falls, aid agencies fear a massacre.",
        "Troops advanced towards the outskirts of Halsa.",
        "The striker captured the title with a late goal.",
    ],
)
def test_hypotheses_denials_and_metaphors_are_not_control_changes(text):
    assert of_type(extract(text), ControlChange) == []


def test_casualty_with_qualifier_subcount_cause_and_running_total():
    text = "At least 52 civilians, including 11 children, have been killed in air strikes on Halsa since the offensive began, the health ministry said."
    [casualty] = of_type(extract(text), Casualty)
    assert casualty.count == 52
    assert casualty.qualifier == "at least"
    assert casualty.status == "killed"
    assert casualty.victims == "civilians"
    assert dict(casualty.includes) == {"children": 11}
    assert casualty.cumulative is True
    assert casualty.source == "the health ministry"


def test_vague_quantities_stay_text():
    [casualty] = of_type(extract("Dozens of people were killed in the shelling, medics said."), Casualty)
    assert casualty.count is None
    assert casualty.count_text.lower() == "dozens"


def test_people_leaving_are_displacement_not_casualties():
    events = extract("More than 8,000 civilians left the eastern districts in 24 hours, the ministry said.")
    assert of_type(events, Casualty) == []
    [moved] = of_type(events, Displacement)
    assert moved.count == 8000 and moved.qualifier == "more than"


def test_numbers_of_things_are_not_casualties():
    text = "The convoy of 40 tanks travelled 3 km, and 1,200 homes were destroyed, costing $2 billion over 24 hours."
    assert of_type(extract(text), Casualty) == []


def test_speaker_resolved_from_pronoun_and_statement():
    text = (
        "Mira Solen, the foreign minister, said on Monday that talks on a ceasefire would resume in Geneva.\n\n"
        '"We will not accept a deal that rewards aggression," she told reporters.\n\n'
        'The council rejected the proposal. "No agreement is possible while the shelling goes on," it said in a statement.'
    )
    statements = of_type(extract(text), Statement)
    speakers = [(s.speaker, s.direct) for s in statements]
    assert ("Mira Solen", False) in speakers
    assert ("Mira Solen", True) in speakers
    assert ("The council", True) in speakers
    assert all(s.speaker.lower() not in ("he", "she", "it", "they") for s in statements)
    [indirect] = [s for s in statements if not s.direct and s.speaker == "Mira Solen"]
    assert indirect.speaker_role == "the foreign minister"
    assert indirect.topic in ("ceasefire", "talks")


def test_monitors_residents_and_correspondents_are_not_statements():
    text = (
        "Shelling hit the market on Monday, the Observatory said.\n\n"
        '"We have had no water for a week," said a resident of the old city.\n\n'
        "A correspondent for state television said the army had entered the district."
    )
    assert of_type(extract(text), Statement) == []


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "\x00\x01\x02 binary \xff\xfe", "no sentence here at all just words without end",
     "1, 2, 3, 4, 5, 6" * 50, "\u202e\x1b[31mred\x1b[0m killed 5"],
)
def test_bad_input_never_raises(text):
    assert isinstance(extract(text), list)


def test_huge_and_random_input_never_raises():
    rng = random.Random(7)
    words = ["killed", "captured", "said", "the", "town", "of", "Halsa", "12", '"', "“", "”", ",", ".", "\n", "rebels",
             "army", "he", "she said", "according to", "it", "fell to", "at least", "including", "from", "by", "was",
             "withdrew", "U.N.", "told", ":", "his spokesman", "after losing", "dozens", "wounded", "left", "fled"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 200)))
        assert isinstance(extract(text), list)
    big = ("The army captured the town of Halsa, the ministry said. " * 90_000)[:5_000_000]
    assert isinstance(extract(big), list)

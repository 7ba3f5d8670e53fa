"""Hostile text: control characters never eat text, splitting stays linear.

The fuzz tests draw random Unicode with every C0 and C1 character and the
introducers of unterminated escape sequences mixed in, and check that
``strip_controls`` neither raises nor drops a printable character that is
not inside a complete escape sequence.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.domain.textsafe import _KEEP_FORMAT, one_line, strip_controls
from sitrep.extraction import extract
from sitrep.extraction.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
CONTROLS = [chr(c) for c in range(0x20)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
INTRODUCERS = ["\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b[", "\x9b", "\x1b"]


def printable(text: str) -> str:
    """What a reader sees: no controls, no invisible format characters (the
    format characters a script needs, such as the Arabic number signs, stay)."""
    return "".join(
        ch for ch in text
        if not (ch in CONTROLS and ch not in "\t\n")
        and (unicodedata.category(ch) != "Cf" or ord(ch) in _KEEP_FORMAT)
    )


plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs")), max_size=40
)
hostile_piece = st.one_of(st.sampled_from(CONTROLS), st.sampled_from(INTRODUCERS))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(plain_text, hostile_piece), max_size=12), plain_text)
def test_unterminated_controls_never_eat_text(pieces, tail):
    # A line break after each control: a control string cannot span lines,
    # so none of these is complete and nothing but the controls may go.
    text = "".join(f"{words}{ctrl}\n" for words, ctrl in pieces) + tail
    kept = "".join(f"{words}{ctrl if ctrl in chr(9) + chr(10) + chr(13) else ''}\n" for words, ctrl in pieces) + tail
    expected = kept.replace("\r\n", "\n").replace("\r", "\n")
    assert strip_controls(text) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_any_text_keeps_its_printable_characters_in_order(text):
    out = strip_controls(text)
    assert printable(out) == out
    # Whatever was removed, what is left is a subsequence of the input.
    it = iter(text.replace("\r", "\n"))
    assert all(ch in it for ch in out)
    assert "\n" not in one_line(text)


def test_a_lone_c1_character_costs_one_character():
    for ch in "\x90\x98\x9d\x9e\x9f":
        text = f"Start {ch} middle. Rebels captured Korvan on Monday."
        assert strip_controls(text) == "Start  middle. Rebels captured Korvan on Monday."
    for intro in ("\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX"):
        assert strip_controls(f"one {intro}two three") == "one two three"


def test_complete_sequences_are_removed_whole():
    assert strip_controls("a\x1b]0;evil title\x07b") == "ab"
    assert strip_controls("\x1b]8;;http://x.test/\x1b\\link\x1b]8;;\x1b\\") == "link"
    assert strip_controls("\x1b]52;c;aGVsbG8=\x9cafter") == "after"
    assert strip_controls("\x1b[31mred\x1b[0m") == "red"


def test_invisible_format_characters_go_and_script_ones_stay():
    assert strip_controls("Kor\u200bvan\u2060 \ufeffsiege\u00ad \U000e0041") == "Korvan siege "
    persian = "می\u200cخواهم"  # ZWNJ is part of the spelling
    assert strip_controls(persian) == persian
    family = "\U0001f468\u200d\U0001f469"
    assert strip_controls(family) == family
    assert strip_controls("\u202eevil\u202c") == "evil"


def test_a_megabyte_of_introducers_keeps_its_text():
    """Each introducer is followed by a bounded scan: linear, and nothing lost."""
    assert strip_controls("\x90" + "a" * 1_000_000) == "a" * 1_000_000
    assert strip_controls(("\x9d" + "b" * 600) * 2000) == "b" * 1_200_000
    assert strip_controls("\x1b]" * 300_000) == ""


def test_abbreviations_without_a_sentence_end_split_in_linear_work():
    """1 MB of "Mr. " used to be re-searched at every abbreviation."""
    for text in ("Mr. " * 250_000, "U.S. " * 200_000):
        sentences = split_sentences(text)
        assert len(sentences) == 1 and sentences[0].end == len(text.rstrip())
    # The splitter still tells abbreviations from sentence ends.
    split = [s.text for s in split_sentences("Gen. Smith met Mr. Jones in the U.S. The talks failed. Dr. X left.")]
    assert split == ["Gen. Smith met Mr. Jones in the U.S.", "The talks failed.", "Dr. X left."]


def test_extraction_work_per_report_is_bounded(monkeypatch):
    from sitrep.extraction import engine

    text = "Rebels captured Korvan on Monday. " * 20
    assert extract(text)
    monkeypatch.setattr(engine, "MAX_SECONDS", -1.0)
    assert extract(text) == []
    monkeypatch.setattr(engine, "MAX_SECONDS", 5.0)
    monkeypatch.setattr(engine, "MAX_UNITS", 3)
    assert len(extract(text)) == 3


def test_worst_case_bench_texts_are_read_without_events_or_errors():
    """The bench's pathological texts (its timing is printed, not asserted)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import worst_case
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for name, text in worst_case.pathological().items():
        assert len(text) == worst_case.SIZE
        assert isinstance(extract(text), list), name


def test_script_format_characters_survive_the_fuzz_oracle():
    """The case the fuzz test once drew: an Arabic number sign is kept, and
    the oracle agrees that it is text."""
    out = strip_controls("a\u0600b\u200bc")
    assert out == "a\u0600bc" and printable(out) == out

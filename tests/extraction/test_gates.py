"""The cheap tests that decide whether a costly pattern is tried at all.

Each gate must never say no where its pattern would have matched: these
tests generate texts the pattern matches (hypothesis reads the pattern
itself) and check that the gate lets every one of them through, and they
check that the gate does turn away ordinary text, or it would save nothing.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.extraction import attribution, casualties, control
from sitrep.extraction.lexicon import WHEN, may_end_in_when


def top_level_alternatives(pattern: str) -> list[str]:
    """The branches of ``(?:a|b|c)``, so that a rare branch is generated as
    often as a common one."""
    assert pattern.startswith("(?:") and pattern.endswith(")")
    body, depth, start, parts = pattern[3:-1], 0, 0, []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    return parts + [body[start:]]


WHEN_BRANCHES = top_level_alternatives(WHEN)


@settings(max_examples=150)
@given(st.from_regex(attribution._WHEN_AT_END))
def test_time_phrase_at_end_gate_passes_every_match(text):
    assert attribution._WHEN_AT_END.search(text)
    assert may_end_in_when(text)


def test_every_time_phrase_branch_is_seen():
    assert len(WHEN_BRANCHES) >= 12


@settings(max_examples=25)
@given(st.data())
def test_time_phrase_at_end_gate_passes_every_branch(data):
    for branch in WHEN_BRANCHES:
        pattern = re.compile(rf"(?:{branch})\s*,?\s*$", attribution._WHEN_AT_END.flags)
        for alphabet in (None, st.characters(codec="ascii")):  # ASCII alone: the gate reads ASCII words closely
            text = data.draw(st.from_regex(pattern, alphabet=alphabet))
            assert attribution._WHEN_AT_END.search(text)
            assert may_end_in_when(text), (branch, text)


@given(st.text(), st.sampled_from(["on Monday", "late Sunday night", "in Dec.", "on March 3rd, 2016", "overnight", "this week"]), st.from_regex(r"\s*,?\s*", fullmatch=True))
def test_time_phrase_at_end_gate_passes_phrases_after_any_text(before, phrase, after):
    assert may_end_in_when(before + " " + phrase + after)


def test_time_phrase_at_end_gate_turns_away_other_endings():
    for text in ("The army", "Officials in the capital", "the ministry, which", "Ukraine's foreign minister,"):
        assert not may_end_in_when(text)
        assert attribution._WHEN_AT_END.search(text) is None


def _topic_by_one_scan_per_topic(text: str) -> str | None:
    """topic_of as it was first written: a scan per topic, in order."""
    from sitrep.extraction.diplomacy import _cue
    from sitrep.extraction.lexicon import TOPIC_WORDS

    low = text.lower()
    for topic, cues in TOPIC_WORDS.items():
        if re.search(r"\b(?:" + "|".join(_cue(c) for c in cues) + ")", low):
            return topic
    return None


def _cue_words():
    from sitrep.extraction.lexicon import TOPIC_WORDS

    return sorted({c.rstrip("*") for cues in TOPIC_WORDS.values() for c in cues})


@settings(max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(_cue_words()), st.sampled_from(["the", "said", "fighting", "and", "-", "s", "ed", "ing", ",", "UN"]), st.text(max_size=6)), max_size=12),
       st.lists(st.sampled_from([" ", "", "-", "'"]), min_size=12, max_size=12))
def test_one_scan_finds_the_topic_a_scan_per_topic_finds(words, joints):
    from sitrep.extraction.diplomacy import topic_of

    text = "".join(w + j for w, j in zip(words, joints))
    assert topic_of.__wrapped__(text) == _topic_by_one_scan_per_topic(text)


def test_topic_first_letters_are_plain_letters():
    from sitrep.extraction import diplomacy

    assert diplomacy._TOPIC_FIRST_LETTERS.isalpha() and diplomacy._TOPIC_FIRST_LETTERS.islower()


def test_one_scan_finds_the_topic_of_every_corpus_text():
    import json
    from pathlib import Path

    from sitrep.extraction.diplomacy import topic_of

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    texts = [json.loads(line)["text"] for f in sorted(corpus.glob("*.jsonl")) for line in f.read_text().splitlines() if line.strip()]
    assert len(texts) > 500
    found = {topic_of.__wrapped__(t) for t in texts}
    assert len(found) >= 6  # most topics occur, so the comparison means something
    for text in texts:
        assert topic_of.__wrapped__(text) == _topic_by_one_scan_per_topic(text)


_BOUNDARY_AFTER_MARK = re.compile(r"""(?<=[.!?])["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]*[A-Z0-9])""")


@settings(max_examples=500)
@given(st.text(alphabet=".!?\"')]\u201d\u2019\u201c\u2018([ \nAZ09az", max_size=40))
def test_sentence_boundaries_found_from_the_mark_are_those_found_after_it(text):
    from sitrep.extraction.sentences import _BOUNDARY

    assert [(m.start() + 1, m.end()) for m in _BOUNDARY.finditer(text)] == [m.span() for m in _BOUNDARY_AFTER_MARK.finditer(text)]


@pytest.mark.parametrize("form", ["_SUBJECT_FORM", "_OBJECT_FORM", "_NOUN_FORM"])
def test_displacement_cue_passes_every_text_a_rule_reads(form):
    from sitrep.extraction import displacement
    from sitrep.extraction.phrases import lower

    pattern = getattr(displacement, form)

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(st.from_regex(pattern, alphabet=st.characters(codec="ascii")))
    def check(text):
        assert pattern.search(text)
        assert displacement._CUE_RE.search(lower(text)), text

    check()


def test_displacement_cue_skips_sentences_about_forces():
    from sitrep.extraction import displacement

    assert not displacement._CUE_RE.search("government forces shelled the town with the driver's help")
    assert displacement._CUE_RE.search("the fighting forced 4,000 people to flee")
    assert displacement._STEM_CUE_RE.search("the fighting forcıng 4,000 people to flee")


@settings(max_examples=100)
@given(st.from_regex(attribution._AUX_AT_END))
def test_adverb_gate_passes_every_text_ending_in_an_auxiliary(text):
    pos = len(text)
    assert attribution._AUX_AT_END.search(text, max(0, pos - 80))
    tail = text.rstrip()
    assert tail.endswith(",") or tail[-14:].rsplit(None, 1)[-1] in attribution._AUX_LAST_WORDS


def test_adverb_gate_steps_back_as_the_pattern_does():
    for text in ("The ministry has also", "Rebels, meanwhile,", "Officials two days ago", "The army", "Moscow once more", ""):
        m = attribution._AUX_AT_END.search(text, max(0, len(text) - 80))
        assert attribution._strip_adverbs(text, len(text)) == (m.start() if m else len(text))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(casualties._CAUSE, alphabet=st.characters(codec="ascii")))
def test_cause_gate_passes_every_cause(text):
    assert casualties._CAUSE.search(text)
    assert casualties._CAUSE_HEAD(text.lower())


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_bulletin_gate_passes_every_bulletin(data):
    from sitrep.extraction import diplomacy

    branches = top_level_alternatives("(?:" + diplomacy._BULLETIN.pattern + ")")
    assert len(branches) == 4
    branch = data.draw(st.sampled_from(branches))
    text = data.draw(st.from_regex(re.compile(branch, diplomacy._BULLETIN.flags), alphabet=st.characters(codec="ascii")))
    assert diplomacy._BULLETIN.search(text)
    assert diplomacy._bulletin(text)


def test_bulletin_gate_passes_each_word_of_the_pattern_in_context():
    from sitrep.extraction import diplomacy

    words = set(re.findall(r"[a-z]+", diplomacy._BULLETIN.pattern))
    tried = 0
    for w in sorted(words):
        for text in (w, f"it {w}", f"they had {w} it", f"its forces {w}", f"fighting {w}", f"{w} control", f"{w} down",
                     f"{w} toll", f"taken {w}", f"shot {w}", f"it {w} on"):
            for variant in (text, text.upper()):
                if diplomacy._BULLETIN.search(variant):
                    tried += 1
                    assert diplomacy._bulletin(variant), variant
    assert tried > 100


def test_cause_gate_passes_each_word_of_the_pattern_in_context():
    words = set(re.findall(r"[a-z]+", casualties._CAUSE.pattern))
    tried = 0
    for w in sorted(words):
        for text in (w, f"{w}s", f"{w}es", f"air {w}", f"car {w}", f"suicide {w}", f"rocket {w}", f"{w} fire", f"{w} attack", f"heavy {w}"):
            for variant in (text, text.upper(), f"killed in an {text} on"):
                if casualties._CAUSE.search(variant):
                    tried += 1
                    assert casualties._CAUSE_HEAD(variant.lower()), variant
    assert tried > 100


def test_title_gate_passes_every_titled_name():
    from sitrep.extraction import statements

    words = ["President", "Minister", "Secretary", "General", "Ambassador", "Envoy", "Spokesman", "Spokeswoman", "Spokesperson",
             "Commander", "Chancellor", "King", "Emir", "Governor", "Senator", "Premier", "Chief", "Leader"]
    # every title the pattern knows is in the list above
    assert len(re.findall(r"[A-Z][a-z]+", statements._TITLE_WORD.pattern)) == len(words) - 2
    for word in words:
        text = f"talks with Foreign {word} Adel Jubeir"
        assert statements._TITLE_WORD.search(text), word
        assert statements._ANY_TITLE(text), word
    assert not statements._ANY_TITLE("the minister said the talks would go on")


@pytest.mark.parametrize("rule", [i for i, (pattern, _a, _r) in enumerate(control._ACTIVE) if "[A-Z]" not in pattern])
def test_active_control_rules_start_with_the_listed_letters(rule):
    pattern = re.compile(control._ACTIVE[rule][0])

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(st.from_regex(pattern, fullmatch=True, alphabet=st.characters(codec="ascii")))
    def check(text):
        assert text[0] in control.ACTIVE_FIRST_LETTERS, text

    check()


def test_reporting_verb_scan_finds_what_it_found_without_its_lookahead():
    import json
    from pathlib import Path

    plain = re.compile(r"\b(?:also\s+)?(" + attribution._trie(attribution._VERBS + attribution._PARTICIPLES) + r")\b")
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    texts = [json.loads(line)["text"] for f in sorted(corpus.glob("*.jsonl")) for line in f.read_text().splitlines() if line.strip()]
    for text in texts + ["also said", "Also said", "they also warned", "x said"]:
        assert [m.span(1) for m in attribution._VERB.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern as it was before a first-letter lookahead was put in front."""
    return re.compile(re.sub(r"\(\?=\[[a-z]+\]\)", "", pattern.pattern, count=1), pattern.flags)


def _lookahead_patterns():
    from sitrep.extraction import engine, modality

    # (pattern, whether it reads lower-cased text)
    return {
        "casualties._CUMULATIVE": (casualties._CUMULATIVE, False),
        "control._CUE_RE": (control._CUE_RE, True),
        "engine._WHEN_RE": (engine._WHEN_RE, True),
        "modality._IRREALIS_BEFORE": (modality._IRREALIS_BEFORE, False),
    }


@pytest.mark.parametrize("name", sorted(_lookahead_patterns()))
def test_first_letter_lookahead_loses_no_match(name):
    pattern, lowered = _lookahead_patterns()[name]
    plain = _without_lookahead(pattern)
    assert plain.pattern != pattern.pattern
    body = plain.pattern[2:]  # without the leading \b
    body = body[:-2] if body.endswith(r")\b") else body
    branches = top_level_alternatives(body)
    assert len(branches) > 3

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        for branch in branches:  # each branch as often as any other, so a rare one's letter is tried too
            text = data.draw(st.from_regex(re.compile(rf"\b(?:{branch})", plain.flags), alphabet=st.characters(codec="ascii")))
            low = text.lower() if lowered else text
            assert [m.span() for m in pattern.finditer(low)] == [m.span() for m in plain.finditer(low)], (branch, text)

    check()


@pytest.mark.parametrize("name", sorted(_lookahead_patterns()))
def test_first_letter_lookahead_loses_no_match_on_any_word_of_the_pattern(name):
    pattern, lowered = _lookahead_patterns()[name]
    plain = _without_lookahead(pattern)
    words = sorted(set(re.findall(r"[a-z]+", plain.pattern.lower())))
    contexts = ("{w}", "x {w} monday", "{w} the weekend", "{w} to go", "{w} 12 may 2016", "{w} the past 3 hours",
                "{w} overnight fighting", "{w} claims that", "{w} longer", "{w}ed", "{w}ing", "{w} far", "{w} the start",
                "{w} total", "{w} into", "{w} toll")
    tried = 0
    for w in words:
        for context in contexts:
            for text in (context.format(w=w), context.format(w=w).upper()):
                low = text.lower() if lowered else text
                spans = [m.span() for m in plain.finditer(low)]
                tried += bool(spans)
                assert [m.span() for m in pattern.finditer(low)] == spans, text
    assert tried > 20

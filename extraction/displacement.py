"""Displacement: people fleeing, leaving, displaced or evacuated.

Read separately so that "13,346 civilians left" is recorded for what it
is, and so the casualty rules never have to guess about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation
from .modality import is_stated
from .numbers import COUNT, QUALIFIER, Count, normalise_qualifier, parse_count
from .casualties import _at_counts, count_starts
from .phrases import is_place, lower, place_after

# Small patterns used inside the rules, compiled once: they run for every sentence.
_FLEE_AFTER = re.compile(r"\s*(?:to\s+flee|from|out)")
_FROM_START = re.compile(r"\s*(?:from\s+)?")
_TOWARDS = re.compile(r"\b(?:to|into|towards|for)\s+")
_TOWARDS_LEAD = re.compile(r"(?:to|into|towards|for)\b", re.IGNORECASE)
_VAGUE_MANY = re.compile(r"(?:dozens|scores|hundreds|thousands|tens|millions)", re.IGNORECASE)

_WHO = alternation((
    "people", "civilians", "residents", "families", "refugees", "children", "women", "persons",
    "villagers", "households", "inhabitants", "migrants", "displaced people", "internally displaced people",
    "students", "patients", "evacuees", "fighters", "others",
)) + r"|[A-Z][a-z]+(?:ians|ans|is|ese|s)"
_MOD = r"(?:[\w’'\-]+\s+){0,3}?"
_VERB = (
    r"(?:have\s+|has\s+|had\s+|were\s+|was\s+|are\s+|been\s+|also\s+|now\s+|already\s+|reportedly\s+){0,3}"
    r"(?P<verb>fled|flee|fleeing|left|leave|leaving|escaped|evacuated|displaced|crossed(?:\s+into)?|streamed|poured|relocated|moved|returned|been\s+forced\s+(?:to\s+flee|from)|forced\s+to\s+flee|uprooted|sought\s+refuge|taken\s+refuge)"
)
_SUBJECT_FORM = re.compile(rf"(?<![\w,.])(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?:more\s+)?(?P<who>{_MOD}(?:{_WHO}))\b(?:,[^,]{{2,60}},)?\s+{_VERB}\b", re.IGNORECASE)
_OBJECT_FORM = re.compile(rf"\b(?P<verb>displac(?:ed|ing|es)|uproot(?:ed|ing)|evacuat(?:ed|ing)|forc(?:ed|ing)|driv(?:en|ing)|drove|sent)\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s*(?P<who>{_MOD}(?:{_WHO}))?(?:\s+(?:to\s+flee|from\s+their\s+homes|out))?", re.IGNORECASE)
_NOUN_FORM = re.compile(rf"(?<![\w,.])(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?P<who>(?:internally\s+)?displaced\s+(?:people|persons|civilians|residents)|refugees|evacuees)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DisplacementFact:
    count: Count
    qualifier: str | None
    who: str | None
    origin: str | None
    destination: str | None
    rule: str
    pos: int
    number_span: tuple[int, int]


# Every rule needs one of these words. "forc" and "driv" take only the verb
# forms the rules read: "forces" and "driver" are in most reports of a war
# and move nobody. Case-insensitive matching folds a few non-ASCII letters
# into ASCII ones ("forcıng"), so text that is not ASCII keeps the stems.
_CUES = ("fled", "flee", "left", "leav", "escap", "evacu", "displac", "cross", "stream", "pour", "relocat", "moved", "return", "forc(?:ed|ing)", "uproot", "refuge", "driv(?:en|ing)", "drove", "sent")
_CUE_RE = re.compile(r"\b(?:" + "|".join(_CUES) + ")")
_STEM_CUE_RE = re.compile(r"\b(?:" + "|".join(c.split("(")[0] for c in _CUES) + ")")
_OPENERS = re.compile(r"\b(?:displac|uproot|evacuat|forc|driv|drove|sent)")


def find_displacement(sentence: str) -> list[DisplacementFact]:
    """Every displacement figure stated in one sentence."""
    return list(_displacement(sentence))


@lru_cache(maxsize=4096)
def _displacement(sentence: str) -> tuple[DisplacementFact, ...]:
    """Memoised: a pure function of the sentence, and wire copy repeats its
    sentences (lede and body, a story rewritten across updates)."""
    return tuple(_read_displacement(sentence))


def _read_displacement(sentence: str) -> list[DisplacementFact]:
    low = lower(sentence)
    if not (_CUE_RE if low.isascii() else _STEM_CUE_RE).search(low):
        return []
    starts = count_starts(low)
    openers = [m.start() for m in _OPENERS.finditer(low)]
    facts: list[DisplacementFact] = []
    spans: list[tuple[int, int]] = []
    for rule, regex in (("displacement.subject", _SUBJECT_FORM), ("displacement.object", _OBJECT_FORM), ("displacement.noun", _NOUN_FORM)):
        for m in _at_counts(regex, sentence, openers if regex is _OBJECT_FORM else starts):
            span = m.span("n")
            if any(s < span[1] and span[0] < e for s, e in spans):
                continue
            if rule == "displacement.object" and m.group("verb").lower().startswith(("forc", "driv", "drove", "sent")) and not _FLEE_AFTER.match(sentence[m.end():]) and "flee" not in m.group(0):
                continue
            if not is_stated(sentence, m.start(), window_start=m.start()):
                continue
            count = parse_count(m.group("n"))
            if count.value is None and not _VAGUE_MANY.match(count.text):
                continue
            origin, destination = _where(sentence, m.end())
            spans.append(span)
            facts.append(DisplacementFact(
                count, normalise_qualifier(m.group("q")), (m.group("who") or "").strip() or None,
                origin, destination, rule, m.start(), span,
            ))
    return facts


def _where(sentence: str, pos: int) -> tuple[str | None, str | None]:
    origin = destination = None
    rest = sentence[pos : pos + 200]
    m = _FROM_START.match(rest)
    first = place_after(sentence, pos + (m.end() if m else 0))
    if first and is_place(first.text) and not _TOWARDS_LEAD.match(first.text):
        origin = first.text
    t = _TOWARDS.search(rest)
    if t:
        dest = place_after(sentence, pos + t.end())
        if dest and is_place(dest.text):
            destination = dest.text
    return origin, destination

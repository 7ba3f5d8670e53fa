"""Read counts of people as reports write them.

Reports give figures as digits ("13,346", "1.2 million"), as words ("four",
"twenty-five", "a dozen") and as vague quantities ("dozens", "tens of
thousands"). Vague quantities are kept as text and never turned into an
invented number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Small patterns used inside the rules, compiled once: they run for every sentence.
_OF_END = re.compile(r"\s+of$")
_DIGITS_SCALE = re.compile(r"([\d,]+(?:\.\d+)?)(?:\s+(million|thousand))?")
_WORD_SEPARATOR = re.compile(r"[\s-]+")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_DOZENS = {"a dozen": 12, "one dozen": 12, "two dozen": 24, "three dozen": 36, "half a dozen": 6,
           "a hundred": 100, "one hundred": 100, "a thousand": 1000, "one thousand": 1000}

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _UNITS if _UNITS[k] and _UNITS[k] < 10) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
    r"(?:\s+hundred(?:\s+(?:and\s+)?(?:" + "|".join(_TENS) + r"|" + "|".join(_UNITS) + r"))?)?"
    r"(?:\s+(?:thousand|million))?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
_VAGUE = (
    r"(?:tens|hundreds|thousands|millions)\s+of\s+thousands|tens\s+of\s+millions"
    r"|(?:dozens|scores|hundreds|thousands|millions)(?:\s+of)?|several|many|numerous|a\s+number"
    r"|a\s+few|a\s+handful"
)

_VAGUE_RE = re.compile(_VAGUE)

#: A count of people: a number, written in digits or words, or a vague
#: quantity. Used inside larger patterns, so it has no anchors.
COUNT = rf"(?:{'|'.join(_DOZENS)}|{_DIGITS}|{_WORD_NUMBER}|{_VAGUE})"

QUALIFIER = (
    r"(?:at\s+least|more\s+than|over|at\s+most|fewer\s+than|less\s+than"
    r"|about|around|almost|nearly|roughly|approximately|some|up\s+to|as\s+many\s+as"
    r"|an\s+estimated|a\s+total\s+of|another|a\s+further|an\s+additional|only|just)"
)
_QUALIFIER_NORMAL = {
    "over": "more than", "almost": "nearly", "roughly": "about", "around": "about",
    "approximately": "about", "some": "about", "as many as": "up to",
    "an estimated": "about", "fewer than": "less than",
}
_NON_QUALIFIERS = {"another", "a further", "an additional", "a total of", "only", "just"}


@dataclass(frozen=True, slots=True)
class Count:
    value: int | None
    text: str


def normalise_qualifier(text: str | None) -> str | None:
    if not text:
        return None
    q = " ".join(text.lower().split())
    if q in _NON_QUALIFIERS:
        return None
    return _QUALIFIER_NORMAL.get(q, q)


def parse_count(text: str) -> Count:
    """Turn a matched :data:`COUNT` into a number, or keep it as text."""
    raw = " ".join(text.split())
    low = raw.lower()
    if low in _DOZENS:
        return Count(_DOZENS[low], raw)
    if _VAGUE_RE.fullmatch(low):
        return Count(None, _OF_END.sub("", raw))
    m = _DIGITS_SCALE.fullmatch(low)
    if m:
        number = float(m.group(1).replace(",", ""))
        if m.group(2):
            number *= _SCALES[m.group(2)]
        return Count(int(round(number)), raw)
    return Count(_words_to_int(low), raw)


def _words_to_int(text: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for word in _WORD_SEPARATOR.split(text):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million"):
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None

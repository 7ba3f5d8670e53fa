"""The place a control change names, read out of the phrase after its verb.

A capture verb's object is often a description ("another village",
"a hill") that goes on to give the name, a relative clause's antecedent
("Dabiq, which rebels captured"), or people and things rather than ground
("a 12-year-old girl", "the city's residents"). These helpers turn the
phrase the walkers found into the place a reader would name.
"""

from __future__ import annotations

import re

from .lexicon import PARTY_NOUNS
from .phrases import Phrase, head_word, is_actor, is_place, phrase_before, place_after


_WORD = re.compile(r"[\w\-]+")
_LOCATIVE = re.compile(r"\b(?:in|near|at|inside|into|around|of|outside)\s+")
_NAME = r"[A-Z][\w’'\-]+(?:\s+(?:al-|el-|de\s+|du\s+)?(?:[A-Z][\w’'\-]+|\d+\b)){0,3}"
_KNOWN_AS = re.compile(rf"[^,.;]{{0,40}}?\b(?:known\s+as|called|named|dubbed)\s+(?:the\s+)?(?P<name>{_NAME})")
APPOSITIVE_NAME = re.compile(
    rf"(?:\s+(?:on|in|near|along)\s+(?:the\s+)?[a-z][\w\- ]{{2,30}}?)?\s*,\s*(?P<name>{_NAME})(?=\s*(?:[,.;]|$)|\s+(?:on|in|after|late|early|overnight|last|this|from|near|north|south|east|west)\b)"
)
_NOT_NAMES = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Reuters|AFP|AP)\b")
OWNED_THING = re.compile(r"[’']s\s+([a-z][\w\-]*)")
_PEOPLE = frozenset(
    "officer officers official officials commander commanders leader leaders chief journalist journalists man men woman women "
    "girl girls boy boys child children people civilian civilians idp idps staff member members worker workers student students "
    "farmer farmers driver drivers passenger passengers hostage hostages elder elders".split()
)
_LOCATIVE_TAIL = re.compile(r"\s+(?:in|near|at|from|of|outside)\s.*$", re.S)
TIME_TAIL = re.compile(
    r"(?:\s+(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|a\s+few)\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|at\s+the\s+weekend|last\s+(?:week|month|year|night)|this\s+(?:week|month|year)|nearby|(?:over\s+)?the\s+past\s+\w+"
    r"|hours|days|weeks|months|minutes))+$",
    re.I,
)


def without_adverb(place: Phrase) -> Phrase:
    """"the plain positions previously (held by X)": the adverb is not the place's."""
    m = re.search(r"\s+[a-z]+ly$", place.text)
    return Phrase(place.text[: m.start()], place.start, place.start + m.start()) if m and m.start() > 0 else place


def is_people(place: str) -> bool:
    """"a 12-year-old girl", "the administration officer in X village" are people, not places."""
    if re.search(r"\byear[- ]old\b", place, re.I):
        return True
    return head_word(_LOCATIVE_TAIL.sub("", place)) in _PEOPLE


PREPOSITION_START = re.compile(r"(?:to|in|on|at|for|with|into|by|of|from|after|during|through|across|toward|towards|past|around)\b", re.I)
_RELATIVE_END = re.compile(r"(?:,\s*|\b(?:a|an|the)\s+[\w\-]+\s+)(?:which|that)\s+$", re.I)


def relative_place(sentence: str, subject: Phrase) -> Phrase | None:
    """"Dabiq, which rebels captured", "a district that rebels seized": the
    object of the relative clause is the place it hangs from."""
    m = _RELATIVE_END.search(sentence, max(0, subject.start - 40), subject.start)
    if not m:
        return None
    head = phrase_before(sentence, m.start() if m.group().startswith(",") else m.end() - len(m.group().split()[-1]) - 1)
    if head is None:
        return None
    inner = re.search(r"\b(?:in|near|of|outside)\s+$", sentence[max(0, head.start - 10) : head.start])
    outer = phrase_before(sentence, head.start - len(inner.group())) if inner else None
    if outer and has_place_noun(outer.text):
        head = Phrase(sentence[outer.start : head.end], outer.start, head.end)  # "the dam in Aleppo province, which"
    elif not any(c.isupper() for c in head.text):
        name = re.search(rf"({_NAME}),\s+$", sentence[max(0, head.start - 60) : head.start])
        if name:  # "Jobar, a district that rebels seized"
            start = max(0, head.start - 60) + name.start(1)
            head = Phrase(name.group(1), start, start + len(name.group(1)))
    if is_place(head.text) and not is_actor(head.text) or has_place_noun(head.text):
        return head
    return None


def named_place(sentence: str, place: Phrase) -> Phrase:
    """The name a generic place phrase goes on to give: "another nearby
    village, Karmel", "a strategic hill known as Point 40"."""
    if any(c.isupper() for c in place.text):
        tail = None
    else:
        tail = APPOSITIVE_NAME.match(sentence, place.end)
    if tail is None:
        tail = _KNOWN_AS.match(sentence, place.start)
        if tail and tail.start("name") > place.end + 30:
            tail = None
    if tail is None or _NOT_NAMES.match(tail.group("name")) or is_actor(tail.group("name")):
        return place
    return Phrase(tail.group("name"), tail.start("name"), tail.end("name"))


def cleared_of(sentence: str, place: Phrase, aliases) -> tuple[Phrase, str | None]:
    """"cleared the town of X of militants": the last "of" names who was cleared out."""
    for m in reversed(list(re.finditer(r"\s+of\s+", place.text))):
        rest = place.text[m.end():]
        if is_actor(rest, aliases) and (head_word(rest) in PARTY_NOUNS or not has_place_noun(rest)):
            return Phrase(place.text[: m.start()], place.start, place.start + m.start()), rest
    return place, None


def place_before(sentence: str, pos: int) -> Phrase | None:
    """The last place named after a locative preposition before ``pos``."""
    for m in reversed(list(_LOCATIVE.finditer(sentence, 0, pos))):
        place = place_after(sentence, m.end())
        if place and place.end <= pos and is_place(place.text) and (has_place_noun(place.text) or place.text[:1].isupper() and not is_actor(place.text)):
            return place
    return None


def has_place_noun(text: str) -> bool:
    from .lexicon import PLACE_NOUNS

    return any(w in PLACE_NOUNS for w in _WORD.findall(text.lower()))

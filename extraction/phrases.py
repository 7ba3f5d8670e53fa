"""Find the noun phrases around a verb: who did it, and to which place.

English news prose puts the actor right before the verb and the place right
after it, with time phrases, attributions and relative clauses hanging off
either side. These walkers step over words from a verb outwards and stop at
the words that end a phrase, which is enough for wire copy without a parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import ACTOR_NAMES, PARTY_NOUNS, PLACE_NOUNS, SPEECH_VERBS, words

# Small patterns used inside the rules, compiled once: they run for every sentence.
_WORD_DOTTED = re.compile(r"[\w’'\-.]+")
_WORD_PLAIN = re.compile(r"[\w’'\-]+")
_POSSESSIVE_END = re.compile(r"[’']s$")
_POSSESSIVE_WORD = re.compile(r"[\w]+[’']s")
_PLACE_LIST_HEAD = re.compile(r"(?:the\s+)?(?:(?:[\w\-]+\s+)?(?:towns|villages|cities|districts|settlements|areas|neighbourhoods|neighborhoods|communities|hamlets|localities|regions|provinces|bases)\s+of\s+)?(.+?)")
_NAMED_REGIONS = re.compile(r"the\s+(.+?)\s+(regions|provinces|districts|governorates|states|oblasts)")
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_PLACE_TAIL = re.compile(r"(.+?)(\s+(?:in|near|north|south|east|west)\b.*)$")
_WORD_HYPHENATED = re.compile(r"[\w\-]+")
_SIDE_OF = re.compile(r"the (?:(?:north|south|east|west)(?:ern)? )?(?:side|bank|banks|outskirts|edge|shore|coast|road|slopes|flank) of\b")
_COUNT_START = re.compile(r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)\b")

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[’'\-.]\w+)*(?:[’']s?)?|[^\w\s]")

DETERMINERS = words("the a an its their his her our this that these those all some")
_BACK_STOPS = words(
    """
    that which who whom whose where when while after before as because since but if though
    although unless whether than so then is are was were be been being has have had would
    could should might may will shall must can not to by from on in at into onto over under
    with without against for during amid following across near around through toward
    towards upon via per said says say told nor yet also reportedly already now just
    there it he she they we you i
    """
) | frozenset(SPEECH_VERBS)
_SPEAKER_PREPS = words("for with at in from of on")
_FORWARD_STOPS = words(
    """
    on after before from by during as while when amid following with without that which
    where who whom since until late early last this overnight yesterday today tonight
    killing leaving forcing sending prompting according to for said says and in near
    outside north south east west northeast northwest southeast southwest earlier later
    but or than because if whereas despite within under into
    """
)
# Whole tokens the walkers stop at, tested by set lookup: these run for
# every token they step over, where a regex call costs several times more.
_DAY_NAMES = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_MONTH_NAMES = frozenset("January February March April June July August September October November December".split())
_QUANTIFIED = re.compile(r"(?:(?:more|less)\s+than\s+(?:half|a\s+third|a\s+quarter)|most|much|parts?|all|the\s+rest|large\s+parts|swathes|some)\s+of\s+", re.IGNORECASE)
_MULTIWORD_ACTORS = ("islamic state", "al qaeda", "boko haram", "free syrian army", "rapid support", "three brotherhood")
PRONOUNS = words("he she it they we i you him her them us")
# Stop words that modify a place when a determiner comes first: "the southwest entrance", "the last pocket".
_MODIFIER_STOPS = words("north south east west northeast northwest southeast southwest last")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=64)
def lower(text: str) -> str:
    """ASCII lower case: same length, so offsets into it hold for the text."""
    return text.translate(_ASCII_LOWER)


class Hit:
    """A match found in the lower-cased text, read from the original.

    Case-insensitive regexes are several times slower in Python's engine,
    so the hot rules scan :func:`lower` text and report the original's words.
    """

    __slots__ = ("_m", "_s")

    def __init__(self, m: re.Match[str], original: str) -> None:
        self._m, self._s = m, original

    def group(self, g: int | str = 0) -> str | None:
        a, b = self._m.span(g)
        return None if a < 0 else self._s[a:b]

    def start(self, g: int | str = 0) -> int:
        return self._m.start(g)

    def end(self, g: int | str = 0) -> int:
        return self._m.end(g)

    def span(self, g: int | str = 0) -> tuple[int, int]:
        return self._m.span(g)

    def groupdict(self) -> dict[str, str | None]:
        return {k: self.group(k) for k in self._m.groupdict()}


def scan(regex: re.Pattern[str], text: str, low: str):
    """``regex.finditer`` over the lower-cased text, as :class:`Hit` objects."""
    for m in regex.finditer(low):
        yield Hit(m, text)


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    start: int  # offsets within the string it was found in
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, len(text) if end is None else end))


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


@lru_cache(maxsize=8192)
def head_word(phrase: str) -> str:
    parts = _WORD_DOTTED.findall(phrase.lower())
    return parts[-1].rstrip(".") if parts else ""


@lru_cache(maxsize=8192)
def is_actor(phrase: str, aliases: frozenset[str] = frozenset()) -> bool:
    """Whether a phrase can name a side: a party noun, a known actor, an alias."""
    low = phrase.lower()
    if any(a in low for a in aliases) or any(a in low for a in _MULTIWORD_ACTORS):
        return True
    for w in _WORD_PLAIN.findall(low):
        w = _POSSESSIVE_END.sub("", w)
        if w in PARTY_NOUNS or w in ACTOR_NAMES or any(p in PARTY_NOUNS for p in w.split("-")[1:]):
            return True
        if "-" in w and w.split("-")[-1] in ("led", "backed", "allied", "aligned", "affiliated"):
            return True
    return False


def phrase_before(text: str, pos: int, *, speaker: bool = False, limit: int = 10) -> Phrase | None:
    """The noun phrase that ends right before ``pos``.

    With ``speaker`` the phrase may carry prepositional tails ("an official
    with the Fastaqim group"), which speaker descriptions often have.
    """
    toks = tokens(text, 0, pos)
    chosen: list[re.Match[str]] = []
    i = len(toks) - 1
    while i >= 0 and len(chosen) < (limit + 6 if speaker else limit):
        tok = toks[i]
        word = tok.group()
        low = word.lower()
        if not (word[0].isalnum()):
            break
        if low in DETERMINERS or _POSSESSIVE_WORD.fullmatch(low) and low[:-2] in ("it", "their"):
            chosen.append(tok)
            prev = toks[i - 1].group().lower() if i > 0 else ""
            if speaker and prev in _SPEAKER_PREPS:
                chosen.append(toks[i - 1])
                i -= 2
                continue
            if prev == "and" and i > 1 and _np_like(toks[i - 2].group()):
                chosen.append(toks[i - 1])
                i -= 2
                continue
            break
        if low == "and":
            if chosen and i > 0 and _np_like(toks[i - 1].group()):
                chosen.append(tok)
                i -= 1
                continue
            break
        if low == "of" or (speaker and low in _SPEAKER_PREPS):
            if chosen and i > 0 and toks[i - 1].group()[0].isalnum() and toks[i - 1].group().lower() not in _BACK_STOPS:
                chosen.append(tok)
                i -= 1
                continue
            break
        if low in _BACK_STOPS or word in _DAY_NAMES or word in _MONTH_NAMES:
            break
        if word.isdecimal() and not speaker:  # a token holds no comma: \d+ alone
            break
        chosen.append(tok)
        i -= 1
    if not chosen:
        return None
    chosen.reverse()
    while chosen and chosen[-1].group().lower() in ("of", "and", "for", "with", "at", "in", "from", "on"):
        chosen.pop()
    while chosen and chosen[0].group().lower() in ("of", "and", "for", "with", "at", "in", "from", "on"):
        chosen.pop(0)
    if not chosen:
        return None
    start, end = chosen[0].start(), chosen[-1].end()
    return Phrase(text[start:end], start, end)


def _np_like(word: str) -> bool:
    low = word.lower()
    return is_capitalised(word) or low in PARTY_NOUNS or low in ACTOR_NAMES


def place_after(text: str, pos: int, *, limit: int = 14) -> Phrase | None:
    """The place phrase that starts at ``pos``: "the town of X, ..." -> "the town of X"."""
    toks = tokens(text, pos)
    chosen: list[re.Match[str]] = []
    i = 0
    lead = _QUANTIFIED.match(text, pos)
    if lead:
        while i < len(toks) and toks[i].start() < lead.end():
            chosen.append(toks[i])
            i += 1
    while i < len(toks) and len(chosen) < limit:
        tok = toks[i]
        word = tok.group()
        low = word.lower()
        nxt = toks[i + 1].group() if i + 1 < len(toks) else ""
        if not word[0].isalnum():
            if word in ("-",) and chosen:
                chosen.append(tok)
                i += 1
                continue
            if word == "," and chosen and _list_continues(toks, i):
                chosen.append(tok)
                i += 1
                continue
            break
        if low in _FORWARD_STOPS and chosen and not (low in _MODIFIER_STOPS and chosen[-1].group().lower() in DETERMINERS):
            take = _continues_place(low, toks, i)
            if take:
                chosen.extend(toks[i : i + take])
                i += take
                continue
            break
        if word in _DAY_NAMES or (word in _MONTH_NAMES and not chosen):
            break
        if chosen and nxt.lower() == "by" and (low.endswith(("ed", "en")) or low in ("quit", "held", "run", "overrun", "hit", "won", "lost", "shut", "left")):
            break  # a reduced relative: "areas quit by rebels"
        if chosen and not is_capitalised(word) and low.endswith(("ed", "ing")) and low not in PLACE_NOUNS and (
            nxt.lower() in ("by", "in", "on", "after", "during", "from", "with", "to", "at", "")
            or not nxt[:1].isalnum()
        ):
            break
        if low in SPEECH_VERBS and chosen:
            break
        chosen.append(tok)
        i += 1
    while chosen and chosen[-1].group().lower() in DETERMINERS | {"of", "and", "in", "near", "-", "outside"}:
        chosen.pop()
    if not chosen:
        return None
    start, end = chosen[0].start(), chosen[-1].end()
    return Phrase(text[start:end], start, end)


def _list_continues(toks: list[re.Match[str]], i: int) -> bool:
    """"Shire, Alamata and Korem": a comma inside a list of names."""
    rest = [t.group() for t in toks[i + 1 : i + 8]]
    if not rest or not is_capitalised(rest[0]):
        return False
    for k, w in enumerate(rest[1:], 1):
        if w in (",",) or is_capitalised(w):
            continue
        return w.lower() in ("and", "or") and k + 1 < len(rest) and is_capitalised(rest[k + 1])
    return False


def split_places(place: str) -> list[str]:
    """"the towns of Shire, Alamata and Korem" -> ["Shire", "Alamata", "Korem"]."""
    m = _PLACE_LIST_HEAD.fullmatch(place)
    body = m.group(1) if m else place
    m2 = _NAMED_REGIONS.fullmatch(body)
    suffix = ""
    if m2:
        body, suffix = m2.group(1), ""
    parts = [p.strip() for p in _LIST_SEPARATOR.split(body) if p.strip()]
    tail = _PLACE_TAIL.match(parts[-1]) if parts else None
    if tail:
        parts[-1] = tail.group(1)
    if len(parts) < 2 or not all(p[:1].isupper() and len(p.split()) <= 4 for p in parts):
        return [place]
    return [p + suffix for p in parts]


def _continues_place(low: str, toks: list[re.Match[str]], i: int) -> int:
    """How many tokens from ``i`` still belong to the place phrase (0: none).

    Prepositions usually end a place phrase, but "A and B", "X in Y
    province", "the town north of Z" and "on the east side of" go on.
    """
    rest = [t.group() for t in toks[i + 1 : i + 6]]
    if not rest:
        return 0
    first = rest[0]
    if low == "and":
        if not is_capitalised(first) or first in _DAY_NAMES:
            return 0
        # "A and B" joins places; "A and Russian forces entered" starts a clause.
        tail = " ".join(rest[:3]).lower()
        return 0 if any(w in PARTY_NOUNS for w in _WORD_HYPHENATED.findall(tail)) else 1
    if low in ("in", "near", "outside"):
        target = rest[1] if first.lower() == "the" and len(rest) > 1 else first
        ok = is_capitalised(target) and target not in _DAY_NAMES and target not in _MONTH_NAMES
        return 1 if ok else 0
    if low == "on":
        joined = " ".join(rest[:4]).lower()
        m = _SIDE_OF.match(joined)
        return 1 + len(m.group().split()) if m else 0
    if low in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"):
        return 2 if first.lower() == "of" and len(rest) > 1 and is_capitalised(rest[1]) else 0
    return 0


@lru_cache(maxsize=8192)
def is_place(phrase: str) -> bool:
    """Whether a phrase after a capture verb is a place and not loot or people."""
    low = phrase.lower()
    toks = _WORD_DOTTED.findall(phrase)
    if not toks:
        return False
    head = head_word(phrase)
    if head in PARTY_NOUNS or head in ("people", "civilians", "prisoners", "hostages", "weapons", "equipment", "power", "control", "title", "lead", "initiative"):
        return False
    if _COUNT_START.match(low) and head not in PLACE_NOUNS:
        return False
    for w in _WORD_HYPHENATED.findall(low):
        if w in PLACE_NOUNS:
            return True
    return any(is_capitalised(t) and t.lower() not in DETERMINERS for t in toks)

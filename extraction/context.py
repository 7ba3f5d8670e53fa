"""What a reader remembers while reading a report: who spoke last, which
person and which organisation were named last, and the full names that
short forms ("the Observatory", "he", "it said") stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import ACTOR_NAMES, DAY_WORDS, MONTHS, words
from .phrases import PRONOUNS, head_word

# Small patterns used inside the rules, compiled once: they run for every sentence.
_CAPITALISED_WORD = re.compile(r"[A-Z][\w’'\-]+")
_ACRONYM = re.compile(r"(?:the\s+)?[A-Z]{2,6}")
_ONE_NAME = re.compile(r"(?:[Tt]he\s+)?[A-Z][a-z]+")
_HAS_CAPITAL = re.compile(r"\b[A-Z]")
_SENTENCE_SUBJECT = re.compile(r"\s*((?:[\w’'\-.]+\s+){0,7}?[\w’'\-.]+)\s+(?:has\s+|have\s+|had\s+|also\s+|on\s+\w+day\s+)?(?:\w+ed|is|was|are|were|said|says|met|will|would|began|sent|made|took|spoke|told|gave|held|flew|went|came|left|wrote|led|stood|sat|ran|won|lost|brought|sought)\b")
_DATELINE_LEAD = re.compile(r"[A-Z]{3,}(?:/[A-Z]{3,})*(?:,\s*[A-Z][a-z]+)?\s*(?:\([A-Za-z.]+\)\s*)?(?:[–—-]\s*)?(?=(?:The|A|An)\s)")
_APPOSITIVE_NAME = re.compile(r"\s*[^,]{2,60},\s+((?:[A-Z][\w’'\-.]*\s+|(?:al|bin|ibn|de|van|von|el|abu)\s+){1,6}[A-Z][\w’'\-]*)\s*,\s+(?:has\s+|had\s+|also\s+)?[a-z]")
_LEAD_BEFORE_COMMA = re.compile(r"\s*([^,]{2,60}),")
_NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-.]*|of|for|the|and)(?:\s+(?:[A-Z][\w’'\-.]*|of|for|the|and))+")
# Connectors and a time word before a name ("On Friday Russia said"): no part of it.
_NAME_LEAD_CONNECTORS = re.compile(rf"^(?:(?:of|for|the|and|The|On|In|By|{DAY_WORDS}|{MONTHS})\s+)+")
_NAME_TRAIL_CONNECTORS = re.compile(r"(?:\s+(?:of|for|the|and))+$")
_SHORT_NAME = re.compile(r"(the\s+)?([A-Z][\w\-]+)")
_POSSESSIVE_PHRASE = re.compile(r"(his|her|its|their)\s+(.+)", re.IGNORECASE)
_NAMES_LOOKBACK = 200  # sentences searched back for a short form's full name
_DOCUMENT_SUFFIX = re.compile(r"\s+(?:statement|communique|communiqué|bulletin|announcement)$")

_ORG_WORDS = words(
    """
    council ministry committee observatory organisation organization agency group office
    department mission nations union front command cross crescent icrc un u.n. nato
    kremlin government administration army military forces alliance coalition movement
    party authority authorities bureau service services centre center commission
    team delegation programme program fund state watch international rights
    secretariat embassy court parliament assembly house unicef unhcr ocha wfp who msf
    brigade brigades battalion network institute foundation programme program media
    television radio station channel
    """
)
_OFFICE_OF = re.compile(r"(?:(?:the|a|an)\s+)?(?:[\w\-]+\s+)?([\w\-]+)\s+of\s")
# Armed movements named as such ("the Afghan Taliban"): an organisation that issues statements.
_ARMED_MOVEMENTS = words("taliban hezbollah hamas houthis daesh isis isil")
_PERSON_HEADS = words(
    """
    official officials minister president spokesman spokeswoman spokesperson secretary
    secretary-general commander general envoy ambassador coordinator leader negotiator
    chief premier chancellor king emir colonel major captain lieutenant officer diplomat
    mayor governor man woman resident witness doctor source adviser advisor aide deputy
    director head representative member lawmaker senator analyst expert
    """
)
_TITLES = re.compile(
    r"^(?:(?:U\.?N\.?|U\.?S\.?|UN|US|EU|NATO|[A-Z][a-z]+(?:n|ese|ian|ish|i)|Syria[’']s|[A-Z][a-z]+[’']s)\s+)?"
    r"(?:(?:Foreign|Defence|Defense|Interior|Prime|Deputy|Vice|Chief|Acting|Senior|Former)\s+)*"
    r"(?:President|Minister|Secretary(?:[- ]General)?|Secretary|General|Gen\.|Colonel|Col\.|Lt\.?|Major|Maj\.|Captain|Capt\.|"
    r"Ambassador|Envoy|Spokesman|Spokeswoman|Commander|Chancellor|King|Emir|Sheikh|Dr\.|Mr\.|Mrs\.|Ms\.|Premier|Governor|Mayor|Senator|Speaker|Chief|Leader)"
    r"(?:\s+(?:of\s+)?(?:Foreign\s+Affairs|Defen[cs]e|State|Staff))?\s+"
)


# Plural heads: "they" may stand for them, "he" never does.
_GROUP_HEADS = words(
    """
    officials leaders diplomats negotiators ministers members representatives envoys
    sources spokesmen lawmakers senators commanders authorities governments
    """
)
_NOT_NAMES = words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december on in at after
    before when while but and the a an this that these those there it its
    """
)

_PARTICLES = ("al", "bin", "ibn", "de", "van", "von", "el", "abu", "da", "di", "du", "la", "le", "ould", "wad")


@lru_cache(maxsize=8192)
def is_person_name(phrase: str) -> bool:
    """Two to five capitalised words that are not an organisation or place."""
    toks = phrase.split()
    if not 2 <= len(toks) <= 5:
        return False
    if toks[0].lower() in ("the", "a", "an") or not toks[0][:1].isupper():
        return False
    if any(t.lower().strip(".,") in _ORG_WORDS or t.lower() in _NOT_NAMES for t in toks):
        return False
    return all(t[:1].isupper() or t.lower() in _PARTICLES or t.lower().split("-")[0] in _PARTICLES for t in toks)


@lru_cache(maxsize=8192)
def split_title(phrase: str) -> tuple[str, str | None]:
    """"U.N. Secretary General Ban Ki-moon" -> ("Ban Ki-moon", "U.N. Secretary General").

    Also "army spokesman Nabil Abdallah": a role ending in a person's name.
    """
    m = _TITLES.match(phrase)
    if m and (is_person_name(phrase[m.end():]) or _CAPITALISED_WORD.fullmatch(phrase[m.end():])):
        return phrase[m.end():], phrase[: m.end()].strip()
    toks = phrase.split()
    for k in range(max(1, len(toks) - 4), len(toks) - 1):
        name = " ".join(toks[k:])
        role = " ".join(toks[:k])
        if is_person_name(name) and not toks[k - 1][:1].isupper() or (
            is_person_name(name) and toks[k - 1].lower().strip(".") in _PERSON_HEADS | {"dr", "gen", "col", "lt", "maj", "capt", "sheikh", "crown", "prince"}
        ):
            if role.lower().strip() in ("the", "a", "an"):
                break
            return name, role
    return phrase, None


@lru_cache(maxsize=8192)
def is_person(phrase: str) -> bool:
    name, _ = split_title(phrase)
    if is_person_name(name):
        return True
    return head_word(phrase) in _PERSON_HEADS


@lru_cache(maxsize=8192)
def is_organisation(phrase: str) -> bool:
    low = phrase.lower()
    office = _OFFICE_OF.match(low)
    if office and office.group(1) in _PERSON_HEADS:
        return False  # "head of a feared network" is a person, whatever the network
    head = head_word(phrase)
    if head in _ORG_WORDS or head in _ARMED_MOVEMENTS:
        return True
    if _ACRONYM.fullmatch(phrase.strip()):
        return True
    return bool(_ONE_NAME.fullmatch(phrase.strip())) and low not in PRONOUNS and low not in _NOT_NAMES


@lru_cache(maxsize=4096)
def _name_runs(sentence: str) -> tuple[str, ...]:
    """The capitalised multi-word names in a sentence, in order. Memoised:
    a pure function of the sentence, and wire copy repeats its sentences."""
    return tuple(
        name for name in (_NAME_TRAIL_CONNECTORS.sub("", _NAME_LEAD_CONNECTORS.sub("", m.group().strip())) for m in _NAME_RUN.finditer(sentence))
        if name[:1].isupper() and len(name.split()) >= 2
    )

@lru_cache(maxsize=4096)
def _opening_subject(sentence: str) -> tuple[str | None, bool]:
    """The phrase a sentence opens with as its subject, and whether it is a
    full subject (before a verb) rather than a lead before a comma.
    Memoised: a pure function of the sentence, read for every sentence."""
    dateline = _DATELINE_LEAD.match(sentence)
    if dateline:
        sentence = sentence[dateline.end() :]  # "KABUL/PESHAWAR, Pakistan The Taliban named ...": the subject follows
    m = _SENTENCE_SUBJECT.match(sentence)
    if m:
        return m.group(1), True
    lead = _LEAD_BEFORE_COMMA.match(sentence)
    return (lead.group(1) if lead else None), False

@dataclass
class Memory:
    """The discourse state used to resolve pronouns and short names."""

    last_person: str | None = None
    last_org: str | None = None
    last_speaker: str | None = None
    last_actor: str | None = None
    last_place: str | None = None
    last_group: str | None = None
    people: dict[str, str] = field(default_factory=dict)  # a surname -> the full name it stands for
    read: list[str] = field(default_factory=list)
    _parsed: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _expanded: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def note_place(self, place: str) -> None:
        if place[:1].isupper() or _HAS_CAPITAL.search(place):
            self.last_place = place

    def note_subject(self, sentence: str) -> None:
        """An organisation opening a sentence is what a later "it" means."""
        subject, full = _opening_subject(sentence)
        if not subject or subject.lower() in PRONOUNS:
            return
        name, role = split_title(subject)
        if name in self.people:
            self.last_person = self.people[name]
        elif is_person_name(name) or (role and _CAPITALISED_WORD.fullmatch(name)):
            self.last_person = name
            self.note_person(name)
            if role:
                self.roles.setdefault(name, role)
        elif full and head_word(subject) in _GROUP_HEADS:
            self.last_group = subject
        elif full and is_organisation(subject):
            self.last_org = subject
        elif not full and head_word(subject) in _PERSON_HEADS:
            # "Qatar's prime minister, Sheikh Mohammed Al Thani, met ...": the name between the commas is the office-holder.
            named = _APPOSITIVE_NAME.match(sentence)
            person = named.group(1) if named else ""
            core = [t for t in person.split() if t.lower() not in _PARTICLES]
            if named and (is_person_name(person) or 2 <= len(core) <= 5 and is_person_name(" ".join(core))):
                self.last_person = person
                self.note_person(person)
                self.roles.setdefault(person, subject)

    def note_person(self, name: str) -> None:
        """Remember a full name, so that its surname alone means this person."""
        if is_person_name(name):
            toks = name.split()
            self.people[toks[-1]] = name
            self.people.setdefault(toks[0], name)  # "Zeid" for Zeid Ra'ad al Hussein
            if "-" in toks[-1] and toks[-1].split("-")[0].lower() in _PARTICLES:
                self.people[toks[-1].split("-", 1)[1]] = name  # "Jubeir" for Adel al-Jubeir

    def person(self, word: str) -> str | None:
        """The full name a surname stands for, if one was read."""
        word = word.strip()
        found = self.people.get(word)
        if found is None and " " in word and all(t.lower() in _PARTICLES for t in word.split()[:-1]):
            found = self.people.get(word.split()[-1])  # "de Mistura"
        return found

    def note_names(self, sentence: str) -> None:
        """Keep the sentence: its names are read only if a short form needs them."""
        self.read.append(sentence)

    def _names(self, stop: int = 0):
        """Capitalised multi-word names, most recent first (each sentence
        is parsed once, and only when some short form asks), down to
        sentence ``stop``.

        Only the last ``_NAMES_LOOKBACK`` sentences are searched: a short form
        asked for in every sentence of a huge report would otherwise make
        reading it quadratic."""
        for i in range(len(self.read) - 1, max(stop, len(self.read) - _NAMES_LOOKBACK) - 1, -1):
            found = self._parsed.get(i)
            if found is None:
                found = self._parsed[i] = _name_runs(self.read[i])
            yield from reversed(found)

    def expand(self, phrase: str) -> str:
        """"the Observatory" -> "the Syrian Observatory for Human Rights"."""
        m = _SHORT_NAME.fullmatch(phrase.strip())
        if not m:
            return phrase
        word = m.group(2)
        if word.isupper():
            return phrase  # an acronym is a name already ("UNESCO", not "UNESCO World Heritage")
        # What a word expanded to is kept, and only sentences read since are searched again.
        seen, found = self._expanded.get(word, (0, None))
        for name in self._names(seen):
            if word in name.split() and name != word and not is_person_name(name):
                found = name
                break
        self._expanded[word] = (len(self.read), found)
        return (m.group(1) or "") + found if found else phrase

    def place_before(self, find) -> str | None:
        """The last place ``find`` names in what was read, or the last event's."""
        for sentence in reversed(self.read[-3:]):
            place = find(sentence)
            if place:
                return place
        return self.last_place

    def resolve(self, phrase: str) -> str | None:
        """A speaker or actor phrase with pronouns and short forms resolved.

        Returns None when a pronoun has no antecedent: a pronoun is never
        an answer.
        """
        text = phrase.strip()
        low = text.lower()
        if low in ("he", "she", "him", "her"):
            return self.last_person
        if low == "they":
            return self.last_group or self.last_org or self.last_actor
        if low == "it":
            return self.last_org or self.last_actor
        if low in ("we", "i", "you", "us"):
            return None
        m = _POSSESSIVE_PHRASE.fullmatch(text)
        if m:
            owner = self.last_person if m.group(1).lower() in ("his", "her") else self.last_org
            return f"{owner}’s {m.group(2)}" if owner else text
        if low in ("the statement", "a statement", "the communique", "the communiqué", "the message", "the letter"):
            return self.last_org or self.last_speaker
        if text in self.people:
            return self.people[text]
        text = _DOCUMENT_SUFFIX.sub("", text)
        return self.expand(text)

    def note_speaker(self, speaker: str, role: str | None = None) -> None:
        self.last_speaker = speaker
        if role:
            self.roles.setdefault(speaker, role)
        if speaker in self.people:
            self.last_person = self.people[speaker]
        elif _ONE_NAME.fullmatch(speaker) and speaker.lower() not in ACTOR_NAMES:
            # A single capitalised word that speaks is mostly a surname ("Putin said").
            self.last_person = speaker
        elif head_word(speaker) in _GROUP_HEADS:
            self.last_group = speaker
        elif is_person(speaker):
            self.note_person(split_title(speaker)[0])
            name, _ = split_title(speaker)
            self.last_person = name if is_person_name(name) else speaker
        elif is_organisation(speaker):
            self.last_org = speaker

    def note_actor(self, actor: str) -> None:
        if actor.lower() not in PRONOUNS:
            self.last_actor = actor
            if is_organisation(actor):
                self.last_org = actor

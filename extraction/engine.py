"""Read a report from start to end and turn what it states into events.

Reading in order matters: "he said" and "it said in a statement" point at
whoever was named before, so one pass keeps the discourse state
(:class:`~sitrep.extraction.context.Memory`) while each rule module reads a unit
(a sentence, or several when a quotation spans them).

A fact stated several times in one report (headline, lede and body) yields
one event per statement, each with its own evidence and source: a
headline and a later paragraph may differ in who is credited. The
dashboard folds events that agree on their facts
(:func:`sitrep.domain.models.fold_key`).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from functools import lru_cache

from sitrep.domain.models import Casualty, ControlChange, Displacement, Event, Profile, Statement

from .attribution import Attribution, find_attributions
from .casualties import find_casualties
from .context import Memory
from .control import find_control
from .dates import date_resolver
from .displacement import find_displacement
from .lexicon import WHEN
from .parties import PartyResolver
from .phrases import is_actor, lower, split_places
from .sentences import Sentence, split_sentences
from .statements import find_statements

MAX_TEXT = 400_000  # characters read from one report; the rest is ignored
# The per-report work bound: at most this many sentences (or quotation
# units) are read, and reading stops once this much time has passed, so no
# entry can hold a poll past its limits whatever a rule's worst case is.
MAX_UNITS = 5_000
MAX_SECONDS = 5.0
MAX_EVIDENCE = 600
# The lookahead holds the letters a time phrase starts with ("late", "on",
# "Monday", ...): other words are turned away before WHEN is tried.
_WHEN_RE = re.compile(rf"\b(?=[abdefilmnostuwy]){WHEN.lower()}\b")


def extract(text: str, profile: Profile | None = None, *, published: datetime | None = None) -> list[Event]:
    """Every event the report states, in reading order.

    ``published`` is when the report came out: each event's ``when``
    ("Monday") is resolved against it into ``date`` ("2016-12-12").
    """
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:MAX_TEXT]
    parties = PartyResolver(profile)
    memory = Memory()
    events: list[Event] = []
    previous_speaker: str | None = None
    previous_paragraph = -1
    date_of = date_resolver(published)
    deadline = time.monotonic() + MAX_SECONDS
    for unit in _units(split_sentences(text))[:MAX_UNITS]:
        if time.monotonic() > deadline:
            break
        sentence = unit.text
        if len(sentence) > 4000:
            continue  # not prose: a table, a list of links, a dump
        attributions = find_attributions(sentence)
        source_of = _sources(sentence, attributions, memory)

        def subject_for(pos: int, pronoun: str) -> str | None:
            return source_of(pos) if pronoun.lower() in ("they", "it", "we") else None

        # Facts first: speech whose substance is these facts is no statement.
        control = sorted(find_control(sentence, parties.aliases, memory.last_actor, subject_for), key=lambda f: f.place.start)
        displaced = find_displacement(sentence)
        taken = [d.number_span for d in displaced]
        casualties = [f for f in find_casualties(sentence) if not any(s <= f.number_span[0] < e for s, e in taken)]
        positions = [f.verb_start for f in control] + [f.pos for f in displaced] + [f.pos for f in casualties]

        statements, heard = find_statements(
            sentence, attributions, memory, previous_speaker if unit.paragraph - previous_paragraph in (0, 1) else None, positions
        )
        if statements or control or displaced or casualties:
            # Most sentences state no event: their time phrase is never looked for.
            when = _when(sentence)
            date = date_of(when) if when else None
            evidence, start, end = _evidence(unit)
        for fact in statements:
            events.append(Statement(
                evidence=evidence, start=start, end=end, when=when, date=date, rule=fact.rule,
                speaker=fact.speaker, speaker_role=fact.role, quote=fact.quote[:MAX_EVIDENCE],
                direct=fact.direct, topic=fact.topic,
            ))
        if statements:
            previous_speaker = statements[-1].speaker
        elif heard:
            previous_speaker = None

        here: str | None = None  # a place named by an earlier event in this sentence
        for fact in control:
            for place in _places(fact.place.text, sentence[: fact.place.start], memory, here):
                if place[:1].isupper():
                    here = place
                events.append(ControlChange(
                    evidence=evidence, start=start, end=end, source=source_of(fact.verb_start),
                    when=when, date=date, rule=fact.rule, place=place, action=fact.action,
                    gainer=fact.gainer, loser=fact.loser,
                    party_gainer=parties.party(fact.gainer), party_loser=parties.party(fact.loser),
                ))
                memory.note_place(place)
            memory.note_actor(fact.gainer or fact.loser or "")

        for fact in displaced:
            events.append(Displacement(
                evidence=evidence, start=start, end=end, source=source_of(fact.pos), when=when,
                date=date, rule=fact.rule, count=fact.count.value, count_text=fact.count.text,
                qualifier=fact.qualifier, who=fact.who, origin=fact.origin, destination=fact.destination,
            ))
        for fact in casualties:
            events.append(Casualty(
                evidence=evidence, start=start, end=end, source=source_of(fact.pos), when=when,
                date=date, rule=fact.rule, count=fact.count.value, count_text=fact.count.text,
                qualifier=fact.qualifier, status=fact.status, victims=fact.victims,
                includes=fact.includes, cause=fact.cause, place=fact.place, cumulative=fact.cumulative,
            ))

        memory.note_subject(sentence)  # before the speakers: who spoke outranks who stood first
        for speaker, role in heard:
            memory.note_speaker(speaker, role)
        memory.note_names(sentence)
        previous_paragraph = unit.paragraph
    return events


_DEFINITE_PLACE = re.compile(
    r"(?:the|this|that)\s+(?:(?:key|strategic|besieged|embattled|northern|southern|eastern|western|frontline|border|port|regional|provincial|coastal|mining|small|main)\s+)*"
    r"(?:city|town|village|base|airbase|air\s+base|airport|district|area|enclave|pocket|stronghold|settlement|hub|capital|bridge|crossing|camp|garrison\s+town|port)",
    re.IGNORECASE,
)
_NAMED_PLACE = re.compile(r"\b(?:in|of|from|near|at|into|outside|around|on)\s+((?:[A-Z][\w’'\-]+)(?:\s+(?:al-|el-)?[A-Z][\w’'\-]+){0,2})")
_NOT_PLACES = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Reuters|AFP|the|The)\b")


def _places(place: str, before: str, memory: Memory, here: str | None = None) -> list[str]:
    """The places a place phrase names: lists split, "the city" resolved."""
    if _DEFINITE_PLACE.fullmatch(place):
        named = here or _named_place(before) or memory.place_before(_named_place)
        return [named] if named else [place]
    return split_places(place)


def _named_place(text: str) -> str | None:
    """The last proper name after a locative preposition in ``text``."""
    for m in reversed(list(_NAMED_PLACE.finditer(text))):
        name = m.group(1)
        if _NOT_PLACES.match(name) or is_actor(name, frozenset()):
            continue
        return name
    return None


def _units(sentences: list[Sentence]) -> list[Sentence]:
    """Join sentences while a quotation is open, so a quote and its
    attribution ("..., he said") are read together."""
    units: list[Sentence] = []
    i = 0
    while i < len(sentences):
        first = sentences[i]
        last = first
        j = i
        while _open_quote(first.text if j == i else _text_between(sentences, i, j)) and j + 1 < len(sentences) \
                and sentences[j + 1].paragraph == first.paragraph and j - i < 6:
            j += 1
            last = sentences[j]
        text = _text_between(sentences, i, j)
        units.append(Sentence(text, first.start, last.end, first.paragraph, first.index))
        i = j + 1
    return units


def _text_between(sentences: list[Sentence], i: int, j: int) -> str:
    parts = [sentences[i].text]
    for k in range(i + 1, j + 1):
        gap = sentences[k].start - sentences[k - 1].end
        parts.append(" " * max(gap, 1) + sentences[k].text)
    return "".join(parts)


def _open_quote(text: str) -> bool:
    if text.count("“") > text.count("”"):
        return True
    return text.count('"') % 2 == 1


def _evidence(unit: Sentence) -> tuple[str, int, int]:
    if len(unit.text) <= MAX_EVIDENCE:
        return unit.text, unit.start, unit.end
    cut = unit.text[:MAX_EVIDENCE]
    return cut, unit.start, unit.start + len(cut)


@lru_cache(maxsize=4096)
def _when(sentence: str) -> str | None:
    """The time phrase of a sentence ("on Monday"), memoised: it is a pure
    function of the sentence, and wire copy repeats its sentences."""
    m = _WHEN_RE.search(lower(sentence))
    if not m:
        return None
    return re.sub(r"^(?:on|in|at|by)\s+", "", sentence[m.start() : m.end()], flags=re.I)


def _sources(sentence: str, attributions: list[Attribution], memory: Memory):
    """A function from a position in the sentence to who claims it.

    Speakers are resolved on the first question only: most sentences
    have no event that needs a source.
    """
    resolved: list[tuple[Attribution, str]] | None = None

    def source_of(pos: int) -> str | None:
        nonlocal resolved
        if resolved is None:
            resolved = [(a, s) for a in attributions if (s := memory.resolve(a.speaker.text))]
        best = None
        for a, speaker in resolved:
            if a.content_start <= pos < a.content_end and not (a.speaker.start <= pos < a.speaker.end):
                if best is None or (a.content_end - a.content_start) < (best[0].content_end - best[0].content_start):
                    best = (a, speaker)
        return best[1] if best else None

    return source_of

"""The sides of a control change: who gained and who lost a place.

Wire copy names a side before its verb with everything that can hang off a
noun phrase: datelines, time phrases, reduced relatives ("forces backed by
U.S. air strikes"), locations ("rebels in eastern Ukraine"), possessives
("its fighters") and pronouns ("when they pulled out"). These helpers find
the phrase that names the side, and the side a preposition introduces
("from the rebels", "by the army").
"""

from __future__ import annotations

import re

from .control_places import APPOSITIVE_NAME, has_place_noun
from .lexicon import PARTY_NOUNS
from .phrases import Phrase, head_word, is_actor, lower, phrase_before, scan, tokens


_OWNER_START = re.compile(r"(?:its|their|allied)\b")
_HOLDER = re.compile(
    r"\b(?P<holder>(?!been\b|being\b|was\b|were\b|is\b|are\b|had\b|has\b)[\w\-]+)[\s-](?:held|controlled|dominated|besieged)\b|\b(?:held|controlled|abandoned|quit|vacated|evacuated|defended)\s+by\s+(?P<agent>\w)"
    r"|\b(?P<owner>rebel|insurgent|opposition|jihadist|militant|government|regime|army)\s+(?:pocket|enclave|stronghold|bastion|territory|areas?|positions?)",
)
_REDUCED_RELATIVE = re.compile(
    r"\b(?:\w+ing\s+(?:on|upon|toward|towards|against|into|near|around|in|from)|[\w\-]+(?:ed|en)\s+by|loyal\s+to|allied\s+(?:to|with)|close\s+to|linked\s+to)\s+$", re.I
)
_LOCATED_IN = re.compile(r"\b(?:in|from|of|at)\s+$", re.I)
_OWNED = re.compile(r"(its|their|our)\s+\S", re.I)
_EQUIPMENT = frozenset("convoy convoys vehicle vehicles truck trucks tank tanks jet jets warplane warplanes aircraft helicopter helicopters drone drones ship ships boat boats vessel vessels patrol patrols".split())
_BARE_SIDE = re.compile(r"the\s+(?P<head>forces|troops|army|rebels|militants|fighters|soldiers|insurgents|jihadists|militia|militiamen)", re.I)
_SUBORDINATOR_END = re.compile(r"\b(?:when|after|as|because|before|until|since|once|where|while)\s+$", re.I)
PARTY_WORD = re.compile(r"\b(?:" + "|".join(sorted(PARTY_NOUNS, key=len, reverse=True)) + r")\b", re.I)


def actor_before(sentence: str, pos: int, aliases) -> str | None:
    """"IS fighters retreated when they pulled out of X": in a subordinate
    clause "they" is the nearest side named before it in the sentence."""
    if not _SUBORDINATOR_END.search(sentence, 0, pos):
        return None
    for m in reversed(list(PARTY_WORD.finditer(sentence, 0, pos))):
        phrase = phrase_before(sentence, m.end())
        if phrase and is_actor(phrase.text, aliases):
            return phrase.text
    return None


SIDE_LEAD = re.compile(
    r"^(?:[A-Z]{3,}(?:\s+[A-Z]{3,})*\s+(?=[A-Z][a-z])"  # a dateline: "BAGHDAD Iraqi forces"
    r"|UPDATE\s+\d+\s*-\s*"  # a wire headline's revision mark
    r"|(?:Earlier|Later)\s+(?:this|last|that)\s+\w+\s*,?\s+|(?:Last|This)\s+(?:week|month|year)\s*,?\s+)"
)


def antecedent(subject: str, last_actor: str | None) -> str:
    """"the forces" after "Security forces entered ...": the side named before."""
    m = _BARE_SIDE.fullmatch(subject)
    if m and last_actor and last_actor.lower() != subject.lower() and head_word(last_actor) == m.group("head").lower():
        return last_actor
    return subject


def widen(sentence: str, phrase: Phrase) -> Phrase:
    """A phrase cut at a hyphen ("backed government" of "the U.N.-backed
    government"), widened back to the whole word and its determiner."""
    start = sentence.rfind(" ", 0, phrase.start) + 1
    det = re.search(r"\b(?:the|a|an)\s+$", sentence[max(0, start - 5) : start], re.I)
    if det:
        start -= len(det.group())
    return Phrase(sentence[start : phrase.end], start, phrase.end)


def relative_head(sentence: str, subject: Phrase) -> Phrase | None:
    """"Forces advancing on the city of X retook ...": the subject is the
    phrase before the participle, not the place it advances on."""
    m = _REDUCED_RELATIVE.search(sentence, max(0, subject.start - 40), subject.start)
    if m and m.end() == subject.start:
        return phrase_before(sentence, m.start())
    m = _LOCATED_IN.search(sentence, max(0, subject.start - 6), subject.start)
    if m and m.end() == subject.start:  # "Rebels in eastern Ukraine captured"
        head = phrase_before(sentence, m.start())
        if head and head_word(head.text) in PARTY_NOUNS:
            return Phrase(sentence[head.start : subject.end], head.start, subject.end)
    return None


def owner_side(subject: str | None, pos: int, resolve) -> str | None:
    """"The group said its fighters took X": the possessor is the side."""
    if not subject or not resolve:
        return subject
    m = _OWNED.match(subject)
    if not m:
        return subject
    owner = resolve(pos, {"its": "it", "their": "they", "our": "we"}[m.group(1).lower()])
    return owner or subject


def is_equipment(subject: str) -> bool:
    """Convoys, jets and patrols pass through places; they do not take them."""
    return head_word(subject) in _EQUIPMENT


def side_after(sentence: str, pos: int, prep: str, aliases) -> str | None:
    """A party right after ``pos`` introduced by ``prep`` ("from rebels")."""
    m = re.match(rf"\s*(?:\([^()]{{0,80}}\)\s*)?(?:,\s*)?(?:(?:on|late\s+on|early\s+on)\s+\w+\s+)?{prep}\s+", sentence[pos:], re.IGNORECASE)
    if not m:
        return None
    start = pos + m.end()
    end = np_end(sentence, start)
    phrase = phrase_before(sentence, end)
    if phrase and phrase.start > start and not any(c.isspace() for c in sentence[start : phrase.start]):
        phrase = Phrase(sentence[start:end], start, end)  # "U.S.-backed fighters"
    if phrase and phrase.start >= start and is_actor(phrase.text, aliases):
        return phrase.text
    return None


_NP_STOPS = frozenset(
    "on in at after during from to by with as while that who which late early overnight last this and since following "
    "amid when before until near around north south east west northeast northwest southeast southwest "
    "was were is are has have had said says within without despite under".split()
)
_ADJECTIVES_IN_ED = frozenset("armed allied united unidentified suspected unnamed organised organized".split())


def np_end(sentence: str, start: int) -> int:
    """Where a party phrase starting at ``start`` ends."""
    end = start
    for tok in tokens(sentence, start):
        word = tok.group()
        if word == "-" and sentence[tok.end() : tok.end() + 1].isalnum():
            end = tok.end()  # "U.S.-backed fighters"
            continue
        if not word[0].isalnum() and word not in ("’s", "'s"):
            break
        if end > start and word.islower() and word.endswith("ed") and word not in _ADJECTIVES_IN_ED and sentence[tok.start() - 1] != "-":
            break  # "to Tuareg rebels humiliated the junta": a verb ends the side
        if word.lower() in _NP_STOPS:
            if word.lower() == "and" and end > start:
                nxt = sentence[tok.end():].lstrip()
                if nxt[:1].isupper() or _OWNER_START.match(nxt):
                    end = tok.end()
                    continue
            break
        end = tok.end()
    return end


def holder_of(text: str, aliases) -> str | None:
    """The side a place phrase says held it: "rebel-held", "abandoned by rebels"."""
    for m in scan(_HOLDER, text, lower(text)):
        holder = m.group("holder") or m.group("owner")
        if m.group("agent"):
            start = m.start("agent")
            phrase = phrase_before(text, np_end(text, start))
            holder = phrase.text if phrase and phrase.start >= start else None
        if holder and is_actor(holder, aliases):
            return holder
    return None


_LEAD_VERB = re.compile(
    r"\s*(?P<np>(?:[\w’'\-.]+\s+){0,8}?[\w’'\-.]+)\s+(?:have\s+|has\s+|had\s+|also\s+|then\s+|later\s+)?"
    r"(?:(?!allied\b|armed\b|united\b|suspected\b|unidentified\b)\w+ed|took|seized|overran|withdrew|fled|lost|won|retook|drove|began|made|fought|entered|swept|broke|struck|hit|launched|said|say|says|claimed"
    r"|cut|held|led|kept|put|ran|sent|set|shot|went|rode|hoisted)\b"
)
_LEAD_DATE = re.compile(r"\s*(?:On|In|By|Around|Late\s+on|Early\s+on|Overnight\s+on)\s+[^,]{3,30},\s*")


def leading_subject(sentence: str, aliases) -> str | None:
    """The subject that opens a sentence: "Ukrainian troops pushed ... and captured"."""
    dated = _LEAD_DATE.match(sentence)
    m = _LEAD_VERB.match(sentence, dated.end() if dated else 0)
    if m and is_actor(m.group("np"), aliases):
        return m.group("np")
    return None


def subject_before(sentence: str, pos: int) -> Phrase | None:
    """The phrase before a verb, stepping back over an appositive
    ("The Sake crossroads, 25 km west of Goma, was seized")."""
    before = sentence[:pos].rstrip()
    if before.endswith(","):
        opening = before.rfind(",", 0, len(before) - 1)
        if opening > 0 and len(before) - opening < 110:
            head = phrase_before(sentence, opening)
            name = APPOSITIVE_NAME.match(sentence, opening)
            if head and name and not any(c.isupper() for c in head.text) and has_place_noun(head.text) and not is_actor(name.group("name")):
                return Phrase(name.group("name"), name.start("name"), name.end("name"))  # "One of the villages, Mufti, was"
            return head
    return phrase_before(sentence, pos)

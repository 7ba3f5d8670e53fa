"""What makes speech a diplomatic or political statement: who speaks, by
office, and what about.

A monitor's tally, a resident's lament, a correspondent's description and a
soldier's battlefield account are all speech, and none of them is a
statement; a minister's, a spokesman's, a state's or an armed party's
leader's words on talks, truces, proposals, accusations and appeals are.
:mod:`statements` finds who said what; this module judges it, so the
vocabulary of offices and topics stays in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import is_person_name, split_title
from .lexicon import ACTOR_NAMES, DIPLOMATIC_SPEAKERS, HIGH_LEVEL_SPEAKERS, MILITARY_SPEAKERS, NON_DIPLOMATIC_SPEAKERS, PARTY_NOUNS, PLACE_NOUNS, TOPIC_WORDS
from .states import is_state

# Small patterns used inside the rules, compiled once: they run for every sentence.
_ORGANISATION_OWNS = re.compile(r"\b[A-Z]{2,6}(?:[’']s)?(?=\s)")
_REGION = re.compile(r"(?:northern|southern|eastern|western|central|north|south|east|west|north-?eastern|north-?western|south-?eastern|south-?western)\s+[A-Z]")
_ONE_WORD_NAME = re.compile(r"[A-Z][a-z][\w’'\-]*")
_WORD_DOTTED = re.compile(r"[\w\-.]+")
_MEDIA_OR_AGE = re.compile(r"\b(?:news\s+agency|state\s+(?:media|television|tv|radio)|,\s*\d{1,3}\b)|^\S+\s+\d{1,3}\b")
_CIVILIAN_ROLE = re.compile(r"\d{1,3}\b|who\s+(?:lives|fled|sheltered|lost|works)")
_MILITARY_OFFICE = re.compile(r"\b(?:joint\s+chiefs|defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|military|army|armed\s+forces|general\s+staff)\b")
_CIVILIAN_OFFICE = re.compile(r"\b(?:foreign|president|prime|secretary|political|spokes|rulers?|junta|government|leaders?)")
_PROPER_NAME = re.compile(r"(?:the\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*")
_JOINT = re.compile(r"\s+and\s+")  # "Erdogan and Davutoglu": each speaks
_KIND_RANK = ("reporter", "person", "military", "party", "diplomatic")
_DENIAL = re.compile(r"\b(?:no\s+truth|not\s+true|baseless|fabricat\w+|lies|false\s+(?:claims|reports))\b")
_SENIOR_OFFICER = re.compile(r"\b(?:[Gg]eneral|[Cc]olonel|[Aa]dmiral|[Mm]arshal|[Bb]rigadier|[Cc]ommander|[Cc]hairman|[Cc]hief|[Ss]pokes(?:man|woman|person))\b|\bGen\.|\bCol\.")
_JUDGEMENT = re.compile(r"\b(?:would|could\s+not|cannot|can\s+not|can't|couldn't)\s+(?!have\b|be\b)[a-z]+")  # "would hamper", not "would be flown out"
_SIDES_OUTLET = re.compile(r"\b(?:state|[\w]+-(?:run|controlled|backed|affiliated)|official)\s+(?:[\w\-]+\s+){0,2}?(?:news\s+agency|television|TV|radio|media|broadcaster)\b", re.IGNORECASE)
_DEMANDED_MOVE = re.compile(
    r"\b(?:wants?|wanted|demand(?:s|ed)?|seeks?|sought|calls?\s+for|called\s+for|insist(?:s|ed)?\s+on|requires?|required|rejects?|rejected"
    r"|must|should|(?:begin|start)s?\s+with|until|unless|without)\s+"
    r"(?:[\w’'\-]+\s+){0,4}?(?:withdrawal|pullout|pull-out|evacuation|retreat)\b"
)
# An officer's account of the fighting itself ("his forces were advancing on the city").
_IN_BATTLE = re.compile(
    r"\b(?:advancing|pushing|attacking|shelling|bombing|storming|encircling|besieging|retreating|fighting|clearing|pounding|closing\s+in|repell?ing|repelled|ambushed|killed|wounded)\b"
)
_NEED = re.compile(r"\b(?:needs?|needed|necessary|expects?|expected|confirm\w*|alliance|allies|allied|coalition|partners?)\b")
_CAPITALISED = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?")
_ALLIANCES = frozenset(("u.s.", "u.n.", "u.k.", "nato", "islamic state"))
_CONTROL_OF = re.compile(r"\s+of\s+((?:[\w’'\-]+\s*){1,4})")
_SHARE_WORDS = frozenset("most much part parts all half rest large swathes some whole entire key strategic".split())
_STRONG_TOPICS = ("ceasefire", "talks", "proposal", "sanctions")
_BODY_HEADS = frozenset("council agency panel commission committee mission office programme program fund union organisation organization secretariat tribunal court".split())
_BULLETIN = re.compile(
    r"\b\d[\d,.]*\s+(?!(?:additional|more|extra|new)\s)(?:[\w\-]+\s+){0,3}?(?:people|civilians|fighters|soldiers|troops|militants|rebels|children|residents|refugees|killed|dead|wounded|injured|opposition)\b"
    r"|\b(?:fighting|clashes|shelling|battles?)\s+(?:continued|raged|went\s+on|erupted|resumed)\b"
    # a side's claim of its own strikes: "it struck", "its forces hit"
    r"|\b(?:it|we|they|its\s+(?:[\w\-]+\s+){0,2}?(?:forces|troops|jets|aircraft|warplanes|drones|army|navy|units|defen[cs]es|fighters|artillery))\s+(?:had\s+|have\s+|has\s+)?(?:struck|shelled|bombed|hit|attacked|targeted|downed|intercepted|repelled)\b"
    r"|\b(?:captured|seized|retook|retaken|recaptured|regained|restored|took\s+(?:full\s+)?control|taken\s+(?:full\s+)?control|taken\s+over|withdrew|withdrawn|withdrawal|advanced(?=\s+(?:on|to|toward|towards|into|in|from|further|deeper)\b|[,.]|$)|fleeing|fled|laid\s+down|shot\s+down|destroyed|evacuat\w*|overran|overrun|fallen|casualties|death\s+toll|killed|wounded|injured)\b",
    re.IGNORECASE,
)
# Every bulletin _BULLETIN reads holds a figure or one of these (lower-case)
# strings; four speeches in five hold neither, and the long pattern is then
# not tried. Text that is not ASCII is always tried: case-insensitive
# matching folds a few non-ASCII letters into ASCII ones, and \d reads
# non-ASCII digits.
_BULLETIN_WORD = re.compile(
    "fighting|clashes|shelling|battle|struck|shelled|bombed|hit|attacked|targeted|downed|intercepted|repelled"
    "|captured|seized|retook|retaken|recaptured|regained|restored|control|taken|withdr|advanced|fleeing|fled"
    "|laid|shot|destroyed|evacuat|overr|fallen|casualties|toll|killed|wounded|injured"
).search
_ASCII_DIGIT = re.compile("[0-9]").search


def _bulletin(content: str) -> bool:
    """Whether speech reports battlefield facts (figures, ground taken).

    Control of something that is no place ("had taken control of aid",
    "took control of the talks") is no ground taken.
    """
    if content.isascii() and not _ASCII_DIGIT(content) and not _BULLETIN_WORD(content.lower()):
        return False
    return any(not _control_of_no_place(content, m) for m in _BULLETIN.finditer(content))


def _control_of_no_place(content: str, m: re.Match[str]) -> bool:
    if not m.group().lower().endswith("control"):
        return False
    what = _CONTROL_OF.match(content, m.end())
    if what is None:
        return False
    words = what.group(1).split()
    return not any(w[:1].isupper() or w.lower() in PLACE_NOUNS or w.lower() in _SHARE_WORDS for w in words)


# What makes reported speech a position rather than a report: intent, modality, negation.
_STANCE = re.compile(
    r"\b(?:would|will|could|may|might|must|should|can|cannot|ready|willing|wants?|wanted|hopes?|hoped|plans?|planned|intends?|"
    r"not|no|never|refused?|aims?|seeks?|sought|supports?|opposed?|legitimate|illegal|false|untrue|baseless)\b|n't\b"
)


def _verb_topics(**groups: str) -> dict[str, str]:
    return {verb: topic for topic, verbs in groups.items() for verb in verbs.split()}


# Speech acts say what kind of statement they are, whatever their object.
ACT_TOPICS = _verb_topics(
    accusation="accused accuses blamed blames accusing blaming",
    appeal="urged urges appealed appeals called calls demanded demands urging calling demanding",
    condemnation="condemned condemns denounced denounces deplored criticised criticized criticises criticizes condemning",
    proposal="proposed proposes offered offers",
    denial="denied denies rejected rejects dismissed dismisses denying rejecting",
    warning="warned warns cautioned",
    position="vowed vows pledged pledges threatened threatens downplayed vowing pledging "
    "welcomed welcomes praised expressed expresses voiced described describes promised promises",
)
ACT_TOPICS.update({"played down": "position", "plays down": "position", "ruled out": "denial", "rules out": "denial"})


@lru_cache(maxsize=4096)
def topic_of(text: str) -> str | None:
    """The first topic in TOPIC_WORDS order whose words the speech holds.

    One scan finds them all: at each word, the lookahead reports the
    earliest-listed topic whose cue starts there, and being zero-width it
    hides no cue that starts inside another, so the earliest topic seen
    anywhere is the answer a scan per topic would give, in one pass instead
    of nine.
    """
    best = None
    for m in _ANY_TOPIC.finditer(text.lower()):
        rank = _TOPIC_RANK[m.lastgroup]
        if best is None or rank < best:
            best = rank
            if rank == 0:
                break
    return None if best is None else _TOPICS[best]


def _cue(cue: str) -> str:
    if cue.endswith("*"):
        return re.escape(cue[:-1]) + r"\w*"
    return re.escape(cue) + r"s?\b"


_TOPICS = tuple(TOPIC_WORDS)
_TOPIC_RANK = {f"t{rank}": rank for rank in range(len(_TOPICS))}
# A word starting with a letter no cue starts with is turned away in one
# step, before the nine groups are tried.
_TOPIC_FIRST_LETTERS = "".join(sorted({cue[0] for cues in TOPIC_WORDS.values() for cue in cues}))
_ANY_TOPIC = re.compile(
    rf"\b(?=[{_TOPIC_FIRST_LETTERS}])(?="
    + "|".join(f"(?P<t{rank}>" + "|".join(_cue(c) for c in TOPIC_WORDS[topic]) + ")" for rank, topic in enumerate(_TOPICS)) + ")"
)
# Cues that everyday speech uses as much as politics: enough for an official, not for anyone.
_EVERYDAY_CUES = frozenset(
    "will not|won't|would not|never|refus*|reject*|resolve|quit|concern*|shock*|regret*|alarm*|must|should|protect*|spare".split("|")
)
_POLITICAL_PATTERN = re.compile(
    r"\b(?:" + "|".join(_cue(c) for cues in TOPIC_WORDS.values() for c in cues if c not in _EVERYDAY_CUES) + ")"
)


@lru_cache(maxsize=4096)
def is_political(text: str) -> bool:
    """Whether speech names the conflict's politics in words everyday talk does not use."""
    return _POLITICAL_PATTERN.search(text.lower()) is not None


@lru_cache(maxsize=4096)
def speaker_kind(speaker: str, role: str | None) -> str:
    """"reporter" (facts and experience), "military", "diplomatic" or "party"."""
    if role and role.split()[0].lower() in ("who", "which", "whose"):
        # A relative clause may say what office a named person holds ("who
        # heads the council"), but its other words are not the speaker's.
        alone = _kind(speaker, None)
        clause = role.split(None, 1)[1] if " " in role else ""  # without "who", which is also the WHO
        return "diplomatic" if alone == "person" and _kind(speaker, clause) == "diplomatic" else alone
    return _kind(speaker, role)


def _kind(speaker: str, role: str | None) -> str:
    if _REGION.match(speaker):
        return "reporter"  # "western Iraq suggests": a region does not speak
    text = f"{speaker} {role or ''}".lower()
    tokens = set(_WORD_DOTTED.findall(text))
    words = _WORD_DOTTED.findall(speaker.lower().split(" of ")[0])
    if words and (words[-1] in _BODY_HEADS or words[-1] in DIPLOMATIC_SPEAKERS and words[-1].isalpha() and len(words[-1]) <= 6 and speaker.split()[-1].isupper()):
        # "the Norwegian Refugee Council", "a U.N. panel of experts", "the UN refugee agency UNHCR":
        # the body speaks, whatever words its name holds.
        return "diplomatic"
    if tokens & NON_DIPLOMATIC_SPEAKERS or _MEDIA_OR_AGE.search(text) or (role and _CIVILIAN_ROLE.match(role.strip())):
        return "reporter"
    if tokens & MILITARY_SPEAKERS or _MILITARY_OFFICE.search(text):
        if not _CIVILIAN_OFFICE.search(text):
            return "military"
    if tokens & DIPLOMATIC_SPEAKERS or tokens & ACTOR_NAMES or is_state(speaker):
        return "diplomatic"
    if role and _ORGANISATION_OWNS.search(role):
        return "diplomatic"  # "NRC's Iraq director": an organisation's officer
    if is_person_name(split_title(speaker)[0]) or _ONE_WORD_NAME.fullmatch(speaker) and not tokens & ACTOR_NAMES:
        # A name alone says nothing of office: what they say must be political.
        # A lone capitalised word is mostly a surname ("Kelce said").
        office = set(re.findall(r"[\w\-.]+", (role or "").lower()))
        return "diplomatic" if office & (DIPLOMATIC_SPEAKERS | PARTY_NOUNS | ACTOR_NAMES) else "person"
    if tokens & PARTY_NOUNS:
        return "party"
    if _PROPER_NAME.fullmatch(speaker.strip()):
        return "diplomatic"
    return "reporter"


@lru_cache(maxsize=4096)
def keep(
    speaker: str, role: str | None, content: str, topic: str | None, *, direct: bool, facts: bool = False, act: str | None = None, going_on: bool = False
) -> bool:
    """Whether speech is a diplomatic or political statement.

    A battlefield bulletin (figures of dead, ground taken: ``facts`` says
    whether events were read inside the speech) stays a statement only when
    it also speaks of talks, truces or proposals and comes from a diplomatic
    speaker; the facts in it are events of their own. Memoised: the verdict
    depends on these arguments alone, and repeated speech repeats them.
    """
    kind = _joint_kind(speaker, role)
    if kind == "reporter" and not (act in ("accusation", "condemnation", "denial") and _SIDES_OUTLET.search(speaker)):
        # A side's own outlet accusing or denying in its own name ("the
        # Houthi-run news agency Saba accused the coalition of ...") speaks
        # for the side; carrying others' words it stays a medium.
        return False
    if kind == "military":
        # A commander's denial or accusation is a statement; a battle report is not.
        # A named general's or spokesman's word on policy (force levels, help
        # from allies, what cannot be confirmed) speaks for the command; a
        # soldier's account of his day does not.
        return (topic in _STRONG_TOPICS or act in ("accusation", "condemnation", "denial") or _DENIAL.search(content) is not None
                or _named(speaker) and _SENIOR_OFFICER.search(f"{speaker} {role or ''}") is not None and not _IN_BATTLE.search(content)
                and _beyond_the_unit(content, topic)) and not (
            facts or _bulletin(content)
        )
    if kind == "person" and not going_on and not is_political(content):
        return False  # a name without an office must speak of the conflict's politics
    if act:
        return True  # condemning, urging, denying: the act is the statement, facts in it or not
    if topic is None and not direct and not _named(speaker) and not _high_level(speaker, role) and not _STANCE.search(content):
        return False  # "aid officials said two shipments went missing": a report, not a position
    if facts or _bulletin(content) and not _DEMANDED_MOVE.search(content):
        # A demand for a withdrawal is a position, not a report of one.
        # An appeal or a condemnation may name what happened and stays one.
        # So does a senior official's judgement of what happened: what it
        # will bring, what cannot be confirmed.
        return kind == "diplomatic" and (
            topic in _STRONG_TOPICS and _high_level(speaker, role) or topic in ("appeal", "condemnation")
            or _high_level(speaker, role) and _JUDGEMENT.search(content) is not None
        )
    return True


def _beyond_the_unit(content: str, topic: str | None) -> bool:
    """Whether an officer speaks of more than his own men: of states and
    alliances, intentions and needs, or the conflict's politics ("U.S.
    forces", "cooperation was needed", "could not confirm"), not of how
    proud or tired the soldiers are."""
    if topic or _STANCE.search(content) or _NEED.search(content):
        return True
    return any(w.lower() in ACTOR_NAMES or w.lower() in _ALLIANCES or is_state(w) for w in _CAPITALISED.findall(content))


def _named(speaker: str) -> bool:
    """A person named by name, whose words in office are theirs to answer for."""
    return is_person_name(split_title(speaker)[0])


@lru_cache(maxsize=4096)
def _joint_kind(speaker: str, role: str | None) -> str:
    """The kind of speaker, the highest of joint speakers ("Egypt and Qatar")."""
    if " and " not in speaker:
        return speaker_kind(speaker, role)
    return max((speaker_kind(part, role) for part in _JOINT.split(speaker)), key=_KIND_RANK.index)


@lru_cache(maxsize=4096)
def _high_level(speaker: str, role: str | None) -> bool:
    tokens = set(_WORD_DOTTED.findall(f"{speaker} {role or ''}".lower()))
    return bool(tokens & HIGH_LEVEL_SPEAKERS) or is_state(speaker)

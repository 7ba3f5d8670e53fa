"""Control changes: who took, retook, lost or withdrew from which place.

English states these in a handful of shapes, each a rule here:
- active: "ACTOR captured/seized/took control of/retook/entered PLACE (from LOSER)"
- loss: "ACTOR withdrew from/pulled out of/abandoned/lost PLACE"
- expulsion: "ACTOR drove LOSER out of PLACE"
- passive: "PLACE was captured by ACTOR", "PLACE fell to ACTOR"
- nominal: "ACTOR's capture of PLACE", "an ACTOR advance across PLACE"
- passive expulsion: "LOSER were driven out (of PLACE) by ACTOR"
- no object: "after the army regained control" (the place named just before)
The place phrase itself often names the side that held it ("rebel-held",
"areas abandoned by rebels"), which fills the loser when the verb doesn't.
Each shape also comes as a headline ("Rebels seize airport"), an event note
("On 4 May 2020, X took over Y village") and inside participle and relative
clauses. Finding the sides is ``control_sides``; finding the place is
``control_places``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .control_places import (
    OWNED_THING,
    PREPOSITION_START,
    TIME_TAIL,
    cleared_of,
    has_place_noun,
    is_people,
    named_place,
    place_before,
    relative_place,
    without_adverb,
)
from .control_sides import (
    PARTY_WORD,
    SIDE_LEAD,
    actor_before,
    antecedent,
    holder_of,
    is_equipment,
    leading_subject,
    np_end,
    owner_side,
    relative_head,
    side_after,
    subject_before,
    widen,
)
from .lexicon import PLACE_NOUNS, alternation
from .modality import is_gerund_subject, is_stated
from .phrases import PRONOUNS, Hit, Phrase, head_word, is_actor, is_place, lower, phrase_before, place_after, scan

# Small patterns used inside the rules, compiled once: they run for every sentence.
_QUOTED_WORD = re.compile(r"[\"“”](\w+)[\"“”]")
_TIME_PREPOSITION_END = re.compile(r"\b(?:after|since|following|before|upon|while|by)$")
_LOSER_OUT_OF = re.compile(r"(?P<loser>[^,.;]{2,60}?)\s+(?:to\s+(?:withdraw|retreat|pull\s+out|flee)\s+)?(?:out\s+of|from)\s+")
_POSSESSIVE_END = re.compile(r"[’']s$")
_LEADING_GERUND_CLAUSE = re.compile(r"\s*(?:After|Since|Following|Before|Upon)\s+\w+ing\b[^,]{2,120},\s*")

# Adverbs and time phrases that stand between a subject and its verb
# ("Government forces on Saturday regained", "had at one point captured").
_ADV = (
    r"(?:(?:now|also|reportedly|since|just|already|again|later|then|eventually|finally|\w+ly|at\s+one\s+point|once\s+again|overnight"
    r"|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:night|morning|afternoon|evening))?"
    r"|(?:last|this|earlier\s+this)\s+(?:week|month|weekend)|(?:last|on)\s+(?:night|the\s+weekend)"
    r"|on\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|on\s+\d{1,2}\s+[a-z]+)\s+)"
)
_AUX = rf"(?:(?:has|have|had)\s+{_ADV}*(?:been\s+)?|{_ADV}+)?"
_CONTROL_OF = r"(?:(?:full|total|complete|effective|partial|military|overall)\s+)?control\s+(?:of|over)\s+"

# What "took" needs after it to mean a place (it also takes part, office, hostages).
_TAKEN_PLACE = (
    r"(?=(?:(?:the|a|an|two|three|four|five|six|several|some|most|more|further|new|another|only|all)\s+)*(?:[A-Z]"
    r"|(?:[a-z\-]+\s+){0,2}"
    rf"(?:{alternation(PLACE_NOUNS)})\b))"
)

def _keys(*words: str) -> re.Pattern[str]:
    """A search for any of ``words``: one C-level scan instead of a Python loop."""
    return re.compile("|".join(map(re.escape, words)))


def _stems(stems) -> str:
    """An alternation of word stems as a trie ("cap(?:tur|...)"), which the
    regex engine tries letter by letter instead of stem by stem."""
    trie: dict = {}
    for stem in stems:
        node = trie
        for ch in stem:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if "" in node and len(node) == 1:
            return ""  # a stem ends here; longer words match it as a prefix
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# (pattern, action, subject role): the subject gains ("gainer") or loses ("loser").
_ACTIVE: list[tuple[str, str, str]] = [
    (rf"(?:took|take[ns]?|taking|seiz(?:ed|es|e|ing)|gain(?:ed|s|ing)?|wrest(?:ed|s)?|establish(?:ed|es)|assum(?:ed|es)|secur(?:ed|es)|won|win[s]?|captur(?:ed|es|e))\s+{_CONTROL_OF}", "captured", "gainer"),
    (rf"(?:regain(?:ed|s|ing)?|retook|retake[ns]?|retaking|restor(?:ed|es)|re-?establish(?:ed|es))\s+{_CONTROL_OF}", "retook", "gainer"),
    (r"(?:re-?captur(?:ed|es|e|ing)|re-?took|re-?take[ns]?|re-?taking|regain(?:ed|s|ing)?|reclaim(?:ed|s)?|re-?occupied|(?:took|take[ns]?|won|win[s]?)\s+back)\s+", "retook", "gainer"),
    (r"(?:took|take[ns]?|taking)\s+over\s+", "captured", "gainer"),
    (r"(?:captur(?:ed|es|e|ing)|seiz(?:ed|es|e|ing)|overr(?:an|un|uns|unning)|stormed|conquer(?:ed|s)?|liberat(?:ed|es|e)|occupied|overwhelmed|wrest(?:ed|s)?)\s+", "captured", "gainer"),
    (rf"(?:[Tt]ook|[Tt]aken|[Tt]akes|[Tt]ake|[Tt]aking)\s+(?!part\b|place\b|office\b|up\b){_TAKEN_PLACE}", "captured", "gainer"),
    (r"(?:(?:re-?)?entered|enters|enter|(?:moved|rolled|marched|swept)\s+into)\s+", "entered", "gainer"),
    (r"(?:withdr(?:ew|awn|aws|aw)|withdrawing|pull(?:ed|s|ing)?\s+(?:out|back)|retreat(?:ed|s|ing)?|fled)\s+(?:completely\s+|fully\s+|entirely\s+)?(?:from|out\s+of)\s+", "withdrew", "loser"),
    (r"(?:pull(?:ed|s|ing)?|withdr(?:ew|awn|aws|aw|awing))\s+(?:(?:its|their|his|all|the|remaining|last|[a-z\-]+)\s+){0,2}(?:troops|forces|fighters|soldiers|units|personnel|garrison)\s+(?:out\s+of|from)\s+", "withdrew", "loser"),
    (r"(?:pull(?:ed|s|ing)?\s+out\s+of|evacuat(?:ed|es|ing)|abandon(?:ed|s|ing)?|vacat(?:ed|es|ing)|quit|fled)\s+", "withdrew", "loser"),
    (rf"(?:lost|los(?:es|e|ing)|ced(?:ed|es|ing))\s+(?:{_CONTROL_OF})?", "lost", "loser"),
    (r"(?:surrender(?:ed|s|ing)?|handed\s+over|hand(?:s|ed)?\s+over)\s+", "surrendered", "loser"),
]
# Rare shapes, each tried only when its keywords are in the sentence.
_GATED: list[tuple[str, str, str, tuple[str, ...]]] = [
    (r"(?:secur(?:ed|es|ing|e)|clear(?:ed|s|ing)|clear(?=\s+(?:the|a|an|last|remaining|all)\b)|freed|frees)\s+(?!the\s+way\b|up\b|out\s+of\b)", "captured", "gainer", ("secur", "clear", "free")),
    (r"(?:completed|finished|carried\s+out|made|make|makes)\s+(?:its|their|the|a)\s+(?:full\s+|final\s+|tactical\s+|strategic\s+)?(?:withdrawal|pullout|pull-out|retreat)\s+from\s+", "withdrew", "loser", ("withdrawal", "pullout", "pull-out", "retreat")),
    (r"restor(?:ed|es|ing)\s+(?:its\s+|their\s+|full\s+)*(?:sovereignty|authority|government\s+control|state\s+authority)\s+(?:over|of|in)\s+", "retook", "gainer", ("restor",)),
    (r"(?:declar|claim)(?:ed|es|e)\s+(?:(?:a\s+|final\s+|full\s+|total\s+)*victory\s+(?:over\s+[^,.;]{2,40}?\s+)?in|the\s+(?:full\s+)?(?:liberation|recapture|capture|defeat\s+of\s+[^,.;]{2,40}?\s+in))\s+", "captured", "gainer", ("victory", "liberation", "capture", "defeat of")),
    (r"(?:declar|pronounc)(?:ed|es|e)\s+(?=[^,.;]{2,60}?\s+(?:liberated|freed|recaptured|retaken)\b)", "captured", "gainer", ("liberated", "freed", "recaptured", "retaken")),
    (r"(?:ended|ends|broke|breaks|broken)\s+(?:the|a|its)\s+(?:[\w\-]+\s+)?(?:siege|blockade|encirclement)\s+(?:of|on)\s+", "entered", "gainer", ("siege", "blockade", "encirclement")),
]
_GATED_RE = [(re.compile(rf"\b(?P<verb>{pat})"), action, role, _keys(*keys)) for pat, action, role, keys in _GATED]
_ACTIVE_RE = [(re.compile(rf"\b(?P<verb>{pat})"), action, role) for pat, action, role in _ACTIVE if "[A-Z]" in pat]
# The case-free active rules in one alternation: one scan of the sentence
# instead of one per rule; the first rule listed wins where two would match.
_ACTIVE_RULES = [(action, role) for pat, action, role in _ACTIVE if "[A-Z]" not in pat]
# The letters those rules can start with: the lookahead turns away, in one
# step, each word that starts otherwise (tests/extraction/test_gates.py
# checks the list against the rules).
ACTIVE_FIRST_LETTERS = "acefghlmopqrstvw"
_ACTIVE_ANY = re.compile(
    rf"\b(?=[{ACTIVE_FIRST_LETTERS}])(?:" + "|".join(f"(?P<r{i}>{pat})" for i, (pat, _a, _r) in enumerate(p for p in _ACTIVE if "[A-Z]" not in p[0])) + ")"
)
_AUX_BEFORE = re.compile(rf"\b{_AUX}$")
# Every rule needs one of these stems; sentences without any are skipped.
_CUES = (
    "captur", "seiz", "took", "take", "taking", "overr", "storm", "conquer", "liberat", "occupi", "overwhelm", "retook",
    "recaptur", "retak", "re-", "reoccup", "regain", "reclaim", "won", r"wins?\b", "occup", "rolled", "marched", "moved", "swept", "gain", "wrest", "enter", "withdr", "pull", "retreat", "fled", "evacuat",
    "abandon", "vacat", "quit", "lost", "los[eit]", "ced", "surrender", "capitulat", r"hand(?:ed|s|ing)?\b", "restor", "drove",
    "drive", "push", "forced", "expel", "oust", "flush", "clear", "kick", "chas", "fell", "fall", r"c[oa]mes?\s+under",
    "control", "advance", "sweep", r"secur(?:ed|es|ing|e\b)", r"declar(?:ed|es|e)\s+(?:victory|the)", "siege of", "dislodg", r"routed", "evict", "loss of", "freed", "hands", "collapsed",
)
# Every cue opens with a plain letter; the lookahead on those letters turns
# away the other words in one step, before the stems are tried.
_CUE_RE = re.compile(
    r"\b(?=[" + "".join(sorted({c[0] for c in _CUES})) + "])(?:"
    + _stems(c for c in _CUES if c.isalpha()) + "|" + "|".join(c for c in _CUES if not c.isalpha()) + ")"
)
_K_EXPEL = _keys("drove", "driv", "push", "forced", "expel", "ousted", "flush", "clear", "kick", "chas", "dislodg", "routed", "evict")
_K_FELL = _keys("fell", "fall", "collapsed")
_K_SURRENDER = _keys("surrender", "capitulat", "laid down")
_K_WITHDREW = _keys("withdr", "pull", "retreat")
_K_NOMINAL = _keys("capture", "seizure", "takeover", "fall of", "liberation", "loss of")
_K_ADVANCE = _keys("advance", "push", "sweep")


def _aux_start(sentence: str, pos: int) -> int:
    """Where the verb group ending at ``pos`` begins ("had now taken")."""
    before = sentence[max(0, pos - 60) : pos].rstrip()
    last = before[before.rfind(" ") + 1 :].lower()
    if last not in _AUX_LAST and not last.endswith(("ly", "day", "th", "st", "nd", "rd")) and not last.isdigit():
        return pos  # most verbs follow their subject directly: skip the search
    m = _AUX_BEFORE.search(lower(sentence), max(0, pos - 60), pos)
    return m.start() if m and m.end() == pos else pos


# The words an auxiliary or adverb group before a verb can end with.
_AUX_LAST = frozenset(
    "has have had been now also since just already again later then eventually finally point overnight night morning "
    "afternoon evening week month weekend jan feb mar apr may jun jul aug sep oct nov dec january february march april "
    "june july august september october november december".split()
)

_EXPEL = re.compile(
    r"\b(?P<verb>(?:drove|driven|drive[s]?|push(?:ed|es)?|forced|expell?(?:ed|s)?|ousted|flushed|cleared|kicked|chased|dislodg(?:ed|es|e)|routed|evict(?:ed|s)?))\s+",
)
_PASSIVE_AUX_END = re.compile(r"\b(?:was|were|is|are|been|being|get|got)\s+(?:(?:later|then|eventually|finally|soon|\w+ly)\s+)?$", re.I)
_OUT_OF = re.compile(r"(?:out\s+(?:of|from)|out|from)\b\s*", re.I)
_HELPER_VERB = re.compile(r"^.*\b(?:helped|helping|helps|help|allowed|allowing|enabled|enabling|let)\s+", re.I)
_PASSIVE = re.compile(
    r"\b(?P<aux>(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been|being)\s+)(?:(?:now|also|reportedly|finally|fully|completely|effectively)\s+)?"
    r"(?P<verb>captured|seized|taken(?:\s+over)?|overrun|retaken|recaptured|liberated|occupied|abandoned|lost|evacuated|handed\s+over|stormed|surrendered)\b",
)
_FELL = re.compile(
    r"\b(?P<verb>fell|fallen|falls|fall|collapsed)\b(?P<to>\s+(?:on\s+\w+\s+)?(?:to|into\s+the\s+hands\s+of|under\s+the\s+control\s+of)\s+)?",
)
_CAME_UNDER = re.compile(r"\b(?:came|come|comes|has\s+come|had\s+come|fell|fallen|falls)\s+under\s+(?:the\s+)?(?:(?:full|total|complete)\s+)?(?:control\s+of\s+(?P<g1>[^,.;]+)|(?P<g2>[\w\s’'-]{2,40}?)\s+control)\b")
_SURRENDER_TO = re.compile(
    r"\b(?P<loser>(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:garrison|defenders|troops|soldiers|forces|fighters|units|army|militants|rebels))\s+(?:in|of|at|defending|holding)\s+(?P<place>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})"
    r"(?:\s*,[^,]{2,60},)?\s+(?:have\s+|has\s+|had\s+)?(?:surrendered|capitulated|laid\s+down\s+(?:their|its)\s+(?:arms|weapons))(?:\s+to\s+)?",
)
_UNDER_CONTROL = re.compile(r"\b(?:is|are|was|were)\s+now\s+(?:(?:\w+ly|fully|entirely)\s+)?under\s+(?:the\s+)?(?:(?:full|complete|total)\s+)?(?:control\s+of\s+(?P<g1>[^,.;]+)|(?P<g2>[\w’'\- ]{2,40}?)\s+control)\b")
_CONTROL_ALONE = re.compile(
    r"\b(?P<verb>(?:re)?gain(?:ed|s)|retook|retaken|took|taken|seized|restored|assumed|established|wrested)\s+(?:(?:full|total|complete|effective|overall)\s+)?control\b(?!\s+(?:of|over)\b)(?P<loc>\s+(?:in|at)\s+)?"
)
_BARE_PASSIVE = re.compile(r"\s*[^,.;:]{1,60}?\b(?P<verb>captured|seized|taken|overrun|retaken|recaptured|liberated|stormed)(?=\s+by\s)")
_WITHDREW_BARE = re.compile(
    r"\b(?:but|and|before|then)\s+(?:(?:later|then|soon|quickly)\s+)?(?P<verb>withdr(?:ew|awing|aws|aw)|pull(?:ed|ing|s)\s+out|retreat(?:ed|ing|s)?)\b(?!\s+(?:from|out\s+of|to|into|toward|towards)\b)"
)
_NOMINAL = re.compile(r"\b(?P<noun>capture|seizure|recapture|takeover|fall|liberation|loss)\s+of\s+")
_WITHDRAWAL_OF = re.compile(
    r"\b(?:after|following|since|completed|completing|completion\s+of)\s+(?:the\s+)?(?:full\s+|final\s+|complete\s+)?withdrawal\s+of\s+(?P<loser>[^,.;]{2,50}?)\s+from\s+"
)
_HANDS = re.compile(
    r"\b(?:fell|fallen|returned|passed|reverted|came|come)\s+(?:back\s+)?(?:in)?to\s+(?:the\s+)?(?P<g>[\w\-]+(?:\s+[\w\-]+)?)\s+(?:hands|control)\b"
)
_ANNOUNCED_END = re.compile(r"\b(?:announced|announces|declared|declares|claimed|claims|celebrated|hailed|completed)\s+(?:the\s+)?(?:full\s+|complete\s+)?$", re.I)
_OWNER = re.compile(r"\b([\w’'\- ]{2,40}?)(?:[’']s|(?<=s)[’'])\s+$")
_ADVANCE = re.compile(r"\b(?P<agent>[\w\-]+)\s+(?:advance|push|sweep)\s+(?:across|through)\s+")


class _Verb:
    """A hit of the merged active rule, seen as that rule's own match."""

    __slots__ = ("_hit", "_group")

    def __init__(self, hit, group: str) -> None:
        self._hit, self._group = hit, group

    def start(self, g="verb") -> int:
        return self._hit.start(self._group if g == "verb" else g)

    def end(self, g="verb") -> int:
        return self._hit.end(self._group if g == "verb" else g)

    def group(self, g="verb") -> str:
        return self._hit.group(self._group if g in ("verb", 0) else g)


@dataclass(frozen=True, slots=True)
class ControlFact:
    place: Phrase
    action: str
    gainer: str | None
    loser: str | None
    rule: str
    verb_start: int


def find_control(sentence: str, aliases: frozenset[str], last_actor: str | None, resolve=None) -> list[ControlFact]:
    """Every control change stated (not hypothesised) in one sentence."""
    known = _control(sentence, aliases, last_actor)
    if known is not None:
        return list(known)
    return _read_control(sentence, aliases, last_actor, resolve)


class _Unresolved(Exception):
    """A rule asked who a pronoun stands for: the answer depends on the
    discourse so far, so the reading cannot be memoised."""


def _unresolved(pos: int, pronoun: str) -> str | None:
    raise _Unresolved


@lru_cache(maxsize=4096)
def _control(sentence: str, aliases: frozenset[str], last_actor: str | None) -> tuple[ControlFact, ...] | None:
    """The sentence's control changes when no rule needed a pronoun resolved
    (then they depend on these arguments alone), else None. Memoised: wire
    copy repeats its sentences, and most never ask about a pronoun."""
    try:
        return tuple(_read_control(sentence, aliases, last_actor, _unresolved))
    except _Unresolved:
        return None


def _read_control(sentence: str, aliases: frozenset[str], last_actor: str | None, resolve=None) -> list[ControlFact]:
    facts: list[ControlFact] = []
    taken: list[tuple[int, int]] = []

    def add(fact: ControlFact) -> None:
        span = (fact.place.start, fact.place.end)
        if any(s <= span[0] < e or span[0] <= s < span[1] for s, e in taken):
            return
        taken.append(span)
        facts.append(_tidy(fact))

    low = lower(sentence)
    if not _CUE_RE.search(low):
        return []
    # 'had "liberated" the village': quotation marks around one word
    sentence = _QUOTED_WORD.sub(lambda q: f" {q.group(1)} ", sentence)
    low = lower(sentence)
    for hit in scan(_ACTIVE_ANY, sentence, low):
        rule = next(k for k, v in hit.groupdict().items() if v is not None)
        action, role = _ACTIVE_RULES[int(rule[1:])]
        fact = _active(sentence, _Verb(hit, rule), action, role, aliases, last_actor, facts, resolve)
        if fact:
            add(fact)
    for regex, action, role in _ACTIVE_RE:
        for m in regex.finditer(sentence):
            fact = _active(sentence, m, action, role, aliases, last_actor, facts, resolve)
            if fact:
                add(fact)
    for regex, action, role, keys in _GATED_RE:
        if keys.search(low):
            for m in scan(regex, sentence, low):
                fact = _active(sentence, m, action, role, aliases, last_actor, facts, resolve)
                if fact:
                    add(fact)
    for m in scan(_EXPEL, sentence, low) if _K_EXPEL.search(low) else ():
        fact = _expel(sentence, m, aliases, last_actor, facts)
        if fact:
            add(fact)
    for m in scan(_PASSIVE, sentence, low):
        fact = _passive(sentence, m, aliases, last_actor)
        if fact:
            add(fact)
    for m in scan(_FELL, sentence, low) if _K_FELL.search(low) else ():
        fact = _fell(sentence, m, aliases)
        if fact:
            add(fact)
    for m in scan(_CAME_UNDER, sentence, low) if "under" in low else ():
        place = phrase_before(sentence, m.start())
        gainer = (m.group("g1") or m.group("g2") or "").strip()
        if place and is_place(place.text) and gainer and is_actor(gainer, aliases) and is_stated(sentence, m.start(), window_start=place.start):
            add(ControlFact(place, "captured", gainer, holder_of(place.text, aliases), "control.came_under", m.start()))
    for m in _SURRENDER_TO.finditer(sentence) if _K_SURRENDER.search(low) else ():
        if is_stated(sentence, m.start("place"), window_start=m.start()):
            place = Phrase(m.group("place"), m.start("place"), m.end("place"))
            gainer = side_after(sentence, m.end() - 1, "to", aliases) if m.group().rstrip().endswith("to") else None
            add(ControlFact(place, "surrendered", gainer, m.group("loser"), "control.surrender", m.start()))
    for m in scan(_UNDER_CONTROL, sentence, low) if "under" in low else ():
        place = phrase_before(sentence, m.start())
        gainer = (m.group("g1") or m.group("g2") or "").strip()
        if place and is_place(place.text) and is_actor(gainer, aliases):
            add(ControlFact(place, "captured", gainer, holder_of(place.text, aliases), "control.now_under", m.start()))
    for m in scan(_CONTROL_ALONE, sentence, low) if "control" in low else ():
        fact = _control_alone(sentence, m, aliases)
        if fact:
            add(fact)
    bare = _BARE_PASSIVE.match(low) if 0 <= low.find(" by ") < 90 else None
    for m in (Hit(bare, sentence),) if bare else ():
        head = phrase_before(sentence, m.start("verb"))
        if head and not sentence[: head.start].strip():  # a headline: "Kidal captured by rebels"
            fact = _passive(sentence, _Verb(m, "verb"), aliases)
            if fact and fact.gainer:
                add(fact)
    if facts and _K_WITHDREW.search(low):
        for m in _WITHDREW_BARE.finditer(sentence):
            fact = _withdrew_after(sentence, m, facts, aliases)
            if fact:
                add(fact)
    for m in scan(_NOMINAL, sentence, low) if _K_NOMINAL.search(low) else ():
        fact = _nominal(sentence, m, aliases, last_actor)
        if fact:
            add(fact)
    for m in scan(_WITHDRAWAL_OF, sentence, low) if "withdrawal of" in low else ():
        place = place_after(sentence, m.end())
        loser = m.group("loser")
        if place and is_place(place.text) and is_actor(loser, aliases) and is_stated(sentence, m.start()):
            add(ControlFact(place, "withdrew", None, loser, "control.nominal.withdrawal", m.start()))
    for m in scan(_HANDS, sentence, low) if ("hands" in low or "control" in low) else ():
        place = subject_before(sentence, _aux_start(sentence, m.start()))
        gainer = m.group("g")
        if place and is_place(place.text) and not is_actor(place.text, aliases) and is_actor(gainer, aliases) and is_stated(sentence, m.start(), window_start=place.start):
            add(ControlFact(place, "captured", gainer, holder_of(place.text, aliases), "control.hands", m.start()))
    for m in scan(_ADVANCE, sentence, low) if _K_ADVANCE.search(low) else ():
        agent = m.group("agent")
        place = place_after(sentence, m.end())
        if place and is_actor(agent, aliases) and is_place(place.text) and is_stated(sentence, m.start()):
            add(ControlFact(place, "advanced", agent, holder_of(place.text, aliases), "control.advance_across", m.start()))
    return facts


def _active(sentence, m, action, role, aliases, last_actor, earlier, resolve=None) -> ControlFact | None:
    if m.group("verb")[:3].lower() == "fle" and not PARTY_WORD.search(sentence, max(0, m.start() - 60), m.start()):
        return None  # civilians flee far more often than sides do: a quick look for a side first
    verb_start = _aux_start(sentence, m.start())
    subject = subject_before(sentence, verb_start)
    claim = None if subject else _CLAIM_TO_END.search(sentence, max(0, verb_start - 40), verb_start)
    if claim:
        subject = subject_before(sentence, _aux_start(sentence, claim.start()))  # "X claimed to have taken"
    if subject is not None and subject.start > 0 and sentence[subject.start - 1] == "-":
        subject = widen(sentence, subject)  # "the U.N.-backed government"
    if subject is not None and subject.text[:5].lower() == "that ":
        subject = Phrase(subject.text[5:], subject.start + 5, subject.end)  # "a district that rebels seized"
    if subject is not None:
        subject = relative_head(sentence, subject) or subject
    verb = m.group("verb").split()[0].lower()
    subject_text: str | None = subject.text if subject else None
    if _VERB_AND_VERB.match(sentence, m.end()):
        return None  # "stormed and took the base": the second verb states it
    if verb.endswith("ing"):
        lead = sentence[:verb_start].rstrip().lower()
        if _TIME_PREPOSITION_END.search(lead):
            subject_text = _clause_agent(sentence, verb_start, role, earlier, aliases)
        elif not lead:
            subject_text = _participle_subject(sentence, m.end(), aliases)
        elif lead.endswith(","):  # "Rebels attacked on Monday, capturing X"
            subject_text = _clause_agent(sentence, verb_start, role, earlier, aliases)
        elif is_gerund_subject(sentence, verb_start) or subject is None:
            return None
    if subject is None and _COORDINATED.search(sentence[:verb_start]):
        subject_text = _clause_agent(sentence, verb_start, role, earlier, aliases)
    pronoun = _PRONOUN_END.search(sentence, max(0, verb_start - 8), verb_start)
    if subject is None and pronoun:
        subject_text = actor_before(sentence, pronoun.start(), aliases) or pronoun.group(1)
    if subject_text and subject_text.lower() in PRONOUNS:
        resolved = resolve(verb_start, subject_text) if resolve else None
        subject_text = resolved or (last_actor if subject_text.lower() in ("they", "it") else None)
    subject_text = owner_side(subject_text, verb_start, resolve)
    if not subject_text or not is_actor(subject_text, aliases) or is_equipment(subject_text):
        return None
    raid = action == "entered" or verb.startswith(("storm", "occup", "secur"))
    if raid and (_FEW.match(subject_text) or "police" in subject_text.lower()):
        return None  # two soldiers or a police unit going in is a patrol or a raid, not a side taking a place
    subject_text = antecedent(subject_text, last_actor)
    if not is_stated(sentence, verb_start, window_start=subject.start if subject else None):
        return None
    place = place_after(sentence, m.end())
    if subject is not None and (place is None or PREPOSITION_START.match(place.text) or not is_place(place.text)):
        place = relative_place(sentence, subject) or place  # "Dabiq, which rebels captured on Sunday"
    if place and place.lower in ("it", "them") and earlier:
        place = Phrase(earlier[-1].place.text, place.start, place.end)  # "captured X but later lost it"
    if not place or PREPOSITION_START.match(place.text):
        return None
    loser_of = None
    if verb.startswith("clear"):
        place, loser_of = cleared_of(sentence, place, aliases)
    if not is_place(place.text) or is_actor(place.text, aliases) and not has_place_noun(place.text) or is_people(place.text):
        return None
    owned = OWNED_THING.search(place.text)
    if owned and not has_place_noun(place.text[owned.start(1) :]):
        return None  # "took the city's residents by surprise": the city's people, not the city
    if verb.startswith("t") and head_word(place.text) in ("road", "highway", "route") and re.match(r"\s+to\b", sentence[place.end :]):
        return None  # "took the road to X" is a journey
    if verb.startswith(("secur", "clear", "free")) and (not has_place_noun(place.text) or _GENERIC_SITE.fullmatch(place.text)):
        return None  # "secured a deal", "cleared the way": these verbs need a place noun
    if verb.startswith("clear") and not (loser_of or holder_of(place.text, aliases) or _OWNED_PLACE.search(place.text)):
        return None  # troops clear a town they already hold too: it needs whom they cleared it of
    if raid and (
        re.match(r"(?:the\s+)?(?:outskirts|edge|suburbs)\b", place.text, re.I) or _RAID_AFTER.match(sentence, place.end)
    ):
        return None  # "entered the village and arrested": a raid, not a change of hands
    place = named_place(sentence, without_adverb(place))
    other = side_after(sentence, place.end if place.start >= m.start() else m.end(), "from" if role == "gainer" else "to", aliases)
    holder = holder_of(sentence[place.start : place.end + (100 if _HELD_AFTER.match(sentence, place.end) else 60)], aliases)
    if role == "gainer":
        return ControlFact(place, action, subject_text, loser_of or other or holder, f"control.active.{action}", verb_start)
    return ControlFact(place, action, other, subject_text, f"control.active.{action}", verb_start)


_CLAIM_TO_END = re.compile(r"\b(?:claim(?:ed|s)?|(?:is|are|was|were)\s+(?:said|reported|believed|thought))\s+to\s+$", re.I)
_PRONOUN_END = re.compile(r"\b(they|it|we|he|she)\s+$", re.IGNORECASE)
_VERB_AND_VERB = re.compile(r"(?:and|then)\s+(?:later\s+)?(?:took|seized|captured|occupied|held|secured|overran|cleared)\b", re.I)
_COORDINATED = re.compile(r"\b(?:and|but)\s+$")
_RAID_AFTER = re.compile(r"[^.;]{0,40}?\band\s+(?:\w+ly\s+)?(?:arrested|detained|searched|raided|abducted|kidnapped|questioned|confiscated|suppressed|dispersed|fired|opened\s+fire|demolished|seized\s+(?!control))", re.I)
_OWNED_PLACE = re.compile(r"\b(?:pocket|enclave|stronghold|bastion|holdout)s?\b", re.I)
_GENERIC_SITE = re.compile(r"(?:the|a)\s+(?:area|scene|site|perimeter|premises|building|road|roads)", re.I)
_EDGE = re.compile(r"(?:the\s+)?(?:outskirts|edge|suburbs|approaches)\b", re.I)
_NO_PLACE = re.compile(r"(?:that\s+)?(?:no|none|neither)\b", re.I)
_HELD_AFTER = re.compile(r"\s*,?\s*(?:which|that)\s+(?:had|has|have)\s+been\s+(?:held|controlled|occupied)\s+by\b", re.I)
_FEW = re.compile(r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|[1-9])\s", re.I)


def _tidy(fact: ControlFact) -> ControlFact:
    """Trim what the phrase walkers let through: a trailing "four months
    ago" on a place, a dateline or "Earlier this week" before a side."""
    place, gainer, loser = fact.place, fact.gainer, fact.loser
    tail = TIME_TAIL.search(place.text)
    if tail and tail.start() > 0:
        place = Phrase(place.text[: tail.start()], place.start, place.start + tail.start())
    gainer = SIDE_LEAD.sub("", gainer) if gainer else gainer
    loser = SIDE_LEAD.sub("", loser) if loser else loser
    if (place, gainer, loser) == (fact.place, fact.gainer, fact.loser):
        return fact
    return ControlFact(place, fact.action, gainer, loser, fact.rule, fact.verb_start)


def _participle_subject(sentence: str, pos: int, aliases) -> str | None:
    """"Recapturing the district, the army ...": an opening participle clause
    takes the subject of the clause after its comma."""
    comma = sentence.find(",", pos)
    if comma < 0 or comma - pos > 120:
        return None
    return leading_subject(sentence[comma + 1 :], aliases)


def _withdrew_after(sentence, m, earlier, aliases) -> ControlFact | None:
    """"took X ... before withdrawing": the side that took the place left it again."""
    first = earlier[-1]
    if first.action not in ("captured", "retook", "entered") or not first.gainer or not is_stated(sentence, m.start("verb")):
        return None
    place = Phrase(first.place.text, m.start("verb"), m.end("verb"))
    return ControlFact(place, "withdrew", None, first.gainer, "control.withdrew_after", m.start("verb"))


def _control_alone(sentence, m, aliases) -> ControlFact | None:
    """"after the army regained control": the place is the one just named."""
    verb_start = _aux_start(sentence, m.start())
    subject = subject_before(sentence, verb_start)
    if not subject or not is_actor(subject.text, aliases) or not is_stated(sentence, verb_start, window_start=subject.start):
        return None
    place = place_after(sentence, m.end()) if m.group("loc") else place_before(sentence, subject.start)
    if not place or not is_place(place.text):
        return None
    action = "retook" if m.group("verb").lower().startswith(("re", "regain")) else "captured"
    return ControlFact(place, action, subject.text, holder_of(place.text, aliases), "control.alone", verb_start)


def _expel(sentence, m, aliases, last_actor=None, earlier=()) -> ControlFact | None:
    verb_start = _aux_start(sentence, m.start())
    before = sentence[:verb_start]
    rest = sentence[m.end():]
    passive = _PASSIVE_AUX_END.search(sentence, 0, m.start())
    subject = phrase_before(sentence, _aux_start(sentence, passive.start()) if passive else verb_start)
    to = None if subject or passive else re.search(r"\bto\s+$", before)
    if to:
        subject = phrase_before(sentence, to.start())  # "helping government forces to drive ..."
    if passive and subject is None and earlier and _COORDINATED.search(sentence, 0, passive.start()):
        first = earlier[-1]  # "seized X but were later driven out"
        subject = Phrase(first.gainer, first.verb_start, first.verb_start) if first.gainer else None
    if passive or subject and subject.start == 0 and _OUT_OF.match(rest) and not _LOSER_OUT_OF.match(rest):
        return _expelled(sentence, m, subject, aliases, earlier)  # "the rebels were driven out (of X) by the army"
    mm = _LOSER_OUT_OF.match(rest)
    subject_text = _HELPER_VERB.sub("", subject.text) if subject else None
    pronoun = re.search(r"\b(?:it|they)\s+$", before, re.I)
    if subject is None and pronoun:
        subject_text = actor_before(sentence, pronoun.start(), aliases) or leading_subject(sentence, aliases) or last_actor
    if not subject_text or not mm or not is_actor(subject_text, aliases) or not is_actor(mm.group("loser"), aliases):
        return None
    if not is_stated(sentence, m.start(), window_start=subject.start if subject else None):
        return None
    place = place_after(sentence, m.end() + mm.end())
    if not place or not is_place(place.text):
        return None
    return ControlFact(place, "captured", subject_text, mm.group("loser").strip(), "control.expel", m.start())


def _expelled(sentence, m, subject, aliases, earlier) -> ControlFact | None:
    """The passive of an expulsion: the subject lost the place, the agent took it."""
    if not subject or not is_actor(subject.text, aliases) or not is_stated(sentence, m.start(), window_start=subject.start):
        return None
    out = _OUT_OF.match(sentence, m.end())
    if not out:
        return None
    place = place_after(sentence, out.end()) if re.search(r"(?:of|from)\s*$", out.group()) else None
    if place is None and earlier:
        place = Phrase(earlier[-1].place.text, m.start(), m.end())  # "took X but were later driven out"
    if not place or not is_place(place.text) or place.lower in PRONOUNS or _EDGE.match(place.text):
        return None
    gainer = side_after(sentence, max(place.end, out.end() - 1), "by", aliases) or side_after(sentence, m.end("verb"), "out by", aliases)
    return ControlFact(place, "captured" if gainer else "lost", gainer, subject.text, "control.expel.passive", m.start())


def _passive(sentence, m, aliases, last_actor=None) -> ControlFact | None:
    place = subject_before(sentence, m.start())
    if not place or not is_place(place.text) or is_actor(place.text, aliases) and not has_place_noun(place.text):
        return None
    if place.lower in PRONOUNS or _NO_PLACE.match(place.text):
        return None  # "no positions were lost"
    if not is_stated(sentence, m.start(), window_start=place.start):
        return None
    verb = m.group("verb").lower()
    by = side_after(sentence, m.end(), "by", aliases)
    frm = side_after(sentence, m.end(), "from", aliases)
    if not by and not has_place_noun(place.text) and (not place.text[:1].isupper() or re.search(r"[’'\"”]$", place.text)):
        return None  # people are taken and captured too: a bare name needs an agent or a place noun
    if verb.startswith("handed"):
        to = side_after(sentence, m.end(), "to", aliases)
        return ControlFact(place, "handed over", to, by or holder_of(place.text, aliases), "control.passive.handover", m.start())
    if verb in ("abandoned", "lost", "evacuated", "surrendered"):
        return ControlFact(place, "withdrew" if verb != "lost" else "lost", None, by, "control.passive.loss", m.start())
    action = "retook" if verb.startswith("re") else "captured"
    # Without an agent, the side whose advance the report follows took it.
    return ControlFact(place, action, by or last_actor, frm or holder_of(place.text, aliases), "control.passive", m.start())


def _fell(sentence, m, aliases) -> ControlFact | None:
    if _HANDS.match(lower(sentence), m.start()):
        return None  # "fell into rebel hands": read with its side by the hands rule
    place = subject_before(sentence, _aux_start(sentence, m.start()))
    if not place or not is_place(place.text) or place.lower in PRONOUNS:
        return None
    if _POSSESSIVE_END.search(place.text) or (m.group("verb").lower() in ("fall", "falls", "collapsed") and not m.group("to")):
        return None  # "Aleppo's fall" is a noun; "if the city falls" a hypothesis
    if is_actor(place.text, aliases) and not has_place_noun(place.text):
        return None
    if not is_stated(sentence, m.start(), window_start=place.start):
        return None
    after = sentence[m.end("verb"):]
    if re.match(r"\s+(?:silent|quiet|sharply|by|in\s+value|short|apart|back|behind|ill|victim|under)\b", after, re.I):
        return None
    gainer = None
    if m.group("to"):
        g = phrase_before(sentence, np_end(sentence, m.end()))
        if g and g.start > 0 and sentence[g.start - 1] == "-":
            g = widen(sentence, g)  # "Turkish-backed rebels"
        gainer = g.text if g and g.start >= m.end() - 1 else None
        if gainer and not is_actor(gainer, aliases):
            return None
    elif not has_place_noun(place.text) and not place.text[:1].isupper():
        return None
    return ControlFact(place, "captured", gainer, holder_of(place.text, aliases), "control.fell", m.start())


def _nominal(sentence, m, aliases, last_actor=None) -> ControlFact | None:
    place = place_after(sentence, m.end())
    if not place or not is_place(place.text):
        return None
    noun = m.group("noun").lower()
    owned = _OWNER.search(sentence, max(0, m.start() - 45), m.start())
    owner = owned.group(1).strip() if owned else ""
    owner_phrase = phrase_before(owner, len(owner)) if owner else None
    gainer = owner_phrase.text if owner_phrase and is_actor(owner_phrase.text, aliases) else None
    if noun == "loss":  # "the army's loss of X (to Y)": the owner lost it
        winner = side_after(sentence, place.end, "to", aliases)
        if not (gainer or winner) or not is_stated(sentence, m.start()):
            return None
        return ControlFact(place, "lost", winner, gainer, "control.nominal.loss", m.start())
    if gainer is None:
        gainer = side_after(sentence, place.end, "by" if noun != "fall" else "to", aliases)
    announced = _ANNOUNCED_END.search(sentence, max(0, m.start() - 40), m.start())
    if gainer is None and announced:  # "the army announced the capture of X"
        head = subject_before(sentence, _aux_start(sentence, announced.start()))
        gainer = head.text if head and is_actor(head.text, aliases) else None
    if gainer is None and noun != "fall" and not owned:
        gainer = last_actor  # "the recapture of the air base": by the side the report follows
    if gainer is None:
        return None
    if not is_stated(sentence, m.start()) or re.search(r"\b(?:would|could|will|might|may)\b", sentence[m.end():], re.I):
        return None
    action = "retook" if noun == "recapture" else "captured"
    return ControlFact(place, action, gainer, side_after(sentence, place.end, "from", aliases) or holder_of(place.text, aliases), f"control.nominal.{noun}", m.start())


def _clause_agent(sentence, pos, role, earlier: list[ControlFact], aliases) -> str | None:
    """The subject of the main clause, for "X withdrew ... after losing Y"."""
    for fact in reversed(earlier):
        if fact.verb_start < pos:
            side = fact.loser if fact.action in ("withdrew", "lost", "surrendered") else fact.gainer
            if side:
                return side
    lead = _LEADING_GERUND_CLAUSE.match(sentence)
    return leading_subject(sentence[lead.end():] if lead else sentence, aliases)



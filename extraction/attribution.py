"""Who a sentence says is speaking: "..., the Observatory said", "X said
on Monday that ...", "according to X", "X told Reuters: ...".

Attribution decides both the ``source`` of a control change or a casualty
figure and the speaker of a statement, so it is read once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .lexicon import WHEN, alternation, may_end_in_when
from .phrases import Phrase, phrase_before, tokens

# Small patterns used inside the rules, compiled once: they run for every sentence.
_PASSIVE_SAID = re.compile(r"\b(?:is|was|are|were|be|been)\s+(?:also\s+|\w+ly\s+)?$")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’]?\s*$|$")
_SPEAKER_AFTER_ACCORDING = re.compile(r"[^,;:()\"“”]{2,120}?(?=\s*(?:[,;:()\"“”]|[.!?]\s|[.!?]?$|\s+(?:that|on\s+\w+day|in\s+a\s)\b))")
_TRAILING_ALSO = re.compile(r"\s+also$")
_TRAILING_ADVERB = re.compile(r"\s+[a-z]+ly$")  # "Erdogan repeatedly called": the adverb is no part of the speaker
_QUOTE_MARK = re.compile(r"[\"“”]")

# Verbs whose object is the speech itself ("said the talks had stalled").
_REPORTING_VERBS = (
    "said", "says", "say", "added", "adds", "reported", "reports", "announced",
    "announces", "stated", "claimed", "claims", "warned", "warns", "insisted",
    "insists", "confirmed", "confirms", "acknowledged", "noted", "explained", "argued",
    "wrote", "tweeted", "posted", "declared", "declares", "stressed", "asserted",
    "reiterated", "told", "tells", "conceded", "cautioned", "suggested", "suggests",
    "indicated", "responded", "replied", "maintained", "predicted", "hoped", "hopes",
    "feared", "fears", "expected", "expects", "believes", "promised", "promises",
    "admitted", "signalled", "signaled", "emphasised", "emphasized", "countered",
    "made clear", "made it clear",
)
# Speech acts whose object is what is accused, urged, condemned ("condemned
# the attack", "urged restraint"): the act itself is the statement.
_ACT_VERBS = (
    "accused", "accuses", "blamed", "blames", "urged", "urges", "appealed", "appeals",
    "called", "calls", "denied", "denies", "demanded", "demands", "rejected", "rejects",
    "welcomed", "welcomes", "condemned", "condemns", "proposed", "proposes", "vowed",
    "vows", "pledged", "pledges", "dismissed", "dismisses", "described", "describes",
    "expressed", "expresses", "threatened", "threatens", "criticised", "criticized",
    "criticises", "criticizes", "denounced", "denounces", "deplored", "praised",
    "ruled out", "rules out", "voiced", "played down", "plays down", "downplayed",
)
_VERBS = _REPORTING_VERBS + _ACT_VERBS
# Verbs whose object is the speech itself, not a listener ("told Reuters").
REPORTING = frozenset(_REPORTING_VERBS) | {"warned"}
# "..., saying ...", "with the Kremlin saying ...": a participle speaks for
# the clause's subject.
_PARTICIPLES = (
    "saying", "adding", "warning", "calling", "accusing", "urging", "describing",
    "insisting", "pledging", "vowing", "blaming", "arguing", "stressing", "noting",
    "demanding", "denying", "rejecting", "condemning", "claiming", "declaring",
)


def _trie(words) -> str:
    """An alternation shaped as a prefix tree: Python's regex engine tries
    alternatives one by one, so shared prefixes are read once, not per word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    parts = []
    for head, rests in sorted(groups.items(), key=lambda kv: kv[0]):
        if head == "":
            continue
        piece = r"\s+" if head == " " else re.escape(head)
        longer = [r for r in rests if r]
        if not longer:
            parts.append(piece)
        else:
            parts.append(piece + "(?:" + _trie(longer) + ")" + ("?" if "" in rests else ""))
    return "|".join(parts)


# One scan finds both the verbs and the participles ("saying"), which are read after them.
# The lookahead on the first letters lets the engine skip, in one step,
# every word that cannot start a verb, instead of trying the trie there.
_VERB = re.compile(
    r"\b(?=[" + "".join(sorted({w[0] for w in _VERBS + _PARTICIPLES} | {"a"})) + r"])(?:also\s+)?(" + _trie(_VERBS + _PARTICIPLES) + r")\b"
)
_PARTICIPLE_SET = frozenset(_PARTICIPLES)
_LISTENER = (
    r"(?:Reuters|AFP|the\s+AP|AP|the\s+BBC|CNN|Al\s+Jazeera|reporters|journalists|"
    r"a\s+news\s+conference|a\s+press\s+conference|the\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*(?!\.\w)|"
    r"the\s+(?:[\w-]+\s+){0,2}?(?:briefing|conference|meeting|summit|assembly|session|gathering|hearing)(?![ \t]+[a-z]+(?:[ \t]+(?:in|of|for|at|about)\b|[.,]))|"
    r"(?:the\s+)?(?:state|local|Russian|Syrian|Israeli|Ukrainian|Iranian)\s+(?:media|television|TV|radio|news\s+agency)|"
    r"parliament|lawmakers|the\s+council|the\s+Security\s+Council|an?\s+[\w\s-]{0,30}?(?:interview|briefing|conference)|him|her|them)"
)


def _tail(listener: str) -> str:
    """What may follow a reporting verb before the speech: a time, a medium, a
    listener. ``listener`` is the bare listener a telling verb takes ("told
    Reuters"); after "said" a name is the speech's subject ("said the Front had")."""
    return (
        rf"(?:\s*,?\s*(?:{WHEN}|in\s+(?:an?|its|his|her|their|the)\s+(?:[\w-]+\s+){{0,3}}(?:statement|message|interview|speech|post|briefing|bulletin|report|address|update|video|letter|note|communiqu[eé]|tweet)"
        rf"(?:\s+(?:on|to)\s+[\w\s'’-]{{1,40}}?)?|on\s+(?:its|his|her|their)\s+[\w\s-]{{1,30}}?(?:channel|account|website|page)"
        rf"|to\s+{_LISTENER}{listener}|at\s+a\s+[\w\s-]{{1,30}}?(?:conference|briefing|meeting)|(?:in|from)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*))*"
    )


_TAIL = _tail("|" + _LISTENER)
_FINAL_AFTER = re.compile(_TAIL + r"\s*(?:[.!?]+[\"”’]?\s*$|$|,\s+(?=including|adding|citing|referring|as\s|but\s|while\s|whereas\s|[a-z]+ing\b|an?\s+(?:claim|charge|assertion|accusation|allegation)\b))")
_INITIAL_AFTER = re.compile(r"(?:\s*,\s*(?:in\s+an?|citing|according\s+to|speaking\s+(?:to|at|in|on))\s[^,]{3,100}\s*,|" + _TAIL + r")\s*(?:that\s+|:\s*|,\s*)?")
_INITIAL_AFTER_SAID = re.compile(r"(?:\s*,\s*(?:in\s+an?|citing|according\s+to|speaking\s+(?:to|at|in|on))\s[^,]{3,100}\s*,|" + _tail("") + r")\s*(?:that\s+|:\s*|,\s*)?")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|citing|as\s+reported\s+by)\s+")
# Few sentences cite anyone; these words are in every one that does.
_MAY_CITE = re.compile(r"ccording|citing|reported").search
_APPOSITIVE = re.compile(r",\s*([^,]{3,140}?),\s*$")
_WHEN_AT_END = re.compile(rf"\s*,?\s*(?:{WHEN})\s*,?\s*$", re.IGNORECASE)
_QUOTE_CLOSE = "\"”’'"
_NEW_CLAUSE = re.compile(r"(?:[,;]\s*(but|while|whereas|and)?|\s(but|while|whereas))\s+$")
_BRACKETED_END = re.compile(r"\s*\([^()]{1,30}\)\s*$")
_NOT_ROLES = frozenset("speaking asked meanwhile however in on at after before despite for amid".split())
_TELLING = frozenset("told tells assured assures informed informs warned warns reminded reminds".split())
# The listener may hold an abbreviation's full stops ("told U.N. envoy X that").
_LISTENER_THEN_THAT = re.compile(r"\s+(?!that\b)(?:[^,;:.“”\"]|(?<=\b[A-Z])\.){2,80}?\s+that\s+")
_LISTENER_THEN_SUBJECT = re.compile(r"\s+(?:(?:the|his|her|their|its|an?)\s+)?(?:[\w.’'\-]+\s+){0,5}?(?=(?:it|he|she|they|we|there)\s+[a-z])")
_NOT_A_LISTENER = re.compile(r"\b(?:and|but|or|was|were|is|are|had|has|have|would|will|\w+ed)\b|,")
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|it|they|we|and)\s+$")
_PRONOUN_AT_END = re.compile(r"\b([Hh]e|[Ss]he|[Ii]t|[Tt]hey)\s+(?:also\s+)?$")
_FREE_RELATIVE = re.compile(r"\b(?:what|which|whom)\s+$")
_PREPOSITION_BEFORE = re.compile(r"\b(?:against|about|over|into|upon|under|after|before|to|by|toward|towards|via|during|amid|following|near|through|across)\s+$")
_SUBORDINATE_START = re.compile(r"(?:as|when|while|because|since|if|before|after|until)\b")
_RELATIVE_OPENING = re.compile(r",\s*((?:which|who|whose)\s[^;:“”\"]{3,180}?),\s*$")
_FIGURE_SOURCE = re.compile(r"\b(?:estimates?|figures?|data|tally|count|census|survey|study|statistics)\b", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-Z][\w’'\-]+|al|bin|ibn|de|van|von|el|abu)(?:\s+(?:[A-Z][\w’'\-]+|al|bin|ibn|de|van|von|el|abu)){1,4}")
_WHO_AT_END = re.compile(r",\s*who\s+$")
_OF_FOR_TO = re.compile(r"\s+(?:of|for|to)\b")
_PASSIVE_AUX = re.compile(r"\s*$|.*\b(?:was|were|is|are|been|being)\s+$")
_LEADING_LINK = re.compile(r"(?:also|and|but|then|however|meanwhile)\s+", re.IGNORECASE)
_MEDIUM_THEN_THAT = re.compile(r"\s+(?:on|in|at|to|after|during|before|following|via|from|by)\s[^,;:.“”\"]{1,60}?\s+that\s+")
# A subject with a reduced relative clause: "A council set up to ...", "The committee formed by ...".
_REDUCED_RELATIVE = re.compile(
    r"((?:The|A|An)\s+(?:[\w’'\-]+\s+){0,5}?[\w’'\-]+)\s+(?:newly\s+)?(?:set\s+up|formed|created|established|appointed|tasked|charged|named|chosen|backed|based)\s+(?:to|by|in|at|for|with)\s[^,;:“”\"]*$"
)
_DETERMINER_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+$")
_CONCESSION = re.compile(r",\s+(?:although|though|even\s+though|whereas)\s")
_CONDITIONAL_BEFORE = re.compile(r"(?:\b(?:[Ii]f|[Uu]nless|[Ss]hould|[Ww]ere|[Ww]hether)|^[Ww]ould)\s+$")
_TO_BE = re.compile(r"\s+to\s+(?:be|have)\b")
# Media that carry others' words: "..., state television reported" does not make the channel the speaker.
MEDIA = re.compile(r"\b(?:news\s+agency|media|television|TV|radio|newspaper|broadcaster|channel|[A-Z]{2,}\s+news)\b", re.IGNORECASE)
_OPENING_NP = re.compile(r"(?:(?:The|A|An)\s+)?(?:[A-Z][\w’'\-.]*\s+){0,6}?[A-Z][\w’'\-.]*(?=\s+(?:has\s+|had\s+|also\s+)?[a-z]+\b)")
_OFFICE_THEN_NAME = re.compile(
    r"(?:(?:The|A|An)\s+)?(?:[A-Z][\w’'\-.]*\s+){0,6}?[A-Z][\w’'\-.]*\s+(?:leader|chief|spokes(?:man|woman|person)|commander|minister|president|envoy|negotiator|head|secretary|ambassador)\s+(?:[A-Z][\w’'\-.]*\s+){0,3}[A-Z][\w’'\-]*"
)
_NEAR_TO = re.compile(r"\b(?:close|loyal|allied|linked|aligned|related|near)\s+(?:to|with)\s+$")
# Present-tense forms that are as often plural nouns ("Russian claims").
_NOUN_LIKE = frozenset("claims reports fears hopes calls demands offers says warns".split())
_CLAUSE_OPENER = re.compile(r"\b(?:and|but|while|as|after|that|when|because|since|although|though|where)$")
_CALL_FOR = re.compile(r"\s+(?:on|for|upon)\b")
_NAMING_CALL = re.compile(r"(?:\bwhat\s+\S+\s+(?:has\s+|had\s+)?|so-|\b(?:group|place|area|town|village|operation|movement|organi[sz]ation|militia|unit|force|plan|party|something)\s+)$")
_QUOTED_AS = re.compile(
    r"(?P<passive>\b(?:was|were|is|has\s+been)\s+quoted\s+(?:by\s+[^,;]{2,80}?\s+)?as\s+saying\b)"
    r"|\bquoted\s+(?P<obj>(?:him|her|them|[^,;]{2,80}?))\s+as\s+saying\b"
)
_PARTICIPLE = re.compile(
    r"(?:(?P<with>\b[Ww]ith\s+(?P<spk>[^,;:“”\"]{2,80}?)\s+)|,\s*)(?P<verb>" + alternation(_PARTICIPLES) + r")\b(?:\s+(?:that|on|for)\b)?"
)
_FINITE_VERB = re.compile(r"\b(?:" + alternation(_VERBS) + r"|\w+ed)\b")
_AUX_AT_END = re.compile(
    r"(?:\s*,\s*meanwhile\s*,|\s+(?:has|have|had|also|repeatedly|immediately|previously|publicly|again|both|later|then|earlier|swiftly|quickly|already|all|jointly|separately|once\s+more"
    r"|(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+(?:days?|weeks?|months?|hours?|years?)\s+ago))+\s*$"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker and the stretch of the sentence that is theirs."""

    speaker: Phrase
    verb: str
    content_start: int
    content_end: int
    role: str | None
    kind: str  # "final", "inverted", "initial" or "according"


def find_attributions(text: str) -> list[Attribution]:
    """Every attribution in one sentence, outermost first."""
    return list(_attributions(text))


@lru_cache(maxsize=4096)
def _attributions(text: str) -> tuple[Attribution, ...]:
    """Memoised: a pure function of the sentence, and wire copy repeats its
    sentences (lede and body, a story rewritten across updates)."""
    return tuple(_read_attributions(text))


def _read_attributions(text: str) -> list[Attribution]:
    found: list[Attribution] = []
    participles = False
    for m in _VERB.finditer(text):
        verb = m.group(1).lower()
        if verb in _PARTICIPLE_SET:
            participles = True
            continue
        after = text[m.end() : m.end() + 6]
        if verb in ("accused", "blamed", "urged", "called") and _OF_FOR_TO.match(after) and not _PRONOUN_SUBJECT.search(text, max(0, m.start() - 8), m.start()):
            if _PASSIVE_AUX.match(text[: m.start()][-12:]) or verb != "called" and m.start() < 60 and "," not in text[: m.start()]:
                continue  # "Company accused of ...", "UN urged to ...": the passive
            if verb in ("accused", "blamed") and not after.startswith(" to"):
                continue  # "a network blamed for the bombings": the active verb takes an object first
        if verb.endswith("ed") and _DETERMINER_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "a feared network", "the promised truce": an adjective, nobody speaks
        if verb.endswith("ed") and _TO_BE.match(text, m.end()):
            continue  # "troops reported to be leaving": a reduced passive, nobody speaks
        if verb in ("reported", "reports") and text.startswith(" on ", m.end()):
            continue  # "reported on tribal communities": covered, not said
        if verb in ("called", "calls") and _NAMING_CALL.search(text, max(0, m.start() - 30), m.start()) and not _CALL_FOR.match(text, m.end()):
            continue  # "what he called a betrayal", "a group called X" name, they do not speak
        if (verb.endswith("ed") or verb in ("said", "says", "say")) and _PASSIVE_SAID.search(text, max(0, m.start() - 30), m.start()):
            continue  # "is said to have", "were urged to", "is expected to"
        attribution = _final(text, m, verb) or _inverted(text, m, verb) or _initial(text, m, verb)
        if attribution and verb in _NOUN_LIKE and attribution.kind == "initial" and not _clause_start(text, attribution.speaker.start):
            continue  # "denied Russian claims that ...": a noun, not a verb
        if attribution:
            found.append(attribution)
    if "quoted" in text:
        for m in _QUOTED_AS.finditer(text):
            attribution = _quoted_as(text, m)
            if attribution:
                found.append(attribution)
    if participles:
        for m in _PARTICIPLE.finditer(text):
            attribution = _participle(text, m, found)
            if attribution:
                found.append(attribution)
    for m in _ACCORDING.finditer(text) if _MAY_CITE(text) else ():
        speaker = _speaker_after(text, m.end())
        if speaker and (_FIGURE_SOURCE.search(speaker.text) or not _speakerish(speaker.text)):
            continue  # "according to a Reuters estimate": the source of a figure, not a speaker
        if speaker:
            before = text[: m.start()].rstrip(" ,")
            if before:
                found.append(Attribution(speaker, "according to", 0, len(before), None, "according"))
            else:
                rest = text[speaker.end :].lstrip(" ,")
                found.append(Attribution(speaker, "according to", len(text) - len(rest), len(text), None, "according"))
    return _end_at_next_clause(text, found)


def _end_at_next_clause(text: str, found: list[Attribution]) -> list[Attribution]:
    """"A said X, but B responded that Y": A's speech ends where B's clause begins.

    Headlines join clauses with a bare comma ("Syria denies raid, U.N.
    condemns attack"), so a capitalised speaker after a comma also ends it.
    """
    out = []
    for a in found:
        for b in found:
            if b is a or b.kind != "initial" or not a.content_start < b.speaker.start < a.content_end:
                continue
            joint = _NEW_CLAUSE.search(text, max(0, b.speaker.start - 12), b.speaker.start)
            if joint and (joint.group(1) or joint.group(2) or b.speaker.text[:1].isupper()):
                a = replace(a, content_end=joint.start())
        out.append(a)
    return out


def _clause_start(text: str, pos: int) -> bool:
    """Whether a phrase at ``pos`` opens a clause (so it can be a subject)."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ",;:—–-()" or _CLAUSE_OPENER.search(before) is not None


def _quoted_as(text: str, m: re.Match[str]) -> Attribution | None:
    """"X was quoted by Y as saying ..." and "Y quoted X as saying ...": X speaks."""
    if m.group("passive"):
        speaker, _ = _subject_before(text, text[: _strip_adverbs(text, m.start())])
    else:
        speaker = _clean(text, m.start("obj"), m.end("obj"))
    if not speaker or not _speakerish(speaker.text):
        return None
    return Attribution(speaker, "quoted", m.end(), len(text), None, "quoted")


def _participle(text: str, m: re.Match[str], found: list[Attribution]) -> Attribution | None:
    """"with the Kremlin saying ...": the participle's own subject speaks.

    ", saying ..." after a clause belongs to that clause's subject, which an
    attribution found earlier in the sentence already names.
    """
    verb = m.group("verb").lower()
    if m.group("with"):
        speaker = _clean(text, m.start("spk"), m.end("spk"))
        if not speaker or not _speakerish(speaker.text) or len(tokens(speaker.text)) > 10:
            return None
        return Attribution(speaker, verb, m.end(), len(text), None, "participle")
    owner = next((a for a in found if a.speaker.end <= m.start() and a.kind in ("initial", "quoted")), None)
    if owner is None and all(a.kind != "initial" and MEDIA.search(a.speaker.text) for a in found):
        # "The ministry sent a letter to the U.N., state television reported, saying ...": the ministry says it.
        opening = _OPENING_NP.match(text)
        office = _OFFICE_THEN_NAME.match(text) if opening else None
        if office:
            opening = office  # "Northern Guard leader Pell Arraby returned ..., vowing": the person
        subject = (
            Phrase(opening.group(), 0, opening.end()) if opening and opening.end() < m.start()
            else phrase_before(text, _strip_adverbs(text, _subject_end(text, m.start())), speaker=True)
        )
        if not subject or subject.start > 0 and text[: subject.start].strip():
            return None  # only a sentence's own subject speaks through ", saying"
        return Attribution(subject, verb, m.end(), len(text), None, "participle")
    return None  # the clause's own attribution already holds the participle


def _subject_end(text: str, pos: int) -> int:
    """Where the subject of the clause that ends at ``pos`` ends: before its verb."""
    verb = _FINITE_VERB.search(text, 0, pos)
    return verb.start() if verb else 0


# The words _AUX_AT_END can end with (besides the comma after "meanwhile"):
# text ending otherwise has nothing to step back over, and the pattern,
# which would be tried at each of the last 80 characters, is skipped.
_AUX_LAST_WORDS = frozenset(
    "has have had also repeatedly immediately previously publicly again both later then earlier swiftly "
    "quickly already all jointly separately more ago".split()
)


def _strip_adverbs(text: str, pos: int) -> int:
    """Step back over "has", "also", "on Monday", "meanwhile," before a verb."""
    before = text[:pos]
    tail = before.rstrip()
    last = tail[-14:].rsplit(None, 1)[-1] if tail else ""
    if not tail.endswith(",") and last not in _AUX_LAST_WORDS:
        return pos
    m = _AUX_AT_END.search(before, max(0, pos - 80))
    return m.start() if m else pos


def _final(text: str, m: re.Match[str], verb: str) -> Attribution | None:
    """"..., the Observatory said." and "...," he said on Monday."""
    if verb not in REPORTING:
        return None
    after = _FINAL_AFTER.match(text, m.end())
    if not after:
        return None
    before = text[: m.start()]
    boundary = max(before.rfind(","), before.rfind(";"), before.rfind(":"),
                   *(before.rfind(q) for q in "”\""))
    if boundary <= 0:
        return None
    gap = before[boundary + 1 :]
    role = None
    appositive = _APPOSITIVE.search(before, max(0, len(before) - 150))
    if appositive and appositive.end() == len(before):
        # ", Ali Ahmed, the group's spokesman, said."
        head_end = appositive.start()
        head_start = max(before.rfind(",", 0, head_end), before.rfind("”", 0, head_end), before.rfind("\"", 0, head_end))
        if head_start > 0 and head_end - head_start < 80:
            speaker = _clean(text, head_start + 1, head_end)
            if speaker:
                return Attribution(speaker, verb, 0, head_start, appositive.group(1).strip(), "final")
    if not gap.strip() or len(gap) > 140 or len(tokens(gap)) > 16:
        return None
    speaker = _clean(text, boundary + 1, m.start())
    if not speaker or not _speakerish(speaker.text):
        return None
    content_end = boundary
    while content_end > 0 and text[content_end - 1] in _QUOTE_CLOSE + " ,":
        content_end -= 1
    return Attribution(speaker, verb, 0, content_end, role, "final")


def _inverted(text: str, m: re.Match[str], verb: str) -> Attribution | None:
    """"..., said the woman." and "...," said Ali Ahmed, the group's spokesman."""
    if verb not in ("said", "says", "added", "adds", "wrote"):
        return None
    before = text[: m.start()].rstrip()
    if not before or before[-1] not in ",”\"":
        return None
    rest = text[m.end() :]
    end_match = _SENTENCE_END.search(rest)
    speaker_text = rest[: end_match.start()] if end_match else rest
    role = None
    if "," in speaker_text:
        speaker_text, role = (s.strip() for s in speaker_text.split(",", 1))
    if not speaker_text.strip() or len(tokens(speaker_text)) > 10:
        return None
    if _VERB.search(speaker_text):
        return None  # "..., said Cairo rejected the plan": a clause, the object of "said"
    head = speaker_text.strip().split()[0]
    if not (head[:1].isupper() or head.lower() in ("the", "a", "an", "his", "her", "its", "their", "one")) or re.search(
        r"\b(?:would|will|had|has|have|was|were|is|are|could|should|that|to)\b", speaker_text
    ):
        return None
    speaker = _clean(text, m.end(), m.end() + len(speaker_text) + (len(rest) - len(rest.lstrip())))
    if not speaker or not _speakerish(speaker.text):
        return None
    content_end = len(before)
    while content_end > 0 and text[content_end - 1] in _QUOTE_CLOSE + " ,":
        content_end -= 1
    return Attribution(speaker, verb, 0, content_end, role or None, "inverted")


def _initial(text: str, m: re.Match[str], verb: str) -> Attribution | None:
    """"X said on Monday that ...", "Ali Ahmed, the spokesman, told Reuters: ..."."""
    before = text[: _strip_adverbs(text, m.start())]
    appositive = _APPOSITIVE.search(before, max(0, len(before) - 150)) if before.rstrip().endswith(",") else None
    when = _WHEN_AT_END.search(before, max(0, len(before) - 60)) if may_end_in_when(before) else None
    if when and not (appositive and appositive.start() < when.start()):
        before = before[: _strip_adverbs(text, when.start())]
        appositive = _APPOSITIVE.search(before, max(0, len(before) - 150)) if before.rstrip().endswith(",") else None
    speaker, role = _appositive_subject(text, before, appositive)
    pronoun = _PRONOUN_AT_END.search(before, max(0, len(before) - 12))
    if pronoun and _FREE_RELATIVE.search(before, max(0, pronoun.start() - 8), pronoun.start()):
        return None  # "citing what it described as ...": a relative clause, not speech
    if speaker is None and pronoun:
        speaker = Phrase(pronoun.group(1), pronoun.start(1), pronoun.end(1))
    relative = _WHO_AT_END.search(before, max(0, len(before) - 20)) if speaker is None else None
    if relative:
        # "... for opposition leaders, who told the envoy they would not attend": the antecedent speaks.
        speaker = phrase_before(text, relative.start(), speaker=True)
    if speaker is None:
        speaker = phrase_before(text, len(before), speaker=True)
    if not speaker or not _speakerish(speaker.text):
        return None
    if _CONDITIONAL_BEFORE.search(text, max(0, speaker.start - 10), speaker.start):
        return None  # "If the minister says ...", "Should the leader say ...": speech that has not happened
    if _PREPOSITION_BEFORE.search(text, max(0, speaker.start - 12), speaker.start):
        reduced = _REDUCED_RELATIVE.match(text, 0, len(before))
        if not reduced:
            return None  # "sanctions against Badreddine said": the subject began earlier
        # "A council set up to oversee the talks has told ...": the head noun before the participle speaks.
        speaker = Phrase(reduced.group(1), 0, len(reduced.group(1)))
    after = (_INITIAL_AFTER if verb in _TELLING else _INITIAL_AFTER_SAID).match(text, m.end())
    content_start = after.end() if after else m.end()
    # "told Japan's prime minister on Wednesday that ...", "said on Telegram that ...":
    # the listener and the medium are no part of what was said.
    listener = (_LISTENER_THEN_THAT if verb in _TELLING else _MEDIUM_THEN_THAT).match(text, m.end())
    if listener:
        content_start = listener.end()
    elif verb in ("told", "tells"):
        # "told the mediators it would free them": the listener, then a clause opened by its subject.
        clause = _LISTENER_THEN_SUBJECT.match(text, m.end())
        if clause and clause.end() > content_start and not _NOT_A_LISTENER.search(text, m.end(), clause.end()):
            content_start = clause.end()
    if verb in ("told", "tells") and content_start == m.end():
        return None
    if _SUBORDINATE_START.match(text, content_start) and not text.endswith("that ", 0, content_start):
        return None  # "the operation the government had feared as it prepares": no speech follows
    if content_start >= len(text.rstrip(" .")):
        return None
    concession = _CONCESSION.search(text, content_start)
    # "X confirmed the strike, although officials told Reuters ...": the writer's aside is no part of X's words.
    return Attribution(speaker, verb, content_start, concession.start() if concession else len(text), role, "initial")


def _appositive_subject(text: str, before: str, appositive: re.Match[str] | None) -> tuple[Phrase | None, str | None]:
    """"The Houthis, which hold the capital, said" and "Ali Ahmed, the
    spokesman, said": the head before the commas and its role.

    A bracketed short name before the comma is skipped, and a relative
    clause may hold commas of its own ("Germany, which shut its embassy,
    consulate and schools, urged").
    """
    if before.rstrip().endswith(","):
        relative = _RELATIVE_OPENING.search(before, max(0, len(before) - 200))
        if relative and (appositive is None or relative.start() < appositive.start()):
            appositive = relative
    if not appositive:
        return None, None
    head_end = _strip_adverbs(text, appositive.start())  # "Hezbollah has, in response to ..., denied"
    named = appositive.group(1).strip().rstrip(",").strip()
    if _NAME.fullmatch(named):
        # "A senior adviser to the president, Amal Hadi, said": the name speaks, the description is the office.
        start = _clause_start_before(text, head_end)
        description = text[start:head_end].strip()
        if description and len(description) <= 140:
            return Phrase(named, appositive.start(1), appositive.start(1) + len(named)), description
    short = _BRACKETED_END.search(text, 0, head_end)
    head = phrase_before(text, short.start() if short else head_end, speaker=True)
    near = _NEAR_TO.search(text, max(0, head.start - 20), head.start) if head else None
    if near:
        # "A Taliban commander close to Mansour, speaking to Reuters, denied": the commander speaks.
        fuller = phrase_before(text, near.start(), speaker=True)
        if fuller:
            head = Phrase(text[fuller.start : head.end], fuller.start, head.end)
    if not head or not head.text[:1].isupper() or len(head.text.split()) > 10:
        return None, None
    role = appositive.group(1).strip().rstrip(",").strip()
    return head, None if role.split()[0].lower() in _NOT_ROLES else role


def _clause_start_before(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` begins: after the last comma, colon or dash before it."""
    cut = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos), text.rfind(":", 0, pos), text.rfind("–", 0, pos), text.rfind("—", 0, pos))
    return cut + 1 if cut >= 0 else 0


def _subject_before(text: str, before: str) -> tuple[Phrase | None, str | None]:
    """The subject that ends ``before`` (a verb follows), with an appositive role."""
    appositive = _APPOSITIVE.search(before, max(0, len(before) - 150)) if before.rstrip().endswith(",") else None
    speaker, role = _appositive_subject(text, before, appositive)
    if speaker is None:
        speaker = phrase_before(text, len(before), speaker=True)
    return speaker, role


def _speaker_after(text: str, pos: int) -> Phrase | None:
    match = _SPEAKER_AFTER_ACCORDING.match(text[pos:])
    if not match:
        return None
    return _clean(text, pos, pos + match.end())


def _clean(text: str, start: int, end: int) -> Phrase | None:
    end = min(end, len(text))
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    piece = text[start:end]
    lead = _LEADING_LINK.match(piece)
    if lead:
        start += lead.end()
    piece = text[start:end]
    trail = _TRAILING_ALSO.search(piece) or _TRAILING_ADVERB.search(piece)
    if trail:
        end = start + trail.start()
    if end <= start:
        return None
    return Phrase(text[start:end], start, end)


def _speakerish(phrase: str) -> bool:
    """A speaker is a name or a noun phrase, not a clause or a quotation."""
    low = phrase.lower()
    if _QUOTE_MARK.search(phrase):
        return False
    first = low.split()[0] if low.split() else ""
    if first in ("which", "that", "what", "this", "there", "who", "when", "where"):
        return False
    if first.endswith("ing") and phrase[:1].islower():
        return False  # "..., raising U.N. hopes": a participle's clause, not a subject
    if low in ("the", "a", "an", "its", "their", "his", "her", "these", "those"):
        return False  # "The reports could not be confirmed": a determiner, and a noun taken for a verb
    return True

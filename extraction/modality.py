"""Tell stated facts from hypotheses, plans, denials and negations.

"Aleppo's fall would deal a blow", "plans to retake", "denied seizing" and
"did not capture" all contain an event verb and none of them reports an
event, so every rule asks here before it fires.
"""

from __future__ import annotations

import re

# The lookahead holds the letters the markers start with, so that words
# starting otherwise are turned away before the alternatives are tried.
_IRREALIS_BEFORE = re.compile(
    r"\b(?=[abcdefhilmnoprstuvw])(?:would|could|might|(?-i:may)|will|shall|should|must|can|cannot|won[’']t|wouldn[’']t|couldn[’']t"
    r"|not|n[’']t|never|no\s+longer|neither|nor|unable\s+to"
    r"|fail(?:ed|s|ing)?\s+to|try(?:ing)?\s+to|tried\s+to|tries\s+to|attempt(?:ed|ing|s)?\s+to"
    r"|aim(?:ed|ing|s)?\s+to|plan(?:ned|ning|s)?\s+to|vow(?:ed|ing|s)?\s+to|threaten(?:ed|ing|s)?\s+to"
    r"|seek(?:s|ing)?\s+to|sought\s+to|hop(?:e|ed|es|ing)\s+to|want(?:s|ed|ing)?\s+to|intend(?:s|ed|ing)?\s+to"
    r"|prepar(?:e|ed|es|ing)\s+to|ready\s+to|poised\s+to|expected\s+to|likely\s+to|set\s+to|about\s+to"
    r"|bid\s+to|push(?:ing)?\s+to|battl(?:e|ing)\s+to|fight(?:ing)?\s+to|order(?:ed)?\s+to|in\s+order\s+to"
    r"|effort\s+to|offensive\s+to|drive\s+to|campaign\s+to|pledg(?:e|ed|es)\s+to|promis(?:e|ed|es)\s+to"
    r"|den(?:y|ied|ies|ying)|reject(?:ed|s)?\s+(?:claims|reports)|if|unless|whether|lest"
    r"|risk(?:s|ed)?|fear(?:s|ed)?\s+(?:that\s+)?|warn(?:s|ed)?\s+(?:that\s+)?|threat\s+of|danger\s+of"
    r"|rumou?rs?\s+(?:that|of)|unconfirmed|false(?:ly)?|allegedly\s+not)\b",
    re.IGNORECASE,
)
_TO_INFINITIVE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "helped government forces to drive them out" reports the outcome, as "managed to" does.
_REALIS_TO = re.compile(
    r"\b(?:(?:managed|succeeded|went\s+on|able|were\s+able|was\s+able|helped)|help(?:ed|ing|s)\s+(?:[\w\-]+\s+){1,4}?)to\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_MAY_DATE = re.compile(r"\b\d{1,2}\s+May\b|\bMay\s+\d{1,4}\b|\b(?:in|since|until|by|of|early|late|mid-?)\s+May\b")
_CLAIMED_TO = re.compile(r"\b(?:claim(?:ed|s|ing)?|(?:is|are|was|were)\s+(?:said|reported|believed|thought))\s+to\s+$", re.IGNORECASE)


def _claimed_perfect(window: str, sentence: str, verb_start: int) -> bool:
    """"claimed to have captured", "are said to have taken": a claim of a
    past event, which is reported like any other claim."""
    return sentence.startswith("have ", verb_start) and _CLAIMED_TO.search(window) is not None


_CONDITIONAL_CLAUSE = re.compile(r"(?:^|[,;:]\s*)(?:if|unless|should|once|when\s+and\s+if|in\s+case)\b", re.IGNORECASE)
_DENIED_BEFORE = re.compile(r"\b(?:den(?:y|ied|ies|ying)(?:\s+(?:[\w’'\-]+\s+){0,3}?(?:claims|reports|allegations|suggestions))?|(?:dismissed|rejected|refuted)\s+(?:[\w’'\-]+\s+){0,3}?(?:claims|reports|allegations)|doubt(?:ed|s)?|question(?:ed|s)?\s+whether)\s+(?:that\s+)?$", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*[\"”’]?\s*$")


def is_stated(sentence: str, verb_start: int, *, window_start: int | None = None) -> bool:
    """Whether the verb at ``verb_start`` reports something that happened.

    ``window_start`` is where the verb's own clause begins (usually the start
    of its subject); irrealis markers before it belong to other clauses
    unless they govern the whole sentence.
    """
    clause_start = _clause_start(sentence, verb_start)
    start = clause_start if window_start is None else min(window_start, clause_start)
    window = sentence[max(start, verb_start - 80) : verb_start]
    window = window[max(window.rfind("."), window.rfind(";"), window.rfind(":")) + 1 :]
    if "May" in window:
        window = _MAY_DATE.sub(" ", window)  # "on 4 May 2020" is a date, not a modal
    if _TO_INFINITIVE.search(window) and not _REALIS_TO.search(window) and not _claimed_perfect(window, sentence, verb_start):
        return False
    if _IRREALIS_BEFORE.search(window):
        return False
    if _CONDITIONAL_CLAUSE.search(sentence[clause_start:verb_start]):
        return False
    if _DENIED_BEFORE.search(sentence[:clause_start]):
        return False
    if _QUESTION.search(sentence):
        return False
    return True


def _clause_start(sentence: str, pos: int) -> int:
    """The start of the clause holding ``pos``: the last strong break before it."""
    best = 0
    for m in re.finditer(r"[;:]\s|,\s+(?:but|and|while|whereas|although|though|as)\s|\bthat\s|\bbut\s", sentence[:pos]):
        best = m.end()
    return best


def is_gerund_subject(sentence: str, verb_start: int) -> bool:
    """"Recapturing the pocket will constitute ...": an -ing form heading its
    clause names an idea, not an event, unless a preposition of time ("after
    losing") ties it to the main clause."""
    before = sentence[:verb_start].rstrip()
    if before and not before.endswith((",", ";", ":", "\u2014", "-")):
        return False
    return True

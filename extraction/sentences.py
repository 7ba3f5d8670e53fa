"""Split report text into sentences that keep their offsets.

Wire copy breaks naive splitters in predictable ways: abbreviations ("U.N.",
"Gen.", "Lt. Col."), initials, headlines with no full stop, and quotations
whose sentences end inside the quote marks. Offsets are kept so that every
event can point back at the exact characters it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Small patterns used inside the rules, compiled once: they run for every sentence.
_DOTTED_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl adm brig cmdr cdr gov sen rep
    rev fr st mt ft no nos vs etc inc ltd co corp jr sr pres sec amb dept est
    approx jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.u
    u.s.a a.m p.m i.e e.g al
    """.split()
)
# After these, a capitalised word usually starts a new sentence even when the
# full stop belongs to an abbreviation ("... in the U.S. The talks ...").
_SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i his her its their this that these those but
    and in on at after before when while as however meanwhile there some
    many most one two three four five six seven eight nine ten
    """.split()
)

# The match starts at the end mark itself, not after it: a pattern that
# opens with a character class lets the engine skip straight to the next
# mark, where one opening with a lookbehind is tried at every character.
_BOUNDARY = re.compile(
    r"""[.!?]                 # the end mark
        ["'\u201d\u2019)\]]*  # closing quotes or brackets
        (?=\s+["'\u201c\u2018(\[]*[A-Z0-9])""",
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its place in the text and its paragraph."""

    text: str
    start: int
    end: int
    paragraph: int
    index: int


# How far around a candidate boundary the abbreviation test looks. Words
# are short; a bounded window keeps splitting linear in the text's length
# however many abbreviations it skips ("Mr. Mr. Mr. ..." for a megabyte).
_WINDOW = 48


def _is_abbreviation(before: str, following: str) -> bool:
    """Whether the full stop ending ``before`` belongs to an abbreviation.

    ``before`` and ``following`` are short windows of text either side of
    the candidate boundary, never the whole chunk.
    """
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lower()
    next_word = following.lstrip(" \t\"'\u201c\u2018([").split(" ", 1)[0].lower()
    if len(word) == 1 and word.isalpha():
        # An initial ("George W. Bush"), unless the next word plainly opens
        # a sentence.
        return next_word not in _SENTENCE_STARTERS
    if word in _ABBREVIATIONS:
        if "." in word and next_word in _SENTENCE_STARTERS:
            return False
        return True
    # Dotted acronyms such as "U.S." or "N.A.T.O."
    return bool(_DOTTED_ACRONYM.fullmatch(word)) and next_word not in _SENTENCE_STARTERS


def _split_paragraph(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        mark = match.start() + 1  # just after the end mark, before any closers
        before = text[max(start, mark - _WINDOW) : mark]
        if _is_abbreviation(before, text[end : end + _WINDOW]):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((offset + s + lead, offset + s + trail))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each line break ends a paragraph.

    Feed bodies come as paragraphs separated by line breaks and headlines
    have no full stop, so a line break always ends a sentence.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[pos:end]
        if block.strip():
            for s, e in _split_paragraph(block, pos):
                sentences.append(Sentence(text[s:e], s, e, paragraph, len(sentences)))
            paragraph += 1
        if match:
            pos = match.end()
    return sentences

"""Make hostile text inert before anything stores or shows it.

Feed text can carry terminal escape sequences (colours, OSC 8 links, OSC 52
clipboard writes, title changes), control characters such as BEL, and
invisible format characters (zero-width spaces, tag characters) that hide
or disguise text. Those must never reach the terminal, so they are removed
at ingest and again on display; Rich/Textual markup is a separate matter
handled by always rendering feed text as ``Text``/``Content`` objects,
never as markup strings.

The rule is to strip controls, never the text around them: a control
string (OSC, DCS, ...) is removed whole only when it is complete, short
and on one line; an unterminated one loses its introducer alone, so a
stray U+0090 in a report costs one character, not the rest of the report.
Every pattern here runs in linear time on any input.
"""

from __future__ import annotations

import re
import unicodedata

# The body of a control string: no controls of any kind (so no introducer
# or terminator), bounded, so each introducer is followed by a short scan.
_STRING_BODY = r"[^\x00-\x1f\x7f-\x9f]{0,512}"
_STRING_END = r"(?:\x07|\x1b\\|\x9c)"
_ESCAPES = re.compile(
    rf"""
    \x1b\[[0-?]*[ -/]*[@-~]                              # CSI
  | \x9b[0-?]*[ -/]*[@-~]                               # 8-bit CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]){_STRING_BODY}{_STRING_END}
                                                        # OSC, DCS, SOS, PM, APC, complete
  | \x1b[\]PX^_]                                        # ... an unterminated one's introducer
  | \x1b[@-_]?                                          # other escapes, lone ESC
    """,
    re.VERBOSE,
)

# Format characters (Unicode category Cf) a script needs and that are kept:
# ZWNJ/ZWJ (Persian, Indic scripts, emoji sequences), the LRM/RLM/ALM marks
# right-to-left text relies on, the visible Arabic and Syriac number signs,
# the Kaithi number signs, the Mongolian vowel separator and the Egyptian
# hieroglyph format controls. Every other Cf character (zero-width space,
# word joiner, BOM, soft hyphen, invisible operators, tag characters,
# interlinear annotation, bidi embeddings) is invisible or disguising.
_KEEP_FORMAT = frozenset(
    [0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x06DD, 0x070F, 0x08E2, 0x110BD, 0x110CD, 0x180E]
    + list(range(0x0600, 0x0606))
    + list(range(0x0890, 0x0892))
    + list(range(0x13430, 0x13456))
)


def _ranges(codes: list[int]) -> str:
    parts = []
    start = prev = codes[0]
    for code in codes[1:] + [-1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
        start = prev = code
    return "".join(parts)


# Format characters live in the first two planes and the tag plane only;
# scanning just those keeps the import cheap.
_DROP_FORMAT = [
    code for code in (*range(0x20000), *range(0xE0000, 0xE1000))
    if code not in _KEEP_FORMAT and unicodedata.category(chr(code)) == "Cf"
]
# C0 and C1 controls but tab and newline, DEL, and the format characters
# above (bidi overrides and isolates among them).
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_ranges(_DROP_FORMAT)}]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences, controls and invisible format characters.

    Carriage returns become newlines so that CRLF text keeps its lines.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Collapse text to a single safe line, for titles and table cells."""
    line = " ".join(strip_controls(text).split())
    if limit is not None and len(line) > limit:
        line = line[: max(limit - 1, 0)].rstrip() + "…"
    return line

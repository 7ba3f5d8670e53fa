"""Make hostile text inert before anything stores or shows it.

Feed text can carry terminal escape sequences (colours, OSC 8 links, OSC 52
clipboard writes, title changes) and control characters such as BEL. Those
must never reach the terminal, so they are removed at ingest and again on
display; Rich/Textual markup is a separate matter handled by always rendering
feed text as ``Text``/``Content`` objects, never as markup strings.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-character escapes.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                       # CSI
  | \x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)          # OSC, DCS, SOS, PM, APC
  | \x9b[0-?]*[ -/]*[@-~]                          # 8-bit CSI
  | [\x9d\x90\x98\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)  # 8-bit OSC/DCS/...
  | \x1b[@-Z\\-_]?                                 # other escapes, lone ESC
    """,
    re.VERBOSE | re.DOTALL,
)
# Remaining C0 and C1 controls, DEL, and bidi overrides that can disguise
# text; tab and newline are kept.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters.

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

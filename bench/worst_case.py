"""Extraction's worst case next to its ordinary case, on 1 MB texts.

A hostile feed entry can be a megabyte of abbreviations with no sentence
end ("Mr. Mr. ...", "U.S. U.S. ..."), which once made sentence splitting
quadratic. This prints the time to extract each pathological text next to
a 1 MB text of ordinary wire copy; each must stay within 5x of it.

    python bench/worst_case.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sitrep.extraction import extract

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import build_reports  # noqa: E402 - the sibling bench's wire-copy texts

SIZE = 1_000_000
LIMIT = 5.0


def pathological() -> dict[str, str]:
    """Texts chosen to defeat a splitter: abbreviations, initials, no end."""
    return {
        "Mr. x 250,000": ("Mr. " * (SIZE // 4 + 1))[:SIZE],
        "U.S. x 200,000": ("U.S. " * (SIZE // 5 + 1))[:SIZE],
        "Lt. Col. Gen. St.": ("Lt. Col. Gen. St. No. " * (SIZE // 22 + 1))[:SIZE],
        "initials A. B. C.": ("A. B. C. " * (SIZE // 9 + 1))[:SIZE],
        "one open quotation": ('"Rebels said. ' * (SIZE // 14 + 1))[:SIZE],
        "abbreviation per line": ("Gen. Smith of the U.S.\n" * (SIZE // 23 + 1))[:SIZE],
    }


def ordinary() -> str:
    return "\n\n".join(build_reports(400))[:SIZE]


def timed(text: str) -> float:
    start = time.perf_counter()
    extract(text)
    return time.perf_counter() - start


def main() -> int:
    base = min(timed(ordinary()) for _ in range(2))
    print(f"ordinary wire copy, 1 MB:      {base:6.2f} s")
    worst = 0.0
    for name, text in pathological().items():
        seconds = timed(text)
        worst = max(worst, seconds)
        print(f"{name:<30} {seconds:6.2f} s  ({seconds / base:4.2f}x)")
    ratio = worst / base
    print(f"worst case: {ratio:.2f}x the ordinary text (limit {LIMIT:g}x)")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())

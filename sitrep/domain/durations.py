"""Poll intervals as people write them: "30s", "15m", "1h30m", "2d" or "90".

Kept apart from the config so the command line can reuse the same parser
for ``--every`` and give the same message for the same mistake.
"""

from __future__ import annotations

import math
import re

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_SECONDS = 1.0
MAX_SECONDS = 366 * 86400.0

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_WHOLE = re.compile(r"(?:\s*\d+(?:\.\d+)?\s*[smhd]\s*)+", re.IGNORECASE)


class DurationError(ValueError):
    """A duration that cannot be read; the message is fit for the user."""


def parse_duration(value: str | int | float, *, minimum: float = MIN_SECONDS) -> float:
    """Return the duration in seconds, or raise DurationError saying why."""
    if isinstance(value, bool):
        raise DurationError(f"not a duration: {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise DurationError("empty duration")
        try:
            seconds = float(text)
        except ValueError:
            if not _WHOLE.fullmatch(text):
                raise DurationError(
                    f"not a duration: {value!r} (use e.g. 30s, 15m, 1h30m, 2d or seconds)"
                ) from None
            seconds = sum(float(n) * UNITS[u.lower()] for n, u in _PART.findall(text))
    else:
        raise DurationError(f"not a duration: {value!r}")
    if not math.isfinite(seconds):
        raise DurationError(f"not a duration: {value!r}")
    if seconds < minimum:
        raise DurationError(f"duration {value!r} is too short (minimum {format_duration(minimum)})")
    if seconds > MAX_SECONDS:
        raise DurationError(f"duration {value!r} is too long (maximum 366d)")
    return seconds


def format_duration(seconds: float) -> str:
    """The shortest spelling that parse_duration reads back to the same value."""
    if seconds != int(seconds):
        return f"{seconds:g}s"
    rest = int(seconds)
    if rest == 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)

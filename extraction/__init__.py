"""Reading events out of report text. Pure: text in, events out."""

from __future__ import annotations

from sitrep.models import Event, Profile


def extract(text: str, profile: Profile | None = None) -> list[Event]:
    """Return the events stated in ``text`` (title line first, then body)."""
    return []  # replaced by the engine in the next commits

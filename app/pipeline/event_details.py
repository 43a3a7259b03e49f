"""Details of one event mention: casualties (words and digits), its target, and how many
separately targeted attacks a sentence lists ("twice at Ain al-Asad and at three bases in Syria").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.event_context import number_value
from app.pipeline.places import PlaceHit, most_specific, places_overlap

_NUM = (
    r"\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|twenty|a dozen|dozen"
)
RE_KILLED_ACTIVE = re.compile(r"\b(?:kill(?:ed|ing|s))\s+(?P<rest>[^.;:]{0,90})", re.I)
RE_INJURED_ACTIVE = re.compile(
    r"\b(?:injur(?:ed|ing|es)|wound(?:ed|ing|s))\s+(?P<rest>[^.;:]{0,90})", re.I
)
RE_KILLED_PASSIVE = re.compile(
    rf"(?<![\w-])(?P<n>{_NUM})(?:\s+[\w.’'-]+){{0,5}}?\s+(?:were|was|have been|had been|are|is)\s+"
    r"(?:also\s+)?killed\b|(?<![\w-])(?P<d>" + _NUM + r")\s+(?:people\s+|soldiers\s+)?dead\b",
    re.I,
)
RE_INJURED_PASSIVE = re.compile(
    rf"(?<![\w-])(?P<n>{_NUM})(?:\s+[\w.’'-]+){{0,5}}?\s+(?:were|was|have been|had been|are|is)\s+"
    r"(?:also\s+)?(?:injured|wounded)\b"
    rf"|(?<![\w-])(?P<d>{_NUM})\s+(?:others?\s+|people\s+|more\s+)?(?:injured|wounded)\b",
    re.I,
)
RE_NO_CASUALTIES = re.compile(
    r"\b(?:no|not cause any|without|not result in any|causing no)\s+(?:immediate\s+)?"
    r"(?:casualties|injuries|deaths)\b",
    re.I,
)
RE_STOP = re.compile(
    r",|\band (?:injur|wound)|\b(?:injur|wound)|\b(?:on|in|at|near|when|after|during|as|while)\b",
    re.I,
)
RE_CONDITIONAL = re.compile(r"\b(?:if|unless|whether|would|could|should|might|threat\w*)\b", re.I)
RE_QUALIFIER = re.compile(
    r"\b(?:at least|more than|about|some|nearly|around|over|up to|almost|roughly)\s+", re.I
)
RE_LIST_JOINER = re.compile(r"(?:\band|,)\s+$", re.I)
RE_COUNTED = re.compile(rf"(?<![\w-])(?P<n>{_NUM})(?=\s+[A-Za-z]|\s*$)", re.I)
RE_TIMES = re.compile(r"\b(?P<n>once|twice|thrice|(?:two|three|four|five|\d) times)\b", re.I)
RE_PLACE_PREP = re.compile(r"^\s*(?:at|on|in|against|targeting)\s+(?:the\s+)?$", re.I)
RE_AT_N_SITES = re.compile(
    r"\b(?:at|on|against|targeting)\s+(?P<n>two|three|four|five|six|\d)\s+(?:[\w-]+\s+)?"
    r"(?:bases|sites|positions|targets|facilities|locations|outposts)\b",
    re.I,
)
RE_ATTACK_TARGET = re.compile(
    r"\b(?P<embassy>embassy|Green Zone|diplomatic)|\b(?P<convoy>convoys?)"
    r"|\b(?P<base>bases?|air ?bases?|airbases?|airfields?|airports?|camps?|garrisons?|outposts?)",
    re.I,
)
# A word each pattern pair needs (case folded as they are): sentences without one skip them.
RE_KILL_WORD = re.compile(r"kill|dead", re.I)
RE_HURT_WORD = re.compile(r"injur|wound", re.I)
MAX_SPLIT = 10
LIST_REACH = 110
RE_AND = re.compile(r"\band\b|\bas well as\b", re.I)
RE_CLAUSE_STOP = re.compile(r"[;:]|\b(?:while|but|after|before|when|which|who)\b", re.I)


@dataclass(frozen=True)
class Casualties:
    killed: int | None
    injured: int | None


def count_listed(rest: str) -> int | None:
    """Sum the counted nouns right after a verb: "[killed] two US soldiers and one British
    service member" is 3; "[killed] and more than 30 wounded" counts nothing."""
    rest = RE_QUALIFIER.sub("", rest)
    stop = RE_STOP.search(rest)
    head = rest[: stop.start()] if stop else rest
    numbers: list[int] = []
    for m in RE_COUNTED.finditer(head):
        joined = RE_LIST_JOINER.search(head, 0, m.start()) if numbers else m.start() == 0
        value = number_value(m["n"])
        if not joined or value is None:
            break
        numbers.append(value)
    return sum(numbers) if numbers else None


def first_count(active: re.Pattern[str], passive: re.Pattern[str], text: str) -> int | None:
    found: list[int] = []
    for m in active.finditer(text):
        if RE_CONDITIONAL.search(text, max(0, m.start() - 40), m.start()):
            continue  # "if a single American is killed"
        value = count_listed(m["rest"])
        if value is not None:
            found.append(value)
    for m in passive.finditer(text):
        if RE_CONDITIONAL.search(text, max(0, m.start() - 40), m.start()):
            continue
        value = number_value(m.group("n") or m.groupdict().get("d") or "")
        if value is not None:
            found.append(value)
    return max(found) if found else None


def find_casualties(text: str) -> Casualties:
    """Killed and injured counts stated in a sentence (0 for "no casualties")."""
    killed = injured = None
    if RE_KILL_WORD.search(text):
        killed = first_count(RE_KILLED_ACTIVE, RE_KILLED_PASSIVE, text)
    if RE_HURT_WORD.search(text):
        injured = first_count(RE_INJURED_ACTIVE, RE_INJURED_PASSIVE, text)
    if killed is None and injured is None and RE_NO_CASUALTIES.search(text):
        return Casualties(0, 0)
    return Casualties(killed, injured)


def place_groups(hits: list[PlaceHit]) -> list[str]:
    """Distinct places in order, overlapping ones ("Baghdad's Green Zone") folded into the
    most specific of them."""
    groups: list[list[PlaceHit]] = []
    for hit in hits:
        for group in groups:
            if any(places_overlap(hit.place.name, g.place.name) for g in group):
                group.append(hit)
                break
        else:
            groups.append([hit])
    bests = [best for best in (most_specific(g) for g in groups) if best is not None]
    specific = [b.place.name for b in bests if b.place.kind != "country"]
    return specific or [b.place.name for b in bests]


def place_of_times(tail: str, m: re.Match[str], places: list[PlaceHit]) -> str | None:
    """The place a "twice" counts attacks at: right after it ("twice at X"), else before it."""
    for p in places:
        if p.start >= m.end() and RE_PLACE_PREP.match(tail[m.end() : p.start]):
            return p.place.name
    before = [p for p in places if 0 <= m.start() - p.end <= 40]
    return before[-1].place.name if before else None


def listed_attacks(
    text: str, start: int, counted: int | None, sentence_places: list[PlaceHit]
) -> list[str | None] | None:
    """The places of separately targeted attacks a sentence lists from `start` on, one entry
    per attack; None when it describes one attack."""
    tail = text[start:]
    places = [
        PlaceHit(p.start - start, p.end - start, p.place)
        for p in sentence_places
        if p.start >= start
    ]
    slots: list[str | None] = []
    for m in RE_TIMES.finditer(tail):
        slots.extend([place_of_times(tail, m, places)] * times_value(m["n"]))
    for m in RE_AT_N_SITES.finditer(tail):
        where = most_specific([p for p in places if 0 <= p.start - m.end() <= 40])
        slots.extend([where.place.name if where else None] * times_value(m["n"]))
    if len(slots) >= 2:
        return slots[:MAX_SPLIT]
    if counted is not None and 2 <= counted <= MAX_SPLIT:
        found: list[str | None] = list(place_groups(places))
        return (found + [None] * counted)[:counted]
    joined = joined_sites(tail, places)
    return joined if len(joined) >= 2 else None


def joined_sites(tail: str, places: list[PlaceHit]) -> list[str | None]:
    """ "targeted US bases in al-Tanf and Rukban", "rockets toward the Basra consulate and the
    embassy in Baghdad": two sites joined by "and" in the trigger's clause, one attack each."""
    near = [p for p in places if p.end <= LIST_REACH and p.place.kind != "country"]
    if len(near) < 2 or RE_CLAUSE_STOP.search(tail, 0, near[-1].start):
        return []
    first_gap = tail[near[0].end : near[1].start]
    if not RE_AND.search(first_gap):
        return []
    return list(place_groups(near)[:MAX_SPLIT])  # "the embassy in Baghdad's Green Zone": one


def times_value(word: str) -> int:
    word = word.lower().replace(" times", "")
    return number_value(word) or 1


def attack_target(text: str) -> str:
    """What an attack hit, read in the text after its trigger: the embassy, a convoy, a base."""
    m = RE_ATTACK_TARGET.search(text)
    if m is None:
        return "US forces"
    if m.lastgroup == "embassy":
        return "US embassy"
    return "convoy" if m.lastgroup == "convoy" else "base"

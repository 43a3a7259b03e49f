"""An accepted trigger becomes a mention: dated, placed, counted, checked for specificity.

A plural ("rocket attacks have strained ties") or perfect-tense ("militias that have attacked
US interests") attack is a record, not a happening, unless counted or dated; a sentence that
lists separately targeted attacks gives one mention per attack; talks count once held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.pipeline.binding import DATED_STRENGTHS, BoundDate, bind_date, default_date
from app.pipeline.event_checks import Accepted, Candidate, SentenceView
from app.pipeline.event_context import (
    clause_after,
    clause_before,
    count_before,
    is_definite,
    is_new_event,
    words_before,
)
from app.pipeline.event_dates import DatePhrase, DateValue
from app.pipeline.event_details import attack_target, find_casualties, listed_attacks
from app.pipeline.merge import Mention
from app.pipeline.places import most_specific

RE_PERFECT_BEFORE = re.compile(r"\b(?:have|has)\s+(?:been\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
RE_PERFECT_INSIDE = re.compile(r"\b(?:have|has)\s+(?:been\s+)?", re.IGNORECASE)
RE_PLACE_GAP_BREAK = re.compile(  # (not "US-led": a hyphenated word is no verb of its own)
    r"\b(?<!-)(?:after|before|when|while|following|took|killed|led|which|that|who|as|because|since|"
    r"until|ordered|amid)\b",
    re.IGNORECASE,
)
RE_PLURAL_ATTACKS = re.compile(r"\b(?:attacks|strikes|barrages|bombings|assaults)\b")
RE_PLURAL_PROJECTILES = re.compile(
    r"\b(?:rockets|missiles|drones|mortars|shells|bombs|ieds|projectiles|explosions|blasts)\b"
)
RE_LEADER_VERB = re.compile(r"\b(?:killed|assassinated)\b", re.IGNORECASE)
RE_LAST_WORD = re.compile(r"[\w’'-]+$")
RE_LISTING = re.compile(r"\b(?:once|twice|thrice|times|bases|sites|positions|targets|facilities)\b")
RE_ANNIVERSARY = re.compile(r"\banniversary\b")
PLACE_CHARS = 120
ANAPHOR_DATE_GAP = 25
ANAPHOR_DATE_GAP_BEFORE = 4
RE_DATE_JOINER = re.compile(
    r"\s*,?\s*(?:and|and again|and then|as well as|then again)\s+(?:again\s+)?(?:in|on)?\s*"
)
DATES_REACH = 120
STRIKE_TYPES = frozenset({"attack", "us_strike"})
STATEMENT_TYPES = frozenset({"threat", "withdrawal_demand"})
RE_QUOTED = re.compile(r'"[^"]{12,}"')
RE_PARTICIPLE_OF_NOUN = re.compile(
    r"\b(?:attacks?|strikes?|operations?|bombings?|barrages?)\s+$", re.IGNORECASE
)


@dataclass
class DocState:
    """What one document's earlier sentences settled: the US–Iraq talks topic, sibling groups."""

    talks_seen: bool = False
    groups: int = 0

    def next_group(self) -> int:
        self.groups += 1
        return self.groups


def is_perfect(text: str, c: Candidate) -> bool:
    """ "militias that have attacked US interests": a record, not one happening."""
    if c.form not in ("verb", "clause"):
        return False
    return bool(
        RE_PERFECT_BEFORE.search(text[: c.start]) or RE_PERFECT_INSIDE.search(text, c.start, c.end)
    )


def mention_place(view: SentenceView, c: Candidate) -> str | None:
    """The narrowest gazetteer place in the trigger's clause: after it, or (for attacks) before."""
    after_end = c.end + len(clause_after(view.text, c.end, PLACE_CHARS))
    after = [
        p
        for p in view.places()
        if c.start <= p.start < after_end
        and not RE_PLACE_GAP_BREAK.search(view.text, c.end, p.start)
    ]
    best = most_specific(after)
    if best is None and c.type == "attack":
        before_text = clause_before(view.text, c.start, max_words=12)
        before = [
            p
            for p in view.places()
            if p.end <= c.start and view.text[p.start : p.end] in before_text
        ]
        best = most_specific(before)
    return best.place.name if best else None


def outside_quote(view: SentenceView, c: Candidate) -> list[DatePhrase]:
    """The date phrases that may date the trigger. A statement's trigger inside a quotation
    ("will pay a heavy price for the killings of the past month") takes no date from the
    speaker's quoted words: they date what is spoken of; the statement's date is outside."""
    phrases = view.phrases()
    if c.type not in STATEMENT_TYPES:
        return phrases
    quotes = [(q.start(), q.end()) for q in RE_QUOTED.finditer(view.text)]
    if not any(start < c.end <= end for start, end in quotes):  # the trigger ends in a quote
        return phrases
    return [p for p in phrases if not any(start <= p.start < end for start, end in quotes)]


def mention_date(view: SentenceView, c: Candidate, definite: bool) -> BoundDate:
    """The trigger's date. A reference back ("the attack", "the killing of Soleimani") takes
    only a date right beside it: the sentence's other dates belong to other things."""
    nominal = c.id.startswith("leader") and not RE_LEADER_VERB.search(view.text, c.start, c.end)
    bound = bind_date(
        view.text,
        outside_quote(view, c),
        (c.start, c.end),
        max_gap=ANAPHOR_DATE_GAP if definite or nominal else None,
        max_gap_before=ANAPHOR_DATE_GAP_BEFORE if definite or nominal else None,
        own_clause_first=c.type in STRIKE_TYPES,
    )
    if RE_ANNIVERSARY.search(view.text, max(0, c.start - 30), c.start):
        return BoundDate(None, "unfixed")  # "the anniversary of Soleimani's death": years ago
    return bound or default_date(view.published)


def is_specific_attack(
    view: SentenceView, c: Candidate, date: BoundDate, count: int | None
) -> bool:
    """Plural attacks ("rocket attacks have strained ties") or a perfect tense ("militias
    that have attacked US interests") are one happening only when counted or dated; plural
    projectiles ("rockets hit Ain al-Asad") also when they hit a named site."""
    text = view.text
    if view.rules.cue("tally_item", text[: c.start]) and not is_dated_here(date):
        return False  # "• Seven attacks on Al-Tanf garrison": one line of a tally's breakdown
    if RE_PLURAL_ATTACKS.search(text, c.start, c.end):
        if view.rules.cue("aggregate_before", words_before(text, c.start, 3)):
            return False
        return count is not None or is_dated_here(date)
    if is_perfect(text, c):
        return is_dated_here(date) and not since_before(view, c)
    if RE_PLURAL_PROJECTILES.search(text, c.start, c.end):
        sited = any(p.place.kind != "country" for p in view.places() if p.start >= c.start)
        numbered = count_before(text, c.start) is not None
        return numbered or sited or is_dated_here(date)
    return True


def since_before(view: SentenceView, c: Candidate) -> bool:
    """ "Since October 7, the group has attacked US bases": a record kept since a date."""
    return any(p.role == "since" and p.end <= c.start for p in view.phrases())


def is_dated_here(date: BoundDate) -> bool:
    """A date tied to the trigger, to the day or month ("this year" is not enough)."""
    return date.strength == "near" and date.value is not None and date.value.precision != "year"


def talks_happened(view: SentenceView, date: BoundDate) -> bool:
    """Talks are events once held: a past event verb, or a date tied to them."""
    return view.rules.cue("talks_happened", view.text) or date.strength == "near"


def refers_back(view: SentenceView, c: Candidate) -> bool:
    """ "the attack" (a definite noun), or a verb whose subject is a strike or attack told
    before ("the strike targeted ...")."""
    if c.form == "noun" or c.id in view.rules.subject_first:
        return is_definite(view.rules, view.text, c.start)
    last = RE_LAST_WORD.search(view.text, c.start, c.end)
    verb = last.start() if last else c.start
    return view.rules.cue("subject_anaphor", view.text[max(0, verb - 60) : verb])


def build_mentions(
    view: SentenceView, c: Candidate, accepted: Accepted, state: DocState
) -> list[Mention]:
    text = view.text
    # "the base was attacked for the second time": the base is told, the attack is new
    definite = refers_back(view, c) and not is_new_event(view.rules, text, c.start, c.end)
    date = mention_date(view, c, definite)
    if c.type == "talks" and not (state.talks_seen and (talks_happened(view, date) or definite)):
        return []
    noun = c.form == "noun" and RE_PLURAL_ATTACKS.search(text, c.start, c.end) is not None
    count = count_before(text, c.start) if noun else None  # "two attacks", not "two rockets"
    listing = count is not None or noun or RE_LISTING.search(text, c.start) is not None
    attack = c.type == "attack" and not definite
    slots = listed_attacks(text, c.start, count, view.places()) if attack and listing else None
    if slots:
        count = len(slots)
    if c.type == "attack" and not definite and not is_specific_attack(view, c, date, count):
        return []
    if c.type == "us_strike" and is_perfect(text, c) and not is_dated_here(date):
        return []
    if c.form == "verb" and RE_PARTICIPLE_OF_NOUN.search(text[: c.start]):
        return []  # "attacks targeting the embassy": the noun is the trigger
    mention = base_mention(view, c, accepted, date, definite=definite, count=count)
    dates = listed_dates(view, c) if c.type in STRIKE_TYPES and not definite else []
    if slots:
        group = state.next_group()
        return [
            replace(mention, place=place or mention.place, group=group, open_slot=place is None)
            for place in slots
        ]
    if dates:
        group = state.next_group()
        return [replace(mention, date=BoundDate(d, "near"), group=group) for d in dates]
    partners = [replace(mention.actor, name=name, also=()) for name in mention.actor.also]
    return [mention] + [replace(mention, actor=actor) for actor in partners]


def listed_dates(view: SentenceView, c: Candidate) -> list[DateValue]:
    """ "In February 2021 and again in June 2021, US aircraft bombed ...": one happening per
    date, when the trigger's clause joins two or more dates with "and"."""
    near: list[tuple[int, int, DateValue]] = []
    for p in view.phrases():
        if p.role == "date" and p.value is not None and abs(p.start - c.start) < DATES_REACH:
            near.append((p.start, p.end, p.value))
    chain: list[DateValue] = []
    for first, second in zip(near, near[1:], strict=False):
        if RE_DATE_JOINER.fullmatch(view.original[first[1] : second[0]]):
            chain += [first[2], second[2]] if not chain else [second[2]]
        elif chain:
            break
    return chain if len(chain) >= 2 else []


def segment(view: SentenceView, c: Candidate) -> tuple[int, int]:
    """The part of the sentence that belongs to this trigger: from the end of the trigger
    before it to the start of the trigger after it (casualties, targets are read there)."""
    low = max((end for start, end in view.spans if end <= c.start), default=0)
    high = min((start for start, _ in view.spans if start >= c.end), default=len(view.text))
    return low, high


def base_mention(
    view: SentenceView,
    c: Candidate,
    accepted: Accepted,
    date: BoundDate,
    *,
    definite: bool,
    count: int | None,
) -> Mention:
    strikes = c.type in STRIKE_TYPES
    place = mention_place(view, c) if strikes else None
    low, high = segment(view, c)
    casualties = find_casualties(view.text[low:high]) if strikes else None
    target = attack_target(view.text[c.start : high]) if c.type == "attack" else accepted.target
    return Mention(
        type=c.type,
        index=view.index,
        order=view.sent.start + c.start,
        sentence=view.sent,
        actor=accepted.actor,
        date=date,
        place=place,
        target=target,
        target_key=accepted.target_key,
        killed=casualties.killed if casualties else None,
        injured=casualties.injured if casualties else None,
        anaphoric=definite,
        pure=definite and place is None and count is None and date.strength not in DATED_STRENGTHS,
        new_event=is_new_event(view.rules, view.text, c.start, c.end),
        headline=view.line.headline,
        caption=view.line.caption,
        trigger=c.id,
    )

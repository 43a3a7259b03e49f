"""One event per happening: mentions of the same barrage, strike, threat or truce in several
sentences become one event that keeps every evidence sentence.

Two mentions can be one happening when they share the type and nothing separates them: actor,
date, place and target are compatible. Attacks, strikes and threats need a positive sign too
(a shared place or target, the same day, the same sentence, a reference back such as "the
attack"); demands, truces and talks of one side in one article merge on compatibility alone.
Headlines and photo captions only confirm events the body reports; a headline makes an event of
its own when the body has none, a caption never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.pipeline.binding import DATED_STRENGTHS as DATED
from app.pipeline.binding import BoundDate
from app.pipeline.event_actors import ActorChoice
from app.pipeline.event_dates import DateValue
from app.pipeline.places import ancestors, places_overlap
from app.pipeline.types import Sentence
from app.schemas import EvidenceSpan, ExtractedEvent
from app.vocabulary import family

STATEMENT_TYPES = family("statement")  # app/vocabulary.py
# One side's threats, demands, truces and talks in one article and month are one statement.
FREE_MERGE_TYPES = family("statement") | family("talks")
STRENGTH_RANK = {"near": 0, "report": 0, "far": 1, "unfixed": 2, "default": 3}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
ROLE_RANK = {
    "claimed": 0,
    "attributed": 1,
    "subject": 2,
    "speaker": 3,
    "anaphor": 4,
    "adjective": 5,
}
STRIKE_NEAR_SENTENCES = 3
RE_LEADER_TITLE = re.compile(r"\b(?:leader|commander|chief|head|deputy)\b", re.IGNORECASE)
NON_MILITIA_NAMES = {"Iraqi security forces": "Iraqi government", "US-led coalition": "US"}


@dataclass(frozen=True)
class Mention:
    """One trigger of one event type in one sentence, read in its context."""

    type: str
    index: int  # sentence number
    order: int  # offset of the trigger in the document
    sentence: Sentence
    actor: ActorChoice
    date: BoundDate
    place: str | None = None
    target: str | None = None
    target_key: str | None = None
    killed: int | None = None
    injured: int | None = None
    anaphoric: bool = False  # "the attack": refers back
    pure: bool = False  # refers back and adds nothing of its own
    new_event: bool = False  # "another attack"
    headline: bool = False
    caption: bool = False
    group: int | None = None  # attacks listed in one sentence: siblings never merge
    open_slot: bool = False  # one of "three attacks this week", its place not told (yet)
    trigger: str = ""


@dataclass
class Cluster:
    """Mentions of one happening, with running summaries (so merging stays linear)."""

    mentions: list[Mention] = field(default_factory=list)
    last: int = -1  # order of the latest mention
    actor_name: str | None = None  # the first actor named
    key: str | None = None  # the first target key
    place_set: dict[str, None] = field(default_factory=dict)  # in order of mention
    dates: set[DateValue] = field(default_factory=set)  # those that can keep mentions apart
    groups: set[int] = field(default_factory=set)
    indexes: set[int] = field(default_factory=set)  # sentence numbers
    days: set[DateValue] = field(default_factory=set)  # day-precision dates tied to a trigger

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.last = max(self.last, mention.order)
        self.actor_name = self.actor_name or mention.actor.name
        self.key = self.key or mention.target_key
        if mention.place:
            self.place_set[mention.place] = None
        if counts_as_dated(mention) and mention.date.value is not None:
            self.dates.add(mention.date.value)
        if mention.group is not None:
            self.groups.add(mention.group)
        self.indexes.add(mention.index)
        value = mention.date.value
        if value is not None and mention.date.strength in DATED and value.precision == "day":
            self.days.add(value)

    def actor(self) -> str | None:
        return self.actor_name

    def is_open(self) -> bool:
        """Only a counted slot ("three attacks this week") so far: a later report of one
        attack with its place may fill it."""
        return all(m.open_slot for m in self.mentions)

    def places(self) -> list[str]:
        return list(self.place_set)

    def target_key(self) -> str | None:
        return self.key


def counts_as_dated(mention: Mention) -> bool:
    """Dates that can keep two mentions apart; a default date only for statements."""
    return mention.date.value is not None and (
        mention.date.strength in DATED
        or (mention.date.strength == "default" and mention.type in STATEMENT_TYPES)
    )


def conflicts(cluster: Cluster, mention: Mention) -> bool:
    if cluster.is_open() and mention.group is None:
        return not fills_slot(cluster, mention)
    if is_new_to(cluster, mention):
        return True
    if mention.group is not None and mention.group in cluster.groups:
        return True
    actor = cluster.actor()
    if actor and mention.actor.name and actor != mention.actor.name:
        return True
    key = cluster.target_key()
    # "the strike targeted Abu Taqwa" names the target of the strike told before more closely
    if key and mention.target_key and key != mention.target_key and not mention.anaphoric:
        return True
    places = cluster.places()
    if mention.place and places and not any(places_overlap(mention.place, p) for p in places):
        return True
    return dates_conflict(cluster, mention)


def dates_conflict(cluster: Cluster, mention: Mention) -> bool:
    if not counts_as_dated(mention):
        return False
    value = mention.date.value
    assert value is not None
    return any(not other.compatible(value) for other in cluster.dates)


def is_new_to(cluster: Cluster, mention: Mention) -> bool:
    """ "another attack", "a second round of talks": new to the happenings before it. A
    second round is not new to its own sentence; another attack in a sentence that told
    one is another."""
    if not mention.new_event or mention.headline or mention.caption:
        return False
    return mention.type not in FREE_MERGE_TYPES or mention.index not in cluster.indexes


def fills_slot(cluster: Cluster, mention: Mention) -> bool:
    """A later attack told with its place, at a date the count allows, fills an open slot
    (the slot's place was only the sentence's)."""
    slot = cluster.mentions[0]
    if mention.place is None or mention.index in cluster.indexes:
        return False
    actor = cluster.actor()
    if actor and mention.actor.name and actor != mention.actor.name:
        return False
    ours, theirs = slot.date.value, mention.date.value
    return ours is None or theirs is None or ours.compatible(theirs)


def has_link(cluster: Cluster, mention: Mention) -> bool:
    """A positive sign that the mention reports the cluster's happening."""
    if cluster.is_open() and mention.group is None:
        return True  # conflicts() let it through: it fills the slot
    if mention.type in FREE_MERGE_TYPES or mention.anaphoric or mention.headline or mention.caption:
        return True
    if mention.index in cluster.indexes:
        return True
    if claims_the_last(mention):
        return True
    if mention.place and any(places_overlap(mention.place, p) for p in narrow(cluster.places())):
        return True
    if mention.target_key and mention.target_key == cluster.target_key():
        return True
    return (
        same_day(cluster, mention)
        or names_the_struck(cluster, mention)
        or tells_on(cluster, mention)
    )


def tells_on(cluster: Cluster, mention: Mention) -> bool:
    """ "US jets struck KH depots on Sunday. ... F-15s hit buildings where ...": a strike told
    with no date of its own right after a dated one goes on telling it."""
    if mention.type != "us_strike" or mention.date.strength not in ("default", "unfixed"):
        return False
    if not cluster.dates:
        return False
    return min(abs(mention.index - i) for i in cluster.indexes) <= STRIKE_NEAR_SENTENCES - 1


def names_the_struck(cluster: Cluster, mention: Mention) -> bool:
    """ "A drone strike killed a militia leader ... Abu Taqwa was killed in the strike": a
    strike told nearby, one telling its leader target and one not, is one strike."""
    if mention.type != "us_strike" or bool(mention.target_key) == bool(cluster.target_key()):
        return False
    keyless = [m for m in [*cluster.mentions, mention] if not m.target_key]
    if not any(RE_LEADER_TITLE.search(m.sentence.text) for m in keyless):
        return False  # the unnamed strike must have struck a leader too
    return min(abs(mention.index - i) for i in cluster.indexes) <= STRIKE_NEAR_SENTENCES


def claims_the_last(mention: Mention) -> bool:
    """ "X claimed responsibility, saying it targeted the base": a claim with no place or
    date of its own is a claim for the attack just told."""
    return mention.actor.role == "claimed" and mention.place is None and not is_dated(mention)


def is_dated(mention: Mention) -> bool:
    return mention.date.value is not None and mention.date.strength in DATED


def narrow(places: list[str]) -> list[str]:
    """Places narrower than a country: sharing "Iraq" says nothing about being one event."""
    return [p for p in places if len(ancestors(p)) > 1]


def same_day(cluster: Cluster, mention: Mention) -> bool:
    value = mention.date.value
    if value is None or mention.date.strength not in DATED or value.precision != "day":
        return False
    return value in cluster.days


def pick_cluster(clusters: list[Cluster], mention: Mention) -> Cluster | None:
    fitting = [
        c
        for c in clusters
        if c.mentions[0].type == mention.type and not conflicts(c, mention) and has_link(c, mention)
    ]
    if not fitting:
        return None
    if mention.headline:
        return min(fitting, key=lambda c: c.mentions[0].order)
    told = [c for c in fitting if not c.is_open()]
    if told:
        return max(told, key=lambda c: c.last)
    return min(fitting, key=lambda c: c.mentions[0].order)  # the first slot still open


def cluster_mentions(mentions: list[Mention]) -> list[Cluster]:
    """Body mentions in text order, then headlines and captions, which only confirm."""
    clusters: list[Cluster] = []
    body = [m for m in mentions if not (m.headline or m.caption)]
    extra = [m for m in mentions if m.headline or m.caption]
    for mention in sorted(body, key=lambda m: m.order) + extra:
        cluster = pick_cluster(clusters, mention)
        if cluster is None and not (mention.pure or mention.caption):
            cluster = Cluster()
            clusters.append(cluster)
        if cluster is not None:
            cluster.add(mention)
    return clusters


def best_date(cluster: Cluster) -> BoundDate:
    def rank(m: Mention) -> tuple[int, int, int]:
        precision = PRECISION_RANK[m.date.value.precision] if m.date.value else 3
        return STRENGTH_RANK[m.date.strength], precision, m.order

    return min(cluster.mentions, key=rank).date


def best_actor(cluster: Cluster) -> ActorChoice | None:
    named = [m.actor for m in cluster.mentions if m.actor.name]
    if not named:
        return None
    return min(named, key=lambda a: ROLE_RANK.get(a.role, 9))


def best_place(cluster: Cluster) -> str | None:
    places = cluster.places()
    if not places:
        return None
    return max(places, key=lambda p: len(ancestors(p)))


def max_or_none(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def confidence(cluster: Cluster, date: BoundDate, actor: ActorChoice | None) -> float:
    """How likely the event is right, calibrated on the dev corpus (scripts/reliability.py):
    a named actor, a date the text ties to it and several sentences about it each make it
    likelier; an event left undated (the text fixes no day or month) or told only in a
    headline or caption is often a recalled or misread one."""
    score = 0.5
    score += 0.15 if actor is not None else 0.0
    score += 0.1 if date.strength in DATED else 0.0
    score -= 0.25 if date.value is None else 0.0
    score += min(0.24, 0.08 * (len({m.index for m in cluster.mentions}) - 1))
    if all(m.headline or m.caption for m in cluster.mentions):
        score -= 0.2
    return round(min(0.95, max(0.05, score)), 2)


def output_actor(event_type: str, actor: ActorChoice | None) -> str | None:
    if event_type == "us_strike":
        return "US"
    if event_type == "talks" or actor is None or actor.name is None:
        return None
    return NON_MILITIA_NAMES.get(actor.name, actor.name)


def to_event(cluster: Cluster, text: str) -> ExtractedEvent:
    mentions = sorted(cluster.mentions, key=lambda m: (m.headline or m.caption, m.order))
    head = mentions[0]
    date = best_date(cluster)
    actor = best_actor(cluster)
    seen = {(head.sentence.start, head.sentence.end)}
    extra = []
    for m in mentions[1:]:
        span = (m.sentence.start, m.sentence.end)
        if span not in seen:
            seen.add(span)
            extra.append(EvidenceSpan(evidence=text[span[0] : span[1]], start=span[0], end=span[1]))
    return ExtractedEvent(
        type=head.type,
        actor=output_actor(head.type, actor),
        target=next((m.target for m in mentions if m.target), None),
        date=date.value.date.isoformat() if date.value else None,
        date_precision=date.value.precision if date.value else None,
        location=best_place(cluster),
        killed=max_or_none([m.killed for m in mentions]),
        injured=max_or_none([m.injured for m in mentions]),
        evidence=text[head.sentence.start : head.sentence.end],
        start=head.sentence.start,
        end=head.sentence.end,
        claimed_by=actor.name if actor and actor.role == "claimed" else None,
        attributed_by=actor.by if actor and actor.role == "attributed" else None,
        confidence=confidence(cluster, date, actor),
        extra_evidence=extra,
    )


def merge_mentions(mentions: list[Mention], text: str) -> list[ExtractedEvent]:
    """The events of a document, in order of their first evidence."""
    events = [to_event(c, text) for c in cluster_mentions(mentions)]
    return sorted(events, key=lambda e: (e.start, e.type))

"""Per-type acceptance of a trigger in its sentence: who acts, against whom, and whether the
sentence is about this tracker at all (US forces; not Israel, the Houthis or the Iraqi state).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from app.pipeline.event_actors import (
    NO_ACTOR,
    ActorChoice,
    ActorMemory,
    attack_actor,
    is_subject_position,
    statement_actor,
)
from app.pipeline.event_context import LineKind, clause_after, clause_before, words_before
from app.pipeline.event_dates import DatePhrase, find_date_phrases, last_date
from app.pipeline.event_rules import EventRules
from app.pipeline.places import PlaceHit, find_places
from app.pipeline.types import ActorMention, Sentence

MILITIA_SIDE = frozenset({"militia", "generic"})
NOT_TRACKED = frozenset({"Houthis", "Lebanese Hezbollah", "Islamic State"})
# the side a withdrawal demand is made to: never the one making it
ADDRESSEES = frozenset({"us", "coalition"})
STATE_SIDES = frozenset({"us", "iran", "coalition", "other"})
PARLIAMENT_WINDOW = 80
PARLIAMENT_ACT_REACH = 45
SUBJECT_CHARS = 60  # where a sentence's subject stands ("Prime Minister X, who ..., told")
RE_THEIR_SITES = re.compile(
    r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:bases?|positions?|facilities|headquarters|"
    r"depots?|sites?|fighters|commanders?|members|leaders?)\b"
)
SUBJECT_GAP = 25
SITE_SENTENCES = 4  # how far back a passage about US forces reaches
RE_THREAT_NOUN = re.compile(r"threats?\b")
RE_TARGET_LEAD = re.compile(r"\s*(?:on|against|targeting)\s+(?:the\s+|an?\s+)?")
LEADER_REACH = 120
GOVERNMENT_CLAUSE_CHARS = 120
# US strikes hit militias or the IRGC; at equal distance a leader, then a militia, is the target.
STRUCK_KINDS = {"militia": 1, "iran": 2}
# Triggers that are not speech acts: a threat only when a named militia says them.
TARGET_SUBJECT = frozenset({"legitimate-target"})
MODAL_THREATS = frozenset({"modal-violence", "violence-may-come", "legitimate-target"})


@dataclass(frozen=True)
class Candidate:
    """A trigger span (sentence offsets) of one type."""

    type: str
    start: int
    end: int
    form: str
    id: str


@dataclass(frozen=True)
class Accepted:
    actor: ActorChoice
    target: str | None = None
    target_key: str | None = None


@dataclass
class SentenceView:
    """One sentence and what the event checks read around it."""

    rules: EventRules
    index: int
    sent: Sentence
    text: str  # the sentence folded for the patterns (EventRules.fold): same offsets
    original: str  # the sentence as written (dates and names need its capitals)
    previous: str  # the sentence before, as written
    mentions: list[ActorMention]
    memory: ActorMemory
    line: LineKind
    published: dt.date | None
    context_text: str  # the sentence, plus the rest of a quotation it opens
    has_us_strike: bool = False
    quote_speakers: list[ActorMention] = field(default_factory=list)  # named after the quote
    spans: list[tuple[int, int]] = field(default_factory=list)  # every trigger in the sentence
    _phrases: list[DatePhrase] | None = field(default=None, repr=False)
    _places: list[PlaceHit] | None = field(default=None, repr=False)

    def phrases(self) -> list[DatePhrase]:
        """The sentence's date phrases; "Days later, ..." anchored on the sentence before."""
        if self._phrases is None:
            phrases = find_date_phrases(self.original, self.published)
            if self.previous and any(p.relative and p.value is None for p in phrases):
                context = last_date(find_date_phrases(self.previous, self.published))
                phrases = find_date_phrases(self.original, self.published, context)
            self._phrases = phrases
        return self._phrases

    def places(self) -> list[PlaceHit]:
        if self._places is None:
            self._places = find_places(self.original)
        return self._places

    def cue(self, name: str, text: str | None = None) -> bool:
        return self.rules.cue(name, self.text if text is None else text)

    def near(self, c: Candidate, chars: int = 100) -> str:
        return self.text[max(0, c.start - chars) : c.end + chars]

    def out_of_scope(self, c: Candidate) -> bool:
        """Israel, Gaza, the Houthis ... near the trigger, and no US side near it."""
        window = self.near(c)
        return self.cue("non_scope", window) and not self.cue("us_side", window)

    def statement_actor(self, c: Candidate, skip: frozenset[str] = frozenset()) -> ActorChoice:
        """Who says it; actors of the `skip` kinds are only talked about (the US troops a
        demand tells to leave)."""
        mentions = [m for m in self.mentions if m.kind not in skip]
        if self.quote_speakers and not any(m.end <= c.start for m in mentions):
            return ActorChoice(self.quote_speakers[0].name, "militia", "speaker")
        return statement_actor(
            self.rules,
            self.text,
            mentions,
            (c.start, c.end),
            memory=self.memory,
            index=self.index,
            original=self.original,
        )

    def untracked_subject(self, c: Candidate) -> bool:
        """A Houthi, Lebanese Hezbollah or Islamic State subject before the trigger."""
        return any(m.name in NOT_TRACKED and m.end <= c.start for m in self.mentions)


def state_subject(view: SentenceView, c: Candidate) -> ActorMention | None:
    """The actor right before the trigger when it is the subject: "Iraqi forces raided"."""
    if c.form != "verb":
        return None
    near = [m for m in view.mentions if 0 <= c.start - m.end <= SUBJECT_GAP]
    if near and "," not in view.text[near[-1].end : c.start]:
        return near[-1] if is_subject_position(view.text, near[-1].start) else None
    return None


def militia_object(view: SentenceView, c: Candidate) -> bool:
    """ "raided a Kataib Hezbollah headquarters": the trigger hits the militia side."""
    return any(m.kind == "militia" and c.start < m.start < c.end for m in view.mentions)


def militia_side_target(view: SentenceView, c: Candidate) -> bool:
    """ "attacks on the PMU's bases", "struck bases of an Iran-backed militia", "the attack on
    Kata'ib Hezbollah's headquarters by US jets": the militia side is hit, or the US hits."""
    after = view.text[c.end : c.end + 120]
    if view.cue("militia_target_after", after) or view.cue("us_attacker_after", after):
        return True
    lead = RE_TARGET_LEAD.match(after)
    if lead is None:
        return False
    return any(m.kind == "militia" and m.start == c.end + lead.end() for m in view.mentions)


def accept_attack(view: SentenceView, c: Candidate) -> Accepted | None:
    before = view.text[max(0, c.start - 40) : c.start]
    rules = view.rules
    # "the base, which hosts US-led coalition personnel, was hit": the US word is the target's
    attacker_before = c.id not in rules.subject_first
    if attacker_before and (
        rules.attackers["US"].search(before) or rules.attackers["other"].search(before)
    ):
        return None
    if view.out_of_scope(c) or view.untracked_subject(c) or militia_object(view, c):
        return None
    if militia_side_target(view, c):
        return None
    subject = state_subject(view, c)
    if subject is not None and subject.kind in ("us", "iraq_government", "coalition", "other"):
        return None
    actor = attack_actor(
        rules, view.text, view.mentions, (c.start, c.end), memory=view.memory, index=view.index
    )
    if actor.name is None and (
        rules.attackers["Iran"].search(before) or (subject is not None and subject.kind == "iran")
    ):
        actor = ActorChoice("Iran", "iran", "adjective")
    struck_leader = view.has_us_strike or view.rules.leader.search(view.text) is not None
    if struck_leader and "strike" in view.text[c.start : c.end] and not own_strike(actor):
        # "killed Soleimani in a drone strike", "killed a Kata'ib Hezbollah commander in a drone
        # strike": the US strike itself (the militia named is its target)
        return None
    hosting = any(p.place.hosts_us for p in view.places())
    if not (
        view.cue("us_side", view.context_text)
        or hosting
        or actor.role == "claimed"
        or is_us_site_told(view)
    ):
        return None
    return Accepted(actor)


def is_us_site_told(view: SentenceView) -> bool:
    """ "the airbase caught fire after being struck by two drones": a site named as one
    already told ("the base"), in a passage about US forces, and nothing here about others."""
    if not view.cue("told_site") or view.cue("non_scope"):
        return False
    return is_us_passage(view)


def is_us_passage(view: SentenceView) -> bool:
    """One of the few sentences before names the US side: "the strikes", "the base" here are
    its own (revenge for the strikes it told)."""
    earlier = range(max(0, view.index - SITE_SENTENCES), view.index)
    return any(view.cue("us_side", view.memory.text(i)) for i in earlier)


def own_strike(actor: ActorChoice) -> bool:
    """A strike someone claimed, or one an adjective gives ("an Iranian missile strike")."""
    return actor.role in ("claimed", "adjective")


def strike_target(view: SentenceView, c: Candidate) -> str | None:
    """The militia side a US strike hits: the nearest leader's key ("the killing of Soleimani
    in a US air strike") or militia's (or the IRGC's) name after the trigger, else "militia";
    None when the strike hits someone else (Islamic State, police)."""
    start = 0 if c.id == "strike-by-us" or c.id.startswith("leader") else c.start
    span = view.text[start:]
    is_target = view.rules.cues["is_target"].search(span)
    limit = start + is_target.start() if is_target else len(view.text)
    found = [
        (distance(c, m.start, m.end), STRUCK_KINDS[m.kind], m.name)
        for m in view.mentions
        if m.kind in STRUCK_KINDS and start <= m.start < limit
    ]
    # "subject ... verb" names its target after the subject: a leader before it is a speaker
    low = c.start if c.form == "clause" else max(0, c.start - LEADER_REACH)
    for key, pattern in view.rules.leaders:
        found += [
            (distance(c, low + m.start(), low + m.end()), 0, key)
            for m in pattern.finditer(view.text[low : c.end + LEADER_REACH])
        ]
    if found:
        return min(found)[2]
    if RE_THEIR_SITES.search(span):  # "struck five of its bases": the militia named before
        return view.memory.recall(view.index) or "militia"
    if is_target is None and view.cue("militia_generic", span):
        return "militia"
    return None


def distance(c: Candidate, start: int, end: int) -> int:
    return max(0, start - c.end, c.start - end)


def accept_us_strike(view: SentenceView, c: Candidate) -> Accepted | None:
    before = view.text[max(0, c.start - 40) : c.start]
    if view.rules.attackers["other"].search(before) or view.out_of_scope(c):
        return None
    if c.id == "strikes-on-named-militia" and not militia_right_after(view, c):
        return None
    if c.form == "clause" and view.cue("non_scope", view.text[c.start : c.end]):
        return None  # "the US and Israel were the ones who targeted": not the US's own strike
    target = strike_target(view, c)
    if target is None:
        return None
    key = None if target == "militia" else target
    return Accepted(ActorChoice("US", "us", "subject"), target=target, target_key=key)


def militia_right_after(view: SentenceView, c: Candidate) -> bool:
    """ "the strikes against Kata'ib Hezbollah": a militia named as the object, so the strikes
    are the US side's even with no US word before them."""
    return any(m.kind == "militia" and 0 <= m.start - c.end <= 2 for m in view.mentions)


def accept_threat(view: SentenceView, c: Candidate) -> Accepted | None:
    # "US forces are legitimate targets": the subject is the one threatened
    actor = view.statement_actor(c, skip=ADDRESSEES if c.id in TARGET_SUBJECT else frozenset())
    if actor.kind not in MILITIA_SIDE or view.out_of_scope(c):
        return None
    spoken = c.id not in MODAL_THREATS and not RE_THREAT_NOUN.match(view.text, c.start)
    if actor.name is None and not spoken:
        return None  # "militias could retaliate", "militias remain a threat": no one threatened
    if not (
        view.cue("us_side", view.context_text)
        or view.cue("foreign_presence", view.context_text)
        or view.rules.leader.search(view.text)
        or (view.cue("presupposed") and is_us_passage(view))
    ):
        return None
    if threatens_iraqi_government(view, c):
        return None
    return Accepted(actor, target="US forces")


def threatens_iraqi_government(view: SentenceView, c: Candidate) -> bool:
    """ "threatening Iraqi Prime Minister Mustafa al-Kadhimi, describing him as an American
    agent": the government is the one threatened (the US word after the clause only says
    what the threatener calls it); "threatened the government and US forces" is not."""
    after = view.text[c.end : c.end + 50]
    if not view.cue("iraq_government_object", after):
        return False
    return not view.cue("us_side", clause_after(view.text, c.end, GOVERNMENT_CLAUSE_CHARS))


def accept_ceasefire(view: SentenceView, c: Candidate) -> Accepted | None:
    actor = view.statement_actor(c)
    if actor.kind is not None and actor.kind not in MILITIA_SIDE:
        return None
    if actor is NO_ACTOR and not (view.cue("militia_generic") or view.cue("us_side")):
        return None
    if view.out_of_scope(c):
        return None
    return Accepted(actor, target="US forces")


def withdrawal_actor(view: SentenceView, c: Candidate) -> ActorChoice:
    """Who demands: parliament when the trigger is its act ("voted to expel", "a parliamentary
    resolution calling for"), else the statement's side, else an Iraqi official by title."""
    before = view.text[max(0, c.start - PARLIAMENT_WINDOW) : c.start]
    trigger = view.text[c.start : c.end]
    # "voted to expel", "a resolution calling for", "a vote by parliament in January urging"
    act = view.cue("parliament_act", trigger) or view.cue(
        "parliament_act", before[-PARLIAMENT_ACT_REACH:]
    )
    if act and view.cue("parliament", before + trigger):
        return ActorChoice("Iraqi parliament", "iraq_government", "subject")
    actor = view.statement_actor(c, skip=ADDRESSEES)
    if actor.name is None and (
        view.cue("government_title", clause_before(view.text, c.start, 12))
        or view.cue("government_title", view.text[: min(c.start, SUBJECT_CHARS)])
    ):
        return ActorChoice("Iraqi government", "iraq_government", "subject")
    return actor


def accept_withdrawal(view: SentenceView, c: Candidate) -> Accepted | None:
    actor = withdrawal_actor(view, c)
    if actor.kind in STATE_SIDES or view.out_of_scope(c):
        return None
    if not view.cue("us_side", view.context_text):
        return None
    return Accepted(actor, target="US forces")


def talks_topic(view: SentenceView, c: Candidate) -> bool:
    """US–Iraq talks about the US military presence, the dialogue named as such, or a
    meeting of the two sides."""
    if c.id in ("strategic-dialogue", "higher-commission"):
        return True
    sides = view.cue("us_party") and view.cue("iraq_party")
    meeting = view.cue("talks_meeting", view.text[c.start : c.end])
    return sides and (meeting or view.cue("talks_topic"))


def accept_talks(view: SentenceView, c: Candidate) -> Accepted | None:
    """Talks between the US and Iraq: not a militia's deal, nor one side's announcement."""
    if view.out_of_scope(c):
        return None
    before = view.text[: c.start]
    militia_near = any(m.kind == "militia" and m.start < c.end + 100 for m in view.mentions)
    if militia_near or view.cue("militia_generic", clause_before(view.text, c.start, 12)):
        return None
    if c.id == "agreement" and not (view.cue("us_party", before) or view.cue("iraq_party", before)):
        definite = view.rules.cue("definite", words_before(view.text, c.start, 2))
        return Accepted(NO_ACTOR) if definite else None
    if view.cue("one_sided", view.text[c.start : c.end]) and not view.cue("both_parties", before):
        return None  # "the US military declared the end of its combat mission": one side
    return Accepted(NO_ACTOR)


ACCEPTORS = {
    "attack": accept_attack,
    "us_strike": accept_us_strike,
    "threat": accept_threat,
    "ceasefire": accept_ceasefire,
    "withdrawal_demand": accept_withdrawal,
    "talks": accept_talks,
}

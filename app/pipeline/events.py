"""Events of the six types (reads data/event_patterns.yaml and data/places.yaml).

Sentence by sentence, in text order: a cheap keyword test, then each type's trigger patterns;
each trigger is read in its clause (negation, hypothetical, planned, aggregate), accepted by the
checks of its type (who acts, against whom), dated (event_dates), placed (places), counted, and
finally the mentions of one happening are merged into one event (merge).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from app.pipeline.binding import DATED_STRENGTHS, BoundDate, bind_date, default_date
from app.pipeline.event_actors import (
    ActorMemory,
    remember_sentence,
    sentence_mentions,
    sentence_topic,
)
from app.pipeline.event_checks import ACCEPTORS, Accepted, Candidate, SentenceView, talks_topic
from app.pipeline.event_context import (
    clause_after,
    clause_before,
    count_before,
    is_cancelled,
    is_definite,
    is_new_event,
    line_kind,
    words_before,
)
from app.pipeline.event_details import attack_target, find_casualties, listed_attacks
from app.pipeline.event_rules import TypeRules, load_rules
from app.pipeline.merge import Mention, merge_mentions
from app.pipeline.places import most_specific
from app.pipeline.types import DocContext, Sentence
from app.schemas import ExtractedEvent

RE_PERFECT_BEFORE = re.compile(r"\b(?:have|has)\s+(?:been\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
RE_PERFECT_INSIDE = re.compile(r"\b(?:have|has)\s+(?:been\s+)?", re.IGNORECASE)
RE_PLACE_GAP_BREAK = re.compile(
    r"\b(?:after|before|when|while|following|took|killed|led|which|that|who|as|because|since|"
    r"until|ordered|amid)\b",
    re.IGNORECASE,
)
RE_PLURAL_ATTACKS = re.compile(r"\b(?:attacks|strikes|barrages|bombings|assaults)\b")
RE_PLURAL_PROJECTILES = re.compile(
    r"\b(?:rockets|missiles|drones|mortars|shells|bombs|ieds|projectiles|explosions|blasts)\b"
)
RE_LEADER_VERB = re.compile(r"\b(?:killed|assassinated)\b", re.IGNORECASE)
RE_LISTING = re.compile(r"\b(?:once|twice|thrice|times|bases|sites|positions|targets|facilities)\b")
RE_ANNIVERSARY = re.compile(r"\banniversary\b")
RE_LAST_WORD = re.compile(r"[\w’'-]+$")
RE_OPEN_QUOTE = re.compile(r"^\s*[“\"]")
PLACE_CHARS = 120
ANAPHOR_DATE_GAP = 25
ANAPHOR_DATE_GAP_BEFORE = 4
QUOTE_LOOKAHEAD = 2
STRIKE_TYPES = frozenset({"attack", "us_strike"})
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


def find_events(ctx: DocContext) -> list[ExtractedEvent]:
    """Every event the document reports, one per happening, with its evidence sentences."""
    rules = load_rules()
    text = ctx.doc.text
    starts = [a.start for a in ctx.actors]
    folded = rules.fold(text)
    hits = rules.keyword_hits(text)
    hit_starts = [h[0] for h in hits]
    memory = ActorMemory()
    state = DocState()
    mentions: list[Mention] = []
    for index, sent in enumerate(ctx.sentences):
        sentence_text = text[sent.start : sent.end]
        sentence_folded = folded[sent.start : sent.end]
        actors = sentence_mentions(ctx, sent, starts)
        topic = sentence_topic(rules, sentence_folded, actors, memory, index)
        triggers = rules.runnable(triggers_in(hits, hit_starts, sent))
        if triggers:
            view = SentenceView(
                rules=rules,
                index=index,
                sent=sent,
                text=sentence_folded,
                original=sentence_text,
                mentions=actors,
                topic=topic,
                memory=memory,
                line=line_kind(text, sent.start, sent.end),
                published=ctx.published.date,
                context_text=sentence_folded,
            )
            continuation = quotation(text, ctx.sentences, index)
            if continuation:
                view.context_text += " " + " ".join(folded[s.start : s.end] for s in continuation)
                view.quote_speakers = [
                    m
                    for s in continuation
                    for m in sentence_mentions(ctx, s, starts)
                    if m.kind == "militia"
                ]
            mentions.extend(sentence_events(view, state, triggers))
        remember_sentence(memory, sentence_text, actors, topic, index)
    return merge_mentions(mentions, text)


def quotation(text: str, sentences: tuple[Sentence, ...], index: int) -> list[Sentence]:
    """The sentences that finish a quotation the sentence opens (where its speaker is named)."""
    sent = sentences[index]
    out = text[sent.start : sent.end]
    if not RE_OPEN_QUOTE.match(out):
        return []
    rest = []
    for later in sentences[index + 1 : index + 1 + QUOTE_LOOKAHEAD]:
        if out.count("“") <= out.count("”") and out.count('"') % 2 == 0:
            break
        rest.append(later)
        out += " " + text[later.start : later.end]
    return rest


def triggers_in(
    hits: list[tuple[int, frozenset[int]]], hit_starts: list[int], sent: Sentence
) -> frozenset[int]:
    """The triggers whose keywords occur in the sentence."""
    found: frozenset[int] = frozenset()
    for i in range(bisect_left(hit_starts, sent.start), bisect_left(hit_starts, sent.end)):
        found |= hits[i][1]
    return found


def sentence_events(view: SentenceView, state: DocState, triggers: frozenset[int]) -> list[Mention]:
    """The mentions of one sentence: every type's triggers read in context, then built."""
    accepted: list[tuple[Candidate, Accepted]] = []
    for type_rules in view.rules.types:
        if not type_rules.indexes & triggers:
            continue
        candidates = trigger_candidates(type_rules, view.text, triggers)
        if type_rules.type == "talks" and any(
            talks_topic(view, c) and ACCEPTORS["talks"](view, c) for c in candidates
        ):
            state.talks_seen = True
        for c in candidates:
            if is_cancelled_here(view, type_rules, c):
                continue
            found = ACCEPTORS[c.type](view, c)
            if found is not None:
                accepted.append((c, found))
                view.has_us_strike |= c.type == "us_strike"
    view.spans = sorted((c.start, c.end) for c, _ in accepted)
    return [m for c, found in accepted for m in build_mentions(view, c, found, state)]


def trigger_candidates(
    type_rules: TypeRules, text: str, allowed: frozenset[int]
) -> list[Candidate]:
    """The type's trigger matches (of the triggers `allowed` to run), overlapping ones fused
    (the first one names the span)."""
    found = sorted(
        (m.start(), -m.end(), t.form, t.id)
        for t in type_rules.triggers
        if t.index in allowed
        for m in t.pattern.finditer(text)
    )
    fused: list[Candidate] = []
    for start, neg_end, form, trigger_id in found:
        end = -neg_end
        if fused and start < fused[-1].end:
            last = fused[-1]
            noun = form == "noun" and start == last.start  # "attack on the embassy": a noun
            fused[-1] = replace(
                last,
                end=max(last.end, end),
                form="noun" if noun else last.form,
                id=trigger_id if noun else last.id,
            )
        else:
            fused.append(Candidate(type_rules.type, start, end, form, trigger_id))
    return fused


def is_cancelled_here(view: SentenceView, type_rules: TypeRules, c: Candidate) -> bool:
    """Negation, modality or aggregation in the trigger's clause; or an exclusion near it."""
    rules, text = view.rules, view.text
    window_end = c.start
    if c.form == "clause":
        last = RE_LAST_WORD.search(text, c.start, c.end)
        window_end = last.start() if last else c.start
    if is_cancelled(rules, type_rules.cancel_before, clause_before(text, window_end)):
        return True
    if type_rules.cancel_after and is_cancelled(
        rules, type_rules.cancel_after, clause_after(text, c.end)
    ):
        return True
    exclusion = type_rules.exclusion
    return exclusion is not None and exclusion.search(view.near(c, 60)) is not None


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


def mention_date(view: SentenceView, c: Candidate, definite: bool) -> BoundDate:
    """The trigger's date. A reference back ("the attack", "the killing of Soleimani") takes
    only a date right beside it: the sentence's other dates belong to other things."""
    nominal = c.id.startswith("leader") and not RE_LEADER_VERB.search(view.text, c.start, c.end)
    bound = bind_date(
        view.text,
        view.phrases(),
        (c.start, c.end),
        max_gap=ANAPHOR_DATE_GAP if definite or nominal else None,
        max_gap_before=ANAPHOR_DATE_GAP_BEFORE if definite or nominal else None,
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
    if RE_PLURAL_ATTACKS.search(text, c.start, c.end):
        if view.rules.cue("aggregate_before", words_before(text, c.start, 3)):
            return False
        return count is not None or is_dated_here(date)
    if is_perfect(text, c):
        return is_dated_here(date)
    if RE_PLURAL_PROJECTILES.search(text, c.start, c.end):
        sited = any(p.place.kind != "country" for p in view.places() if p.start >= c.start)
        numbered = count_before(text, c.start) is not None
        return numbered or sited or is_dated_here(date)
    return True


def is_dated_here(date: BoundDate) -> bool:
    """A date tied to the trigger, to the day or month ("this year" is not enough)."""
    return date.strength == "near" and date.value is not None and date.value.precision != "year"


def talks_happened(view: SentenceView, date: BoundDate) -> bool:
    """Talks are events once held: a past event verb, or a date tied to them."""
    return view.rules.cue("talks_happened", view.text) or date.strength == "near"


def build_mentions(
    view: SentenceView, c: Candidate, accepted: Accepted, state: DocState
) -> list[Mention]:
    text = view.text
    definite = c.form == "noun" and is_definite(view.rules, text, c.start)
    date = mention_date(view, c, definite)
    if c.type == "talks" and not (state.talks_seen and (talks_happened(view, date) or definite)):
        return []
    noun = c.form == "noun" and RE_PLURAL_ATTACKS.search(text, c.start, c.end) is not None
    count = count_before(text, c.start) if noun else None  # "two attacks", not "two rockets"
    listing = count is not None or RE_LISTING.search(text, c.start) is not None
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
    if not slots:
        return [mention]
    group = state.next_group()
    return [replace(mention, place=place or mention.place, group=group) for place in slots]


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
        new_event=is_new_event(view.rules, view.text, c.start),
        headline=view.line.headline,
        caption=view.line.caption,
        trigger=c.id,
    )

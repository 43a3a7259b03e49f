"""Events of the six types (reads data/event_patterns.yaml and data/places.yaml).

One scan of the text finds the trigger keywords; then sentence by sentence, in text order, the
patterns of the triggers those keywords allow run on the sentence. Each trigger is read in its
clause (negation, hypothetical, planned, aggregate: here), accepted by the checks of its type
(who acts, against whom: event_checks), made a mention (dated, placed, counted: event_mentions),
and finally the mentions of one happening are merged into one event (merge).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from app.pipeline.actors import related_line_ranges
from app.pipeline.event_actors import (
    ActorMemory,
)
from app.pipeline.event_checks import ACCEPTORS, Accepted, Candidate, SentenceView, talks_topic
from app.pipeline.event_context import (
    clause_after,
    clause_before,
    closing_titles_start,
    line_kind,
    with_teaser_titles,
)
from app.pipeline.event_mentions import DocState, build_mentions
from app.pipeline.event_rules import TypeRules, load_rules
from app.pipeline.merge import Mention, merge_mentions
from app.pipeline.types import DocContext, Sentence
from app.schemas import ExtractedEvent

RE_LAST_WORD = re.compile(r"[\w’'-]+$")
RE_OPEN_QUOTE = re.compile(r"^\s*[“\"]")
QUOTE_LOOKAHEAD = 2


def find_events(ctx: DocContext) -> list[ExtractedEvent]:
    """Every event the document reports, one per happening, with its evidence sentences."""
    rules = load_rules()
    text = ctx.doc.text
    folded = rules.fold(text)
    lowered = text.lower()
    hits = rules.keyword_hits(lowered)
    hit_starts = [h[0] for h in hits]
    memory = ActorMemory(rules=rules, ctx=ctx, folded=folded)
    state = DocState()
    mentions: list[Mention] = []
    furniture = closing_titles_start(text)
    related = with_teaser_titles(text, related_line_ranges(text))
    for index, sent in enumerate(ctx.sentences):
        if sent.start >= furniture:
            break  # the titles of other stories after this one's end
        if any(start <= sent.start < end for start, end in related):
            continue  # "ALSO READ: ...", another story's teaser
        found = triggers_in(hits, hit_starts, sent)
        triggers = rules.runnable(found, lowered[sent.start : sent.end]) if found else found
        if not triggers:
            continue
        view = SentenceView(
            rules=rules,
            index=index,
            sent=sent,
            text=folded[sent.start : sent.end],
            original=text[sent.start : sent.end],
            previous=previous_text(text, ctx.sentences, index),
            mentions=memory.mentions(index),
            memory=memory,
            line=line_kind(text, sent.start, sent.end),
            published=ctx.published.date,
            context_text=folded[sent.start : sent.end],
        )
        continuation = quotation(text, ctx.sentences, index)
        if continuation:
            view.context_text += " " + " ".join(folded[s.start : s.end] for s in continuation)
            view.quote_speakers = [
                m
                for i in range(index + 1, index + 1 + len(continuation))
                for m in memory.mentions(i)
                if m.kind == "militia"
            ]
        mentions.extend(sentence_events(view, state, triggers))
    return merge_mentions(mentions, text)


def previous_text(text: str, sentences: tuple[Sentence, ...], index: int) -> str:
    if index == 0:
        return ""
    before = sentences[index - 1]
    return text[before.start : before.end]


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


def given_part(view: SentenceView, clause: str) -> str:
    """The clause after its last presupposing words ("revenge for", "condemned"): what
    follows them is taken as having happened, whatever modal came before."""
    found = list(view.rules.cues["presupposed"].finditer(clause))
    return clause[found[-1].end() :] if found else clause


def is_cancelled_here(view: SentenceView, type_rules: TypeRules, c: Candidate) -> bool:
    """Negation, modality or aggregation in the trigger's clause; or an exclusion near it."""
    text = view.text
    window_end = c.start
    if c.form == "clause":
        last = RE_LAST_WORD.search(text, c.start, c.end)
        window_end = last.start() if last else c.start
    before, after = type_rules.cancel_before, type_rules.cancel_after
    if before is not None and before.search(given_part(view, clause_before(text, window_end))):
        return True
    if after is not None and after.search(clause_after(text, c.end)):
        return True
    exclusion = type_rules.exclusion
    return exclusion is not None and exclusion.search(view.near(c, 60)) is not None

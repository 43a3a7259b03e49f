"""The evidence spans of an article page: events, troop levels and actor mentions.

Rejected items keep their anchor (the side list links to them) but are not coloured.

Events are coloured by type, troop levels by their own colour, actors by their kind.
The extractor stores the first mention of each actor; the other mentions are found by
the actor's canonical name and aliases as whole words (aliases in capitals, like KH,
match case-sensitively, the others in any case, as in app/data/actors.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.highlight import Span
from app.models import Actor, ActorAlias, Article, ArticleActor, Event, TroopLevel
from app.vocabulary import EVENT_TYPE_SPECS

EVENT_LABELS = {t.name: t.short_label for t in EVENT_TYPE_SPECS}


@dataclass
class ArticleSpans:
    spans: list[Span] = field(default_factory=list)
    actor_anchors: dict[str, str] = field(default_factory=dict)


def event_spans(events: Iterable[Event]) -> list[Span]:
    spans = []
    for event in events:
        rejected = event.review_state == "rejected"
        classes = ("hl-rejected",) if rejected else ("hl-event", f"type-{event.type}")
        label = EVENT_LABELS.get(event.type, event.type) + (
            f": {event.actor}" if event.actor else ""
        )
        spans.append(
            Span(event.evidence_start, event.evidence_end, f"event-{event.id}", classes, label)
        )
        for n, extra in enumerate(event.extra_evidence or [], start=1):
            start, end = int(extra.get("start", 0)), int(extra.get("end", 0))
            spans.append(Span(start, end, f"event-{event.id}-{n}", classes, label))
    return spans


def troop_level_spans(levels: Iterable[TroopLevel]) -> list[Span]:
    return [
        Span(
            level.evidence_start,
            level.evidence_end,
            f"troop-{level.id}",
            ("hl-rejected",) if level.review_state == "rejected" else ("hl-troop",),
            f"troop level: {level.count:,} in {level.location}",
        )
        for level in levels
    ]


def alias_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a set of names: capitalised acronyms exactly, other names in any case."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        body = re.escape(name)
        parts.append(body if name.isupper() else f"(?i:{body})")
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def names_by_actor(session: Session, actors: list[str]) -> dict[str, set[str]]:
    """Each actor's canonical name and aliases, from the actors tables."""
    names = {actor: {actor} for actor in actors}
    rows = session.execute(
        select(Actor.name, ActorAlias.alias).join(ActorAlias).where(Actor.name.in_(actors))
    )
    for actor, alias in rows:
        names[actor].add(alias)
    return names


def actor_spans(session: Session, text: str, mentions: list[ArticleActor]) -> ArticleSpans:
    result = ArticleSpans()
    names = names_by_actor(session, [m.name for m in mentions])
    for mention in mentions:
        anchor = f"actor-{mention.id}"
        classes = ("hl-actor", f"hl-actor-{mention.kind}")
        label = f"{mention.name} ({mention.kind})"
        found: set[tuple[int, int]] = set()
        if mention.start is not None and mention.end is not None:
            found.add((mention.start, mention.end))
        pattern = alias_pattern(names.get(mention.name, {mention.name}))
        if pattern is not None:
            found.update(m.span() for m in pattern.finditer(text))
        for n, (start, end) in enumerate(sorted(found)):
            span_anchor = anchor if n == 0 else f"{anchor}-{n}"
            result.spans.append(Span(start, end, span_anchor, classes, label))
        if found:
            result.actor_anchors[mention.name] = anchor
    return result


def article_spans(
    *, session: Session, article: Article, events: list[Event], levels: list[TroopLevel]
) -> ArticleSpans:
    actors = actor_spans(session, article.text, list(article.actor_mentions))
    actors.spans[:0] = [*event_spans(events), *troop_level_spans(levels)]
    return actors

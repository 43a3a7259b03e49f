"""Writing to the database. Every article is stored in one transaction, or not at all."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias, Article, ArticleActor, Event, TroopLevel, month_of
from app.pipeline import ExtractedDocument
from app.pipeline.resources import load_yaml
from app.schemas import ExtractedEvent, ExtractedTroopLevel


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text: two uploads with the same text are one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sync_actors(*, session: Session) -> int:
    """Bring `actors`/`actor_aliases` in line with app/data/actors.yaml; returns actors added."""
    entries: list[dict[str, Any]] = load_yaml("actors.yaml") or []
    existing = {a.name: a for a in session.scalars(select(Actor))}
    added = 0
    for entry in entries:
        actor = existing.get(entry["name"])
        if actor is None:
            actor = Actor(name=entry["name"], kind=entry["kind"])
            session.add(actor)
            added += 1
        actor.kind = entry["kind"]
        wanted = {str(a) for a in entry.get("aliases") or []}
        for alias in list(actor.aliases):
            if alias.alias not in wanted:
                actor.aliases.remove(alias)
        have = {a.alias for a in actor.aliases}
        actor.aliases.extend(ActorAlias(alias=a) for a in sorted(wanted - have))
    session.flush()
    return added


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def event_row(item: ExtractedEvent) -> Event:
    day = parse_date(item.date)
    return Event(
        type=item.type,
        actor=item.actor,
        target=item.target,
        date=day,
        date_precision=item.date_precision,
        month=month_of(day),
        location=item.location,
        killed=item.killed,
        injured=item.injured,
        claimed_by=item.claimed_by,
        attributed_by=item.attributed_by,
        evidence=item.evidence,
        evidence_start=item.start,
        evidence_end=item.end,
        extra_evidence=[span.model_dump() for span in item.extra_evidence],
        confidence=item.confidence,
        origin="machine",
        review_state="unreviewed",
        machine_output=item.model_dump(mode="json"),
    )


def troop_row(item: ExtractedTroopLevel) -> TroopLevel:
    return TroopLevel(
        country=item.country,
        location=item.location,
        count=item.count,
        qualifier=item.qualifier,
        as_of=parse_date(item.as_of),
        figure_type=item.figure_type,
        evidence=item.evidence,
        evidence_start=item.start,
        evidence_end=item.end,
        origin="machine",
        review_state="unreviewed",
        machine_output=item.model_dump(mode="json"),
    )


def build_article(extracted: ExtractedDocument, **meta: Any) -> Article:
    """An `Article` with its events, troop levels and actor mentions, not yet added."""
    result = extracted.result
    article = Article(
        title=meta.pop("title", None) or result.title,
        published=parse_date(result.published),
        published_source=result.published_source,
        text=extracted.doc.text,
        content_hash=content_hash(extracted.doc.text),
        **meta,
    )
    article.events = [event_row(e) for e in result.events]
    article.troop_levels = [troop_row(t) for t in result.troop_levels]
    article.actor_mentions = [
        ArticleActor(name=a.name, kind=a.kind, mentions=a.mentions, start=a.start, end=a.end)
        for a in result.actors
    ]
    return article


def save_extraction(*, session: Session, extracted: ExtractedDocument, **meta: Any) -> Article:
    """Add the article and everything extracted from it; the caller commits once."""
    article = build_article(extracted, **meta)
    session.add(article)
    session.flush()
    return article

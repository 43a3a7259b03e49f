"""Read side of review: the queue of unreviewed items, an article's history, form choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Float, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from app.browse.events import event_read, evidence_url, page_info, paged, troop_level_read
from app.browse.queries import Paging
from app.filters import not_duplicate_condition
from app.models import Actor, Article, AuditLog, Event, TroopLevel, User
from app.review.actions import EVENT_FIELDS, TROOP_LEVEL_FIELDS
from app.schemas import (
    EVENT_TYPES,
    AuditEntryRead,
    EventRead,
    FieldChangeRead,
    ReviewItemRead,
    ReviewQueuePage,
    TroopLevelRead,
)
from app.vocabulary import REVIEW_STATES

QueueKind = Literal["all", "event", "troop_level"]
ROLE_RANK = {"viewer": 0, "editor": 1, "admin": 2}


def is_editor(user: User | None) -> bool:
    return user is not None and ROLE_RANK.get(user.role, 0) >= ROLE_RANK["editor"]


@dataclass(frozen=True)
class EditChoices:
    """What the review forms offer: the vocabularies and the known actor names."""

    event_types: tuple[str, ...] = EVENT_TYPES
    date_precisions: tuple[str, ...] = ("day", "month", "year")
    qualifiers: tuple[str, ...] = ("exact", "over", "about", "under", "up_to")
    figure_types: tuple[str, ...] = ("reported", "official_cap", "planned")
    review_states: tuple[str, ...] = REVIEW_STATES
    actors: list[str] = field(default_factory=list)


def editable_choices(session: Session) -> EditChoices:
    return EditChoices(actors=list(session.scalars(select(Actor.name).order_by(Actor.name))))


class QueueQuery(Paging):
    kind: QueueKind = "all"


def _queue_union(kind: QueueKind) -> Any:
    events = select(
        literal("event", String).label("kind"),
        Event.id.label("id"),
        Event.article_id.label("article_id"),
        cast(Event.confidence, Float).label("confidence"),
    ).where(Event.review_state == "unreviewed", not_duplicate_condition(Event))
    levels = select(
        literal("troop_level", String).label("kind"),
        TroopLevel.id.label("id"),
        TroopLevel.article_id.label("article_id"),
        cast(null(), Float).label("confidence"),
    ).where(TroopLevel.review_state == "unreviewed", not_duplicate_condition(TroopLevel))
    parts = {"all": [events, levels], "event": [events], "troop_level": [levels]}[kind]
    return union_all(*parts).subquery("queue") if len(parts) > 1 else parts[0].subquery("queue")


@dataclass
class QueueEntry:
    """A queue row with the full item, for the review forms."""

    row: ReviewItemRead
    event: EventRead | None = None
    troop_level: TroopLevelRead | None = None


@dataclass
class ReviewQueue:
    page: ReviewQueuePage
    entries: list[QueueEntry]


def _entry(item: Event | TroopLevel) -> QueueEntry:
    if isinstance(item, Event):
        read = event_read(item)
        summary = " · ".join(v for v in (item.type, item.actor, item.location) if v)
        row = ReviewItemRead(
            kind="event",
            id=item.id,
            article_id=item.article_id,
            article_title=read.article_title,
            confidence=item.confidence,
            summary=summary,
            evidence=item.evidence,
            evidence_url=read.evidence_url,
        )
        return QueueEntry(row=row, event=read)
    level = troop_level_read(item)
    row = ReviewItemRead(
        kind="troop_level",
        id=item.id,
        article_id=item.article_id,
        article_title=level.article_title,
        summary=f"{item.qualifier} {item.count:,} in {item.location}",
        evidence=item.evidence,
        evidence_url=evidence_url("troop", item.article_id, item.id),
    )
    return QueueEntry(row=row, troop_level=level)


def review_queue(*, session: Session, query: QueueQuery, everything: bool = False) -> ReviewQueue:
    """Unreviewed items, lowest confidence first (troop levels have none: they come last)."""
    queue = _queue_union(query.kind)
    stmt = select(queue.c.kind, queue.c.id).order_by(
        queue.c.confidence.is_(None), queue.c.confidence, queue.c.article_id, queue.c.id
    )
    info = page_info(session, stmt, query, everything)
    rows = session.execute(paged(stmt, info)).all()
    models: dict[str, Any] = {"event": Event, "troop_level": TroopLevel}
    entries = [_entry(session.get_one(models[str(kind)], item_id)) for kind, item_id in rows]
    page = ReviewQueuePage(**info.model_dump(), rows=[e.row for e in entries])
    return ReviewQueue(page=page, entries=entries)


def field_changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[FieldChangeRead]:
    before, after = before or {}, after or {}
    order = [*EVENT_FIELDS, *TROOP_LEVEL_FIELDS, "review_state", "origin"]
    names = [n for n in dict.fromkeys([*order, *before, *after]) if n in before or n in after]
    return [
        FieldChangeRead(field=n, before=before.get(n), after=after.get(n))
        for n in names
        if before.get(n) != after.get(n)
    ]


def article_history(*, session: Session, article_id: int) -> list[AuditEntryRead]:
    """Every recorded change to the article's items, newest first."""
    rows = session.execute(
        select(AuditLog, User.email)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(AuditLog.article_id == article_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    ).all()
    return [audit_entry_read(entry, email) for entry, email in rows]


def audit_entry_read(entry: AuditLog, email: str | None = None) -> AuditEntryRead:
    return AuditEntryRead(
        id=entry.id,
        at=entry.at,
        user=email if email is not None else (entry.user.email if entry.user else None),
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        article_id=entry.article_id,
        reason=entry.reason,
        before=entry.before,
        after=entry.after,
        changes=field_changes(entry.before, entry.after),
    )


def article_exists(session: Session, article_id: int) -> bool:
    return session.scalar(select(func.count()).where(Article.id == article_id)) == 1

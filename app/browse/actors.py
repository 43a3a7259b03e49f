"""/actors and /actors/{name}: factions with their aliases and counted events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.browse.events import event_read, page_info, paged
from app.browse.queries import ActorQuery
from app.filters import counted_condition
from app.models import Actor, ActorAlias, Article, ArticleActor, Event
from app.schemas import EVENT_TYPES, ActorMonthCount, ActorPage, ActorProfileRead, ActorRead

LATEST_EVENTS = 20


def _event_count() -> Any:
    return (
        select(func.count())
        .select_from(Event)
        .where(Event.actor == Actor.name, counted_condition(Event))
        .correlate(Actor)
        .scalar_subquery()
    )


def _article_count() -> Any:
    return (
        select(func.count())
        .select_from(ArticleActor)
        .where(ArticleActor.name == Actor.name)
        .correlate(Actor)
        .scalar_subquery()
    )


def list_actors(*, session: Session, query: ActorQuery, everything: bool = False) -> ActorPage:
    """Known actors, most events first, with aliases and counts (events: counted ones only)."""
    stmt = select(Actor, _event_count().label("events"), _article_count().label("articles"))
    if query.kind:
        stmt = stmt.where(Actor.kind == query.kind)
    if query.q:
        needle = f"%{query.q.lower()}%"
        aliased = select(ActorAlias.actor_id).where(func.lower(ActorAlias.alias).like(needle))
        stmt = stmt.where(or_(func.lower(Actor.name).like(needle), Actor.id.in_(aliased)))
    info = page_info(session, stmt, query, everything)
    ordered = stmt.order_by(_event_count().desc(), Actor.name).options(selectinload(Actor.aliases))
    rows = cast("Sequence[tuple[Actor, int, int]]", session.execute(paged(ordered, info)).all())
    return ActorPage(
        **info.model_dump(),
        rows=[
            ActorRead(
                name=actor.name,
                kind=actor.kind,
                aliases=sorted(a.alias for a in actor.aliases),
                event_count=events,
                article_count=articles,
            )
            for actor, events, articles in rows
        ],
    )


def resolve_actor(session: Session, name: str) -> tuple[Actor | None, str | None]:
    """The actor called `name` (or with that alias) and its canonical name.

    An actor typed in by an editor may be in no table but `events`: its name is returned
    with no Actor. (None, None) when nothing is known by that name.
    """
    actor = session.scalar(select(Actor).where(Actor.name == name))
    if actor is None:
        actor = session.scalar(
            select(Actor).join(ActorAlias).where(func.lower(ActorAlias.alias) == name.lower())
        )
    if actor is not None:
        return actor, actor.name
    seen = session.scalar(select(Event.actor).where(Event.actor == name).limit(1))
    return None, seen


def months_by_type(session: Session, name: str) -> list[ActorMonthCount]:
    """Counted events of the actor per month and type (GROUP BY in SQL)."""
    rows = session.execute(
        select(Event.month, Event.type, func.count())
        .where(Event.actor == name, Event.month.is_not(None), counted_condition(Event))
        .group_by(Event.month, Event.type)
        .order_by(Event.month, Event.type)
    )
    return [ActorMonthCount(month=m, type=t, count=c) for m, t, c in rows]


@dataclass
class MonthTable:
    """The month × type counts laid out for a table: one row per month."""

    types: list[str]
    rows: list[tuple[str, list[int], int]]


def month_table(counts: list[ActorMonthCount]) -> MonthTable:
    types = [t for t in EVENT_TYPES if any(c.type == t for c in counts)]
    by_month: dict[str, dict[str, int]] = {}
    for c in counts:
        by_month.setdefault(c.month.strftime("%Y-%m"), {})[c.type] = c.count
    rows = [
        (month, [cells.get(t, 0) for t in types], sum(cells.values()))
        for month, cells in sorted(by_month.items(), reverse=True)
    ]
    return MonthTable(types=types, rows=rows)


def actor_profile(*, session: Session, name: str) -> ActorProfileRead | None:
    actor, canonical = resolve_actor(session, name)
    if canonical is None:
        return None
    latest = session.execute(
        select(Event, Article)
        .join(Article)
        .where(Event.actor == canonical, counted_condition(Event))
        .order_by(Event.date.is_(None), Event.date.desc(), Event.id.desc())
        .limit(LATEST_EVENTS)
    ).all()
    by_month = months_by_type(session, canonical)
    total = session.scalar(
        select(func.count()).where(Event.actor == canonical, counted_condition(Event))
    )
    articles = session.scalar(select(func.count()).where(ArticleActor.name == canonical))
    return ActorProfileRead(
        name=canonical,
        kind=actor.kind if actor else None,
        aliases=sorted(a.alias for a in actor.aliases) if actor else [],
        event_count=total or 0,
        article_count=articles or 0,
        by_month=by_month,
        latest_events=[event_read(e, a) for e, a in latest],
    )

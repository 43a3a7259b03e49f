"""The choices offered by the filter forms: outlets, actors and locations in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import CompoundSelect, Select, select, union
from sqlalchemy.orm import Session

from app.models import Actor, Article, Event
from app.schemas import EVENT_TYPES
from app.vocabulary import REVIEW_STATES

MAX_CHOICES = 1000


@dataclass(frozen=True)
class FilterOptions:
    outlets: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    event_types: tuple[str, ...] = EVENT_TYPES
    review_states: tuple[str, ...] = REVIEW_STATES


def _distinct(session: Session, stmt: Select[Any]) -> list[str]:
    values = session.scalars(stmt).all()
    return sorted({v for v in values if v}, key=str.casefold)[:MAX_CHOICES]


def filter_options(session: Session) -> FilterOptions:
    actors: CompoundSelect[Any] = union(
        select(Actor.name), select(Event.actor).where(Event.actor.is_not(None)).distinct()
    )
    return FilterOptions(
        outlets=_distinct(session, select(Article.outlet).distinct()),
        actors=_distinct(session, select(actors.subquery().c[0])),
        locations=_distinct(session, select(Event.location).distinct()),
    )

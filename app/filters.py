"""The common filters of every listing and aggregate, as one model and SQL conditions.

Public interface (stable; the dashboard, the listings and the JSON API all use it):

    class EventFilters(BaseModel):          # also a FastAPI query-parameter model
        date_from: dt.date | None = None    # event date (troop levels: as_of) >= date_from
        date_to: dt.date | None = None      # ... <= date_to
        actor: list[str] = []               # canonical actor names (any of them)
        event_type: list[EventType] = []    # any of these types
        location: str | None = None         # case-insensitive exact location
        outlet: str | None = None           # case-insensitive exact outlet of the article
        review_state: list[ReviewState] = []  # any of these states (listings)
        reviewed_only: bool = False         # only accepted/corrected items
        include_duplicates: bool = False    # also items of near-duplicate articles

    counted_condition(model, *, reviewed_only=False) -> ColumnElement[bool]
        The condition every aggregate applies: never a rejected item, never an item of
        a near-duplicate article (Article.duplicate_of_id set), and with reviewed_only
        only accepted/corrected items. `model` is Event or TroopLevel.

    reviewed_condition(model) -> ColumnElement[bool]
        review_state IN ('accepted', 'corrected').

    event_conditions(filters) -> list[ColumnElement[bool]]
    apply_event_filters(stmt, filters) -> stmt      # stmt.where(*event_conditions(filters))
    troop_level_conditions(filters) -> list[ColumnElement[bool]]
    apply_troop_level_filters(stmt, filters) -> stmt

Usage:

    stmt = select(Event.month, Event.type, func.count()).group_by(Event.month, Event.type)
    stmt = apply_event_filters(stmt, EventFilters(reviewed_only=True, actor=["Kata'ib Hezbollah"]))

Conditions on the article (outlet, duplicates) are `article_id IN (SELECT id FROM
articles WHERE ...)`, so a statement needs no join and any join it has stays valid.
Unless `review_state` explicitly asks for "rejected", rejected items are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from sqlalchemy import ColumnElement, Select, func, select, true

from app.dates import check_date
from app.models import Article, Event, Incident, TroopLevel
from app.schemas import EventType
from app.vocabulary import REVIEWED_STATES

ReviewState = Literal["unreviewed", "accepted", "corrected", "rejected"]

Reviewable = type[Event] | type[TroopLevel]
AnySelect = Select[*tuple[Any, ...]]
S = TypeVar("S", bound=AnySelect)


def _blank_to_none(value: Any) -> Any:
    """HTML forms send empty fields as ''; treat them as not given."""
    if isinstance(value, str) and not value.strip():
        return None
    return value.strip() if isinstance(value, str) else value


def _drop_blanks(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple):
        return [v.strip() if isinstance(v, str) else v for v in value if _blank_to_none(v)]
    return value


BlankIsNone = BeforeValidator(_blank_to_none)
OptionalText = Annotated[str | None, BlankIsNone]


def _checked_date(value: dt.date | None) -> dt.date | None:
    return check_date(value) if value is not None else None


# A date in the tracker's one range (app/dates.py): filters and review corrections alike.
OptionalDate = Annotated[dt.date | None, BlankIsNone, AfterValidator(_checked_date)]


class EventFilters(BaseModel):
    """Filters shared by /articles, /events, the JSON API and the dashboard."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    date_from: OptionalDate = Field(default=None, description="on or after this date")
    date_to: OptionalDate = Field(default=None, description="on or before this date")
    actor: Annotated[list[str], BeforeValidator(_drop_blanks)] = Field(
        default_factory=list, description="canonical actor name (repeatable)"
    )
    event_type: Annotated[list[EventType], BeforeValidator(_drop_blanks)] = Field(
        default_factory=list, description="event type (repeatable)"
    )
    location: OptionalText = Field(default=None, description="location (exact, any case)")
    outlet: OptionalText = Field(default=None, description="outlet (exact, any case)")
    review_state: Annotated[list[ReviewState], BeforeValidator(_drop_blanks)] = Field(
        default_factory=list, description="review state (repeatable)"
    )
    reviewed_only: bool = Field(default=False, description="only accepted or corrected items")
    include_duplicates: bool = Field(
        default=False, description="also items of articles marked as near duplicates"
    )

    def is_empty(self) -> bool:
        return self == EventFilters()


def reviewed_condition(model: Reviewable) -> ColumnElement[bool]:
    """Accepted or corrected by an editor."""
    return model.review_state.in_(REVIEWED_STATES)


def not_duplicate_condition(model: Reviewable) -> ColumnElement[bool]:
    """The item's article is not a near duplicate of another article."""
    originals = select(Article.id).where(Article.duplicate_of_id.is_(None))
    return model.article_id.in_(originals)


def counted_condition(model: Reviewable, *, reviewed_only: bool = False) -> ColumnElement[bool]:
    """What any count may include: no rejected item, no near-duplicate's item."""
    state = reviewed_condition(model) if reviewed_only else model.review_state != "rejected"
    return state & not_duplicate_condition(model)


def _state_conditions(model: Reviewable, filters: EventFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.review_state:
        conditions.append(model.review_state.in_(filters.review_state))
    if "rejected" not in filters.review_state:
        conditions.append(model.review_state != "rejected")
    if filters.reviewed_only:
        conditions.append(reviewed_condition(model))
    return conditions


def _article_condition(model: Reviewable, filters: EventFilters) -> ColumnElement[bool] | None:
    article_where: list[ColumnElement[bool]] = []
    if filters.outlet:
        article_where.append(func.lower(Article.outlet) == filters.outlet.lower())
    if not filters.include_duplicates:
        article_where.append(Article.duplicate_of_id.is_(None))
    if not article_where:
        return None
    return model.article_id.in_(select(Article.id).where(*article_where))


def event_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions of `filters` on the Event table."""
    conditions = _state_conditions(Event, filters)
    if filters.date_from:
        conditions.append(Event.date >= filters.date_from)
    if filters.date_to:
        conditions.append(Event.date <= filters.date_to)
    if filters.actor:
        conditions.append(Event.actor.in_(filters.actor))
    if filters.event_type:
        conditions.append(Event.type.in_(filters.event_type))
    if filters.location:
        conditions.append(func.lower(Event.location) == filters.location.lower())
    article = _article_condition(Event, filters)
    if article is not None:
        conditions.append(article)
    return conditions or [true()]


def apply_event_filters(stmt: S, filters: EventFilters) -> S:
    """`stmt` (any select over Event) restricted by `filters`."""
    return stmt.where(*event_conditions(filters))


def troop_level_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    """The same filters on TroopLevel: dates on as_of; actor and event type do not apply."""
    conditions = _state_conditions(TroopLevel, filters)
    if filters.date_from:
        conditions.append(TroopLevel.as_of >= filters.date_from)
    if filters.date_to:
        conditions.append(TroopLevel.as_of <= filters.date_to)
    if filters.location:
        conditions.append(func.lower(TroopLevel.location) == filters.location.lower())
    article = _article_condition(TroopLevel, filters)
    if article is not None:
        conditions.append(article)
    return conditions or [true()]


def incident_attribute_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    """`filters` on an incident's resolved attributes: dates, actor, type, place, and with
    reviewed_only a report an editor checked. (Filters on reports, such as the outlet, are
    the caller's: an incident matches when one of its reports does.)"""
    conditions: list[ColumnElement[bool]] = []
    if filters.date_from:
        conditions.append(Incident.date >= filters.date_from)
    if filters.date_to:
        conditions.append(Incident.date <= filters.date_to)
    if filters.actor:
        conditions.append(Incident.actor.in_(filters.actor))
    if filters.event_type:
        conditions.append(Incident.type.in_(filters.event_type))
    if filters.location:
        conditions.append(func.lower(Incident.location) == filters.location.lower())
    if filters.reviewed_only:
        conditions.append(Incident.reviewed.is_(True))
    return conditions


def apply_troop_level_filters(stmt: S, filters: EventFilters) -> S:
    """`stmt` (any select over TroopLevel) restricted by `filters`."""
    return stmt.where(*troop_level_conditions(filters))

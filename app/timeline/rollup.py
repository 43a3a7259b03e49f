"""The rollup `timeline_counts`: counted events per month, type, actor, location and reviewed
flag. Triggers (migration 5c1d0e7a9b42) list in `timeline_dirty` the months a change to
`events` or to an article's `duplicate_of_id` touches; `refresh_counts` rebuilds those months
from `events` before a timeline is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Subquery, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.filters import REVIEWED_STATES, EventFilters, counted_condition, event_conditions
from app.models import Event, TimelineCount, TimelineDirty
from app.timeline.months import timeline_filters

REFRESH_MONTHS_PER_STATEMENT = 60
POSTGRES_LOCK_TIMEOUT = "2s"
ROLLUP_COLUMNS = (
    "month",
    "type",
    "actor",
    "location",
    "reviewed",
    "events",
    "first_date",
    "last_date",
)


def uses_rollup(filters: EventFilters) -> bool:
    """Whether `timeline_counts` holds every column these filters need."""
    return not filters.outlet


def rollup_select(months: Sequence[dt.date]) -> Any:
    """Counted events of `months` grouped as `timeline_counts` keeps them."""
    reviewed = Event.review_state.in_(REVIEWED_STATES)
    return (
        select(
            Event.month,
            Event.type,
            Event.actor,
            Event.location,
            reviewed.label("reviewed"),
            func.count().label("events"),
            func.min(Event.date).label("first_date"),
            func.max(Event.date).label("last_date"),
        )
        .where(Event.month.in_(months), counted_condition(Event))
        .group_by(Event.month, Event.type, Event.actor, Event.location, reviewed)
    )


def rebuild_months(*, session: Session, months: Sequence[dt.date]) -> None:
    """Replace the rollup rows of `months` with fresh counts from `events`."""
    ordered = sorted(set(months))
    for start in range(0, len(ordered), REFRESH_MONTHS_PER_STATEMENT):
        chunk = ordered[start : start + REFRESH_MONTHS_PER_STATEMENT]
        session.execute(delete(TimelineCount).where(TimelineCount.month.in_(chunk)))
        session.execute(insert(TimelineCount).from_select(ROLLUP_COLUMNS, rollup_select(chunk)))
        session.execute(delete(TimelineDirty).where(TimelineDirty.month.in_(chunk)))


def lock_dirty_log(session: Session) -> None:
    """PostgreSQL: wait (briefly) for writers that are marking months, and keep new ones out
    until the rebuild commits, so no month is marked by a transaction the rebuild cannot see.
    SQLite needs nothing: a write transaction already excludes every other writer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = '{POSTGRES_LOCK_TIMEOUT}'"))
        session.execute(text("LOCK TABLE timeline_dirty IN SHARE ROW EXCLUSIVE MODE"))


def refresh_counts(*, session: Session) -> bool:
    """Rebuild the months that triggers marked as changed; commit.

    Returns False when the database was busy (another writer held it); the caller then
    counts from `events` directly for this request.
    """
    if session.scalar(select(TimelineDirty.month).limit(1)) is None:
        return True
    try:
        with session.begin_nested():
            lock_dirty_log(session)
            months = list(session.scalars(select(TimelineDirty.month).distinct()))
            rebuild_months(session=session, months=months)
        session.commit()
    except DBAPIError:
        session.rollback()
        return False
    return True


def rebuild_all(*, session: Session) -> None:
    """Rebuild the whole rollup from `events` (the caller commits)."""
    found = session.scalars(select(Event.month).where(Event.month.is_not(None)).distinct())
    months = [m for m in found if m is not None]
    session.execute(delete(TimelineCount))
    rebuild_months(session=session, months=months)
    session.execute(delete(TimelineDirty))


def rollup_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.date_from:
        conditions.append(TimelineCount.month >= filters.date_from)
    if filters.date_to:
        conditions.append(TimelineCount.month <= filters.date_to)
    if filters.actor:
        conditions.append(TimelineCount.actor.in_(filters.actor))
    if filters.event_type:
        conditions.append(TimelineCount.type.in_(filters.event_type))
    if filters.location:
        conditions.append(func.lower(TimelineCount.location) == filters.location.lower())
    if filters.reviewed_only:
        conditions.append(TimelineCount.reviewed.is_(True))
    return conditions


def counted_statement(filters: EventFilters, *, from_rollup: bool) -> Subquery:
    """Counted events per (month, type, actor) with first and last dates, filtered: from the
    rollup, or from `events` (the same columns and the same numbers)."""
    filters = timeline_filters(filters)
    if from_rollup:
        return (
            select(
                TimelineCount.month,
                TimelineCount.type,
                TimelineCount.actor,
                TimelineCount.events,
                TimelineCount.first_date,
                TimelineCount.last_date,
            )
            .where(*rollup_conditions(filters))
            .subquery("counted")
        )
    return (
        select(
            Event.month,
            Event.type,
            Event.actor,
            func.count().label("events"),
            func.min(Event.date).label("first_date"),
            func.max(Event.date).label("last_date"),
        )
        .where(Event.month.is_not(None), *event_conditions(filters))
        .group_by(Event.month, Event.type, Event.actor)
        .subquery("counted")
    )


def counted_source(*, session: Session, filters: EventFilters) -> Subquery:
    """`counted_statement` from the rollup (brought up to date first) when it can answer."""
    from_rollup = uses_rollup(filters) and refresh_counts(session=session)
    return counted_statement(filters, from_rollup=from_rollup)

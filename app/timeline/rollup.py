"""The rollups of counted incidents: each real happening once, however many articles report
it (app/incidents/). `timeline_counts` keeps them per month, type, actor, location and
reviewed flag (the incident's resolved attributes); `timeline_actor_counts` sums it over
locations and `timeline_month_counts` over actors, so each query reads the smallest table
that holds the columns its filters need.

Triggers (migrations 5c1d0e7a9b42 and 9d41c7e2a8b6) list in `timeline_dirty` the months a
change to `events`, `incidents` or an article's `duplicate_of_id` touches; `refresh_counts`
rebuilds those months from `incidents` before a timeline is read. An incident counts when
one of its reports counts (`incidents.counted`), and is reviewed when an editor checked one
(`incidents.reviewed`); the rollup column keeps its name, `events`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Subquery,
    delete,
    exists,
    func,
    insert,
    null,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased

from app.filters import EventFilters, event_conditions, incident_attribute_conditions
from app.incidents.upkeep import keep_current
from app.models import (
    Article,
    Event,
    Incident,
    TimelineActorCount,
    TimelineCount,
    TimelineDirty,
    TimelineMonthCount,
    TroopLevel,
)
from app.timeline.months import timeline_filters

REFRESH_MONTHS_PER_STATEMENT = 60
POSTGRES_LOCK_TIMEOUT = "2s"
ROLLUPS = (TimelineCount, TimelineActorCount, TimelineMonthCount)
Rollup = type[TimelineCount] | type[TimelineActorCount] | type[TimelineMonthCount]


def not_duplicate(model: type[Event] | type[TroopLevel]) -> ColumnElement[bool]:
    """The item's article is not a near duplicate: `app.filters.not_duplicate_condition`
    written as a correlated NOT EXISTS, so the database starts from the items it already
    narrowed down (by month) and looks each article up by its key."""
    article = aliased(Article, name="duplicate_article")
    return ~exists().where(article.id == model.article_id, article.duplicate_of_id.is_not(None))


def counted(model: type[Event] | type[TroopLevel]) -> ColumnElement[bool]:
    """`app.filters.counted_condition`: no rejected item, no near duplicate's item."""
    return (model.review_state != "rejected") & not_duplicate(model)


def uses_rollup(filters: EventFilters) -> bool:
    """Whether the rollups hold every column these filters need."""
    return not filters.outlet


def rollup_for(filters: EventFilters, *, by_actor: bool = False) -> Rollup:
    """The smallest rollup that can answer `filters` (and group by actor if asked)."""
    if filters.location:
        return TimelineCount
    if filters.actor or by_actor:
        return TimelineActorCount
    return TimelineMonthCount


# --- Rebuilding ----------------------------------------------------------------------------


def full_select(months: Sequence[dt.date]) -> Any:
    """Counted incidents of `months` grouped as `timeline_counts` keeps them."""
    return (
        select(
            Incident.month,
            Incident.type,
            Incident.actor,
            Incident.location,
            func.lower(Incident.location),
            Incident.reviewed,
            func.count(),
            func.min(Incident.date),
            func.max(Incident.date),
        )
        .where(Incident.month.in_(months), Incident.counted.is_(True))
        .group_by(
            Incident.month, Incident.type, Incident.actor, Incident.location, Incident.reviewed
        )
    )


def summed_select(source: Rollup, months: Sequence[dt.date], *, by_actor: bool) -> Any:
    """`source` of `months` summed over its locations (by_actor) or over its actors."""
    keys: list[Any] = [source.month, source.type]
    if by_actor:
        keys.append(source.actor)  # type: ignore[union-attr]
    keys.append(source.reviewed)
    return (
        select(
            *keys,
            func.sum(source.events),
            func.min(source.first_date),
            func.max(source.last_date),
        )
        .where(source.month.in_(months))
        .group_by(*keys)
    )


SHARED_COLUMNS = ("month", "type", "reviewed", "events", "first_date", "last_date")


def rebuild_months(*, session: Session, months: Sequence[dt.date]) -> None:
    """Replace the rollup rows of `months` with fresh counts from `events`."""
    ordered = sorted(set(months))
    for start in range(0, len(ordered), REFRESH_MONTHS_PER_STATEMENT):
        chunk = ordered[start : start + REFRESH_MONTHS_PER_STATEMENT]
        for model in ROLLUPS:
            session.execute(delete(model).where(model.month.in_(chunk)))
        full_columns = ["month", "type", "actor", "location", "location_key"]
        full_columns += ["reviewed", "events", "first_date", "last_date"]
        session.execute(insert(TimelineCount).from_select(full_columns, full_select(chunk)))
        actor_columns = ["month", "type", "actor", "reviewed", "events", "first_date", "last_date"]
        by_actor = summed_select(TimelineCount, chunk, by_actor=True)
        session.execute(insert(TimelineActorCount).from_select(actor_columns, by_actor))
        by_month = summed_select(TimelineActorCount, chunk, by_actor=False)
        session.execute(insert(TimelineMonthCount).from_select(SHARED_COLUMNS, by_month))
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
    keep_current(session)  # a transaction that wrote counts what it wrote, incidents included
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
    """Rebuild every rollup from `incidents` (the caller commits)."""
    found = session.scalars(select(Incident.month).where(Incident.month.is_not(None)).distinct())
    months = [m for m in found if m is not None]
    for model in ROLLUPS:
        session.execute(delete(model))
    rebuild_months(session=session, months=months)
    session.execute(delete(TimelineDirty))


# --- Reading -------------------------------------------------------------------------------


def rollup_conditions(model: Rollup, filters: EventFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.date_from:
        conditions.append(model.month >= filters.date_from)
    if filters.date_to:
        conditions.append(model.month <= filters.date_to)
    if filters.actor:
        conditions.append(model.actor.in_(filters.actor))  # type: ignore[union-attr]
    if filters.event_type:
        conditions.append(model.type.in_(filters.event_type))
    if filters.location:
        conditions.append(TimelineCount.location_key == filters.location.lower())
    if filters.reviewed_only:
        conditions.append(model.reviewed.is_(True))
    return conditions


def counted_statement(
    filters: EventFilters, *, from_rollup: bool, by_actor: bool = False
) -> Subquery:
    """Counted events per (month, type, actor) with first and last dates, filtered: from a
    rollup, or from `events` (the same columns and the same numbers). `actor` is NULL
    throughout when neither the filters nor `by_actor` need it."""
    filters = timeline_filters(filters)
    if from_rollup:
        model = rollup_for(filters, by_actor=by_actor)
        actor = null() if model is TimelineMonthCount else model.actor  # type: ignore[union-attr]
        return (
            select(
                model.month,
                model.type,
                actor.label("actor"),
                model.events,
                model.first_date,
                model.last_date,
            )
            .where(*rollup_conditions(model, filters))
            .subquery("counted")
        )
    return (
        select(
            Incident.month,
            Incident.type,
            Incident.actor,
            func.count().label("events"),
            func.min(Incident.date).label("first_date"),
            func.max(Incident.date).label("last_date"),
        )
        .where(Incident.month.is_not(None), *incident_conditions(filters))
        .group_by(Incident.month, Incident.type, Incident.actor)
        .subquery("counted")
    )


def incident_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    """`filters` on counted incidents: their resolved attributes, and a counted report that
    meets the filters on reports (outlet, review state) — the rollups' numbers, for any
    filter."""
    report_filters = filters.model_copy(
        update={"date_from": None, "date_to": None, "actor": [], "event_type": [], "location": None}
    )
    reports = event_conditions(report_filters)
    return [
        Incident.counted.is_(True),
        *incident_attribute_conditions(filters),
        exists().where(Event.incident_id == Incident.id, *reports),
    ]


def counted_source(*, session: Session, filters: EventFilters, by_actor: bool = False) -> Subquery:
    """`counted_statement` from the rollups (brought up to date first) when they can answer."""
    keep_current(session)  # a transaction that wrote counts what it wrote, incidents included
    from_rollup = uses_rollup(filters) and refresh_counts(session=session)
    return counted_statement(filters, from_rollup=from_rollup, by_actor=by_actor)

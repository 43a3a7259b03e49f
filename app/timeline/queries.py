"""Dashboard timelines: counts of events by month, the tension index, attacks against US
strikes, factions, the per-event actor timeline and US troop levels.

Every count is computed by the database over the stored `month` column. What a count
includes is `app.filters.counted_condition`: never a rejected item, never an item of a
near-duplicate article. Timelines count whole months, so a date range is widened to the
months it touches (`timeline_filters`).

Counts read `timeline_counts`, a rollup of counted events per month, type, actor, location
and reviewed flag (see `refresh_counts`), unless a filter needs columns the rollup does not
keep (the article's outlet); then they are computed from `events` directly, with the same
result (tests/test_timeline.py checks both ways).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Subquery, delete, func, insert, literal, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.filters import (
    REVIEWED_STATES,
    EventFilters,
    counted_condition,
    event_conditions,
    troop_level_conditions,
)
from app.models import Actor, Article, Event, TimelineCount, TimelineDirty, TroopLevel
from app.schemas import EVENT_TYPES

# The tension index (README, "Dashboard"): two monthly series kept apart, in the spirit of
# Caldara and Iacoviello's geopolitical risk index, which separates threats from acts.
THREAT_WEIGHTS: dict[str, float] = {"threat": 1.0, "withdrawal_demand": 0.5}
ACT_WEIGHTS: dict[str, float] = {"attack": 1.0, "us_strike": 1.0}
ANNOTATED_TYPES: tuple[str, ...] = ("ceasefire", "talks")
TENSION_FORMULA = (
    "Threats(m) = 1.0 × threats + 0.5 × withdrawal demands;  "
    "Acts(m) = 1.0 × attacks on US forces + 1.0 × US strikes  "
    "(counted events in month m: no rejected items, no near-duplicate articles)"
)

ACTOR_TIMELINE_LIMIT = 1500
TROOP_POINT_LIMIT = 3000
REFRESH_MONTHS_PER_STATEMENT = 60
POSTGRES_LOCK_TIMEOUT = "2s"


# --- Filters and months ------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first` to `last` (first days), both included."""
    months: list[dt.date] = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def timeline_filters(filters: EventFilters) -> EventFilters:
    """The filters as timelines apply them: whole months, and always the counting rules
    (no rejected items, no near duplicates), whatever review_state or include_duplicates say.
    """
    return filters.model_copy(
        update={
            "date_from": month_start(filters.date_from) if filters.date_from else None,
            "date_to": month_end(filters.date_to) if filters.date_to else None,
            "review_state": [],
            "include_duplicates": False,
        }
    )


def uses_rollup(filters: EventFilters) -> bool:
    """Whether `timeline_counts` holds every column these filters need."""
    return not filters.outlet


# --- The rollup ----------------------------------------------------------------------------


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
    """Rebuild the whole rollup (after a bulk load that bypassed nothing, this is what the
    first dashboard request does anyway)."""
    months = list(session.scalars(select(Event.month).where(Event.month.is_not(None)).distinct()))
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


def counted_source(*, session: Session, filters: EventFilters) -> Subquery:
    """Counted events per (month, type, actor) with first/last dates, filtered.

    From the rollup when it can answer, else from `events` (same columns, same numbers).
    """
    filters = timeline_filters(filters)
    if uses_rollup(filters) and refresh_counts(session=session):
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


# --- Results -------------------------------------------------------------------------------


class MonthTypeCount(BaseModel):
    month: dt.date
    type: str
    events: int


class EventsByMonth(BaseModel):
    """Counted events per month and type (chart 2: stacked bars)."""

    months: list[dt.date]
    rows: list[MonthTypeCount]
    totals: dict[str, int]
    total: int


class TensionMonth(BaseModel):
    month: dt.date
    threats: float
    acts: float
    counts: dict[str, int]


class TensionIndex(BaseModel):
    """The tension index (chart 4): threats and acts per month; ceasefires and talks."""

    formula: str
    threat_weights: dict[str, float]
    act_weights: dict[str, float]
    rows: list[TensionMonth]


class AttackStrikeMonth(BaseModel):
    month: dt.date
    attacks: int
    us_strikes: int


class AttacksVsStrikes(BaseModel):
    """Attacks on US forces against US strikes per month (chart 5), with the ratio."""

    rows: list[AttackStrikeMonth]
    attacks: int
    us_strikes: int
    attacks_per_strike: float | None


class FactionRow(BaseModel):
    name: str
    counts: dict[str, int]
    total: int
    first_seen: dt.date | None
    last_seen: dt.date | None


class Factions(BaseModel):
    """Events per faction and type, first and last seen (table 6)."""

    rows: list[FactionRow]


class TimelineEvent(BaseModel):
    id: int
    date: dt.date
    type: str
    actor: str | None
    location: str | None
    evidence: str
    article_id: int
    title: str | None
    outlet: str | None


class ActorTimeline(BaseModel):
    """Counted events one by one, newest first, at most `limit` (chart 3)."""

    rows: list[TimelineEvent]
    total: int
    limit: int
    truncated: bool


class TroopPoint(BaseModel):
    id: int
    location: str
    date: dt.date
    count: int
    qualifier: str
    figure_type: str
    evidence: str
    article_id: int
    title: str | None
    outlet: str | None


class TroopLevels(BaseModel):
    """US troop figures per country, oldest first (chart 1)."""

    rows: list[TroopPoint]
    total: int
    limit: int
    truncated: bool
    locations: list[str]


# --- Queries -------------------------------------------------------------------------------


def month_type_counts(*, session: Session, filters: EventFilters) -> list[MonthTypeCount]:
    """Counted events per month and type, in month order."""
    src = counted_source(session=session, filters=filters)
    rows = session.execute(
        select(src.c.month, src.c.type, func.sum(src.c.events))
        .group_by(src.c.month, src.c.type)
        .order_by(src.c.month, src.c.type)
    )
    return [MonthTypeCount(month=m, type=t, events=int(n)) for m, t, n in rows]


def covered_months(filters: EventFilters, found: Iterable[dt.date]) -> list[dt.date]:
    """The months an axis shows: the filter's range where given, else the data's span."""
    found = sorted(set(found))
    wide = timeline_filters(filters)
    first = wide.date_from or (found[0] if found else None)
    last = wide.date_to or (found[-1] if found else None)
    if first is None or last is None or first > last:
        return []
    if not found and not (filters.date_from and filters.date_to):
        return []
    return month_range(first, last)


def events_by_month(
    *, session: Session, filters: EventFilters, rows: list[MonthTypeCount] | None = None
) -> EventsByMonth:
    if rows is None:
        rows = month_type_counts(session=session, filters=filters)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row.type] += row.events
    return EventsByMonth(
        months=covered_months(filters, (r.month for r in rows)),
        rows=rows,
        totals={t: totals[t] for t in EVENT_TYPES if t in totals},
        total=sum(totals.values()),
    )


def weighted(counts: dict[str, int], weights: dict[str, float]) -> float:
    return round(sum(w * counts.get(t, 0) for t, w in weights.items()), 3)


def tension_index(
    *, session: Session, filters: EventFilters, rows: list[MonthTypeCount] | None = None
) -> TensionIndex:
    if rows is None:
        rows = month_type_counts(session=session, filters=filters)
    by_month: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_month[row.month][row.type] = row.events
    months = covered_months(filters, by_month)
    return TensionIndex(
        formula=TENSION_FORMULA,
        threat_weights=THREAT_WEIGHTS,
        act_weights=ACT_WEIGHTS,
        rows=[
            TensionMonth(
                month=m,
                threats=weighted(by_month.get(m, {}), THREAT_WEIGHTS),
                acts=weighted(by_month.get(m, {}), ACT_WEIGHTS),
                counts={t: by_month.get(m, {}).get(t, 0) for t in EVENT_TYPES},
            )
            for m in months
        ],
    )


def attacks_vs_strikes(
    *, session: Session, filters: EventFilters, rows: list[MonthTypeCount] | None = None
) -> AttacksVsStrikes:
    if rows is None:
        rows = month_type_counts(session=session, filters=filters)
    by_month: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        if row.type in ("attack", "us_strike"):
            by_month[row.month][row.type] = row.events
    months = covered_months(filters, by_month)
    series = [
        AttackStrikeMonth(
            month=m,
            attacks=by_month.get(m, {}).get("attack", 0),
            us_strikes=by_month.get(m, {}).get("us_strike", 0),
        )
        for m in months
    ]
    attacks = sum(r.attacks for r in series)
    strikes = sum(r.us_strikes for r in series)
    return AttacksVsStrikes(
        rows=series,
        attacks=attacks,
        us_strikes=strikes,
        attacks_per_strike=round(attacks / strikes, 2) if strikes else None,
    )


def non_faction_names() -> Any:
    """Actors of the vocabulary that are not militia factions (US, Iraqi government, ...)."""
    return select(Actor.name).where(Actor.kind != "militia")


def factions(*, session: Session, filters: EventFilters) -> Factions:
    src = counted_source(session=session, filters=filters)
    result = session.execute(
        select(
            src.c.actor,
            src.c.type,
            func.sum(src.c.events),
            func.min(src.c.first_date),
            func.max(src.c.last_date),
        )
        .where(src.c.actor.is_not(None), src.c.actor.not_in(non_faction_names()))
        .group_by(src.c.actor, src.c.type)
    )
    by_name: dict[str, FactionRow] = {}
    for name, type_, n, first, last in result:
        row = by_name.setdefault(
            name, FactionRow(name=name, counts={}, total=0, first_seen=first, last_seen=last)
        )
        row.counts[type_] = int(n)
        row.total += int(n)
        row.first_seen = min(d for d in (row.first_seen, first) if d) if first else row.first_seen
        row.last_seen = max(d for d in (row.last_seen, last) if d) if last else row.last_seen
    ordered = sorted(by_name.values(), key=lambda r: (-r.total, r.name))
    return Factions(rows=ordered)


def count_events(*, session: Session, filters: EventFilters) -> int:
    src = counted_source(session=session, filters=filters)
    return int(session.scalar(select(func.coalesce(func.sum(src.c.events), 0))) or 0)


def actor_timeline(
    *, session: Session, filters: EventFilters, limit: int = ACTOR_TIMELINE_LIMIT
) -> ActorTimeline:
    """The newest `limit` counted events with their evidence, for one mark per event."""
    total = count_events(session=session, filters=filters)
    stmt = (
        select(
            Event.id,
            Event.date,
            Event.type,
            Event.actor,
            Event.location,
            Event.evidence,
            Event.article_id,
            Article.title,
            Article.outlet,
        )
        .join(Article, Article.id == Event.article_id)
        .where(Event.month.is_not(None), *event_conditions(timeline_filters(filters)))
        .order_by(Event.month.desc(), Event.date.desc(), Event.id.desc())
        .limit(limit)
    )
    rows = [TimelineEvent.model_validate(r._mapping) for r in session.execute(stmt)]
    return ActorTimeline(rows=rows, total=total, limit=limit, truncated=total > len(rows))


def troop_levels(
    *, session: Session, filters: EventFilters, limit: int = TROOP_POINT_LIMIT
) -> TroopLevels:
    """Counted troop figures, oldest first (the newest `limit` when there are more).

    Dates, location and reviewed-only apply; factions and event types do not.
    """
    day = func.coalesce(TroopLevel.as_of, Article.published)
    conditions = [day.is_not(None), *troop_level_conditions(timeline_filters(filters))]
    base = select(TroopLevel.id).join(Article, Article.id == TroopLevel.article_id)
    total = int(
        session.scalar(select(func.count()).select_from(base.where(*conditions).subquery())) or 0
    )
    stmt = (
        select(
            TroopLevel.id,
            TroopLevel.location,
            day.label("date"),
            TroopLevel.count,
            TroopLevel.qualifier,
            TroopLevel.figure_type,
            TroopLevel.evidence,
            TroopLevel.article_id,
            Article.title,
            Article.outlet,
        )
        .join(Article, Article.id == TroopLevel.article_id)
        .where(*conditions)
        .order_by(day.desc(), TroopLevel.id.desc())
        .limit(limit)
    )
    rows = [TroopPoint.model_validate(r._mapping) for r in session.execute(stmt)]
    rows.reverse()
    locations = sorted({r.location for r in rows})
    return TroopLevels(
        rows=rows, total=total, limit=limit, truncated=total > len(rows), locations=locations
    )


# --- Filter choices and the empty state ----------------------------------------------------


class FilterChoices(BaseModel):
    actors: list[str]
    locations: list[str]
    event_types: list[str]


def filter_choices(*, session: Session, max_locations: int = 300) -> FilterChoices:
    """Actors and locations that have counted events (for the dashboard's filter form)."""
    src = counted_source(session=session, filters=EventFilters())
    actors = session.scalars(
        select(src.c.actor)
        .where(src.c.actor.is_not(None))
        .group_by(src.c.actor)
        .order_by(src.c.actor)
    )
    places = session.scalars(
        select(TimelineCount.location)
        .where(TimelineCount.location.is_not(None))
        .group_by(TimelineCount.location)
        .order_by(func.sum(TimelineCount.events).desc(), TimelineCount.location)
        .limit(max_locations)
    )
    return FilterChoices(actors=list(actors), locations=list(places), event_types=list(EVENT_TYPES))


def has_articles(*, session: Session) -> bool:
    return session.scalar(select(literal(1)).select_from(Article).limit(1)) is not None

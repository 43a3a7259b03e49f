"""The timeline services. Each builds its SQL with a `*_statement` function (the benchmark
runs the same statements as bare SQL), runs it, and shapes the rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Subquery, func, literal, select
from sqlalchemy.orm import Session, aliased

from app.filters import AnySelect, EventFilters, troop_level_conditions
from app.models import (
    Actor,
    Article,
    Event,
    Incident,
    TimelineActorCount,
    TimelineCount,
    TroopLevel,
)
from app.schemas import EVENT_TYPES
from app.timeline.months import covered_months, timeline_filters
from app.timeline.results import (
    ActorTimeline,
    AttackStrikeMonth,
    AttacksVsStrikes,
    EventsByMonth,
    FactionRow,
    Factions,
    FilterChoices,
    MonthTypeCount,
    TensionIndex,
    TensionMonth,
    TimelineEvent,
    TroopLevels,
    TroopPoint,
)
from app.timeline.rollup import counted, counted_source, incident_conditions, not_duplicate
from app.vocabulary import EVENT_TYPE_SPECS

# The tension index (README, "Dashboard"): two monthly series kept apart, in the spirit of
# Caldara and Iacoviello's geopolitical risk index, which separates threats from acts.
THREAT_WEIGHTS: dict[str, float] = {
    t.name: t.threat_weight for t in EVENT_TYPE_SPECS if t.threat_weight
}
ACT_WEIGHTS: dict[str, float] = {t.name: t.act_weight for t in EVENT_TYPE_SPECS if t.act_weight}
ANNOTATED_TYPES: tuple[str, ...] = ("ceasefire", "talks")
TENSION_FORMULA = (
    "Threats(m) = 1.0 × threats + 0.5 × withdrawal demands;  "
    "Acts(m) = 1.0 × attacks on US forces + 1.0 × US strikes  "
    "(counted events in month m: no rejected items, no near-duplicate articles)"
)

ACTOR_TIMELINE_LIMIT = 500
TROOP_POINT_LIMIT = 1000


# --- Statements ----------------------------------------------------------------------------


def month_type_statement(src: Subquery) -> AnySelect:
    return (
        select(src.c.month, src.c.type, func.sum(src.c.events))
        .group_by(src.c.month, src.c.type)
        .order_by(src.c.month, src.c.type)
    )


def non_faction_names() -> AnySelect:
    """Actors of the vocabulary that are not militia factions (US, Iraqi government, ...)."""
    return select(Actor.name).where(Actor.kind != "militia")


def factions_statement(src: Subquery) -> AnySelect:
    return (
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


def total_statement(src: Subquery) -> AnySelect:
    return select(func.coalesce(func.sum(src.c.events), 0))


def recent_months_statement(src: Subquery) -> AnySelect:
    return (
        select(src.c.month, func.sum(src.c.events))
        .group_by(src.c.month)
        .order_by(src.c.month.desc())
    )


def item_filters(filters: EventFilters) -> EventFilters:
    """The timeline filters for a query over items joined to their article: the duplicate
    check is `rollup.not_duplicate` instead of the filters' IN (SELECT ...)."""
    return timeline_filters(filters).model_copy(update={"include_duplicates": True})


def actor_events_statement(filters: EventFilters, months: list[dt.date], limit: int) -> AnySelect:
    """The newest counted incidents of `months`, each with one report's evidence and article
    (its first counted report) and how many reports tell it."""
    newest = (
        select(
            Incident.id,
            Incident.date,
            Incident.month,
            Incident.type,
            Incident.actor,
            Incident.location,
            Incident.reports,
        )
        .where(Incident.month.in_(months), *incident_conditions(timeline_filters(filters)))
        .order_by(Incident.date.desc(), Incident.id.desc())
        .limit(limit)
        .subquery("newest")
    )
    report = aliased(Event, name="report")
    first_report = (
        select(func.min(report.id))
        .where(report.incident_id == newest.c.id, counted(report))
        .scalar_subquery()
    )
    return (
        select(
            Event.id,
            func.coalesce(newest.c.date, newest.c.month).label("date"),
            newest.c.type,
            newest.c.actor,
            newest.c.location,
            Event.evidence,
            Event.article_id,
            Article.title,
            Article.outlet,
            newest.c.id,
            newest.c.reports,
        )
        .select_from(newest)
        .join(Event, Event.id == first_report)
        .join(Article, Article.id == Event.article_id)
        .order_by(newest.c.date.desc(), newest.c.id.desc())
    )


def troop_conditions(filters: EventFilters) -> list[Any]:
    """Counted figures with a date (`as_of`: the date stated, else the publication date)."""
    conditions = troop_level_conditions(item_filters(filters))
    return [TroopLevel.as_of.is_not(None), *conditions, not_duplicate(TroopLevel)]


def troop_points_statement(filters: EventFilters, limit: int) -> AnySelect:
    """The newest counted troop figures with their quote and article."""
    return (
        select(
            TroopLevel.id,
            TroopLevel.location,
            TroopLevel.as_of.label("date"),
            TroopLevel.count,
            TroopLevel.qualifier,
            TroopLevel.figure_type,
            TroopLevel.evidence,
            TroopLevel.article_id,
            Article.title,
            Article.outlet,
        )
        .join(Article, Article.id == TroopLevel.article_id)
        .where(*troop_conditions(filters))
        .order_by(TroopLevel.as_of.desc(), TroopLevel.id.desc())
        .limit(limit)
    )


# --- Services ------------------------------------------------------------------------------


def rows_of(session: Session, stmt: AnySelect) -> Any:
    """Run a Core statement on the session's connection (no ORM result layer: faster)."""
    return session.connection().execute(stmt)


def month_type_counts(*, session: Session, filters: EventFilters) -> list[MonthTypeCount]:
    """Counted events per month and type, in month order."""
    src = counted_source(session=session, filters=filters)
    rows = rows_of(session, month_type_statement(src))
    return [MonthTypeCount(m, t, int(n)) for m, t, n in rows]


def undated_count(*, session: Session, filters: EventFilters) -> int:
    """Counted incidents without a date that match the filters (dates aside): what the
    monthly charts cannot show."""
    undated = timeline_filters(filters).model_copy(update={"date_from": None, "date_to": None})
    stmt = select(func.count(Incident.id)).where(
        Incident.month.is_(None), *incident_conditions(undated)
    )
    return int(session.scalar(stmt) or 0)


def events_by_month(
    *, session: Session, filters: EventFilters, rows: list[MonthTypeCount] | None = None
) -> EventsByMonth:
    if rows is None:
        rows = month_type_counts(session=session, filters=filters)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row.type] += row.events
    return EventsByMonth.model_construct(
        months=covered_months(filters, (r.month for r in rows)),
        rows=rows,
        totals={t: totals[t] for t in EVENT_TYPES if t in totals},
        total=sum(totals.values()),
    )


def by_month(rows: list[MonthTypeCount], types: tuple[str, ...]) -> dict[dt.date, dict[str, int]]:
    found: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        if row.type in types:
            found[row.month][row.type] = row.events
    return found


def weighted(counts: dict[str, int], weights: dict[str, float]) -> float:
    return round(sum(w * counts.get(t, 0) for t, w in weights.items()), 3)


def tension_index(
    *, session: Session, filters: EventFilters, rows: list[MonthTypeCount] | None = None
) -> TensionIndex:
    if rows is None:
        rows = month_type_counts(session=session, filters=filters)
    found = by_month(rows, EVENT_TYPES)
    return TensionIndex(
        formula=TENSION_FORMULA,
        threat_weights=THREAT_WEIGHTS,
        act_weights=ACT_WEIGHTS,
        rows=[
            TensionMonth(
                month=m,
                threats=weighted(found.get(m, {}), THREAT_WEIGHTS),
                acts=weighted(found.get(m, {}), ACT_WEIGHTS),
                counts={t: found.get(m, {}).get(t, 0) for t in EVENT_TYPES},
            )
            for m in covered_months(filters, found)
        ],
    )


def attacks_vs_strikes(
    *, session: Session, filters: EventFilters, rows: list[MonthTypeCount] | None = None
) -> AttacksVsStrikes:
    if rows is None:
        rows = month_type_counts(session=session, filters=filters)
    found = by_month(rows, ("attack", "us_strike"))
    series = [
        AttackStrikeMonth(
            month=m,
            attacks=found.get(m, {}).get("attack", 0),
            us_strikes=found.get(m, {}).get("us_strike", 0),
        )
        for m in covered_months(filters, found)
    ]
    attacks = sum(r.attacks for r in series)
    strikes = sum(r.us_strikes for r in series)
    return AttacksVsStrikes(
        rows=series,
        attacks=attacks,
        us_strikes=strikes,
        attacks_per_strike=round(attacks / strikes, 2) if strikes else None,
    )


def earliest(*days: dt.date | None) -> dt.date | None:
    return min((d for d in days if d), default=None)


def latest(*days: dt.date | None) -> dt.date | None:
    return max((d for d in days if d), default=None)


def factions(*, session: Session, filters: EventFilters) -> Factions:
    src = counted_source(session=session, filters=filters, by_actor=True)
    by_name: dict[str, FactionRow] = {}
    result = rows_of(session, factions_statement(src))
    for name, type_, n, first, last in result:
        row = by_name.setdefault(
            name, FactionRow(name=name, counts={}, total=0, first_seen=None, last_seen=None)
        )
        row.counts[type_] = int(n)
        row.total += int(n)
        row.first_seen = earliest(row.first_seen, first)
        row.last_seen = latest(row.last_seen, last)
    return Factions(rows=sorted(by_name.values(), key=lambda r: (-r.total, r.name)))


def count_events(*, session: Session, filters: EventFilters) -> int:
    src = counted_source(session=session, filters=filters)
    return int(rows_of(session, total_statement(src)).scalar() or 0)


def newest_months(rows: list[tuple[dt.date, int]], limit: int) -> tuple[list[dt.date], int]:
    """The newest months that together hold `limit` events, and the total of every month."""
    months: list[dt.date] = []
    held = 0
    for month, n in rows:
        if held < limit:
            months.append(month)
            held += n
    return months, sum(n for _, n in rows)


def actor_timeline(
    *, session: Session, filters: EventFilters, limit: int = ACTOR_TIMELINE_LIMIT
) -> ActorTimeline:
    """The newest `limit` counted incidents with a report's evidence, one mark each.

    The monthly counts say which newest months hold them, so the query reads those only.
    """
    src = counted_source(session=session, filters=filters)
    found = rows_of(session, recent_months_statement(src))
    per_month = [(m, int(n)) for m, n in found]
    months, total = newest_months(per_month, limit)
    stmt = actor_events_statement(filters, months, limit)
    rows = [TimelineEvent(*row) for row in rows_of(session, stmt)]
    return ActorTimeline.model_construct(
        rows=rows, total=total, limit=limit, truncated=total > len(rows)
    )


def troop_levels(
    *, session: Session, filters: EventFilters, limit: int = TROOP_POINT_LIMIT
) -> TroopLevels:
    """Counted troop figures, oldest first: the newest `limit` when there are more (then
    `truncated`, and `total` is not counted).

    Dates, location and reviewed-only apply; factions and event types do not.
    """
    found = rows_of(session, troop_points_statement(filters, limit + 1))
    rows = [TroopPoint(*row) for row in found]
    truncated = len(rows) > limit
    rows = rows[:limit][::-1]
    return TroopLevels.model_construct(
        rows=rows,
        total=None if truncated else len(rows),
        limit=limit,
        truncated=truncated,
        locations=sorted({r.location for r in rows}),
    )


# --- Filter choices and the empty state ----------------------------------------------------


def filter_choices(*, session: Session, max_locations: int = 300) -> FilterChoices:
    """Actors and locations that have counted events (for the dashboard's filter form)."""
    counted_source(session=session, filters=EventFilters())  # brings the rollups up to date
    actors: Any = session.scalars(
        select(TimelineActorCount.actor)
        .where(TimelineActorCount.actor.is_not(None))
        .group_by(TimelineActorCount.actor)
        .order_by(TimelineActorCount.actor)
    )
    places: Any = session.scalars(
        select(TimelineCount.location)
        .where(TimelineCount.location_key.is_not(None))
        .group_by(TimelineCount.location_key, TimelineCount.location)
        .order_by(TimelineCount.location_key)
        .limit(max_locations)
    )
    return FilterChoices(actors=list(actors), locations=list(places), event_types=list(EVENT_TYPES))


def has_articles(*, session: Session) -> bool:
    return session.scalar(select(literal(1)).select_from(Article).limit(1)) is not None

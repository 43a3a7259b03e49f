"""Dashboard timelines: counts of events by month, the tension index, attacks against US
strikes, factions, the per-event actor timeline and US troop levels.

Every count is computed by the database over the stored `month` column. What a count
includes is `app.filters.counted_condition`: never a rejected item, never an item of a
near-duplicate article. Timelines count whole months, so a date range is widened to the
months it touches (`timeline_filters`).

Counts read `timeline_counts`, a rollup of counted events per month, type, actor, location
and reviewed flag (rollup.py), unless a filter needs a column the rollup does not keep (the
article's outlet); then they are counted from `events` directly, with the same result
(tests/test_timeline.py checks both ways).

    months.py   month arithmetic, `timeline_filters`
    rollup.py   the rollup: rebuilding changed months, the counted-events source
    results.py  the pydantic shapes the services return (and the API documents)
    queries.py  the services, and the SQL statements they run (benchmarks reuse them)
"""

from app.timeline.months import month_end, month_range, month_start, timeline_filters
from app.timeline.queries import (
    ACT_WEIGHTS,
    ACTOR_TIMELINE_LIMIT,
    ANNOTATED_TYPES,
    TENSION_FORMULA,
    THREAT_WEIGHTS,
    TROOP_POINT_LIMIT,
    actor_timeline,
    attacks_vs_strikes,
    count_events,
    events_by_month,
    factions,
    filter_choices,
    has_articles,
    month_type_counts,
    tension_index,
    troop_levels,
    undated_count,
)
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
from app.timeline.rollup import counted_source, rebuild_all, refresh_counts, uses_rollup

__all__ = [
    "ACT_WEIGHTS",
    "ACTOR_TIMELINE_LIMIT",
    "ANNOTATED_TYPES",
    "TENSION_FORMULA",
    "THREAT_WEIGHTS",
    "TROOP_POINT_LIMIT",
    "ActorTimeline",
    "AttackStrikeMonth",
    "AttacksVsStrikes",
    "EventsByMonth",
    "FactionRow",
    "Factions",
    "FilterChoices",
    "MonthTypeCount",
    "TensionIndex",
    "TensionMonth",
    "TimelineEvent",
    "TroopLevels",
    "TroopPoint",
    "actor_timeline",
    "attacks_vs_strikes",
    "count_events",
    "counted_source",
    "events_by_month",
    "undated_count",
    "factions",
    "filter_choices",
    "has_articles",
    "month_end",
    "month_range",
    "month_start",
    "month_type_counts",
    "rebuild_all",
    "refresh_counts",
    "tension_index",
    "timeline_filters",
    "troop_levels",
    "uses_rollup",
]

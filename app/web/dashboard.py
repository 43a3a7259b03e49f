"""The dashboard's sections: for each chart, its figure, a data table beneath it and a note.

Tables are plain data (`{"caption", "columns", "rows"}`; a cell is text or
`{"text", "href"}` / `{"text", "type"}`) so that the template renders them on the first
load and static/js/charts.js renders the same structure after a filter change.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from app import timeline
from app.filters import EventFilters
from app.schemas import EVENT_TYPES
from app.web import charts
from app.web.links import actor_url

Cell = str | int | float | dict[str, Any] | None
TABLE_ROW_LIMIT = 200

SECTION_TITLES: dict[str, str] = {
    "troops": "US troop levels over time",
    "events-by-month": "Events by month",
    "actors": "Event timeline by actor",
    "tension": "Tension index",
    "attacks-vs-strikes": "Attacks versus US responses",
    "factions": "Factions",
}


def filter_query(filters: EventFilters) -> str:
    """The dashboard's filters as a query string (the same names as every other page)."""
    pairs: list[tuple[str, str]] = []
    if filters.date_from:
        pairs.append(("date_from", filters.date_from.isoformat()))
    if filters.date_to:
        pairs.append(("date_to", filters.date_to.isoformat()))
    pairs.extend(("actor", name) for name in filters.actor)
    pairs.extend(("event_type", t) for t in filters.event_type)
    if filters.location:
        pairs.append(("location", filters.location))
    if filters.outlet:
        pairs.append(("outlet", filters.outlet))
    if filters.reviewed_only:
        pairs.append(("reviewed_only", "true"))
    return urlencode(pairs)


def link(text: str, href: str) -> dict[str, Any]:
    return {"text": text, "href": href}


def type_cell(event_type: str) -> dict[str, Any]:
    return {"text": charts.EVENT_TYPE_LABELS.get(event_type, event_type), "type": event_type}


def table(
    caption: str, columns: list[str], rows: list[list[Cell]], note: str | None = None
) -> dict[str, Any]:
    return {"caption": caption, "columns": columns, "rows": rows, "note": note}


def section(
    key: str, figure: dict[str, Any] | None, data_table: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    return {
        "key": key,
        "title": SECTION_TITLES[key],
        "figure": figure,
        "table": data_table,
        **extra,
    }


def troops_section(result: timeline.TroopLevels) -> dict[str, Any]:
    rows: list[list[Cell]] = [
        [
            p.date.isoformat(),
            p.location,
            f"{charts.QUALIFIER_LABELS.get(p.qualifier, '')} {p.count:,}".strip(),
            charts.FIGURE_TYPE_LABELS.get(p.figure_type, p.figure_type),
            p.outlet or "",
            link(p.evidence, charts.article_url(p.article_id, f"troop-{p.id}")),
        ]
        for p in reversed(result.rows[-TABLE_ROW_LIMIT:])
    ]
    note = None
    if result.truncated:
        note = (
            f"The chart shows the newest {len(result.rows):,} figures; "
            "choose a shorter period to see older ones."
        )
    caption = "US troop figures, newest first"
    if len(result.rows) > TABLE_ROW_LIMIT:
        caption += f" (the newest {TABLE_ROW_LIMIT} of {len(result.rows):,})"
    columns = ["Date", "Country", "US troops", "Figure", "Outlet", "Quote (opens the article)"]
    return section(
        "troops",
        charts.troop_levels_figure(result),
        table(caption, columns, rows, note),
        legend="Marker shape: ● exactly, ◆ about, ▲ over, ▼ under, ■ up to. "
        "Filled: reported; open: official cap; open with a dot: planned (not on the line). "
        "Faction and event-type filters do not apply to troop figures.",
    )


def undated_note(undated: int, query: str) -> str | None:
    """The counted happenings no monthly chart can show, with where to find them."""
    if not undated:
        return None
    return (
        f"{undated:,} counted {'incident has' if undated == 1 else 'incidents have'} no date "
        f"and {'is' if undated == 1 else 'are'} not charted: see /incidents?undated=true"
        f"{'&' + query if query else ''}"
    )


def events_by_month_section(
    result: timeline.EventsByMonth, undated: int = 0, query: str = ""
) -> dict[str, Any]:
    types = [t for t in EVENT_TYPES if t in result.totals]
    counts = {(r.month, r.type): r.events for r in result.rows}
    rows: list[list[Cell]] = []
    for month in result.months:
        values = [counts.get((month, t), 0) for t in types]
        if any(values):
            rows.append([charts.month_label(month), *values, sum(values)])
    if rows:
        rows.append(["Total", *[result.totals[t] for t in types], result.total])
    columns = ["Month", *[charts.EVENT_TYPE_LABELS[t] for t in types], "All"]
    return section(
        "events-by-month",
        charts.events_by_month_figure(result),
        table("Counted incidents per month and type", columns, rows),
        summary=undated_note(undated, query),
    )


def actors_section(result: timeline.ActorTimeline, query: str) -> dict[str, Any]:
    shown = result.rows[:TABLE_ROW_LIMIT]
    rows: list[list[Cell]] = [
        [
            e.date.isoformat(),
            e.actor or charts.UNATTRIBUTED,
            type_cell(e.type),
            e.location or "",
            link(e.evidence, charts.article_url(e.article_id, f"event-{e.id}")),
            link(charts.plural_reports(e.reports), charts.incident_url(e)),
        ]
        for e in shown
    ]
    caption = f"Incidents, newest first ({len(shown):,} of {result.total:,})"
    note = None
    if result.truncated:
        note = f"The chart shows the newest {len(result.rows):,} of {result.total:,} incidents."
    columns = ["Date", "Actor", "Type", "Location", "Evidence (one report)", "Reports"]
    return section(
        "actors",
        charts.actor_timeline_figure(result),
        table(caption, columns, rows, note),
        more=link(
            "Every incident with these filters", "/incidents" + (f"?{query}" if query else "")
        ),
    )


def tension_section(result: timeline.TensionIndex) -> dict[str, Any]:
    rows: list[list[Cell]] = [
        [
            charts.month_label(r.month),
            r.threats,
            r.acts,
            r.counts.get("ceasefire", 0),
            r.counts.get("talks", 0),
        ]
        for r in result.rows
        if r.threats or r.acts or r.counts.get("ceasefire") or r.counts.get("talks")
    ]
    columns = ["Month", "Threats index", "Acts index", "Ceasefires", "Talks"]
    return section(
        "tension",
        charts.tension_figure(result),
        table("Tension index per month (months with events)", columns, rows),
        formula=result.formula,
    )


def attacks_section(result: timeline.AttacksVsStrikes) -> dict[str, Any]:
    rows: list[list[Cell]] = [
        [charts.month_label(r.month), r.attacks, r.us_strikes]
        for r in result.rows
        if r.attacks or r.us_strikes
    ]
    if rows:
        rows.append(["Total", result.attacks, result.us_strikes])
    if result.attacks_per_strike is not None:
        summary = (
            f"{result.attacks:,} attacks on US forces and {result.us_strikes:,} US strikes: "
            f"{result.attacks_per_strike:g} attacks per US strike in the period."
        )
    else:
        summary = f"{result.attacks:,} attacks on US forces and no US strikes in the period."
    return section(
        "attacks-vs-strikes",
        charts.attacks_vs_strikes_figure(result),
        table("Attacks and US strikes per month", ["Month", "Attacks", "US strikes"], rows),
        summary=summary,
    )


def factions_section(result: timeline.Factions) -> dict[str, Any]:
    rows: list[list[Cell]] = [
        [
            link(r.name, actor_url(r.name)),
            *[r.counts.get(t, 0) for t in EVENT_TYPES],
            r.total,
            r.first_seen.isoformat() if r.first_seen else "",
            r.last_seen.isoformat() if r.last_seen else "",
        ]
        for r in result.rows
    ]
    columns = [
        "Faction",
        *[charts.EVENT_TYPE_LABELS[t] for t in EVENT_TYPES],
        "All",
        "First seen",
        "Last seen",
    ]
    return section("factions", None, table("Counted events per faction and type", columns, rows))


def build_sections(*, session: Session, filters: EventFilters) -> list[dict[str, Any]]:
    """Every section of the dashboard for `filters`."""
    query = filter_query(filters)
    counts = timeline.month_type_counts(session=session, filters=filters)
    return [
        troops_section(timeline.troop_levels(session=session, filters=filters)),
        events_by_month_section(
            timeline.events_by_month(session=session, filters=filters, rows=counts),
            timeline.undated_count(session=session, filters=filters),
            filter_query(filters.model_copy(update={"date_from": None, "date_to": None})),
        ),
        actors_section(timeline.actor_timeline(session=session, filters=filters), query),
        tension_section(timeline.tension_index(session=session, filters=filters, rows=counts)),
        attacks_section(timeline.attacks_vs_strikes(session=session, filters=filters, rows=counts)),
        factions_section(timeline.factions(session=session, filters=filters)),
    ]

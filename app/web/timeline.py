"""The dashboard's data as JSON (default) or CSV (`?format=csv`): /api/timeline/...

Every endpoint takes the shared filters (app/filters.py) as query parameters; the dashboard
at / puts the same parameters in its address, so a view and its data share one URL.
Routes are thin: parse, call app/timeline.py, serialise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from app import timeline
from app.schemas import EVENT_TYPES
from app.web import charts, dashboard, formats
from app.web.auth import require_reader
from app.web.deps import Filters, SessionDep

router = APIRouter(
    prefix="/api/timeline", tags=["timeline"], dependencies=[Depends(require_reader)]
)

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
CsvRows = Callable[[Any], Iterable[dict[str, Any]]]
EVENT_COLUMNS = ["id", "date", "type", "actor", "location", "evidence", "article_id"]
TROOP_COLUMNS = ["id", "location", "date", "count", "qualifier", "figure_type", "evidence"]
CSV_COLUMNS: dict[str, list[str]] = {  # the header of an empty CSV
    "troops": [*TROOP_COLUMNS, "article_id", "title", "outlet", "article_url"],
    "events-by-month": ["month", "type", "events"],
    "actors": [*EVENT_COLUMNS, "title", "outlet", "article_url"],
    "tension": ["month", "threats", "acts", *EVENT_TYPES],
    "attacks-vs-strikes": ["month", "attacks", "us_strikes"],
    "factions": ["faction", *EVENT_TYPES, "total", "first_seen", "last_seen"],
}


def respond(result: BaseModel, fmt: str, name: str, csv_rows: CsvRows) -> Response:
    """JSON, or CSV in the listings' format (BOM, formulas neutralised: app/exports.py)."""
    if fmt == "csv":
        rows = list(csv_rows(result))
        columns = list(rows[0]) if rows else CSV_COLUMNS[name]
        return formats.csv_response(rows, columns, f"timeline-{name}")
    return Response(result.model_dump_json(), media_type="application/json")


def troop_csv(result: timeline.TroopLevels) -> Iterable[dict[str, Any]]:
    for p in result.rows:
        yield {**asdict(p), "article_url": charts.article_url(p.article_id, f"troop-{p.id}")}


def month_type_csv(result: timeline.EventsByMonth) -> Iterable[dict[str, Any]]:
    return (asdict(r) for r in result.rows)


def actors_csv(result: timeline.ActorTimeline) -> Iterable[dict[str, Any]]:
    for e in result.rows:
        yield {**asdict(e), "article_url": charts.article_url(e.article_id, f"event-{e.id}")}


def tension_csv(result: timeline.TensionIndex) -> Iterable[dict[str, Any]]:
    for r in result.rows:
        yield {"month": r.month, "threats": r.threats, "acts": r.acts, **r.counts}


def attacks_csv(result: timeline.AttacksVsStrikes) -> Iterable[dict[str, Any]]:
    return (r.model_dump() for r in result.rows)


def factions_csv(result: timeline.Factions) -> Iterable[dict[str, Any]]:
    for r in result.rows:
        counts = {t: r.counts.get(t, 0) for t in EVENT_TYPES}
        yield {
            "faction": r.name,
            **counts,
            "total": r.total,
            "first_seen": r.first_seen,
            "last_seen": r.last_seen,
        }


@router.get("/troops", response_model=timeline.TroopLevels)
def troops(session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """US troop figures per country, with the quote, outlet and article of each."""
    result = timeline.troop_levels(session=session, filters=filters)
    return respond(result, format, "troops", troop_csv)


@router.get("/events-by-month", response_model=timeline.EventsByMonth)
def events_by_month(session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Counted events per month and type (each happening once)."""
    result = timeline.events_by_month(session=session, filters=filters)
    return respond(result, format, "events-by-month", month_type_csv)


@router.get("/actors", response_model=timeline.ActorTimeline)
def actors(session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """The newest counted events one by one, with actor and evidence."""
    result = timeline.actor_timeline(session=session, filters=filters)
    return respond(result, format, "actors", actors_csv)


@router.get("/tension", response_model=timeline.TensionIndex)
def tension(session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """The tension index: weighted threats and acts per month, ceasefires and talks."""
    result = timeline.tension_index(session=session, filters=filters)
    return respond(result, format, "tension", tension_csv)


@router.get("/attacks-vs-strikes", response_model=timeline.AttacksVsStrikes)
def attacks_vs_strikes(session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Attacks on US forces and US strikes per month; attacks per US strike overall."""
    result = timeline.attacks_vs_strikes(session=session, filters=filters)
    return respond(result, format, "attacks-vs-strikes", attacks_csv)


@router.get("/factions", response_model=timeline.Factions)
def factions(session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Counted events per faction and type, first and last seen."""
    result = timeline.factions(session=session, filters=filters)
    return respond(result, format, "factions", factions_csv)


class DashboardRead(BaseModel):
    query: str
    sections: list[dict[str, Any]]


@router.get("/dashboard", response_model=DashboardRead)
def dashboard_sections(session: SessionDep, filters: Filters) -> Response:
    """Every chart of the dashboard as a Plotly figure with its data table (for the page)."""
    sections = dashboard.build_sections(session=session, filters=filters)
    body = {"query": dashboard.filter_query(filters), "sections": sections}
    return Response(charts.dumps(body), media_type="application/json")

"""Incident pages (/incidents, /incidents/{id}) and their JSON API (/api/incidents).

Each page calls one builder from app.browse.incidents; the same result is laid out as HTML
or rendered as JSON/CSV, so every format shows the same rows. `?format=acled` (and
/incidents.acled.csv) gives the counted incidents in ACLED-like columns.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from app.browse import incidents as incident_pages
from app.browse.options import filter_options
from app.browse.queries import IncidentQuery
from app.exports import ACLED_COLUMNS, acled_rows
from app.review import is_editor
from app.schemas import IncidentDetailRead, IncidentPage, IncidentRead
from app.web.auth import Reader
from app.web.deps import SessionDep
from app.web.formats import FormatParam, csv_response, json_response, negotiate
from app.web.listings import LISTING_FORMATS, Listing, listing_response
from app.web.navigation import pop_flashes
from app.web.templating import templates

router = APIRouter(tags=["pages"])
api_router = APIRouter(prefix="/api", tags=["browse"])

IncidentParams = Annotated[IncidentQuery, Query()]
INCIDENTS = Listing("incidents.html", IncidentRead, "incidents")
FORMATS = (*LISTING_FORMATS, "acled")
NOT_FOUND = "no incident with this id (incidents are renumbered when reports are regrouped)"


@router.get("/incidents", name="incidents", response_model=None)
def incidents_page(
    request: Request,
    session: SessionDep,
    _reader: Reader,
    query: IncidentParams,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, FORMATS)
    if fmt == "acled":
        return incidents_acled(session, _reader, query)
    page = incident_pages.list_incidents(session=session, query=query, everything=fmt == "csv")
    return listing_response(
        request,
        fmt,
        page,
        INCIDENTS,
        lambda: {"query": query, "options": filter_options(session), "formats": FORMATS},
    )


@router.get("/incidents.acled.csv", name="incidents_acled", response_model=None)
def incidents_acled(session: SessionDep, _reader: Reader, query: IncidentParams) -> Response:
    """The counted incidents matching the filters in ACLED-like columns, one row each."""
    rows = incident_pages.incident_details(session=session, query=query)
    return csv_response(acled_rows(rows), ACLED_COLUMNS, "incidents-acled")


@router.get("/incidents/{incident_id}", name="incident", response_model=None)
def incident_page(
    request: Request,
    session: SessionDep,
    reader: Reader,
    incident_id: int,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, ("html", "json"))
    view = incident_pages.incident_view(session=session, incident_id=incident_id)
    if view is None:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    if fmt == "json":
        return json_response(view.incident)
    context = {
        "view": view,
        "incident": view.incident,
        "can_edit": is_editor(reader),
        "flashes": pop_flashes(request),
    }
    return templates.TemplateResponse(request, "incident.html", context)


# --- JSON API ------------------------------------------------------------------------------


@api_router.get("/incidents", response_model=IncidentPage)
def api_incidents(session: SessionDep, _reader: Reader, query: IncidentParams) -> IncidentPage:
    """Incidents (one per real happening, however many reports tell it), newest first."""
    return incident_pages.list_incidents(session=session, query=query)


@api_router.get("/incidents/{incident_id}", response_model=IncidentDetailRead)
def api_incident(session: SessionDep, _reader: Reader, incident_id: int) -> IncidentDetailRead:
    """One incident with every report of it and the attributes its reports disagree on."""
    view = incident_pages.incident_view(session=session, incident_id=incident_id)
    if view is None:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    return view.incident

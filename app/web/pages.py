"""HTML pages: each route builds its context in Python; templates only lay it out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import aggregate, timeline
from app.sample import count_sample
from app.web import charts, dashboard
from app.web.auth import Reader
from app.web.deps import Filters, SessionDep
from app.web.templating import templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, session: SessionDep, filters: Filters, _user: Reader) -> HTMLResponse:
    """The dashboard: six views of the counted events and troop figures, filtered."""
    has_articles = timeline.has_articles(session=session)
    sections = dashboard.build_sections(session=session, filters=filters) if has_articles else []
    query = dashboard.filter_query(filters)
    context = {
        "filters": filters,
        "choices": timeline.filter_choices(session=session) if has_articles else None,
        "type_labels": charts.EVENT_TYPE_LABELS,
        "has_articles": has_articles,
        "sample_loaded": has_articles and count_sample(session=session) > 0,
        "sections": sections,
        "query": query,
        "island": charts.island_json({"query": query, "sections": sections}),
        "formula": timeline.TENSION_FORMULA,
        "counts": aggregate.table_counts(session=session),
    }
    return templates.TemplateResponse(request, "dashboard.html", context)

"""HTML pages: each route builds its context in Python; templates only lay it out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import aggregate
from app.web.deps import SessionDep
from app.web.templating import templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, session: SessionDep) -> HTMLResponse:
    counts = aggregate.table_counts(session=session)
    return templates.TemplateResponse(request, "home.html", {"counts": counts})

"""`/docs`: the interactive API documentation, served whole by the app (Swagger UI from the
installed swagger-ui-bundle package, mounted at /vendor/swagger-ui), so it works offline and
asks no other host for anything; it runs under the same Content Security Policy as every page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/docs", name="api_docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "api_docs.html", {})

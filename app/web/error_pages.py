"""Errors a browser sees as pages in the site's layout, with a way forward; scripts and the
JSON API keep `{"detail": "a sentence"}` (app/web/openapi.py documents it)."""

from __future__ import annotations

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.web.auth import wants_html
from app.web.templating import templates

TITLES = {
    400: "That request cannot be used",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
    409: "Already changed",
    413: "Too large",
    422: "That cannot be done",
    429: "Too many attempts",
}
WAYS = [("Dashboard", "/"), ("Articles", "/articles"), ("Incidents", "/incidents")]


async def html_or_json_error(request: Request, exc: Exception) -> Response:
    """A 4xx for a browser (it asked for HTML, outside /api/) as a page; else as JSON."""
    assert isinstance(exc, StarletteHTTPException)
    if not wants_html(request) or not 400 <= exc.status_code < 500:
        return await http_exception_handler(request, exc)
    ways = list(WAYS)
    if exc.status_code == 403:
        ways.insert(0, ("Sign in as someone else", "/login"))
    context = {
        "title": TITLES.get(exc.status_code, "That did not work"),
        "detail": exc.detail if isinstance(exc.detail, str) else "the request was refused",
        "ways": ways,
    }
    response = templates.TemplateResponse(
        request, "error.html", context, status_code=exc.status_code
    )
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response

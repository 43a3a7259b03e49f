"""The upload page (/upload); the form reading it shares with POST /api/articles is in
app/web/upload_forms.py.

- `GET /upload`: the form. With JavaScript (static/js/upload.js) each file goes to
  POST /api/articles in turn, with progress and a summary; without it the form posts to
  `POST /upload`, which stores everything and answers with the summary page (or, for a
  single new article, a redirect to it).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import get_settings
from app.ingestion import ingest_uploads
from app.ingestion.formats import SUPPORTED
from app.web.auth import Editor
from app.web.deps import SessionDep
from app.web.templating import templates
from app.web.upload_forms import (
    ACCEPT,
    EDITOR_THEN_CSRF,
    Fields,
    Files,
    FormError,
    UploadFields,
    UploadRoute,
    form_uploads,
    grouped,
    megabytes,
    response_status,
)

# --- pages ---------------------------------------------------------------------------------

router = APIRouter(route_class=UploadRoute)


def form_context(error: str | None = None, values: UploadFields | None = None) -> dict[str, Any]:
    return {
        "error": error,
        "values": values or UploadFields(),
        "accept": ACCEPT,
        "supported": SUPPORTED,
        "limit": megabytes(get_settings().max_upload_bytes),
    }


@router.get("/upload", response_class=HTMLResponse, name="upload")
def upload_form(request: Request, _user: Editor) -> HTMLResponse:
    """The upload form (editors)."""
    return templates.TemplateResponse(request, "upload.html", form_context())


@router.post("/upload", response_model=None, dependencies=EDITOR_THEN_CSRF)
def upload_submit(
    request: Request,
    session: SessionDep,
    user: Editor,
    fields: Fields,
    file: Files = None,
) -> Response:
    """Store what the form sent; one new article → its page, else the summary page."""
    try:
        uploads = form_uploads(fields, file)
    except FormError as exc:
        context = form_context(str(exc), fields)
        return templates.TemplateResponse(request, "upload.html", context, status_code=422)
    outcomes = ingest_uploads(session=session, uploads=uploads, user_id=user.id)
    if len(outcomes) == 1 and outcomes[0].is_new:
        return RedirectResponse(f"/articles/{outcomes[0].article_id}", status_code=303)
    context = {"groups": grouped(outcomes), "total": len(outcomes)}
    return templates.TemplateResponse(
        request, "upload_result.html", context, status_code=response_status(outcomes)
    )

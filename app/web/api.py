"""JSON API under /api, and the health check. Routes are thin: parse, call, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.responses import JSONResponse

from app.dates import parse_iso_date
from app.db import health
from app.ingestion.prepare import PASTED, Meta, Upload, extract_upload
from app.pipeline.ingest import UnreadableInput
from app.schemas import Extraction, HealthRead
from app.web.auth import CurrentUser, require_reader
from app.web.deps import EngineDep, SettingsDep
from app.web.uploads import read_upload_limited

router = APIRouter(prefix="/api", tags=["api"])
health_router = APIRouter(tags=["health"])


@health_router.get("/healthz", response_model=HealthRead, responses={503: {"model": HealthRead}})
def healthz(engine: EngineDep, user: CurrentUser) -> JSONResponse:
    """Database status and migration revision; 503 when the database is missing or behind.
    Where the database is (a file path, a host) is shown to admins only."""
    result = health.check_health(engine=engine)
    if user is None or user.role != "admin":
        result = health.without_location(result, engine)
    code = 200 if result.status == "ok" else 503
    return JSONResponse(result.model_dump(), status_code=code)


@router.post(
    "/extract",
    response_model=Extraction,
    dependencies=[Depends(require_reader)],
    responses={413: {"description": "the file or the article's text is over a size limit"}},
)
def extract_article(
    settings: SettingsDep,
    text: Annotated[str | None, Form()] = None,
    file: Annotated[
        UploadFile | None, File(description="one .txt .html .md or .pdf article")
    ] = None,
    published: Annotated[str | None, Form()] = None,
    keep_empty: Annotated[
        bool,
        Form(
            description="answer with an empty extraction instead of refusing a text in which "
            "nothing is found to code"
        ),
    ] = False,
) -> Extraction:
    """Extract from a pasted text or one uploaded file; nothing is stored.

    Open to whoever may browse (anonymous visitors too, unless TRACKER_ANONYMOUS_BROWSE is
    off): it changes no data, so it needs no CSRF token.
    """
    try:
        given = parse_iso_date(published)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    meta = Meta(published=given)
    if file is not None and file.filename:
        data = read_upload_limited(file, limit=settings.max_upload_bytes)
        upload = Upload(file.filename, data, file.filename, meta, keep_empty=keep_empty)
    elif text is not None:
        if not text.strip():
            raise HTTPException(status_code=422, detail="the pasted text is empty")
        upload = Upload(PASTED, text.encode("utf-8"), meta=meta, keep_empty=keep_empty)
    else:
        raise HTTPException(status_code=422, detail="send a 'text' field or a 'file' upload")
    try:
        return extract_upload(upload).result
    except UnreadableInput as exc:
        raise HTTPException(status_code=exc.status_code, detail=str(exc)) from exc

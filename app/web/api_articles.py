"""POST /api/articles (store uploads) and POST /api/articles/check (what would be stored).

Both need an editor: a bearer token (`python -m app tokens create EMAIL`) or a signed-in
session sending its CSRF token in the `X-CSRF-Token` header (the upload page does that).
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.ingestion import Failure, Outcome, Prepared, Upload, ingest_uploads, prepare
from app.ingestion.dedup import find_original
from app.ingestion.prepare import found_nothing
from app.ingestion.service import Status, find_by_hash
from app.ingestion.tables import FIELDS, Table, is_ambiguous_date, read_table, table_rows
from app.pipeline.ingest import UnreadableInput
from app.schemas import Extraction
from app.web.auth import Editor
from app.web.deps import SessionDep
from app.web.upload_forms import (
    EDITOR_THEN_CSRF,
    Fields,
    Files,
    FormError,
    UploadRoute,
    article_path,
    form_uploads,
    nothing_stored,
    response_status,
)

SAMPLE_ROWS = 3
SAMPLE_CHARS = 160

router = APIRouter(prefix="/api", tags=["articles"], route_class=UploadRoute)


class ArticleResult(BaseModel):
    """What became of one file, pasted text or CSV row."""

    name: str = Field(description="file name, 'pasted text', or 'FILE.csv row N'")
    status: Status
    article_id: int | None = Field(
        default=None, description="the stored article, or the existing one for a duplicate"
    )
    article_url: str | None = None
    duplicate_of_id: int | None = Field(
        default=None, description="for a near duplicate: the original it is linked to"
    )
    duplicate_of_url: str | None = None
    similarity: float | None = Field(default=None, description="estimated Jaccard similarity")
    error: str | None = Field(default=None, description="why it failed")
    extraction: Extraction | None = None


class IngestRead(BaseModel):
    """The answer of POST /api/articles."""

    stored: int = Field(description="new articles (near duplicates included)")
    near_duplicates: int
    duplicates: int
    failed: int
    detail: str | None = Field(default=None, description="set when nothing was stored")
    results: list[ArticleResult]


class CheckRead(BaseModel):
    """What an upload would give, without storing it."""

    name: str
    kind: str = Field(description="'article', or 'csv' for a table of articles")
    title: str | None = None
    published: str | None = None
    published_source: str | None = Field(
        default=None, description="'text' (found in the text), 'given', or null (missing)"
    )
    events: int = 0
    troop_levels: int = 0
    actors: int = 0
    nothing_found: bool = Field(
        default=False,
        description="no actor, event or troop level was found: stored only with keep_empty",
    )
    duplicate_of_id: int | None = Field(default=None, description="already stored as")
    near_duplicate_of_id: int | None = None
    columns: list[str] = Field(default_factory=list, description="CSV: the header")
    mapping: dict[str, str | None] = Field(default_factory=dict, description="CSV: field → column")
    rows: int = Field(default=0, description="CSV: rows with data")
    sample: list[dict[str, str | None]] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list, description="CSV: fields to map")
    refused_rows: list[str] = Field(
        default_factory=list,
        description="CSV: rows that would be refused, with why (an empty text, a date that "
        "cannot be read or that needs date_order)",
    )
    ambiguous_dates: int = Field(
        default=0, description="CSV: rows whose numeric date needs date_order to be read"
    )


def result_of(outcome: Outcome) -> ArticleResult:
    return ArticleResult(
        name=outcome.name,
        status=outcome.status,
        article_id=outcome.article_id,
        article_url=article_path(outcome.article_id),
        duplicate_of_id=outcome.duplicate_of_id,
        duplicate_of_url=article_path(outcome.duplicate_of_id),
        similarity=outcome.similarity,
        error=outcome.reason,
        extraction=outcome.extraction,
    )


def ingest_read(outcomes: list[Outcome]) -> IngestRead:
    def count(*statuses: str) -> int:
        return sum(o.status in statuses for o in outcomes)

    return IngestRead(
        stored=count("stored", "near_duplicate"),
        near_duplicates=count("near_duplicate"),
        duplicates=count("duplicate"),
        failed=count("failed"),
        detail=nothing_stored(outcomes),
        results=[result_of(o) for o in outcomes],
    )


@router.post(
    "/articles",
    status_code=201,
    response_model=IngestRead,
    dependencies=EDITOR_THEN_CSRF,
    responses={
        200: {"model": IngestRead, "description": "every input was already stored"},
        413: {"description": "the upload, or every article in it, is over a size limit"},
        422: {"model": IngestRead, "description": "nothing could be stored"},
    },
)
def create_articles(
    session: SessionDep, user: Editor, fields: Fields, file: Files = None
) -> JSONResponse:
    """Store uploaded files (`file`, repeatable) and/or a pasted `text`.

    Metadata apply to every article sent; a CSV's own columns win for its rows. Answers 201
    with the stored articles and their extractions, 200 with the existing article when all
    were duplicates, and 4xx with the reasons when nothing could be stored.
    """
    try:
        uploads = form_uploads(fields, file)
    except FormError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    outcomes = ingest_uploads(session=session, uploads=uploads, user_id=user.id)
    body = ingest_read(outcomes)
    return JSONResponse(body.model_dump(mode="json"), status_code=response_status(outcomes))


@router.post("/articles/check", response_model=CheckRead, dependencies=EDITOR_THEN_CSRF)
def check_article(
    session: SessionDep, _user: Editor, fields: Fields, file: Files = None
) -> CheckRead:
    """Extract one file or text without storing it: title, date found (or not), duplicates;
    for a CSV, its columns, the guessed mapping and the first rows."""
    try:
        uploads = form_uploads(fields, file)
    except FormError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    upload = uploads[0]
    if isinstance(upload, Failure):
        raise HTTPException(status_code=upload.status_code, detail=upload.reason)
    if upload.filename and upload.filename.lower().endswith(".csv"):
        return check_table(upload)
    return check_one(session, upload)


def check_one(session: Session, upload: Upload) -> CheckRead:
    item = prepare(replace(upload, keep_empty=True))[0]  # report what is found, even nothing
    if not isinstance(item, Prepared):
        raise HTTPException(status_code=item.status_code, detail=item.reason)
    result = item.extracted.result
    match = find_original(session=session, sig=item.signature)
    return CheckRead(
        name=item.name,
        kind="article",
        title=result.title,
        published=result.published,
        published_source=result.published_source,
        events=len(result.events),
        troop_levels=len(result.troop_levels),
        actors=len(result.actors),
        nothing_found=found_nothing(item.extracted),
        duplicate_of_id=find_by_hash(session=session, digest=item.content_hash),
        near_duplicate_of_id=match.article_id if match else None,
    )


def check_table(upload: Upload) -> CheckRead:
    try:
        table = read_table(upload.data, mapping=upload.mapping)
    except UnreadableInput as exc:
        raise HTTPException(status_code=422, detail=f"{upload.name}: {exc}") from exc
    return CheckRead(
        name=upload.name,
        kind="csv",
        columns=list(table.columns),
        mapping=table.mapping,
        rows=len(table.rows),
        sample=sample_rows(table),
        fields=list(FIELDS),
        refused_rows=[
            f"row {row[0]}: {row[1]}"
            for row in table_rows(table, upload.date_order)
            if isinstance(row, tuple)
        ],
        ambiguous_dates=sum(
            1 for _, cells in table.rows if is_ambiguous_date(published_cell(table, cells))
        ),
    )


def published_cell(table: Table, cells: tuple[str, ...]) -> str | None:
    column = table.mapping.get("published")
    index = table.columns.index(column) if column else None
    return cells[index] if index is not None and index < len(cells) else None


def sample_rows(table: Table) -> list[dict[str, str | None]]:
    """The first rows by field, each value cut to a preview length (marked with …)."""
    out = []
    for _number, cells in table.rows[:SAMPLE_ROWS]:
        row: dict[str, str | None] = {}
        for field, column in table.mapping.items():
            index = table.columns.index(column) if column else len(cells)
            value = cells[index] if index < len(cells) else None
            if value and len(value) > SAMPLE_CHARS:
                value = value[:SAMPLE_CHARS] + "…"
            row[field] = value
        out.append(row)
    return out

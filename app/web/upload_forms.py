"""What the upload page (/upload) and POST /api/articles share: reading the upload form.

- `UploadRoute`: refuses a request body over the size limit while it streams in (by its
  Content-Length at once, else as soon as the bytes read pass the limit), before the form
  is parsed or anything is stored.
- `form_uploads(...)`: the form's fields and files as `Upload`s (or per-file `Failure`s).
- `response_status`, `nothing_stored`, `grouped`: the answer for a batch of outcomes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, get_args

from fastapi import Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.types import Message, Receive

from app.config import get_settings
from app.dates import parse_iso_date
from app.ingestion import STATUSES, Failure, Meta, Outcome, Upload
from app.ingestion.formats import SUFFIX_KINDS
from app.ingestion.prepare import MAX_OUTLET_CHARS, PASTED, is_web_address
from app.ingestion.tables import DateOrder
from app.web.auth import CsrfChecked, Editor

FORM_ALLOWANCE = 1024 * 1024  # the form's other fields, beside the files
CHUNK = 64 * 1024
ACCEPT = ",".join(sorted(s for s in SUFFIX_KINDS if s))


def megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        status_code=413,
        detail=f"the upload is larger than the limit of {megabytes(limit)}: send fewer files "
        "at once, or import big collections with `python -m app ingest`",
    )


def counting_receive(receive: Receive, limit: int) -> Receive:
    """`receive`, raising 413 as soon as the body read so far passes `limit` bytes."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit)
        return message

    return wrapped


class UploadRoute(APIRoute):
    """A route whose request body may not pass the upload limit (plus the form fields)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            limit = get_settings().max_upload_bytes + FORM_ALLOWANCE
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise too_large(limit)
            return await handler(Request(request.scope, counting_receive(request.receive, limit)))

        return limited


# Who first, then the CSRF token: an anonymous post is sent to sign in rather than told its
# form expired. (The same Depends object as `Editor`, so the user is looked up once.)
EDITOR_THEN_CSRF = [get_args(Editor)[1], CsrfChecked]


class FormError(ValueError):
    """The form as a whole cannot be used (the message says why)."""


# --- the form's fields ---------------------------------------------------------------------


def blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def check_url(value: str | None) -> str | None:
    url = blank_to_none(value)
    if url is None:
        return None
    if not is_web_address(url):
        raise FormError("the URL must be a web address starting with http:// or https://")
    return url


def parse_meta(
    *, title: str | None, outlet: str | None, url: str | None, published: str | None
) -> Meta:
    outlet = blank_to_none(outlet)
    if outlet and len(outlet) > MAX_OUTLET_CHARS:
        raise FormError(f"the outlet name is longer than {MAX_OUTLET_CHARS} characters")
    try:
        given = parse_iso_date(published)
    except ValueError as exc:
        raise FormError(f"publication date: {exc}") from exc
    return Meta(title=blank_to_none(title), outlet=outlet, url=check_url(url), published=given)


def parse_mapping(value: str | None) -> dict[str, str | None] | None:
    """The CSV column mapping the form sends as JSON: {"text": "Body", "title": null, ...}."""
    if not blank_to_none(value):
        return None
    try:
        mapping = json.loads(value or "")
    except (json.JSONDecodeError, RecursionError) as exc:  # RecursionError: nested too deep
        raise FormError("the column mapping is not valid JSON") from exc
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in mapping.items()
    ):
        raise FormError("the column mapping must map field names to column names")
    return mapping


def read_file(upload: UploadFile, limit: int) -> bytes | None:
    """The file's bytes, or None when it passes `limit` (read no further)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def is_empty_file_field(upload: UploadFile) -> bool:
    """A file input left empty: browsers still send a part with no name and no bytes."""
    if upload.filename:
        return False
    head = upload.file.read(1)
    upload.file.seek(0)
    return not head


def file_upload(
    upload: UploadFile, meta: Meta, mapping: Any, limit: int, *, keep_empty: bool
) -> Upload | Failure:
    name = upload.filename or ""
    data = read_file(upload, limit)
    if data is None:
        return Failure(name, f"the file is larger than the limit of {megabytes(limit)}", 413)
    return Upload(
        name=name, data=data, filename=name, meta=meta, mapping=mapping, keep_empty=keep_empty
    )


@dataclass(frozen=True)
class UploadFields:
    """The fields shared by the upload form and POST /api/articles."""

    text: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    mapping: str | None = None
    keep_empty: bool = False
    date_order: DateOrder | None = None


def upload_fields(
    text: Annotated[str | None, Form(description="a pasted article (plain text or HTML)")] = None,
    title: Annotated[str | None, Form(description="title (else the one found)")] = None,
    outlet: Annotated[str | None, Form(description="outlet that published it")] = None,
    url: Annotated[str | None, Form(description="the article's web address")] = None,
    published: Annotated[
        str | None, Form(description="publication date YYYY-MM-DD (else the one found)")
    ] = None,
    mapping: Annotated[
        str | None, Form(description='CSV columns as JSON: {"text": "Body", ...}')
    ] = None,
    keep_empty: Annotated[
        bool,
        Form(
            description="store an article even when nothing is extracted from it (to code it "
            "by hand); without it such an article is refused"
        ),
    ] = False,
    date_order: Annotated[
        DateOrder | None,
        Form(
            description="a CSV's numeric dates such as 07/01/2020: day_first (7 January) or "
            "month_first (July 1); without it such a date is refused with its row"
        ),
    ] = None,
) -> UploadFields:
    return UploadFields(
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        mapping=mapping,
        keep_empty=keep_empty,
        date_order=date_order,
    )


Fields = Annotated[UploadFields, Depends(upload_fields)]
Files = Annotated[
    list[UploadFile] | None, File(description="one or more .txt .html .md .pdf .csv files")
]


def form_uploads(
    fields: UploadFields, files: Sequence[UploadFile] | None
) -> list[Upload | Failure]:
    """Everything sent, as uploads; `FormError` when nothing was sent or a field is bad."""
    meta = parse_meta(
        title=fields.title, outlet=fields.outlet, url=fields.url, published=fields.published
    )
    mapping = parse_mapping(fields.mapping)
    limit = get_settings().max_upload_bytes
    chosen = [f for f in files or [] if not is_empty_file_field(f)]
    keep = fields.keep_empty
    uploads: list[Upload | Failure] = [
        replace(u, date_order=fields.date_order) if isinstance(u, Upload) else u
        for u in (file_upload(f, meta, mapping, limit, keep_empty=keep) for f in chosen)
    ]
    if fields.text is not None and fields.text.strip():
        data = fields.text.encode("utf-8")
        uploads.append(Upload(name=PASTED, data=data, meta=meta, keep_empty=keep))
    elif fields.text is not None and not chosen:
        raise FormError("the text is empty: paste an article's text, or choose a file")
    if not uploads:
        raise FormError("paste an article's text, or choose one or more files")
    return uploads


# --- outcomes as an HTTP answer ------------------------------------------------------------


def article_path(article_id: int | None) -> str | None:
    return f"/articles/{article_id}" if article_id is not None else None


def response_status(outcomes: Sequence[Outcome]) -> int:
    """201 when something was stored, 200 when all were duplicates, else the failures'."""
    if any(o.is_new for o in outcomes):
        return 201
    if any(o.status == "duplicate" for o in outcomes):
        return 200
    codes = {o.status_code for o in outcomes}
    return codes.pop() if len(codes) == 1 else 422


def nothing_stored(outcomes: Sequence[Outcome]) -> str | None:
    """A readable message when every input failed."""
    if any(o.status != "failed" for o in outcomes):
        return None
    reasons = "; ".join(f"{o.name}: {o.reason}" for o in outcomes)
    return f"nothing was stored: {reasons}"


def grouped(outcomes: Sequence[Outcome]) -> dict[str, list[Outcome]]:
    return {status: [o for o in outcomes if o.status == status] for status in STATUSES}

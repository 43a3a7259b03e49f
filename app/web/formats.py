"""Which format a listing answers in, and the JSON/CSV responses (Datasette-style).

A page answers as HTML, or as JSON/CSV when asked with `?format=json|csv` or an `Accept`
header (`application/json`, `text/csv`). Events and incidents also answer `?format=acled`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request, Response
from pydantic import BaseModel

from app import exports

Format = Literal["html", "json", "csv", "acled"]
FormatParam = Annotated[
    Format | None, Query(description="html, json or csv (also from the Accept header)")
]

MEDIA_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "text/csv": "csv",
}
VARY = {"Vary": "Accept"}


def _accepted(header: str) -> list[tuple[float, int, str]]:
    """Media types of an Accept header as (-q, position, type): sorting puts the best first."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, position, media.lower()))
    return sorted(ranked)


def negotiate(request: Request, requested: str | None, allowed: Sequence[str]) -> str:
    """The format to answer in: `?format=` first, then the Accept header, else HTML."""
    if requested:
        if requested not in allowed:
            raise HTTPException(status_code=400, detail=f"format must be one of {list(allowed)}")
        return requested
    for minus_q, _, media in _accepted(request.headers.get("accept", "")):
        found = MEDIA_TYPES.get(media)
        if found is not None and minus_q < 0 and found in allowed:
            return found
    return "html"


def json_response(data: BaseModel) -> Response:
    return Response(data.model_dump_json(), media_type="application/json", headers=VARY)


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    """A CSV download named `name`.csv (letters, digits, - and _ only)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "export"
    return Response(
        exports.csv_text(rows, columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"', **VARY},
    )


def listing_csv(rows: Sequence[BaseModel], model: type[BaseModel], name: str) -> Response:
    return csv_response(exports.model_rows(rows), exports.model_columns(model), name)


def url_with(request: Request, **changes: str | int | None) -> str:
    """The current path and query with some parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


@dataclass(frozen=True)
class PageLinks:
    """Previous/next page links and the same listing in the other formats."""

    previous: str | None
    next: str | None
    formats: dict[str, str]


def format_url(request: Request, fmt: str) -> str:
    """This listing in another format: JSON keeps the page, CSV has every row."""
    if fmt == "json":
        return url_with(request, format=fmt)
    return url_with(request, format=fmt, page=None, per_page=None)


def page_links(request: Request, page: int, pages: int, formats: Sequence[str]) -> PageLinks:
    return PageLinks(
        previous=url_with(request, page=page - 1) if page > 1 else None,
        next=url_with(request, page=page + 1) if page < pages else None,
        formats={fmt: format_url(request, fmt) for fmt in formats},
    )

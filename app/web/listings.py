"""How a listing page answers: as JSON, CSV or its HTML page, with pager and format links.

Shared by the route modules of the browse pages (app/web/browse.py, app/web/incidents.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from fastapi import Request, Response
from pydantic import BaseModel

from app.web.formats import json_response, listing_csv, page_links
from app.web.templating import templates

LISTING_FORMATS = ("html", "json", "csv")


def listing_page(request: Request, template: str, context: dict[str, Any]) -> Response:
    page = context["page"]
    formats = [f for f in context.pop("formats", LISTING_FORMATS) if f != "html"]
    context["links"] = page_links(request, page.page, page.pages, formats)
    return templates.TemplateResponse(request, template, context)


class ListingPage(Protocol):
    """A page of a listing (ArticlePage, EventPage, ...): its rows and where it stands."""

    @property
    def rows(self) -> Sequence[BaseModel]: ...

    @property
    def page(self) -> int: ...

    @property
    def pages(self) -> int: ...


@dataclass(frozen=True)
class Listing:
    """One listing's page template, and the row model and file name of its CSV."""

    template: str
    row_model: type[BaseModel]
    csv_name: str


def listing_response(
    request: Request,
    fmt: str,
    page: ListingPage,
    listing: Listing,
    context: Callable[[], dict[str, Any]],
) -> Response:
    """The listing as JSON, CSV or its page (`context` is only built for the page)."""
    if fmt == "json":
        return json_response(cast(BaseModel, page))
    if fmt == "csv":
        return listing_csv(page.rows, listing.row_model, listing.csv_name)
    return listing_page(request, listing.template, {"page": page, **context()})

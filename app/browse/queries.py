"""The query parameters of each listing: the shared filters plus sorting and paging.

These are FastAPI query-parameter models (`Annotated[EventQuery, Query()]`), so the
OpenAPI schema documents every parameter, and HTML forms can send blank fields.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.filters import BlankIsNone, EventFilters, OptionalText
from app.schemas import ActorKind

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


class Paging(BaseModel):
    page: int = Field(default=1, ge=1, description="page number, from 1")
    per_page: int = Field(
        default=DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="rows per page"
    )

    def offset(self) -> int:
        return (self.page - 1) * self.per_page


ArticleSort = Literal["relevance", "newest", "oldest", "title", "events"]
EventSort = Literal["newest", "oldest", "confidence", "type"]
TroopLevelSort = Literal["newest", "oldest", "count"]
IncidentSort = Literal["newest", "oldest", "reports"]


class ArticleQuery(EventFilters, Paging):
    """/articles: search, filters (dates are publication dates), sorting, paging."""

    q: OptionalText = Field(default=None, description="full-text search of title and text")
    sort: Annotated[ArticleSort | None, BlankIsNone] = Field(
        default=None, description="relevance when searching, else newest"
    )
    include_duplicates: bool = Field(default=True, description="list near duplicates too")

    def effective_sort(self, searching: bool) -> ArticleSort:
        if self.sort == "relevance" and not searching:
            return "newest"
        return self.sort or ("relevance" if searching else "newest")


class EventQuery(EventFilters, Paging):
    sort: Annotated[EventSort | None, BlankIsNone] = Field(default=None, description="newest")


class TroopLevelQuery(EventFilters, Paging):
    sort: Annotated[TroopLevelSort | None, BlankIsNone] = Field(default=None, description="newest")


class IncidentQuery(EventFilters, Paging):
    """/incidents: dates, actor, type and place filter the incident's resolved attributes;
    outlet, review_state and include_duplicates its reports (an incident matches when one of
    its reports does); reviewed_only keeps incidents whose counted reports were checked."""

    sort: Annotated[IncidentSort | None, BlankIsNone] = Field(
        default=None, description="newest (default), oldest, or most reports first"
    )
    undated: bool = Field(
        default=False, description="only incidents with no date (which no chart can show)"
    )
    held: bool = Field(
        default=False,
        description="only incidents held for review (a report fitted several equally)",
    )


class ActorQuery(Paging):
    model_config = ConfigDict(extra="ignore")

    kind: Annotated[ActorKind | None, BlankIsNone] = Field(default=None, description="actor kind")
    q: OptionalText = Field(default=None, description="part of the name or an alias")

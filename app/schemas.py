"""Pydantic models: the extraction contract (../shared/contract/extraction.md) and API shapes.

Contract field names are verbatim from the contract; keys may be added, never renamed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.vocabulary import EVENT_TYPE_NAMES

EventType = Literal["threat", "attack", "us_strike", "ceasefire", "withdrawal_demand", "talks"]
EVENT_TYPES: tuple[str, ...] = EVENT_TYPE_NAMES  # app/vocabulary.py; tests check the Literal
ActorKind = Literal["militia", "us", "iraq_government", "iran", "coalition", "other"]
ACTOR_KINDS: tuple[str, ...] = ("militia", "us", "iraq_government", "iran", "coalition", "other")
Qualifier = Literal["exact", "over", "about", "under", "up_to"]
FigureType = Literal["reported", "official_cap", "planned"]
DatePrecision = Literal["day", "month", "year"]


class EvidenceSpan(BaseModel):
    """A sentence of the cleaned text that supports an item."""

    evidence: str
    start: int
    end: int


class ExtractedActor(BaseModel):
    name: str
    kind: ActorKind
    mentions: int
    # Added keys: the first mention, so a page can scroll to it.
    start: int | None = None
    end: int | None = None


class ExtractedTroopLevel(BaseModel):
    country: str = "US"
    location: str
    count: int
    qualifier: Qualifier = "exact"
    as_of: str | None = None
    evidence: str
    start: int
    end: int
    figure_type: FigureType = "reported"


class ExtractedEvent(BaseModel):
    type: EventType
    actor: str | None = None
    target: str | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    location: str | None = None
    killed: int | None = None
    injured: int | None = None
    evidence: str
    start: int
    end: int
    # Added keys.
    claimed_by: str | None = None
    attributed_by: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    extra_evidence: list[EvidenceSpan] = Field(default_factory=list)


class Extraction(BaseModel):
    """What `python -m app extract` prints for one article (one JSON line)."""

    file: str | None = None
    title: str | None = None
    published: str | None = None
    published_source: Literal["text", "given"] | None = None
    actors: list[ExtractedActor] = Field(default_factory=list)
    troop_levels: list[ExtractedTroopLevel] = Field(default_factory=list)
    events: list[ExtractedEvent] = Field(default_factory=list)


class ExtractionError(BaseModel):
    """The line printed for a file that could not be read; the run goes on."""

    file: str | None = None
    error: str


class HealthRead(BaseModel):
    status: Literal["ok", "error"]
    database: str
    revision: str | None = None
    head: str | None = None
    detail: str | None = None

    model_config = ConfigDict(extra="forbid")


# --- Read models of the browse pages and the JSON API (/api/articles, /api/events, ...) ---


class EventRead(BaseModel):
    """An event as stored (after review), with where it came from."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    article_id: int
    type: EventType
    actor: str | None = None
    target: str | None = None
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    location: str | None = None
    killed: int | None = None
    injured: int | None = None
    claimed_by: str | None = None
    attributed_by: str | None = None
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    origin: Literal["machine", "human"]
    review_state: Literal["unreviewed", "accepted", "corrected", "rejected"]
    review_reason: str | None = None
    machine_output: dict[str, Any] | None = Field(
        default=None, description="what the extractor first said (kept after corrections)"
    )
    incident_id: int | None = Field(
        default=None, description="the incident this event reports (/incidents/{id})"
    )
    article_title: str | None = None
    outlet: str | None = None
    url: str | None = None
    evidence_url: str = Field(description="the article page, scrolled to the evidence")


class TroopLevelRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    article_id: int
    country: str
    location: str
    count: int
    qualifier: Qualifier
    as_of: dt.date | None = None
    figure_type: FigureType
    evidence: str
    evidence_start: int
    evidence_end: int
    origin: Literal["machine", "human"]
    review_state: Literal["unreviewed", "accepted", "corrected", "rejected"]
    machine_output: dict[str, Any] | None = None
    article_title: str | None = None
    outlet: str | None = None
    url: str | None = None
    evidence_url: str


class ArticleSummaryRead(BaseModel):
    """A row of /articles: the article without its text, with counts of what was found."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_source: Literal["text", "given"] | None = None
    uploaded_at: dt.datetime | None = None
    duplicate_of_id: int | None = None
    event_count: int = 0
    troop_level_count: int = 0
    unreviewed_count: int = 0
    excerpt: str = ""


class ArticleActorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    kind: ActorKind
    mentions: int
    start: int | None = None
    end: int | None = None


class ArticleRead(ArticleSummaryRead):
    """One article with its full text and everything extracted from it."""

    text: str
    actors: list[ArticleActorRead] = Field(default_factory=list)
    events: list[EventRead] = Field(default_factory=list)
    troop_levels: list[TroopLevelRead] = Field(default_factory=list)


class ActorRead(BaseModel):
    name: str
    kind: ActorKind | None = None
    aliases: list[str] = Field(default_factory=list)
    event_count: int = 0
    article_count: int = 0


class ActorMonthCount(BaseModel):
    month: dt.date
    type: EventType
    count: int


class ActorProfileRead(ActorRead):
    """/actors/{name}: the faction, its events per month and type, its latest events."""

    by_month: list[ActorMonthCount] = Field(default_factory=list)
    latest_events: list[EventRead] = Field(default_factory=list)


class PageInfo(BaseModel):
    total: int = Field(description="rows matching the filters, over all pages")
    page: int
    per_page: int
    pages: int


class ArticlePage(PageInfo):
    rows: list[ArticleSummaryRead]


class EventPage(PageInfo):
    rows: list[EventRead]


class TroopLevelPage(PageInfo):
    rows: list[TroopLevelRead]


class ActorPage(PageInfo):
    rows: list[ActorRead]


IncidentState = Literal["automatic", "ambiguous", "edited"]


class IncidentRead(BaseModel):
    """An incident: one real-world happening, its attributes resolved from its reports."""

    id: int
    type: EventType
    type_label: str
    actor: str | None = None
    target: str | None = None
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    location: str | None = None
    killed: int | None = Field(default=None, description="the most conservative figure")
    killed_max: int | None = Field(default=None, description="the highest figure reported")
    injured: int | None = None
    injured_max: int | None = None
    casualties: str = Field(description='e.g. "3 killed; reports give 2–3"')
    reports: int = Field(description="events that tell it")
    outlets: int = Field(description="distinct outlets of those events")
    confidence: float
    counted: bool = Field(description="counted by the timelines")
    reviewed: bool = Field(description="a counted report was checked by an editor")
    review_state: IncidentState
    review_reason: str | None = None
    status: str = Field(description="how it is counted, in words")
    updated_at: dt.datetime | None = None
    incident_url: str = Field(description="the incident's page")


class IncidentReportRead(BaseModel):
    """One report of an incident: an event and the article that tells it."""

    event_id: int
    article_id: int
    article_title: str | None = None
    outlet: str | None = None
    published: dt.date | None = Field(default=None, description="the article's publication")
    url: str | None = Field(default=None, description="the article's original address")
    actor: str | None = None
    claimed_by: str | None = None
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    location: str | None = None
    killed: int | None = None
    injured: int | None = None
    evidence: str
    evidence_start: int
    evidence_end: int
    review_state: Literal["unreviewed", "accepted", "corrected", "rejected"]
    counted: bool = Field(description="not rejected and not from a near-duplicate article")
    evidence_url: str = Field(description="the article page, scrolled to the evidence")


class ConflictValueRead(BaseModel):
    value: str
    reports: int = Field(description="how many reports give this value")


class IncidentConflictRead(BaseModel):
    """An attribute on which the reports of an incident disagree."""

    attribute: Literal["date", "place", "actor", "killed", "injured"]
    values: list[ConflictValueRead]


class IncidentDetailRead(IncidentRead):
    """/incidents/{id}: the incident, every report of it and where the reports disagree."""

    report_list: list[IncidentReportRead] = Field(default_factory=list)
    conflicts: list[IncidentConflictRead] = Field(default_factory=list)


class IncidentPage(PageInfo):
    rows: list[IncidentRead]


class ReviewItemRead(BaseModel):
    """A row of the review queue: an unreviewed event or troop level."""

    kind: Literal["event", "troop_level"]
    id: int
    article_id: int
    article_title: str | None = None
    confidence: float | None = Field(default=None, description="events only")
    summary: str
    evidence: str
    evidence_url: str


class ReviewQueuePage(PageInfo):
    rows: list[ReviewItemRead]


class FieldChangeRead(BaseModel):
    field: str
    before: Any = None
    after: Any = None


class AuditEntryRead(BaseModel):
    """One change recorded in the audit log."""

    id: int
    at: dt.datetime
    user: str | None = None
    action: str
    entity: str
    entity_id: int | None = None
    article_id: int | None = None
    reason: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    changes: list[FieldChangeRead] = Field(default_factory=list)


class AuditEntryList(BaseModel):
    rows: list[AuditEntryRead]

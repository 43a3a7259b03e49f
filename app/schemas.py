"""Pydantic models: the extraction contract (../shared/contract/extraction.md) and API shapes.

Contract field names are verbatim from the contract; keys may be added, never renamed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal["threat", "attack", "us_strike", "ceasefire", "withdrawal_demand", "talks"]
EVENT_TYPES: tuple[str, ...] = (
    "threat",
    "attack",
    "us_strike",
    "ceasefire",
    "withdrawal_demand",
    "talks",
)
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

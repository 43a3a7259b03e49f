"""What the timeline services return: pydantic models, so the JSON API documents them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class MonthTypeCount:
    """Counted events of one type in one month (a plain dataclass: many per request)."""

    month: dt.date
    type: str
    events: int


class EventsByMonth(BaseModel):
    """Counted events per month and type (chart 2: stacked bars)."""

    months: list[dt.date]
    rows: list[MonthTypeCount]
    totals: dict[str, int]
    total: int


class TensionMonth(BaseModel):
    month: dt.date
    threats: float
    acts: float
    counts: dict[str, int]


class TensionIndex(BaseModel):
    """The tension index (chart 4): threats and acts per month; ceasefires and talks."""

    formula: str
    threat_weights: dict[str, float]
    act_weights: dict[str, float]
    rows: list[TensionMonth]


class AttackStrikeMonth(BaseModel):
    month: dt.date
    attacks: int
    us_strikes: int


class AttacksVsStrikes(BaseModel):
    """Attacks on US forces against US strikes per month (chart 5), with the ratio."""

    rows: list[AttackStrikeMonth]
    attacks: int
    us_strikes: int
    attacks_per_strike: float | None


class FactionRow(BaseModel):
    name: str
    counts: dict[str, int]
    total: int
    first_seen: dt.date | None
    last_seen: dt.date | None


class Factions(BaseModel):
    """Events per faction and type, first and last seen (table 6)."""

    rows: list[FactionRow]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One incident as the actor timeline marks it, with one report's evidence and article
    (a plain dataclass: made by the thousand, built from rows positionally, in the order of
    `queries.actor_events_statement`). `id` is that report's event id."""

    id: int
    date: dt.date
    type: str
    actor: str | None
    location: str | None
    evidence: str
    article_id: int
    title: str | None
    outlet: str | None
    incident_id: int | None = None
    reports: int = 1


class ActorTimeline(BaseModel):
    """Counted events one by one, newest first, at most `limit` (chart 3)."""

    rows: list[TimelineEvent]
    total: int
    limit: int
    truncated: bool


@dataclass(frozen=True, slots=True)
class TroopPoint:
    """One troop figure (a plain dataclass, built from rows positionally, in the order of
    `queries.troop_points_statement`)."""

    id: int
    location: str
    date: dt.date
    count: int
    qualifier: str
    figure_type: str
    evidence: str
    article_id: int
    title: str | None
    outlet: str | None


class TroopLevels(BaseModel):
    """US troop figures per country, oldest first (chart 1); `total` is None when there
    are more than `limit` (then the newest `limit` are given)."""

    rows: list[TroopPoint]
    total: int | None
    limit: int
    truncated: bool
    locations: list[str]


class FilterChoices(BaseModel):
    actors: list[str]
    locations: list[str]
    event_types: list[str]

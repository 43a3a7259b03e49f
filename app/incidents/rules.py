"""When can two reports tell one real-world happening? The rules, one function each, with
their thresholds in app/data/incidents.yaml. Pure: no database.

A report can join an incident when, against every report already in it, it has the same
type (the caller groups by type), compatible dates, compatible actors, compatible places and
casualty figures that do not contradict. `fit` scores a compatible pair so that the caller can
choose among several incidents, and refuse to choose on a tie.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from app.pipeline.places import ancestors
from app.pipeline.resources import load_validated


class Umbrella(BaseModel):
    name: str
    members: list[str]
    since: dt.date | None = None


class Casualties(BaseModel):
    ratio: float
    slack: int


class Scores(BaseModel):
    same_day: int
    near_day: int
    same_month: int
    same_place: int
    nested_place: int
    same_actor: int
    umbrella_actor: int


class IncidentRules(BaseModel):
    date_tolerance_days: int
    unknown_actor_needs_same_day: list[str]
    casualties: Casualties
    umbrellas: list[Umbrella]
    scores: Scores


@cache
def rules() -> IncidentRules:
    return load_validated("incidents.yaml", IncidentRules)


@dataclass(frozen=True)
class Report:
    """One event as the resolver sees it: what it says, and where it was told."""

    event_id: int
    type: str
    date: dt.date | None
    precision: str | None  # "day", "month", "year" or None (undated)
    actor: str | None
    location: str | None
    killed: int | None
    injured: int | None
    article_key: str  # the article's content hash: the same in any order of arrival
    start: int  # where the evidence starts in the article
    pinned_to: int | None = None  # the incident an editor put it in

    @property
    def month(self) -> dt.date | None:
        return self.date.replace(day=1) if self.date else None


PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def precision_of(report: Report) -> str | None:
    if report.date is None:
        return None
    return report.precision if report.precision in PRECISION_RANK else "day"


def dates_fit(a: Report, b: Report) -> int | None:
    """The date part of the fit score, or None when the dates cannot be one happening."""
    if a.date is None or b.date is None:
        return None
    pa, pb = precision_of(a), precision_of(b)
    scores = rules().scores
    if pa == "day" and pb == "day":
        gap = abs((a.date - b.date).days)
        if gap == 0:
            return scores.same_day
        return scores.near_day if gap <= rules().date_tolerance_days else None
    if "year" in (pa, pb):
        return 0 if a.date.year == b.date.year else None
    return scores.same_month if a.month == b.month else None


def umbrella_of(member: str, umbrella: str, day: dt.date | None) -> bool:
    """Whether `umbrella` claims for `member` (at `day`, when the umbrella has a start)."""
    for entry in rules().umbrellas:
        if entry.name != umbrella or member not in entry.members:
            continue
        if entry.since is None or day is None or day >= entry.since:
            return True
    return False


def same_day(a: Report, b: Report) -> bool:
    return precision_of(a) == precision_of(b) == "day" and a.date == b.date


def actors_fit(a: Report, b: Report) -> int | None:
    """Equal, either unknown, or a faction and an umbrella that claims for it. For statement
    types (`unknown_actor_needs_same_day`) an unknown speaker fits only on the same day."""
    if a.actor is None or b.actor is None:
        strict = a.type in rules().unknown_actor_needs_same_day
        return None if strict and not same_day(a, b) else 0
    if a.actor == b.actor:
        return rules().scores.same_actor
    day = a.date or b.date
    if umbrella_of(a.actor, b.actor, day) or umbrella_of(b.actor, a.actor, day):
        return rules().scores.umbrella_actor
    return None


def places_fit(a: Report, b: Report) -> int | None:
    """Equal, either unknown, or one inside the other (Ain al-Asad, Anbar, Iraq)."""
    if a.location is None or b.location is None:
        return 0
    if a.location.casefold() == b.location.casefold():
        return rules().scores.same_place
    if a.location in ancestors(b.location) or b.location in ancestors(a.location):
        return rules().scores.nested_place
    return None


def figures_contradict(x: int | None, y: int | None) -> bool:
    if x is None or y is None:
        return False
    low, high = sorted((x, y))
    limit = rules().casualties
    return high > low * limit.ratio + limit.slack


def casualties_agree(a: Report, b: Report) -> bool:
    return not (figures_contradict(a.killed, b.killed) or figures_contradict(a.injured, b.injured))


def fit(a: Report, b: Report) -> int | None:
    """How well two reports of one type fit as one happening; None when they cannot."""
    if a.type != b.type or not casualties_agree(a, b):
        return None
    parts = (dates_fit(a, b), actors_fit(a, b), places_fit(a, b))
    if any(part is None for part in parts):
        return None
    return sum(part for part in parts if part is not None)

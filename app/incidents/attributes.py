"""An incident's attributes from its reports, as ACLED's coders settle them. Pure.

- date: the most precise one reported (day before month before year); among equals, the one
  most reports give, then the earliest;
- place: the most specific (a base before its province before its country), then the most
  reported;
- actor: the one that claims it, else the one most reports attribute it to;
- killed and injured: the most conservative figure, with the highest kept beside it;
- reports and outlets: how many events tell it, from how many outlets;
- counted: at least one report counts (not rejected, not from a near-duplicate article) and
  the incident is not held back as ambiguous; reviewed: a counted report was checked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.incidents.rules import PRECISION_RANK
from app.pipeline.places import ancestors


@dataclass(frozen=True)
class Told:
    """What one report (an event and its article) contributes to its incident."""

    type: str
    actor: str | None
    claimed_by: str | None
    target: str | None
    date: dt.date | None
    precision: str | None
    location: str | None
    killed: int | None
    injured: int | None
    confidence: float
    outlet: str
    counted: bool
    reviewed: bool


def most_common(values: Iterable[str | None]) -> str | None:
    """The value most reports give (ties: the first in alphabetical order)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def best_date(reports: list[Told]) -> tuple[dt.date | None, str | None]:
    dated = [r for r in reports if r.date is not None]
    if not dated:
        return None, None
    rank = min(PRECISION_RANK.get(r.precision or "day", 0) for r in dated)
    precise = [r for r in dated if PRECISION_RANK.get(r.precision or "day", 0) == rank]
    counts = Counter(r.date for r in precise)
    day = min(counts, key=lambda d: (-counts[d], d))
    return day, precise[0].precision or "day"


def best_place(reports: list[Told]) -> str | None:
    places = [r.location for r in reports if r.location]
    if not places:
        return None
    counts = Counter(places)
    return min(counts, key=lambda p: (-len(ancestors(p)), -counts[p], p))


def figures(values: list[int | None]) -> tuple[int | None, int | None]:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else (None, None)


def resolve_attributes(reports: list[Told], *, ambiguous: bool) -> dict[str, Any]:
    """The `incidents` columns for these reports (at least one)."""
    day, precision = best_date(reports)
    killed, killed_max = figures([r.killed for r in reports])
    injured, injured_max = figures([r.injured for r in reports])
    counted = [r for r in reports if r.counted]
    return {
        "type": reports[0].type,
        "actor": most_common(r.claimed_by for r in reports)
        or most_common(r.actor for r in reports),
        "target": most_common(r.target for r in reports),
        "date": day,
        "date_precision": precision,
        "month": day.replace(day=1) if day else None,
        "location": best_place(reports),
        "killed": killed,
        "killed_max": killed_max,
        "injured": injured,
        "injured_max": injured_max,
        "reports": len(reports),
        "outlets": len({r.outlet for r in reports}),
        "confidence": max(r.confidence for r in reports),
        "counted": bool(counted) and not ambiguous,
        "reviewed": any(r.reviewed for r in counted),
    }

"""Where the reports of one incident disagree: dates, places, actors, casualty figures. Pure.

Each attribute is compared over the reports that count (rejected ones and near duplicates'
have no say, unless no report counts); a report that gives no value takes no side. An
attribute is a conflict when two or more values are given; each value is listed with how
many reports give it, the most given first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from app.schemas import ConflictValueRead, IncidentConflictRead, IncidentReportRead

Reader = Callable[[IncidentReportRead], str | None]


def date_value(report: IncidentReportRead) -> str | None:
    """The date as precise as the report gives it: 2020-01-04, 2020-01 or 2020."""
    if report.date is None:
        return None
    text = report.date.isoformat()
    return {"month": text[:7], "year": text[:4]}.get(report.date_precision or "day", text)


def number(value: int | None) -> str | None:
    return None if value is None else str(value)


ATTRIBUTES: tuple[tuple[str, Reader], ...] = (
    ("date", date_value),
    ("place", lambda r: r.location),
    ("actor", lambda r: r.actor),
    ("killed", lambda r: number(r.killed)),
    ("injured", lambda r: number(r.injured)),
)


def values_given(reports: Sequence[IncidentReportRead], read: Reader) -> list[ConflictValueRead]:
    """Each value given (places alike in any case are one), the most given first."""
    spelled: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for report in reports:
        value = read(report)
        if not value:
            continue
        key = value.casefold()
        spelled.setdefault(key, value)
        counts[key] += 1
    ranked = sorted(counts, key=lambda k: (-counts[k], spelled[k]))
    return [ConflictValueRead(value=spelled[k], reports=counts[k]) for k in ranked]


def find_conflicts(reports: Sequence[IncidentReportRead]) -> list[IncidentConflictRead]:
    """The attributes on which the counted reports (all of them when none counts) differ."""
    voting = [r for r in reports if r.counted] or list(reports)
    found = []
    for attribute, read in ATTRIBUTES:
        values = values_given(voting, read)
        if len(values) > 1:
            conflict = {"attribute": attribute, "values": values}
            found.append(IncidentConflictRead.model_validate(conflict))
    return found

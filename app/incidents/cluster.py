"""Group reports into incidents, the same way whatever order the articles came in. Pure.

Reports are taken most precise first (day, then month, then year), then by date and by
where they were told (article content hash, offset): an order that depends only on what the
reports say. Each joins the incident it fits best (app/incidents/rules.py); one that fits
several equally joins none and starts an incident marked `ambiguous`, which no other report
joins; a year-precise report
joins only when exactly one incident fits. Reports an editor pinned start as their editor's
incidents and never move.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from app.incidents.rules import PRECISION_RANK, Report, fit, precision_of


@dataclass
class Group:
    """The reports of one incident, as clustering builds it."""

    reports: list[Report] = field(default_factory=list)
    pinned_to: int | None = None  # the editor's incident these reports stay in
    ambiguous: bool = False

    def fit(self, report: Report) -> int | None:
        """The weakest fit against every report in the group (None: one cannot be)."""
        scores = [fit(member, report) for member in self.reports]
        if not scores or any(s is None for s in scores):
            return None
        return min(s for s in scores if s is not None)


def order_key(report: Report) -> tuple[int, dt.date, str, int, int]:
    rank = PRECISION_RANK.get(precision_of(report) or "", 3)
    return (rank, report.date or dt.date.max, report.article_key, report.start, report.event_id)


def month_keys(day: dt.date | None, precision: str | None) -> list[tuple[int, int]]:
    """The (year, month) buckets whose groups a report could fit."""
    if day is None:
        return []
    if precision == "year":
        return [(day.year, m) for m in range(1, 13)]
    index = day.year * 12 + day.month - 1  # months since year 0: no date arithmetic to overflow
    return [(i // 12, i % 12 + 1) for i in (index - 1, index, index + 1) if 1 <= i // 12 <= 9999]


class Clustering:
    """Groups indexed by month, so that a report is compared with its neighbours only."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self.by_month: dict[tuple[int, int], list[Group]] = defaultdict(list)

    def add(self, group: Group) -> None:
        self.groups.append(group)
        self.index(group, group.reports)

    def index(self, group: Group, reports: list[Report]) -> None:
        for report in reports:
            if report.date is not None:
                bucket = self.by_month[(report.date.year, report.date.month)]
                if group not in bucket:
                    bucket.append(group)

    def candidates(self, report: Report) -> list[tuple[int, Group]]:
        seen: dict[int, Group] = {}
        for key in month_keys(report.date, precision_of(report)):
            for group in self.by_month.get(key, []):
                seen[id(group)] = group
        fits = [(group.fit(report), group) for group in seen.values()]
        return [(score, group) for score, group in fits if score is not None]

    def place(self, report: Report) -> None:
        """Join the best-fitting group, or start one (ambiguous on a tie)."""
        found = self.candidates(report)
        best = max((score for score, _ in found), default=None)
        top = [group for score, group in found if score == best]
        year_only = precision_of(report) == "year"
        if len(top) == 1 and not (year_only and len(found) > 1):
            top[0].reports.append(report)
            self.index(top[0], [report])
            return
        if found:  # held for an editor: nothing joins it automatically
            self.groups.append(Group(reports=[report], ambiguous=True))
        else:
            self.add(Group(reports=[report]))


def cluster(reports: list[Report]) -> list[Group]:
    """The incidents of `reports` (of one type): editors' groups first, then the rules."""
    clustering = Clustering()
    pinned: dict[int, Group] = {}
    for report in sorted(reports, key=order_key):
        if report.pinned_to is None:
            continue
        if report.pinned_to not in pinned:
            pinned[report.pinned_to] = Group(pinned_to=report.pinned_to)
            clustering.add(pinned[report.pinned_to])
        pinned[report.pinned_to].reports.append(report)
        clustering.index(pinned[report.pinned_to], [report])
    for report in sorted(reports, key=order_key):
        if report.pinned_to is not None:
            continue
        if report.date is None:  # undated: no chart shows it, and nothing to match it by
            clustering.add(Group(reports=[report]))
        else:
            clustering.place(report)
    return clustering.groups

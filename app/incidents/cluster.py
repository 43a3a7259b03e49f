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
        """How well the report fits the group: it must fit every report in it (else None),
        and scores as its best match (a recall naming the airport fits the incident whose
        reports include one at the airport, however many others leave the place out)."""
        scores = [fit(member, report) for member in self.reports]
        if not scores or any(s is None for s in scores):
            return None
        return max(s for s in scores if s is not None)


def order_key(report: Report) -> tuple[int, dt.date, str, int, int]:
    rank = PRECISION_RANK.get(precision_of(report) or "", 3)
    return (rank, report.date or dt.date.max, report.article_key, report.start, report.event_id)


def days_around(day: dt.date) -> list[dt.date]:
    """The day before, the day, the day after (as far as the calendar goes)."""
    found = []
    for offset in (-1, 0, 1):
        try:
            found.append(day + dt.timedelta(days=offset))
        except OverflowError:
            continue
    return found


class Clustering:
    """Groups indexed the way dates can fit (app/incidents/rules.py `dates_fit`): by the
    days of their day-precise reports, and by month or year where a report is only that
    precise. A report is compared with the groups its date can fit, never with all."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self.by_day: dict[dt.date, list[Group]] = defaultdict(list)
        self.by_month: dict[tuple[int, int], list[Group]] = defaultdict(list)
        self.by_year: dict[int, list[Group]] = defaultdict(list)
        self.coarse_month: dict[tuple[int, int], list[Group]] = defaultdict(list)
        self.coarse_year: dict[int, list[Group]] = defaultdict(list)

    def add(self, group: Group) -> None:
        self.groups.append(group)
        self.index(group, group.reports)

    def index(self, group: Group, reports: list[Report]) -> None:
        for report in reports:
            day, precision = report.date, precision_of(report)
            if day is None:
                continue
            buckets = [self.by_month[(day.year, day.month)], self.by_year[day.year]]
            if precision == "day":
                buckets.append(self.by_day[day])
            elif precision == "month":
                buckets.append(self.coarse_month[(day.year, day.month)])
            else:
                buckets.append(self.coarse_year[day.year])
            for bucket in buckets:
                if not bucket or bucket[-1] is not group:
                    bucket.append(group)

    def neighbours(self, report: Report) -> list[Group]:
        """The groups with a report whose date this one's can fit."""
        day, precision = report.date, precision_of(report)
        assert day is not None
        if precision == "year":
            return self.by_year.get(day.year, [])
        found = list(self.coarse_year.get(day.year, []))
        if precision == "month":
            return found + self.by_month.get((day.year, day.month), [])
        found += self.coarse_month.get((day.year, day.month), [])
        for near in days_around(day):
            found += self.by_day.get(near, [])
        return found

    def candidates(self, report: Report) -> list[tuple[int, Group]]:
        seen = {id(group): group for group in self.neighbours(report)}
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

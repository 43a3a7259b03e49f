"""Month arithmetic, and the filters as timelines apply them (whole months)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from app.dates import EARLIEST, latest
from app.filters import EventFilters

LAST_MONTH = dt.date(dt.MAXYEAR, 12, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first` to `last` (first days), both included."""
    months: list[dt.date] = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        if month >= LAST_MONTH:
            break
        month = next_month(month)
    return months


def timeline_filters(filters: EventFilters) -> EventFilters:
    """The filters as timelines apply them: whole months, and always the counting rules
    (no rejected items, no near duplicates), whatever review_state or include_duplicates say.
    """
    return filters.model_copy(
        update={
            "date_from": month_start(filters.date_from) if filters.date_from else None,
            "date_to": month_end(filters.date_to) if filters.date_to else None,
            "review_state": [],
            "include_duplicates": False,
        }
    )


def covered_months(filters: EventFilters, found: Iterable[dt.date]) -> list[dt.date]:
    """The months an axis shows: the filter's range where given, else the data's span."""
    # A stored date outside the tracker's range (app/dates.py) gets no month on the axis:
    # one such date would otherwise stretch every chart over centuries.
    seen = sorted({m for m in found if month_start(EARLIEST) <= m <= latest()})
    wide = timeline_filters(filters)
    first = wide.date_from or (seen[0] if seen else None)
    last = wide.date_to or (seen[-1] if seen else None)
    if first is None or last is None or first > last:
        return []
    if not seen and not (filters.date_from and filters.date_to):
        return []
    return month_range(first, last)

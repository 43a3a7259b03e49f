"""The one range of dates the tracker takes, wherever a date comes in.

Reporting from 2000 on, and nothing in the future (a day's grace for time zones): a date
given in the upload form, the API, a CSV row, a review correction, a filter or an import
is checked here, with the same message everywhere.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(2000, 1, 1)
GRACE = dt.timedelta(days=1)


def latest(today: dt.date | None = None) -> dt.date:
    return (today or dt.date.today()) + GRACE


def in_range(day: dt.date, *, today: dt.date | None = None) -> bool:
    return EARLIEST <= day <= latest(today)


def check_date(day: dt.date, *, today: dt.date | None = None) -> dt.date:
    """`day`, or ValueError with a message for a person when it is out of range."""
    if day < EARLIEST:
        raise ValueError(f"the date {day} is before 2000: the tracker covers reporting from 2000")
    if day > latest(today):
        raise ValueError(f"the date {day} is in the future")
    return day


def parse_iso_date(value: str | None, *, today: dt.date | None = None) -> dt.date | None:
    """A `YYYY-MM-DD` date (an ISO date-time is taken for its day), or None for an empty
    value; ValueError with a message for a person for anything else or a date out of range.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        day = dt.date.fromisoformat(text) if len(text) <= 10 else dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not a date in YYYY-MM-DD form: {value!r}") from exc
    return check_date(day.date() if isinstance(day, dt.datetime) else day, today=today)

"""A publication date given by a person (CLI, upload form, API): checked, or refused with
a message they can act on. Pure: the command line, the web and ingestion share it."""

from __future__ import annotations

import datetime as dt

EARLIEST_PUBLISHED = dt.date(2000, 1, 1)


def parse_iso_date(value: str | None, *, today: dt.date | None = None) -> dt.date | None:
    """A `YYYY-MM-DD` publication date, or None for an empty value.

    ValueError, with a message for a person, for another form, a date before 2000 (the
    tracker covers reporting from 2000 on) or one in the future (a day's grace for time
    zones).
    """
    if value is None or not value.strip():
        return None
    try:
        day = dt.date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise ValueError(f"not a date in YYYY-MM-DD form: {value!r}") from exc
    if day < EARLIEST_PUBLISHED:
        raise ValueError(f"the date {day} is before 2000: the tracker covers reporting from 2000")
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    if day > latest:
        raise ValueError(f"the date {day} is in the future")
    return day

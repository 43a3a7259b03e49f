"""The grammar of absolute date phrases ("Dec 30, 2019", "30 December 2019", "2019-12-30").

Public and stable: `app.pipeline.dates` re-exports these names, and other stages (event-date
resolution) import them from there. Closed vocabulary (month and weekday names) lives here as
module constants; everything else about dates is in `dates.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?![A-Za-z])"
)
WEEKDAY = r"(?:Mon|Tue(?:s)?|Wed(?:nes)?|Thu(?:r(?:s)?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?(?![A-Za-z])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
YEAR_DIGITS = r"(?:19|20)\d{2}"
# A year ends at a non-digit, or runs into a time or a repeated date when a page glued them
# ("20201:23 PM", "21 Nov 202321 Nov 2023").
YEAR = rf"{YEAR_DIGITS}(?:(?!\d)|(?=\d{{1,2}}:\d\d)|(?=(?:3[01]|[12]\d|0?[1-9])[ \t]+{MONTH}))"

RE_DATE_PHRASE = re.compile(
    rf"(?<![\w.])(?:(?P<weekday>{WEEKDAY}),?[ \t]+)?(?:"
    rf"(?P<iy>{YEAR_DIGITS})[-/](?P<im>0?[1-9]|1[0-2])[-/](?P<id>3[01]|[12]\d|0?[1-9])(?!\d)"
    rf"|(?P<na>\d{{1,2}})(?P<sep>[/.])(?P<nb>\d{{1,2}})(?P=sep)(?P<ny>{YEAR})"
    rf"|(?P<m1>{MONTH})[ \t]+(?P<d1>{DAY})(?:,?[ \t]+|,[ \t]*)(?P<y1>{YEAR})"
    rf"|(?P<d2>{DAY})[ \t]+(?:of[ \t]+)?(?P<m2>{MONTH}),?[ \t]+(?P<y2>{YEAR})"
    rf"|(?P<m3>{MONTH}),?[ \t]+(?P<y3>{YEAR})"
    rf"|(?P<m4>{MONTH})[ \t]+(?P<d4>{DAY})"
    rf"|(?P<d5>{DAY})[ \t]+(?:of[ \t]+)?(?P<m5>{MONTH})"
    r")"
)
RE_ORDINAL = re.compile(r"(?:st|nd|rd|th)$")
RE_DIGIT = re.compile(r"\d")  # every alternative of RE_DATE_PHRASE holds one


@dataclass(frozen=True)
class DatePhrase:
    """An absolute date phrase found in a text; the year may be missing ("Jan. 4")."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    weekday: int | None = None  # as written ("Tuesday 6 Feb 2018"), not checked

    @property
    def precision(self) -> str:
        """ "day" when a day is given, else "month"."""
        return "day" if self.day is not None else "month"

    def to_date(self, reference: dt.date | None = None) -> tuple[dt.date, str] | None:
        """The date and its precision; a phrase without a year takes the latest such date
        not after `reference` (None without a reference, or for an impossible date)."""
        year = self.year
        if year is None:
            if reference is None:
                return None
            year = _latest_year(self.month, self.day or 1, reference)
        try:
            return dt.date(year, self.month, self.day or 1), self.precision
        except ValueError:
            return None


def find_date_phrases(text: str, start: int = 0, end: int | None = None) -> list[DatePhrase]:
    """Every absolute date phrase in `text[start:end]`, with offsets into `text`."""
    out: list[DatePhrase] = []
    end = len(text) if end is None else end
    if RE_DIGIT.search(text, start, end) is None:
        return out
    for m in RE_DATE_PHRASE.finditer(text, start, end):
        phrase = _phrase_from_match(m)
        if phrase is not None:
            out.append(phrase)
    return out


def parse_date_phrase(text: str, *, reference: dt.date | None = None) -> tuple[dt.date, str] | None:
    """Parse a text that is one date phrase: "Dec 30, 2019", "Tuesday 6 Feb 2018",
    "30th December 2019", "2019-12-30" (a time after it is ignored), "March 2020".

    Returns (date, precision) with precision "day" or "month" (a month's date is its first
    day). A phrase without a year ("Jan. 4") needs `reference` and takes the latest such
    date not after it. None when the text is not a date phrase.
    """
    stripped = text.strip()
    m = RE_DATE_PHRASE.match(stripped)
    if m is None or not _only_time_follows(stripped[m.end() :]):
        return None
    phrase = _phrase_from_match(m)
    return phrase.to_date(reference) if phrase is not None else None


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "december"), else None."""
    return MONTHS.get(name.strip().rstrip(".").lower())


def weekday_number(name: str) -> int | None:
    """0 (Monday) to 6 (Sunday) for a weekday name or abbreviation, else None."""
    return WEEKDAYS.get(name.strip().rstrip(".").lower())


def weekday_on_or_before(weekday: int, reference: dt.date) -> dt.date:
    """The latest date with this weekday (0 = Monday) not after `reference`."""
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def month_on_or_before(month: int, reference: dt.date) -> dt.date:
    """The first day of the latest `month` (1-12) not after `reference`'s month."""
    year = reference.year if month <= reference.month else reference.year - 1
    return dt.date(year, month, 1)


def _latest_year(month: int, day: int, reference: dt.date) -> int:
    if (month, day) <= (reference.month, reference.day):
        return reference.year
    return reference.year - 1


RE_TIME_TAIL = re.compile(
    r"^(?:[T ,|]*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[ ]?[AaPp]\.?[Mm]\.?)?"
    r"(?:[ ]?(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC|[A-Z]{2,4}))?)?[ .,]*$"
)


def _only_time_follows(rest: str) -> bool:
    return bool(RE_TIME_TAIL.match(rest))


def _phrase_from_match(m: re.Match[str]) -> DatePhrase | None:
    g = m.groupdict()
    weekday = weekday_number(g["weekday"]) if g["weekday"] else None
    year: int | None
    day: int | None
    if g["iy"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["na"]:
        numeric = _numeric_day_month(int(g["na"]), int(g["nb"]))
        if numeric is None:
            return None
        year, (day, month) = int(g["ny"]), numeric
    else:
        month_name = next(g[k] for k in ("m1", "m2", "m3", "m4", "m5") if g[k])
        day_text = next((g[k] for k in ("d1", "d2", "d4", "d5") if g[k]), None)
        year_text = g["y1"] or g["y2"] or g["y3"]
        month = month_number(month_name) or 0
        day = int(RE_ORDINAL.sub("", day_text)) if day_text else None
        year = int(year_text) if year_text else None
    if not _is_valid(year or 2000, month, day or 1):
        return None
    return DatePhrase(m.start(), m.end(), year, month, day, weekday)


def _numeric_day_month(a: int, b: int) -> tuple[int, int] | None:
    """(day, month) of "a/b/yyyy" when only one reading is possible ("30/12/2019",
    "12/30/2019"); None for "05/01/2020", which could be either."""
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    return (a, b) if a == b else None


def _is_valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True

"""Event date phrases in one sentence, resolved against the publication date.

`find_date_phrases` finds the phrases of one sentence ("on Sunday", "last month", "in January",
"April 7", "late December 2019", "the day before", "weeks before"): relative ones with the
patterns here, full dates with the grammar the publication-date stage publishes (dates.py).
No date search runs over the whole text; binding.py picks the phrase that dates a trigger.

Conventions (../shared/contract/ontology.md): a weekday is the latest such day on or before
publication; "in January" is the latest January not after publication; a phrase that fixes
neither day nor month ("weeks before", "last week" across a month's turn) dates to nothing.
Relative words and number words are closed grammar and live here as constants.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.pipeline.dates import (
    WEEKDAYS,
    month_number,
    month_on_or_before,
    weekday_on_or_before,
)
from app.pipeline.dates import (
    find_date_phrases as find_full_dates,
)

Precision = Literal["day", "month", "year"]
Role = Literal["date", "since", "future", "skip"]

NUMBER_WORDS = {
    word: i
    for i, words in enumerate(
        [(), ("a", "an", "one"), ("two",), ("three",), ("four",), ("five",), ("six",), ("seven",)]
    )
    for word in words
}

_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?:19|20)\d{2}"
_COUNT = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several|some|many"
_REL_WORD = "ago|earlier|before|after|later|prior"
_NOT_A_YEAR = "troops|soldiers|personnel|people|fighters|members|meters|metres|km|miles|rockets"

# Relative and partial phrases; full dates ("Jan. 4, 2020", "6 Feb 2018") come from the
# publication-date stage's grammar (app.pipeline.dates) and take precedence where both match.
RE_RELATIVE_PHRASE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<mon>(?P<mon_last>(?i:last)\s+)?(?P<mon_m>{_FULL})(?!\s+\d))"
    rf"|(?P<wd>(?P<wd_q>(?i:last|next|this)\s+)?(?P<wd_d>{_WEEKDAY})(?:['’]s)?)"
    rf"|(?i:(?P<yday>yesterday|last night))"
    rf"|(?i:(?P<today>today|tonight|earlier today|this (?:morning|afternoon|evening)))"
    rf"|(?i:(?P<shift>(?:the|a) day (?P<shift_w>before|after|earlier|later|prior)"
    rf"|the (?P<shift_n>previous|next|following) day))"
    rf"|(?i:(?P<less>less than a (?:week|month) (?:after|before|later|earlier)))"
    rf"|(?i:(?P<ago>(?:(?P<ago_n>{_COUNT})\s+)?(?P<ago_u>day|week|month|year)s?\s+(?P<ago_w>{_REL_WORD})))"
    rf"|(?i:(?P<fut>tomorrow|in the coming (?:days|weeks|months)"
    rf"|(?:by |until )?the end of (?:this|the|next) (?:week|month|year)|next (?:week|month|year)))"
    rf"|(?i:(?P<samem>(?:earlier|later) (?:in )?(?:the|that) month|(?:that|the same) month))"
    rf"|(?i:(?P<per>(?P<per_q>earlier this|later this|this|last|past|previous)\s+"
    rf"(?P<per_u>weekend|week|month|year)))"
    rf"|(?P<yr>(?P<yr_y>{_YEAR}))(?![\d,-]|\s+(?i:{_NOT_A_YEAR}))"
    rf")(?![\w])"
)
# "since September", or a date inside a since-clause ("since the government declared victory
# in late 2017"): it dates the start of a span, not what comes before it.
RE_SINCE_BEFORE = re.compile(r"(?i:\bsince)\b[^,;.]{0,90}$")
RE_FUTURE_BEFORE = re.compile(
    r"(?i:\b(?:by|until|till|starting(?: from)?|beginning|effective|as of|from))"
    r"\s+(?:(?i:the\s+))?$"
)
# "to be submitted in March", "will vote on Saturday", "is scheduled for Sunday": still to come
RE_FUTURE_TENSE = re.compile(
    r"(?i:\b(?:will|shall|to be|is to|are to|scheduled|due)(?:\s+[\w-]+){0,2}?\s+(?:in|on|for))\s+$"
)
RE_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]+,\s*$")
RE_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
ANCHORED = frozenset({"ago", "shift", "less", "samem"})


@dataclass(frozen=True)
class DateValue:
    date: dt.date
    precision: Precision

    def contains(self, other: DateValue) -> bool:
        """True when `other` falls within this date at this date's precision."""
        if self.precision == "year":
            return self.date.year == other.date.year
        if self.precision == "month":
            return (self.date.year, self.date.month) == (other.date.year, other.date.month)
        return other.precision == "day" and abs((self.date - other.date).days) <= 1

    def compatible(self, other: DateValue) -> bool:
        return self.contains(other) or other.contains(self)


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase; offsets relative to the sentence. `value` None: it fixes no date."""

    start: int
    end: int
    value: DateValue | None
    role: Role
    relative: bool = False
    since: int | None = None  # for role "since": where the since-clause starts
    # "two days after a drone attack": the date of what the phrase governs (two days before
    # its anchor), for a trigger inside the noun phrase that follows it
    governed: DateValue | None = None


def month_start(year: int, month: int) -> DateValue:
    return DateValue(dt.date(year, month, 1), "month")


def shift_months(day: dt.date, months: int) -> DateValue:
    index = day.year * 12 + day.month - 1 - months
    return month_start(index // 12, index % 12 + 1)


def same_month(first: dt.date, last: dt.date) -> DateValue | None:
    """The month of a span of days, or None when the span crosses a month's turn."""
    if (first.year, first.month) != (last.year, last.month):
        return None
    return month_start(first.year, first.month)


def day_without_year(month: int, day: int, pub: dt.date) -> DateValue | None:
    """ "April 7": this year's, unless that is more than a month after publication (then it
    is last year's); a date just after publication stays, to be read as future."""
    try:
        candidate = dt.date(pub.year, month, day)
        if (candidate - pub).days > 31:
            candidate = dt.date(pub.year - 1, month, day)
    except ValueError:
        return None
    return DateValue(candidate, "day")


def full_date_value(
    year: int | None, month: int, day: int | None, pub: dt.date | None
) -> DateValue | None:
    if year is not None:
        return DateValue(dt.date(year, month, day or 1), "day" if day else "month")
    if pub is None:
        return None
    return day_without_year(month, day, pub) if day else month_start(pub.year, month)


def latest_month(month: int, pub: dt.date, *, strictly_before: bool) -> DateValue:
    """The latest `month` not after publication; for "last April" strictly before its month."""
    first = month_on_or_before(month, pub)
    if strictly_before and (first.year, first.month) == (pub.year, pub.month):
        first = first.replace(year=first.year - 1)
    return month_start(first.year, first.month)


def weekday(m: re.Match[str], pub: dt.date) -> DateValue | None:
    """The latest such weekday on or before publication ("last Sunday": the one before)."""
    qualifier = (m["wd_q"] or "").strip().lower()
    if qualifier == "next":
        return None
    day = weekday_on_or_before(WEEKDAYS[m["wd_d"].lower()], pub)
    if qualifier == "last" and day == pub:
        day -= dt.timedelta(days=7)
    return DateValue(day, "day")


def period(m: re.Match[str], pub: dt.date) -> DateValue | None:
    """ "last month", "this year", "last week" (None when the week crosses a month's turn)."""
    qualifier, unit = m["per_q"].lower(), m["per_u"].lower()
    back = qualifier in ("last", "past", "previous")
    if unit == "year":
        return DateValue(dt.date(pub.year - back, 1, 1), "year")
    if unit == "month":
        return shift_months(pub, 1) if back else month_start(pub.year, pub.month)
    monday = pub - dt.timedelta(days=pub.weekday())
    if unit == "weekend":
        saturday = monday - dt.timedelta(days=2) if back or pub.weekday() < 5 else monday
        return same_month(saturday, saturday + dt.timedelta(days=1))
    if qualifier == "past":
        return same_month(pub - dt.timedelta(days=7), pub - dt.timedelta(days=1))
    if back:
        return same_month(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    return same_month(monday, pub)


def ago(
    m: re.Match[str], anchor: DateValue | None, pub: dt.date | None, *, flip: bool = False
) -> DateValue | None:
    """ "two days ago" (before publication); "days later", "two days after", "months before"
    (relative to an anchor: the next date in the sentence, or the one before it)."""
    count_word, unit = (m["ago_n"] or "").lower(), m["ago_u"].lower()
    count = int(count_word) if count_word.isdigit() else NUMBER_WORDS.get(count_word)
    word = m["ago_w"].lower()
    if unit == "week":
        return None
    if word == "ago" or (anchor is None and unit == "month" and count is None):
        # "months ago"; "months after" with nothing to count from reads from the present
        return before_publication(unit, count, pub) if pub else None
    if anchor is None:
        return None
    sign = (1 if word in ("after", "later") else -1) * (-1 if flip else 1)
    if unit == "day" and count is not None and anchor.precision == "day":
        return DateValue(anchor.date + dt.timedelta(days=sign * count), "day")
    if unit == "day":  # "days later": the anchor's month
        return month_start(anchor.date.year, anchor.date.month)
    if unit == "year" and count is not None:
        return DateValue(dt.date(anchor.date.year + sign * count, 1, 1), "year")
    return None


def before_publication(unit: str, count: int | None, pub: dt.date) -> DateValue | None:
    """ "three days ago", "months ago", "two years ago"."""
    if unit == "day":
        if count is not None:
            return DateValue(pub - dt.timedelta(days=count), "day")
        return month_start(pub.year, pub.month) if pub.day > 7 else None
    if unit == "month":
        if count is not None:
            return shift_months(pub, count)
        return DateValue(dt.date(pub.year, 1, 1), "year") if pub.month >= 4 else None
    return DateValue(dt.date(pub.year - count, 1, 1), "year") if count else None


def relative_value(m: re.Match[str], pub: dt.date | None) -> DateValue | None:
    """Phrases that need the publication date (or, for a year, nothing)."""
    kind = m.lastgroup
    if kind == "yr":
        return DateValue(dt.date(int(m["yr_y"]), 1, 1), "year")
    if pub is None:
        return None
    resolvers: dict[str, Callable[[], DateValue | None]] = {
        "mon": lambda: latest_month(
            month_number(m["mon_m"]) or 1, pub, strictly_before=bool(m["mon_last"])
        ),
        "wd": lambda: weekday(m, pub),
        "yday": lambda: DateValue(pub - dt.timedelta(days=1), "day"),
        "today": lambda: DateValue(pub, "day"),
        "per": lambda: period(m, pub),
    }
    return resolvers[kind]() if kind in resolvers else None


def anchored_value(
    m: re.Match[str], anchor: DateValue | None, pub: dt.date | None
) -> DateValue | None:
    """ "the day before" / "two days after" an anchor; "two days ago" publication."""
    if m.lastgroup == "less":
        return None
    if m.lastgroup == "samem":  # "earlier in the month": the month of the date told before
        return month_start(anchor.date.year, anchor.date.month) if anchor else None
    if m.lastgroup == "shift":
        if anchor is None or anchor.precision != "day":
            return None
        word = (m["shift_w"] or m["shift_n"]).lower()
        sign = 1 if word in ("after", "later", "next", "following") else -1
        return DateValue(anchor.date + dt.timedelta(days=sign), "day")
    return ago(m, anchor, pub)


def is_after(value: DateValue, pub: dt.date) -> bool:
    """True when the whole of `value` lies after the publication date."""
    if value.precision == "year":
        return value.date.year > pub.year
    if value.precision == "month":
        return (value.date.year, value.date.month) > (pub.year, pub.month)
    return value.date > pub


def since_start(text: str, start: int) -> int | None:
    """Where the since-clause holding the phrase at `start` begins, if it is in one."""
    low = max(0, start - 100)
    m = RE_SINCE_BEFORE.search(text, low, start)
    return m.start() if m else None


def phrase_role(
    text: str, start: int, kind: str, value: DateValue | None, pub: dt.date | None
) -> Role:
    before = text[max(0, start - 30) : start]
    if kind == "iso" or RE_DATELINE.match(text[:start]):
        return "skip"
    if kind == "fut" or RE_FUTURE_BEFORE.search(before) or RE_FUTURE_TENSE.search(before):
        return "future"
    if value is not None and pub is not None and is_after(value, pub):
        return "future"
    if since_start(text, start) is not None:
        return "since"
    return "date"


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str  # "full", "iso", or a group name of RE_RELATIVE_PHRASE
    value: DateValue | None
    match: re.Match[str] | None = None


def found_phrases(text: str, pub: dt.date | None) -> list[Found]:
    """Full dates first; relative phrases where no full date stands."""
    found = []
    for p in find_full_dates(text):
        iso = RE_ISO.match(text, p.start) is not None
        value = None if iso else full_date_value(p.year, p.month, p.day, pub)
        found.append(Found(p.start, p.end, "iso" if iso else "full", value))
    taken = [(f.start, f.end) for f in found]
    for m in RE_RELATIVE_PHRASE.finditer(text):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        kind = m.lastgroup or ""
        value = None if kind in ANCHORED else relative_value(m, pub)
        found.append(Found(m.start(), m.end(), kind, value, m))
    return sorted(found, key=lambda f: f.start)


def governed_value(f: Found, anchor: DateValue | None, pub: dt.date | None) -> DateValue | None:
    """ "two days after X" / "a day before X": the date of X, when counted in days from a
    day (the anchor is the date the phrase itself resolves from)."""
    if f.match is None or f.match["ago_w"].lower() not in ("after", "before"):
        return None
    if f.match["ago_u"].lower() != "day" or anchor is None or anchor.precision != "day":
        return None
    return ago(f.match, anchor, pub, flip=True)


def find_date_phrases(
    text: str, published: dt.date | None, context: DateValue | None = None
) -> list[DatePhrase]:
    """Date phrases of one sentence, resolved; "the day before", "days later" against the next
    date in the sentence, else `context` (the date the sentence before ended on)."""
    found = found_phrases(text, published)
    phrases: list[DatePhrase] = []
    for i, f in enumerate(found):
        value, anchor = f.value, None
        if f.kind in ANCHORED and f.match is not None:
            anchor = next((later.value for later in found[i + 1 :] if later.value), context)
            value = anchored_value(f.match, anchor, published)
        role = phrase_role(text, f.start, f.kind, value, published)
        since = since_start(text, f.start) if role == "since" else None
        # "passed a resolution on Sunday, two days after a strike": the clause's own date first
        before = next((p.value for p in reversed(phrases) if p.value and p.role == "date"), None)
        governed = governed_value(f, before or anchor, published) if f.kind == "ago" else None
        phrases.append(DatePhrase(f.start, f.end, value, role, f.kind in ANCHORED, since, governed))
    return phrases


def last_date(phrases: list[DatePhrase]) -> DateValue | None:
    """The last date a sentence gives (the anchor for "days later" in the next sentence)."""
    dated = [p.value for p in phrases if p.value is not None and p.role in ("date", "since")]
    return dated[-1] if dated else None

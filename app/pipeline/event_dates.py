"""Event date phrases in one sentence, resolved against the publication date.

`find_date_phrases` finds the phrases ("on Sunday", "last month", "in January", "April 7",
"late December 2019", "the day before", "weeks before") with its own patterns: no date search
runs over the whole text. `bind_date` then picks the phrase that dates one trigger.

Conventions (../shared/contract/ontology.md): a weekday is the latest such day on or before
publication; "in January" is the latest January not after publication; a phrase that fixes
neither day nor month ("weeks before", "last week" across a month's turn) dates to nothing.
Month names, weekdays and number words are closed grammar and live here as constants.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
Role = Literal["date", "since", "future", "skip"]
Strength = Literal["near", "report", "far", "default", "unfixed"]

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    word: i
    for i, words in enumerate(
        [(), ("a", "an", "one"), ("two",), ("three",), ("four",), ("five",), ("six",), ("seven",)]
    )
    for word in words
}

_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_FULL}|{_ABBR})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_COUNT = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several|some|many"
_REL_WORD = "ago|earlier|before|after|later|prior"
_NOT_A_YEAR = "troops|soldiers|personnel|people|fighters|members|meters|metres|km|miles|rockets"

RE_DATE_PHRASE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}\S*)?)"
    rf"|(?P<mdy>(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})(?:,?\s+(?P<mdy_y>{_YEAR}))?(?![\d:]))"
    rf"|(?P<dmy>(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH})(?:,?\s+(?P<dmy_y>{_YEAR}))?)"
    rf"|(?P<my>(?P<my_m>{_FULL}|{_ABBR}),?\s+(?P<my_y>{_YEAR}))"
    rf"|(?P<mon>(?P<mon_last>(?i:last)\s+)?(?P<mon_m>{_FULL})(?!\s+\d))"
    rf"|(?P<wd>(?P<wd_q>(?i:last|next|this)\s+)?(?P<wd_d>{_WEEKDAY})(?:['’]s)?)"
    rf"|(?i:(?P<yday>yesterday|last night))"
    rf"|(?i:(?P<today>today|tonight|earlier today|this (?:morning|afternoon|evening)))"
    rf"|(?i:(?P<shift>(?:the|a) day (?P<shift_w>before|after|earlier|later|prior)))"
    rf"|(?i:(?P<less>less than a (?:week|month) (?:after|before|later|earlier)))"
    rf"|(?i:(?P<ago>(?:(?P<ago_n>{_COUNT})\s+)?(?P<ago_u>day|week|month|year)s?\s+(?P<ago_w>{_REL_WORD})))"
    rf"|(?i:(?P<fut>tomorrow|in the coming (?:days|weeks|months)"
    rf"|(?:by |until )?the end of (?:this|the|next) (?:week|month|year)|next (?:week|month|year)))"
    rf"|(?i:(?P<per>(?P<per_q>earlier this|later this|this|last|past|previous)\s+"
    rf"(?P<per_u>week|month|year)))"
    rf"|(?P<yr>(?P<yr_y>{_YEAR}))(?![\d,-]|\s+(?i:{_NOT_A_YEAR}))"
    rf")(?![\w])"
)
RE_SINCE_BEFORE = re.compile(r"(?i:\bsince)\s+(?:(?i:early|late|mid|the end of)[\s-]+)?$")
RE_FUTURE_BEFORE = re.compile(
    r"(?i:\b(?:by|until|till|starting(?: from)?|beginning|effective|as of|from))"
    r"\s+(?:(?i:the\s+))?$"
)
RE_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]+,\s*$")
RE_REPORT_VERB = re.compile(
    r"(?i:\b(?:said|says|saying|told|announced|stated|confirmed|added|reported|tweeted|vowed|"
    r"warned|pledged|statement|noted|quoted|cited|according)\b)"
)
DATED_STRENGTHS = frozenset({"near", "report", "far"})
NEAR_CHARS = 60
REPORT_WINDOW = 25


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
        return other.precision == "day" and abs((self.date - other.date).days) <= 2

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


@dataclass(frozen=True)
class BoundDate:
    value: DateValue | None
    strength: Strength


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


def month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def latest_month(month: int, pub: dt.date, *, strictly_before: bool = False) -> DateValue:
    """The latest `month` not after publication (strictly before its month for "last")."""
    year = pub.year if (month < pub.month or (month == pub.month and not strictly_before)) else 0
    return month_start(year or pub.year - 1, month)


def day_without_year(month: int, day: int, pub: dt.date) -> DateValue | None:
    """ "April 7": this year's, unless that is more than a month after publication."""
    try:
        candidate = dt.date(pub.year, month, day)
        if (candidate - pub).days > 31:
            candidate = dt.date(pub.year - 1, month, day)
    except ValueError:
        return None
    return DateValue(candidate, "day")


def full_date(year: str | None, month: str, day: str, pub: dt.date | None) -> DateValue | None:
    d = int(re.sub(r"\D", "", day))
    if year:
        try:
            return DateValue(dt.date(int(year), month_number(month), d), "day")
        except ValueError:
            return None
    return day_without_year(month_number(month), d, pub) if pub else None


def weekday(m: re.Match[str], pub: dt.date) -> DateValue | None:
    qualifier = (m["wd_q"] or "").strip().lower()
    if qualifier == "next":
        return None
    delta = (pub.weekday() - WEEKDAYS.index(m["wd_d"].lower())) % 7
    if qualifier == "last" and delta == 0:
        delta = 7
    return DateValue(pub - dt.timedelta(days=delta), "day")


def period(m: re.Match[str], pub: dt.date) -> DateValue | None:
    qualifier, unit = m["per_q"].lower(), m["per_u"].lower()
    back = qualifier in ("last", "past", "previous")
    if unit == "year":
        return DateValue(dt.date(pub.year - back, 1, 1), "year")
    if unit == "month":
        return shift_months(pub, 1) if back else month_start(pub.year, pub.month)
    monday = pub - dt.timedelta(days=pub.weekday())
    if qualifier == "past":
        return same_month(pub - dt.timedelta(days=7), pub - dt.timedelta(days=1))
    if back:
        return same_month(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    return same_month(monday, pub)


def ago(m: re.Match[str], anchor: DateValue | None, pub: dt.date) -> DateValue | None:
    """ "two days ago", "days after", "months before": relative to an anchor or publication."""
    count_word, unit = (m["ago_n"] or "").lower(), m["ago_u"].lower()
    count = int(count_word) if count_word.isdigit() else NUMBER_WORDS.get(count_word)
    sign = 1 if m["ago_w"].lower() in ("after", "later") else -1
    if unit == "week":
        return None
    if anchor is not None:
        if unit == "day" and count is not None and anchor.precision == "day":
            return DateValue(anchor.date + dt.timedelta(days=sign * count), "day")
        return anchor if unit == "day" and anchor.precision == "month" else None
    if unit == "day":
        if count is not None:
            return DateValue(pub - dt.timedelta(days=count), "day")
        return month_start(pub.year, pub.month) if pub.day > 7 else None
    if unit == "month":
        if count is not None:
            return shift_months(pub, count)
        return DateValue(dt.date(pub.year, 1, 1), "year") if pub.month >= 4 else None
    return DateValue(dt.date(pub.year - (count or 1), 1, 1), "year") if count else None


def absolute_value(m: re.Match[str], pub: dt.date | None) -> DateValue | None:
    """Phrases that need no anchor but (for some) the publication date."""
    kind = m.lastgroup
    if kind == "mdy":
        return full_date(m["mdy_y"], m["mdy_m"], m["mdy_d"], pub)
    if kind == "dmy":
        return full_date(m["dmy_y"], m["dmy_m"], m["dmy_d"], pub)
    if kind == "my":
        return month_start(int(m["my_y"]), month_number(m["my_m"]))
    if kind == "yr":
        return DateValue(dt.date(int(m["yr_y"]), 1, 1), "year")
    if pub is None:
        return None
    resolvers: dict[str, Callable[[], DateValue | None]] = {
        "mon": lambda: latest_month(
            month_number(m["mon_m"]), pub, strictly_before=bool(m["mon_last"])
        ),
        "wd": lambda: weekday(m, pub),
        "yday": lambda: DateValue(pub - dt.timedelta(days=1), "day"),
        "today": lambda: DateValue(pub, "day"),
        "per": lambda: period(m, pub),
    }
    return resolvers[kind]() if kind in resolvers else None


def is_after(value: DateValue, pub: dt.date) -> bool:
    """True when the whole of `value` lies after the publication date."""
    if value.precision == "year":
        return value.date.year > pub.year
    if value.precision == "month":
        return (value.date.year, value.date.month) > (pub.year, pub.month)
    return value.date > pub


def phrase_role(text: str, m: re.Match[str], value: DateValue | None, pub: dt.date | None) -> Role:
    before = text[max(0, m.start() - 30) : m.start()]
    if m.lastgroup in ("iso", "fut") or RE_DATELINE.match(text[: m.start()]):
        return "skip" if m.lastgroup != "fut" else "future"
    if RE_FUTURE_BEFORE.search(before) or (m.lastgroup == "wd" and m["wd_q"] == "next"):
        return "future"
    if value is not None and pub is not None and is_after(value, pub):
        return "future"
    if RE_SINCE_BEFORE.search(before):
        return "since"
    return "date"


def find_date_phrases(text: str, published: dt.date | None) -> list[DatePhrase]:
    """Date phrases of one sentence, resolved; relative ones against the next absolute one."""
    matches = list(RE_DATE_PHRASE.finditer(text))
    absolute: list[tuple[re.Match[str], DateValue | None]] = [
        (m, None if m.lastgroup in ("ago", "shift", "less") else absolute_value(m, published))
        for m in matches
    ]
    phrases = []
    for i, (m, value) in enumerate(absolute):
        relative = m.lastgroup in ("ago", "shift", "less")
        if relative:
            anchor = next(
                (v for _, v in absolute[i + 1 :] if v is not None),
                None,
            )
            value = relative_value(m, anchor, published)
        phrases.append(
            DatePhrase(m.start(), m.end(), value, phrase_role(text, m, value, published), relative)
        )
    return phrases


def relative_value(
    m: re.Match[str], anchor: DateValue | None, pub: dt.date | None
) -> DateValue | None:
    if m.lastgroup == "less" or (anchor is None and pub is None):
        return None
    if m.lastgroup == "shift":
        if anchor is None or anchor.precision != "day":
            return None
        sign = 1 if m["shift_w"].lower() in ("after", "later") else -1
        return DateValue(anchor.date + dt.timedelta(days=sign), "day")
    return ago(m, anchor, pub or (anchor.date if anchor else dt.date.min))


def is_report_date(text: str, phrase: DatePhrase, trigger: tuple[int, int]) -> bool:
    """A date tied to a reporting verb ("said on Sunday") rather than to the trigger."""
    before = text[max(0, phrase.start - REPORT_WINDOW) : phrase.start]
    after = text[phrase.end : phrase.end + REPORT_WINDOW]
    found = [m.end() - len(before) for m in RE_REPORT_VERB.finditer(before)]
    found += [m.start() + (phrase.end - phrase.start) for m in RE_REPORT_VERB.finditer(after)]
    if not found:
        return False
    verb_gap = min(abs(g) for g in found)
    return verb_gap < gap(phrase, trigger)


def gap(phrase: DatePhrase, trigger: tuple[int, int]) -> int:
    """Characters between a phrase and a trigger span (0 when they touch or overlap)."""
    return max(0, phrase.start - trigger[1], trigger[0] - phrase.end)


def bind_date(
    text: str,
    phrases: list[DatePhrase],
    trigger: tuple[int, int],
    *,
    max_gap: int | None = None,
    max_gap_before: int | None = None,
) -> BoundDate | None:
    """The date of the trigger at `trigger` (sentence offsets), or None when none binds.

    "since September" dates only what follows it ("since September, when shells landed");
    future and deadline phrases ("starting from Sunday", "by the end of the year") date nothing.
    """
    candidates = [
        p
        for p in phrases
        if p.role == "date" or (p.role == "since" and p.end <= trigger[0])
        if max_gap is None or gap(p, trigger) <= max_gap
        if max_gap_before is None or p.start >= trigger[0] or gap(p, trigger) <= max_gap_before
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (gap(p, trigger), p.start < trigger[0]))
    if best.value is None:
        return BoundDate(None, "unfixed")
    if is_report_date(text, best, trigger):
        return BoundDate(best.value, "report")
    return BoundDate(best.value, "near" if gap(best, trigger) <= NEAR_CHARS else "far")


def default_date(published: dt.date | None) -> BoundDate:
    """A statement with no day given is dated to its publication month."""
    if published is None:
        return BoundDate(None, "default")
    return BoundDate(month_start(published.year, published.month), "default")

"""The publication date of an article, and the public date-phrase helpers.

`find_published` ranks the dates a text ties to the story and keeps the best:

    5  a labelled date: "date 2019-12-30", "Published: 6 Feb 2018", "Date: 2020-07-15T22:30"
    4  the page's own metadata (article:published_time, JSON-LD datePublished)
    3  a byline-like short line near the top that is mostly a date ("Reuters , Tuesday
       6 Feb 2018", "Source: Xinhua| 2020-01-05 03:51:03"), or a dateline carrying a year
       ("MOSCOW (Sputnik - 11th June, 2020)")
    2  "Updated: 2020-03-13 09:25"
    1  page furniture: "Last Update 20:39 / Monday, 20 January 2020"

Dates inside running prose, photo captions and quotes are never publication dates, and a
dateline without a year ("BAGHDAD, Jan. 4 (Xinhua)") gives none: a wrong date is worse than
none. The caller's date (`given`) always wins.

The phrase grammar lives in `date_phrases.py` and is re-exported here for other stages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.pipeline.date_phrases import (
    MONTH,
    MONTHS,
    RE_DATE_PHRASE,
    WEEKDAYS,
    DatePhrase,
    find_date_phrases,
    month_number,
    month_on_or_before,
    parse_date_phrase,
    weekday_number,
    weekday_on_or_before,
)
from app.pipeline.types import CleanDoc, PublishedDate

__all__ = [
    "MONTHS",
    "RE_DATE_PHRASE",
    "WEEKDAYS",
    "DatePhrase",
    "find_date_phrases",
    "find_published",
    "month_number",
    "month_on_or_before",
    "parse_date_phrase",
    "weekday_number",
    "weekday_on_or_before",
]

RANK_LABELLED = 5
RANK_META = 4
RANK_BYLINE = 3
RANK_UPDATED = 2
RANK_FURNITURE = 1

TOP_LINES = 25  # non-empty lines that count as the head of an article
TOP_CHARS = 3000
MENU_ITEM_MAX_CHARS = 30  # a shorter line of at most MENU_ITEM_MAX_WORDS words is a link
MENU_ITEM_MAX_WORDS = 3
HEADLINE_MIN_WORDS = 4
BYLINE_MAX_CHARS = 100
BYLINE_MAX_OTHER_WORDS = 8
DATELINE_WINDOW = 90
EARLIEST_YEAR = 1990

LABELS: dict[str, int] = {
    "date": RANK_LABELLED,
    "dated": RANK_LABELLED,
    "published": RANK_LABELLED,
    "published on": RANK_LABELLED,
    "published at": RANK_LABELLED,
    "first published": RANK_LABELLED,
    "originally published": RANK_LABELLED,
    "publication date": RANK_LABELLED,
    "published date": RANK_LABELLED,
    "date published": RANK_LABELLED,
    "date posted": RANK_LABELLED,
    "posted": RANK_LABELLED,
    "posted on": RANK_LABELLED,
    "released": RANK_LABELLED,
    "publish date": RANK_LABELLED,
    "publishing date": RANK_LABELLED,
    "date of publication": RANK_LABELLED,
    "update": RANK_UPDATED,
    "updated": RANK_UPDATED,
    "updated on": RANK_UPDATED,
    "modified": RANK_UPDATED,
    "last modified": RANK_FURNITURE,
    "last update": RANK_FURNITURE,
    "last updated": RANK_FURNITURE,
}
TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}))?[\s,|]*"
RE_LABEL = re.compile(
    r"[|•·]?\s*\W*(?P<label>"
    + "|".join(sorted((re.escape(k) for k in LABELS), key=len, reverse=True))
    + r")(?![A-Za-z])(?:\s+(?:on|at))?\s*[:\-–|]?\s*(?P<time>"
    + TIME
    + r")?",
    re.IGNORECASE,
)
LABEL_SEPARATORS = ("|", "•", "·", "/")
RE_FURNITURE_LINE = re.compile(r"^\W*last\s+(?:update|updated|modified)\b", re.IGNORECASE)
# A dateline's place: "BAGHDAD", "ERBIL, Kurdistan Region", or "Baghdad," right before a date.
RE_DATELINE_CAPS = re.compile(
    rf"^[ \t\"']*[A-Z][A-Z'.\-]{{2,}}(?:,?[ \t]+(?!{MONTH})[A-Z][A-Za-z'.\-]+){{0,3}},?[ \t]*"
    r"(?P<paren>\([^()]{0,60}\))?[ \t]*"
)
# "Baghdad, " or "Erbil, Iraq (Rudaw) " right before a date.
TITLE_PLACE = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"
RE_DATELINE_PLACE = re.compile(
    rf"^[ \t\"']*{TITLE_PLACE}(?:,[ \t]*(?!{MONTH}){TITLE_PLACE})?,?[ \t]*"
    r"(?P<paren>\([^()]{0,60}\))?[ \t]*"
)
# Words a byline may hold besides names and the date.
BYLINE_WORDS = frozenset(
    {
        *("by", "and", "ago", "seconds", "second", "minutes", "minute", "hours", "hour"),
        *("min", "read", "at", "on", "am", "pm", "gmt", "utc", "et", "updated", "update"),
        *("published", "posted", "last", "date", "source", "editor", "views", "of", "the"),
        *("staff", "correspondent", "reporter", "writer", "news", "agency", "agencies"),
        *("al", "el", "bin", "ibn", "abu", "abd", "de", "van", "von"),  # parts of names
    }
)
RE_CAPTION = re.compile(
    r"REUTERS/|AFP/|/AP\b|\bAP Photo\b|Getty Images|\b[Ff]ile photo\b|\bPhoto(?:graph)?:|"
    r"\bpictured\b|\bcaption\b"
)
RE_WORD = re.compile(r"[^\W\d_]{2,}")  # letters of any script: "İclal" is a capitalised name
# A day-month-year in digits with dashes or dots ("21-08-2019", "03.02.2023": day first, as
# in every outlet that writes the year last with these), which the phrase grammar leaves
# alone when day and month could swap; read only in a stamp or a byline-like line.
RE_DMY = re.compile(
    r"(?<![\d.-])(?P<d>\d{1,2})(?P<sep>[-.])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d-])"
)
RE_DIGITS = re.compile(r"\d\d")
RE_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Candidate:
    date: dt.date
    rank: int
    pos: int


def find_published(doc: CleanDoc, *, given: dt.date | None = None) -> PublishedDate:
    """The article's publication date: `given`, else the best date the text ties to the
    story (source "text"), else none."""
    if given is not None:
        return PublishedDate(date=given, source="given")
    headline_at = _headline_start(doc.text)
    candidates = [
        c for c in _text_candidates(doc.text) if not _is_site_banner(doc.text, c, headline_at)
    ]
    if doc.meta_published is not None and _is_plausible(doc.meta_published):
        candidates.append(Candidate(doc.meta_published, RANK_META, -1))
    if not candidates:
        return PublishedDate(date=None, source=None)
    best = max(candidates, key=lambda c: (c.rank, -c.pos))
    return PublishedDate(date=best.date, source="text")


def _headline_start(text: str) -> int:
    """Where the first line of words starts (the headline, past a menu and date lines)."""
    for start, body in _lines(text[:TOP_CHARS]):
        if len(RE_WORD.findall(body)) >= HEADLINE_MIN_WORDS and not find_date_phrases(body):
            return start
    return -1


def _is_site_banner(text: str, found: Candidate, headline_at: int) -> bool:
    """An unlabelled line above the headline that is today's date with its weekday and
    nothing else ("Friday March 29, 2024", "| 3 March 2024, Sunday |"): the site's date of
    viewing, not the story's, which comes with a time, a source or a label."""
    if found.rank != RANK_BYLINE or headline_at < 0 or found.pos >= headline_at:
        return False
    line_start = text.rfind("\n", 0, found.pos) + 1
    line_end = text.find("\n", found.pos)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    phrases = find_date_phrases(line)
    if len(phrases) != 1:
        return False
    rest = line[: phrases[0].start] + " " + line[phrases[0].end :]
    words = RE_WORD.findall(line)
    return (
        any(w.lower() in WEEKDAYS for w in words)
        and not any(c.isdigit() for c in rest)
        and all(w.lower() in WEEKDAYS for w in RE_WORD.findall(rest))
    )


def _text_candidates(text: str) -> Iterator[Candidate]:
    previous = ""
    index = 0  # lines of text so far: a site's menu of one-word links does not count
    for start, body in _lines(text):
        at_top = index < TOP_LINES and start < TOP_CHARS
        found = _line_candidate(body, start, previous, at_top=at_top)
        if found is not None and _is_plausible(found.date):
            yield found
        previous = body
        index += len(body.strip()) > MENU_ITEM_MAX_CHARS or len(body.split()) > MENU_ITEM_MAX_WORDS


def _line_candidate(line: str, start: int, previous: str, *, at_top: bool) -> Candidate | None:
    if not RE_DIGITS.search(line):
        return None  # every date form has digits: skip the line cheaply
    found = _labelled(line, start)
    if found is None and at_top:
        found = _byline(line, start, previous) or _dateline(line, start)
        if found is not None and RE_CAPTION.search(line):
            return None
    return found


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for m in RE_LINE.finditer(text):
        if m.group().strip():
            yield m.start(), m.group()


def _labelled(line: str, start: int) -> Candidate | None:
    """A date right after a label: "Published: ...", "date 2019-12-30", "| Updated: ...";
    of several on one line ("Updated: X / Originally published Y"), the best label's."""
    found = []
    for pos in _label_positions(line):
        m = RE_LABEL.match(line, pos)
        if m is None:
            continue
        phrase = _full_date_at(line, m.end())
        if phrase is not None:
            rank = LABELS[" ".join(m["label"].lower().split())]
            found.append(Candidate(phrase, rank, start + m.start()))
    return max(found, key=lambda c: (c.rank, -c.pos)) if found else None


def _label_positions(line: str) -> list[int]:
    """Where a label may start: the line's start, or a separator ("Xinhua | Updated: ...")."""
    positions = [0]
    for separator in LABEL_SEPARATORS:
        pos = line.find(separator)
        while pos >= 0:
            positions.append(pos)
            pos = line.find(separator, pos + 1)
    return sorted(positions)


def _byline(line: str, start: int, previous: str) -> Candidate | None:
    """A short line that is mostly a full date (a byline or a page's date line)."""
    if len(line.strip()) > BYLINE_MAX_CHARS:
        return None
    phrases = [p for p in find_date_phrases(line) if p.year is not None and p.day is not None]
    if not phrases:
        return _dashed_byline(line, start)
    first = phrases[0]
    before, after = RE_WORD.findall(line[: first.start]), RE_WORD.findall(line[first.end :])
    if len(before) + len(after) > BYLINE_MAX_OTHER_WORDS:
        return None
    if _prose_words(before) > 0 or _prose_words(after) > 1:
        return None  # a sentence or a caption, not a byline
    rank = RANK_FURNITURE if RE_FURNITURE_LINE.match(previous) else RANK_BYLINE
    date = first.to_date()
    return Candidate(date[0], rank, start + first.start) if date else None


def _dashed_byline(line: str, start: int) -> Candidate | None:
    """A byline-like line whose date is "21-08-2019" or "03.02.2023" (day first)."""
    m = RE_DMY.search(line)
    if m is None:
        return None
    words = RE_WORD.findall(line[: m.start()]) + RE_WORD.findall(line[m.end() :])
    if len(words) > BYLINE_MAX_OTHER_WORDS or _prose_words(words) > 0:
        return None
    date = _dmy_date(m)
    return Candidate(date, RANK_BYLINE, start + m.start()) if date else None


def _dmy_date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _prose_words(words: list[str]) -> int:
    return sum(1 for w in words if w.islower() and w not in BYLINE_WORDS)


def _dateline(line: str, start: int) -> Candidate | None:
    """A dateline that carries a full date: "MOSCOW (Sputnik - 11th June, 2020) ...",
    "Baghdad, Dec 30, 2019 (IANS)"."""
    place = RE_DATELINE_CAPS.match(line) or RE_DATELINE_PLACE.match(line)
    if place is None:
        return None
    # The date follows the place at once, or sits in the parentheses after it (or follows
    # them: "Erbil, Iraq (Rudaw) 20/11/2023").
    first = place.start("paren") if place["paren"] else place.end()
    window = (first, place.end() + 1)
    for phrase in find_date_phrases(line, 0, min(len(line), DATELINE_WINDOW)):
        if not window[0] <= phrase.start < window[1]:
            continue
        if phrase.year is not None and phrase.day is not None:
            date = phrase.to_date()
            return Candidate(date[0], RANK_BYLINE, start + phrase.start) if date else None
    return None


def _full_date_at(line: str, pos: int) -> dt.date | None:
    line, pos = line[pos:], 0  # a date glued to its label ("Publish date18 May 2019")
    m = RE_DATE_PHRASE.match(line, pos)
    if m is None:
        dmy = RE_DMY.match(line, pos)
        return _dmy_date(dmy) if dmy else None
    phrases = find_date_phrases(line, m.start(), m.end())
    if not phrases or phrases[0].year is None or phrases[0].day is None:
        return None
    date = phrases[0].to_date()
    return date[0] if date else None


def _is_plausible(date: dt.date) -> bool:
    return date.year >= EARLIEST_YEAR and date <= dt.date.today() + dt.timedelta(days=2)

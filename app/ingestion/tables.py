"""CSV exports of news databases: one article per row, columns matched loosely by name.

Exports name their columns differently ("Headline", "Publication Date", "Source", "Link",
"Full text", ...). `guess_mapping` maps them to the fields title, published, outlet, url and
text: case, spaces, underscores and hyphens do not matter, known synonyms match exactly,
and otherwise a column whose name contains a field's key word ("Article headline") is
taken. The web form shows the mapping before import and may send a corrected one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from app.pipeline.ingest import UnreadableInput, decode_bytes

FIELDS: tuple[str, ...] = ("title", "published", "outlet", "url", "text")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "head", "article title", "story title"),
    "published": (
        "published", "date", "publication date", "pub date", "pubdate", "published date",
        "published at", "publish date", "date published", "datetime", "load date",
        "published on", "article date", "time",
    ),
    "outlet": (
        "outlet", "source", "publication", "publisher", "newspaper", "source name",
        "media", "media outlet", "site", "news source", "publication name", "journal",
    ),
    "url": ("url", "link", "source url", "article url", "web address", "permalink", "uri"),
    "text": (
        "text", "body", "content", "article", "full text", "fulltext", "article text",
        "body text", "story", "article body", "main text", "hlead",
    ),
}  # fmt: skip
# Key words tried in this order when no name matches exactly ("source url" is a url).
KEY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("url", ("url", "link", "permalink")),
    ("published", ("date", "published")),
    ("title", ("title", "headline")),
    ("text", ("text", "body", "content")),
    ("outlet", ("source", "outlet", "publication", "publisher", "newspaper")),
)
EXACT: dict[str, str] = {name: field for field, names in SYNONYMS.items() for name in names}
RE_SEPARATORS = re.compile(r"[\s_\-.:/]+")
DELIMITERS = ",;\t|"
# Exports put whole articles in one cell; the csv module's default cap is 128 KiB.
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Table:
    """A parsed CSV: header, rows (spreadsheet row number, cells), field → column mapping."""

    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    mapping: dict[str, str | None]


@dataclass(frozen=True)
class TableRow:
    """One article of a CSV, by its spreadsheet row number (the header is row 1)."""

    number: int
    text: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    published_raw: str | None


def normalise_header(name: str) -> str:
    return RE_SEPARATORS.sub(" ", name.replace("\ufeff", "").lower()).strip()


def guess_mapping(columns: tuple[str, ...]) -> dict[str, str | None]:
    """Field → column name (None when no column fits); each column serves one field."""
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
    normalised = [normalise_header(c) for c in columns]
    for column, norm in zip(columns, normalised, strict=True):
        field = EXACT.get(norm)
        if field and mapping[field] is None:
            mapping[field] = column
    used = {c for c in mapping.values() if c is not None}
    for field, words in KEY_WORDS:
        if mapping[field] is not None:
            continue
        for column, norm in zip(columns, normalised, strict=True):
            if column not in used and any(w in norm.split() for w in words):
                mapping[field] = column
                used.add(column)
                break
    return mapping


def read_table(data: bytes, *, mapping: Mapping[str, str | None] | None = None) -> Table:
    """Parse a CSV export; `UnreadableInput` when it is empty or has no text column."""
    text = decode_bytes(data)
    if not text.strip():
        raise UnreadableInput("the CSV file is empty")
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=header_delimiter(text)))
    except csv.Error as exc:
        raise UnreadableInput(f"the CSV file could not be parsed: {exc}") from exc
    header = tuple(cell.strip() for cell in records[0])
    rows = tuple(
        (number, tuple(r))
        for number, r in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in r)
    )
    chosen = guess_mapping(header) if mapping is None else check_mapping(mapping, header)
    if not chosen["text"]:
        raise UnreadableInput(
            "no column of the CSV holds the article text: name it 'text', 'body' or "
            f"'content' (columns found: {', '.join(header) or 'none'})"
        )
    if not rows:
        raise UnreadableInput("the CSV file has a header but no rows")
    return Table(columns=header, rows=rows, mapping=chosen)


def check_mapping(
    mapping: Mapping[str, str | None], columns: tuple[str, ...]
) -> dict[str, str | None]:
    """A mapping sent by a person, checked against the file's columns."""
    unknown = [f for f in mapping if f not in FIELDS]
    if unknown:
        raise UnreadableInput(f"unknown field(s) in the column mapping: {', '.join(unknown)}")
    chosen: dict[str, str | None] = dict.fromkeys(FIELDS)
    for field, column in mapping.items():
        if column and column not in columns:
            raise UnreadableInput(f"the CSV has no column named {column!r}")
        chosen[field] = column or None
    return chosen


def table_rows(
    table: Table, order: DateOrder | None = None
) -> Iterator[TableRow | tuple[int, str]]:
    """Each row as a `TableRow`, or (row number, reason) for a row without text or with a
    date that cannot be read (never dropped without a word)."""
    index = {field: _index(table, field) for field in FIELDS}
    for number, cells in table.rows:
        values = {field: _cell(cells, i) for field, i in index.items()}
        if not values["text"]:
            yield number, f"the {table.mapping['text']!r} cell is empty"
            continue
        problem = date_problem(values["published"], order)
        if problem:
            yield number, problem
            continue
        yield TableRow(
            number=number,
            text=values["text"],
            title=values["title"],
            outlet=values["outlet"],
            url=values["url"],
            published=parse_loose_date(values["published"], order),
            published_raw=values["published"],
        )


def _index(table: Table, field: str) -> int | None:
    column = table.mapping.get(field)
    return table.columns.index(column) if column else None


def _cell(cells: tuple[str, ...], index: int | None) -> str | None:
    if index is None or index >= len(cells):
        return None
    return cells[index].strip() or None


def header_line(text: str) -> str:
    """The CSV's first record as written (a quoted header cell may hold a newline)."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:i]
    return text


def header_delimiter(text: str) -> str:
    """The delimiter, read from the header line only: the one of `DELIMITERS` found most
    often outside quotes (a comma when none is). The rest is read as every spreadsheet
    writes CSV (quotes doubled, newlines inside quotes), whatever the cells hold: guessing
    the quoting from the data tore real exports apart."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line(text.lstrip("\ufeff")):
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- dates as exports write them ----------------------------------------------------------


def date_problem(value: str | None, order: DateOrder | None) -> str | None:
    """Why a row's date cannot be taken (None when it can, or when there is none)."""
    if not value or parse_loose_date(value, order) is not None:
        return None
    if is_ambiguous_date(value) and order is None:
        return (
            f"the date {value!r} could be read day first or month first: choose which for "
            "the whole file (date_order: day_first or month_first)"
        )
    return f"the date {value!r} could not be read: write it as YYYY-MM-DD, or leave it empty"


RE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
RE_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
RE_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
RE_TIME_TAIL = re.compile(r"[\sT,]+\d{1,2}:\d{2}.*$")
TEXT_FORMATS = ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y", "%Y/%m/%d")


DateOrder = Literal["day_first", "month_first"]


def is_ambiguous_date(value: str | None) -> bool:
    """07/01/2020: 7 January or 1 July? (Both parts 12 or less, and not the same.)"""
    m = RE_NUMERIC.match(value.strip()) if value else None
    if m is None:
        return False
    return int(m[1]) <= 12 and int(m[2]) <= 12 and int(m[1]) != int(m[2])


def parse_loose_date(value: str | None, order: DateOrder | None = None) -> dt.date | None:
    """A date as news exports write it ("2020-01-05", "January 5, 2020", "Sunday, 5 Jan
    2020 10:00", "05/01/2020" when day and month cannot be confused, or with `order`);
    None otherwise."""
    if not value:
        return None
    value = value.strip()
    if m := RE_ISO.match(value):
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if m := RE_NUMERIC.match(value):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first > 12 >= second or (order == "day_first" and first <= 12):
            return _date(year, second, first)
        if second > 12 >= first or order == "month_first":
            return _date(year, first, second)
        return None  # 03/04/2020: April or March? The person decides (`order`).
    cleaned = RE_TIME_TAIL.sub("", RE_WEEKDAY.sub("", value)).replace(",", " ").replace(".", " ")
    cleaned = " ".join(cleaned.split())
    for fmt in TEXT_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

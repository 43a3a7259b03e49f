"""Reading the formats uploads come in: Markdown, PDF text layers, CSV exports, file names."""

from __future__ import annotations

import datetime as dt

import pytest

from app.ingestion.formats import (
    check_filename,
    kind_of,
    markdown_to_text,
    pdf_to_text,
    reflow,
)
from app.ingestion.tables import guess_mapping, parse_loose_date, read_table, table_rows
from app.pipeline.ingest import UnreadableInput
from tests.ingestion_samples import WIRE_BODY, make_pdf, wrap


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("# Headline here\n\nBody.", "Headline here\n\nBody."),
        ("## Sub heading ##\n", "Sub heading\n"),
        ("# Talking about C#\n", "Talking about C#\n"),
        ("A **bold** and *light* and __strong__ word.", "A bold and light and strong word."),
        ("See [the report](https://example.org/r) now.", "See the report now."),
        ("![a chart](chart.png)Text", "Text"),
        ("- first\n- second\n", "first\nsecond\n"),
        ("> quoted words\n", "quoted words\n"),
        ("Use `code` here", "Use code here"),
        ("---\ntitle: x\n---\nBody", "Body"),
        ("snake_case_name stays", "snake_case_name stays"),
    ],
    ids=[
        "heading",
        "closed-heading",
        "hash-in-heading",
        "emphasis",
        "link",
        "image",
        "bullets",
        "quote",
        "inline-code",
        "front-matter",
        "underscores-in-words",
    ],
)
def test_markdown_loses_its_markup_and_keeps_its_words(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown) == text


def test_a_pdf_gives_its_headline_and_paragraphs_rejoined() -> None:
    lines = ["Rockets hit base", "", *wrap(WIRE_BODY, 60), "", *wrap("Second paragraph here.", 60)]
    text = pdf_to_text(make_pdf(lines))
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0] == "Rockets hit base"
    assert paragraphs[1] == WIRE_BODY
    assert paragraphs[2] == "Second paragraph here."


def test_reflow_joins_a_hyphen_broken_compound_without_a_space() -> None:
    lines = [
        "The attack was blamed on an Iran-",
        "backed faction that had warned foreign",
        "forces to leave the country by the end",
        "of the year, officials said on Monday.",
        "Short.",
    ]
    assert "an Iran-backed faction" in reflow("\n".join(lines))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_pdf([]), "no text layer"),
        (b"%PDF-1.4\nthis is not really a pdf", "could not be read"),
    ],
    ids=["scan-without-text", "damaged"],
)
def test_unreadable_pdfs_say_why(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableInput, match=message):
        pdf_to_text(data)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("A.HTML", "html"),
        ("b.htm", "html"),
        ("c.md", "markdown"),
        ("d.pdf", "pdf"),
        ("e.csv", "csv"),
        ("README", "text"),
    ],
    ids=["txt", "html-upper", "htm", "md", "pdf", "csv", "no-suffix"],
)
def test_the_kind_comes_from_the_suffix(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_an_unknown_suffix_names_the_types_that_are_read() -> None:
    with pytest.raises(UnreadableInput, match=r"\.docx are not read; upload \.txt"):
        kind_of("report.docx")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("dir/file.txt", "path"),
        ("C:\\docs\\file.txt", "path"),
        ("bad\x00name.txt", "NUL"),
        ("tab\tname.txt", "control"),
        ("x" * 256, "longer than 255"),
        ("   ", "empty"),
    ],
    ids=["slash", "backslash", "nul", "control", "too-long", "blank"],
)
def test_file_names_with_paths_or_control_characters_are_refused(name: str, message: str) -> None:
    with pytest.raises(UnreadableInput, match=message):
        check_filename(name)


def test_an_ordinary_file_name_passes() -> None:
    assert check_filename("Reuters 2020-01-05 (copy).txt") == "Reuters 2020-01-05 (copy).txt"


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ("title", "date", "source", "url", "text"),
            {
                "title": "title",
                "published": "date",
                "outlet": "source",
                "url": "url",
                "text": "text",
            },
        ),
        (
            ("Headline", "Publication Date", "Publication", "Link", "Full Text"),
            {
                "title": "Headline",
                "published": "Publication Date",
                "outlet": "Publication",
                "url": "Link",
                "text": "Full Text",
            },
        ),
        (
            ("ARTICLE_TITLE", "published_at", "Source URL", "Source Name", "Body"),
            {
                "title": "ARTICLE_TITLE",
                "published": "published_at",
                "outlet": "Source Name",
                "url": "Source URL",
                "text": "Body",
            },
        ),
        (
            ("Id", "Story headline", "Story date", "Newspaper", "Story content"),
            {
                "title": "Story headline",
                "published": "Story date",
                "outlet": "Newspaper",
                "url": None,
                "text": "Story content",
            },
        ),
        (
            ("\ufeffTitle", " Content "),
            {
                "title": "\ufeffTitle",
                "published": None,
                "outlet": None,
                "url": None,
                "text": " Content ",
            },
        ),  # fmt: skip
    ],
    ids=["plain", "factiva-like", "snake-and-upper", "key-words", "bom-and-spaces"],
)
def test_csv_headers_are_matched_loosely(
    columns: tuple[str, ...], expected: dict[str, str | None]
) -> None:
    assert guess_mapping(columns) == expected


def test_a_semicolon_csv_is_read_with_its_rows_numbered_as_in_a_spreadsheet() -> None:
    data = b"Titel;Datum;Text\nOne;2020-01-02;First body\n;;\nTwo;;Second body\n"
    table = read_table(data, mapping={"title": "Titel", "published": "Datum", "text": "Text"})
    rows = list(table_rows(table))
    assert [(r.number, r.title, r.text) for r in rows if not isinstance(r, tuple)] == [
        (2, "One", "First body"),
        (4, "Two", "Second body"),
    ]


def test_a_very_long_cell_is_read_whole() -> None:
    body = "word " * 60_000  # 300 kB, over the csv module's default field limit
    table = read_table(f"title,text\nLong,{body}\n".encode())
    (row,) = list(table_rows(table))
    assert not isinstance(row, tuple) and len(row.text) == len(body.strip())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-05", dt.date(2020, 1, 5)),
        ("2020-01-05T22:10:00Z", dt.date(2020, 1, 5)),
        ("January 5, 2020", dt.date(2020, 1, 5)),
        ("5 January 2020", dt.date(2020, 1, 5)),
        ("Sunday, 5 Jan 2020 10:45 GMT", dt.date(2020, 1, 5)),
        ("Jan. 5, 2020", dt.date(2020, 1, 5)),
        ("25/12/2019", dt.date(2019, 12, 25)),
        ("12/25/2019", dt.date(2019, 12, 25)),
        ("03/04/2020", None),
        ("2020-02-30", None),
        ("last week", None),
        ("", None),
    ],
    ids=[
        "iso",
        "iso-datetime",
        "us-long",
        "day-month-year",
        "weekday-and-time",
        "abbreviated",
        "day-first",
        "month-first",
        "ambiguous",
        "impossible",
        "words",
        "empty",
    ],
)
def test_export_dates_are_read_when_they_are_unambiguous(
    value: str, expected: dt.date | None
) -> None:
    assert parse_loose_date(value) == expected

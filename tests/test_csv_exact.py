"""CSV read exactly: whatever the cells hold (quotes, delimiters, newlines, unicode), a file
written by Python's csv module, as spreadsheets write them, comes back cell for cell."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingestion.tables import read_table, table_rows

pytestmark = pytest.mark.nodb

# Cells as articles hold them: quotes, all three delimiters, line breaks, non-Latin text.
cell = st.text(
    alphabet=st.sampled_from(list("ab Z9\"',;\t\n\r|é؟ـع“”—")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


def written(rows: list[tuple[str, str, str]], delimiter: str, header: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_rows_written_by_the_csv_module_come_back_exactly(
    rows: list[tuple[str, str, str]], delimiter: str
) -> None:
    table = read_table(written(rows, delimiter, ("Headline", "Source", "Full Text")))
    assert len(table.rows) == len(rows)
    read = [(r.title, r.outlet, r.text) for r in table_rows(table) if not isinstance(r, tuple)]
    assert read == [tuple(c.strip() for c in row) for row in rows]


def test_a_news_export_with_quoted_paragraphs_is_four_whole_articles() -> None:
    body = (
        'The faction said it would "respond to any aggression", adding: "the occupiers, '
        'a more militant posture; and more".\n\nA second paragraph, with "quotes", commas; '
        "semicolons and a tab\tinside.\n\n" * 20
    )
    rows = [
        (f"Story {i}", "2020-01-0" + str(i + 1), "Wire", f"https://x.test/{i}", body)
        for i in range(4)
    ]
    out = io.StringIO()
    csv.writer(out).writerow(("Headline", "Publication Date", "Source", "Link", "Full Text"))
    csv.writer(out).writerows(rows)
    table = read_table(out.getvalue().encode())
    articles = [r for r in table_rows(table) if not isinstance(r, tuple)]
    assert len(table.rows) == 4 and len(articles) == 4
    assert all(a.text == body.strip() for a in articles)
    assert [a.published.isoformat() for a in articles if a.published] == [
        "2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04",
    ]  # fmt: skip


def test_a_semicolon_export_from_a_comma_decimal_locale() -> None:
    data = (
        "\ufeffTitle;Date;Source;Text\r\n"
        'Raketen;05.01.2020;Agentur;"Drei Raketen, sagte ein Sprecher; 2,5 km entfernt."\r\n'
    ).encode()
    # 05.01.2020: 5 January or May 1? Refused with the choice, never dropped without a word.
    [refused] = list(table_rows(read_table(data)))
    assert refused == (2, refused[1]) and "day first or month first" in refused[1]
    [row] = list(table_rows(read_table(data), "day_first"))
    assert not isinstance(row, tuple)
    assert (row.title, row.outlet, row.published) == ("Raketen", "Agentur", dt.date(2020, 1, 5))
    assert row.text == "Drei Raketen, sagte ein Sprecher; 2,5 km entfernt."

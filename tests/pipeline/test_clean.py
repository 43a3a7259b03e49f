"""Cleaning: 1:1 normalisation of plain text, main text of web pages, titles, meta dates."""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline import extract
from app.pipeline.clean import (
    clean_document,
    find_meta_published,
    find_title,
    normalise_text,
    source_offset,
)
from app.pipeline.types import RawDoc

PAGE = """<!DOCTYPE html><html><head><title>Militia warns US forces | Desk</title>
<meta property="article:published_time" content="2020-01-05T03:51:03+08:00">
<script>var data = {{"troops": "9,999"}};</script></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li>
<li><a href="/v">Video</a></li></ul></nav></header>
<main><article><h1>Militia warns US forces</h1>
<p>The Hezbollah Brigades warned on Saturday that US bases were targets.</p>
<p>There are 2,500 US troops in Iraq, officials said.</p>
<p>The group said it would keep up the pressure until all foreign forces left the country.</p>
</article>
<aside class="related"><h3>Most read</h3><ul>
<li><a href="/a/1">Sidebar headline about Asaib Ahl al-Haq threats</a></li>
<li><a href="/a/2">Pentagon says 900 US troops will remain in Syria</a></li>
</ul></aside></main>
<footer><p>Copyright The Desk. All rights reserved.</p></footer></body></html>"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kata’ib ‘Hezbollah’", "Kata'ib 'Hezbollah'"),
        ("“We will respond,” he said", '"We will respond," he said'),
        ("5,000\u00a0troops\u2009in Iraq", "5,000 troops in Iraq"),
        ("line one\u2028line two", "line one\nline two"),
        ("tab\tseparated", "tab separated"),
        ("bell\x07 and \x85 next", "bell  and \n next"),
    ],
    ids=["apostrophes", "double-quotes", "odd-spaces", "line-separator", "tab", "controls"],
)
def test_normalise_keeps_length(text: str, expected: str) -> None:
    cleaned, shifts = normalise_text(text)
    assert cleaned == expected
    assert len(cleaned) == len(text)
    assert shifts == ()


def test_normalise_drops_crlf_and_zero_width_with_a_shift_map() -> None:
    raw_text = "One\r\nTwo\u200b three\r\nFour"
    cleaned, shifts = normalise_text(raw_text)
    assert cleaned == "One\nTwo three\nFour"
    assert shifts == ((3, 1), (7, 2), (13, 3))
    doc = clean_document(RawDoc(text=raw_text, is_html=False))
    four = doc.text.index("Four")
    assert raw_text[source_offset(doc, four) : source_offset(doc, four) + 4] == "Four"
    assert source_offset(doc, 0) == 0


def test_plain_text_passes_through_as_the_offset_space() -> None:
    raw_text = "Iraqi militias halt attacks\n\nBAGHDAD — A rocket hit the Green Zone."
    doc = clean_document(RawDoc(text=raw_text, is_html=False))
    assert doc.text == raw_text
    assert doc.title == "Iraqi militias halt attacks"
    assert doc.meta_published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Last Update 20:39\nMonday, 20 January 2020\n\nMilitias urge full US withdrawal\n",
            "Militias urge full US withdrawal",
        ),
        (
            " date 2019-05-19 Rocket attack hits near US Embassy\nBody.",
            "Rocket attack hits near US Embassy",
        ),
        (
            "Iraq News\nAll News\nGroup targeted a convoy in Saladin\n",
            "Group targeted a convoy in Saladin",
        ),
        ("Short\n", "Short"),
        ("", None),
    ],
    ids=["skips-furniture-and-date-line", "date-prefix", "skips-short-menus", "fallback", "empty"],
)
def test_find_title(text: str, expected: str | None) -> None:
    assert find_title(text) == expected


def test_html_keeps_article_and_title_and_drops_furniture() -> None:
    doc = clean_document(RawDoc(text=PAGE, is_html=True))
    assert doc.title == "Militia warns US forces"
    assert doc.text.splitlines()[0] == "Militia warns US forces"
    assert "There are 2,500 US troops in Iraq, officials said." in doc.text
    for furniture in (
        "Sidebar headline",
        "900 US troops",
        "Most read",
        "Home",
        "9,999",
        "Copyright",
    ):
        assert furniture not in doc.text
    assert doc.meta_published == dt.date(2020, 1, 5)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="article:published_time" content="2021-02-18T10:00:00Z">',
            dt.date(2021, 2, 18),
        ),
        ("<meta name='date' content='2019-12-30'>", dt.date(2019, 12, 30)),
        ('<meta itemprop="datePublished" content="March 12, 2020">', dt.date(2020, 3, 12)),
        (
            '<script type="application/ld+json">'
            '{"datePublished": "2020-10-11T08:00:00+03:00"}</script>',
            dt.date(2020, 10, 11),
        ),
        ('<time datetime="2018-02-06T09:00" pubdate>6 Feb</time>', dt.date(2018, 2, 6)),
        ('<meta property="article:modified_time" content="2022-01-01">', None),
        ('<meta name="date" content="soon">', None),
    ],
    ids=[
        "og-article",
        "name-date",
        "itemprop",
        "json-ld",
        "time-pubdate",
        "modified-is-not-published",
        "garbage",
    ],
)
def test_find_meta_published(head: str, expected: dt.date | None) -> None:
    assert find_meta_published(f"<html><head>{head}</head><body></body></html>") == expected


def test_a_pasted_html_fragment_keeps_its_prose_without_scripts() -> None:
    fragment = (
        "<p>Militia statement</p>\n<p>The group warned US forces on Monday "
        "<script>steal()</script>.</p>\n<p>It gave them a week <b>to leave</b>.</p>"
    )
    doc = clean_document(RawDoc(text=fragment, is_html=True))
    assert "The group warned US forces on Monday" in doc.text
    assert "to leave" in doc.text
    assert "steal" not in doc.text and "<" not in doc.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Breaking news</title></head><body></body></html>",
        "<html><head><title>Breaking news</title></head></html>",
    ],
    ids=["empty-body", "no-body"],
)
def test_a_page_with_a_title_and_no_body_has_no_text(page: str) -> None:
    assert clean_document(RawDoc(text=page, is_html=True)).text == ""


@pytest.mark.parametrize("mark", ["\u200d", "\u200c", "\u200b", "\u2060"])
def test_a_zero_width_mark_inside_a_name_does_not_hide_it(mark: str) -> None:
    text = f"Rockets\n\nKata'{mark}ib Hezbollah fired rockets at a base hosting US troops."
    result = extract(text)
    assert "Kata'ib Hezbollah" in [a.name for a in result.actors]
    assert all(mark not in e.evidence for e in result.events)

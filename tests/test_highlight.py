"""Highlight markup: escaped text, spans on the right characters, overlaps, anchors."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from app.highlight import Span, highlight

pytestmark = pytest.mark.nodb


def soup(markup: str) -> BeautifulSoup:
    # Inside <pre>: Beautiful Soup turns a whitespace-only string elsewhere into one space.
    return BeautifulSoup(f"<pre>{markup}</pre>", "html.parser")


def marked(markup: str, anchor: str) -> str:
    """The text of all marks that belong to the span `anchor`, in order."""
    marks = soup(markup).select("mark")
    return "".join(m.get_text() for m in marks if anchor in m["data-spans"].split())


def test_text_is_escaped_and_spans_cover_their_characters() -> None:
    text = 'Militants said <script>alert("x")</script> & fired rockets at Erbil.'
    start = text.index("fired")
    markup = highlight(text, [Span(start, len(text), "event-1", ("hl-event",))])
    assert "<script>" not in markup
    assert soup(markup).get_text() == text
    assert marked(markup, "event-1") == "fired rockets at Erbil."


def test_overlapping_spans_are_split_without_nesting_marks() -> None:
    text = "Kata'ib Hezbollah fired rockets. There are 2,500 US troops in Iraq."
    sentence_one = Span(0, 32, "event-1", ("hl-event",))
    actor = Span(0, 17, "actor-1", ("hl-actor",))
    both = Span(10, 45, "troop-1", ("hl-troop",))
    markup = highlight(text, [sentence_one, actor, both])
    parsed = soup(markup)
    assert not parsed.select("mark mark")
    assert marked(markup, "event-1") == text[0:32]
    assert marked(markup, "actor-1") == text[0:17]
    assert marked(markup, "troop-1") == text[10:45]
    overlap = [
        m
        for m in parsed.select("mark")
        if m["data-spans"].split() == ["event-1", "actor-1", "troop-1"]
    ]
    assert [m.get_text() for m in overlap] == [text[10:17]]
    assert set(overlap[0]["class"]) == {"hl", "hl-event", "hl-actor", "hl-troop"}


def test_every_span_gets_an_anchor_at_its_start() -> None:
    text = "One. Two. Three."
    markup = highlight(
        text, [Span(0, 4, "event-1", ()), Span(0, 4, "event-2", ()), Span(5, 9, "troop-3", ())]
    )
    parsed = soup(markup)
    assert [a["id"] for a in parsed.select("span.anchor")] == ["event-1", "event-2", "troop-3"]
    anchor = parsed.select_one("#troop-3")
    assert anchor.find_next("mark").get_text() == "Two."


def test_spans_outside_the_text_are_clamped_or_dropped() -> None:
    text = "Short text."
    markup = highlight(
        text, [Span(6, 500, "event-1", ()), Span(50, 60, "event-2", ()), Span(4, 4, "x", ())]
    )
    assert soup(markup).get_text() == text
    assert marked(markup, "event-1") == "text."
    assert not soup(markup).select("#event-2")


def test_labels_and_classes_cannot_break_out_of_attributes() -> None:
    text = "Rockets hit."
    markup = highlight(text, [Span(0, 7, 'a"><script>', ('x"><b>',), 'lab"el<')])
    assert "<script>" not in markup and "<b>" not in markup
    assert soup(markup).select_one("mark")["title"] == 'lab"el<'


@given(
    # (HTML parsers rewrite control characters such as CR, NUL and form feed in text:
    # not a property of the markup, so they are left out here)
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t"),
        max_size=60,
    ),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6),
)
def test_any_text_and_spans_keep_the_text_and_mark_exactly_the_span(
    text: str, bounds: list[tuple[int, int]]
) -> None:
    spans = [Span(s, e, f"s-{n}", ()) for n, (s, e) in enumerate(bounds)]
    markup = highlight(text, spans)
    assert soup(markup).get_text() == text
    for n, (s, e) in enumerate(bounds):
        lo, hi = max(0, s), min(len(text), e)
        if lo < hi:
            assert marked(markup, f"s-{n}") == text[lo:hi]

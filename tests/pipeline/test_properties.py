"""Properties over any input: extraction never raises and every offset indexes the text."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.pipeline import extract, extract_bytes, extract_document
from app.pipeline.ingest import UnreadableInput, from_text
from app.pipeline.sentences import split_sentences
from app.schemas import Extraction

# Words that steer random text into the extractors' paths.
VOCAB = [
    "Kata'ib", "Hezbollah", "Kataib", "Hizballah", "KH", "(KH)", "Badr", "Asa’ib", "Ahl",
    "al-Haq", "Nujaba", "PMF", "US", "U.S.", "troops", "soldiers", "forces", "in", "Iraq",
    "Syria", "and", "over", "about", "2,500", "5,000", "900", "five", "thousand", "Dec.",
    "30,", "2019", "Monday", "Published:", "date", "2020-01-05", "Lebanon", "said", ".",
    "\n", "—", "“", "”", "<p>", "</p>", "\u00a0", "\r\n", "\u200b",
]  # fmt: skip
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_offsets(text: str, result: Extraction) -> None:
    for level in result.troop_levels:
        assert text[level.start : level.end] == level.evidence
    for event in result.events:
        assert text[event.start : event.end] == event.evidence
    for actor in result.actors:
        assert actor.start is not None and actor.end is not None
        assert 0 <= actor.start < actor.end <= len(text)


@SETTINGS
@given(st.text())
def test_any_unicode_text_extracts(text: str) -> None:
    assert isinstance(extract(text), Extraction)
    extracted = extract_document(from_text(text), dt.date(2020, 1, 5))
    check_offsets(extracted.doc.text, extracted.result)


@SETTINGS
@given(st.lists(st.sampled_from(VOCAB), max_size=60).map(" ".join))
def test_newsy_text_extracts_with_valid_offsets(text: str) -> None:
    for is_html in (False, True):
        extracted = extract_document(from_text(text, is_html=is_html))
        check_offsets(extracted.doc.text, extracted.result)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_extract_or_are_refused(data: bytes) -> None:
    try:
        extracted = extract_bytes(data, filename="upload.txt")
    except UnreadableInput as exc:
        assert str(exc)
    else:
        check_offsets(extracted.doc.text, extracted.result)


@SETTINGS
@given(st.text())
def test_sentences_index_the_text(text: str) -> None:
    sentences = split_sentences(text)
    assert all(text[s.start : s.end] == s.text and s.text.strip() for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))

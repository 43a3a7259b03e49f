"""Event confidence ranks events a reader would trust above those that are shaky."""

from __future__ import annotations

import datetime as dt

from app.pipeline import extract_document
from app.pipeline.ingest import from_text

PUBLISHED = dt.date(2023, 11, 8)


def confidences(text: str) -> list[tuple[str, float]]:
    events = extract_document(from_text(text, is_html=False), PUBLISHED).result.events
    return [(e.type, e.confidence) for e in events]


def test_a_named_dated_attack_told_twice_is_trusted_more_than_a_bare_one() -> None:
    sure = confidences(
        "Kataib Hezbollah fired rockets at Ain al-Asad air base on Monday, officials said.\n\n"
        "The rocket attack on the base on Monday caused no casualties, a US official said."
    )
    bare = confidences("A drone attack targeted US forces in Syria weeks before the talks.")
    assert sure and bare
    assert sure[0][0] == bare[0][0] == "attack"
    assert sure[0][1] >= 0.8
    assert bare[0][1] < 0.5


def test_confidence_is_a_probability() -> None:
    for _, value in confidences(
        "Asaib Ahl al-Haq threatened on Sunday to attack US forces if they stay in Iraq."
    ):
        assert 0.0 <= value <= 1.0

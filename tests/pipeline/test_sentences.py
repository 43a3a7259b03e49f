"""Sentence splitting: abbreviations, initials, quotes, paragraphs, datelines, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.pipeline.sentences import split_sentences

DEV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rockets hit the base. Nobody was hurt.",
            ["Rockets hit the base.", "Nobody was hurt."],
        ),
        (
            "Troops left the U.S. Embassy compound. The talks went on.",
            ["Troops left the U.S. Embassy compound.", "The talks went on."],
        ),
        (
            "Washington blamed militias backed by Iran, not the U.S. The claim was denied.",
            ["Washington blamed militias backed by Iran, not the U.S.", "The claim was denied."],
        ),
        (
            "Brig. Gen. Jonathan Braga spoke. Mr. Smith agreed.",
            ["Brig. Gen. Jonathan Braga spoke.", "Mr. Smith agreed."],
        ),
        (
            "BAGHDAD, Jan. 4 (Xinhua) -- The militia warned on Saturday. It gave a deadline.",
            ["BAGHDAD, Jan. 4 (Xinhua) -- The militia warned on Saturday.", "It gave a deadline."],
        ),
        (
            "President George W. Bush began the war. It lasted years.",
            ["President George W. Bush began the war.", "It lasted years."],
        ),
        (
            'He said: "We will respond." Then he left.',
            ['He said: "We will respond."', "Then he left."],
        ),
        (
            '"Will they leave?" he asked. "No," she said.',
            ['"Will they leave?" he asked.', '"No," she said.'],
        ),
        (
            "The attack came at 7:20 p.m. local time. Two were hurt.",
            ["The attack came at 7:20 p.m. local time.", "Two were hurt."],
        ),
        (
            "Headline without a stop\nFirst paragraph.\n\nSecond paragraph",
            ["Headline without a stop", "First paragraph.", "Second paragraph"],
        ),
        (
            "It fell 5.5 km away. 2,500 troops remain.",
            ["It fell 5.5 km away.", "2,500 troops remain."],
        ),
        ("  \n \n", []),
    ],
    ids=[
        "plain",
        "us-abbreviation-mid-sentence",
        "us-abbreviation-ends-sentence",
        "titles",
        "dateline-month-abbreviation",
        "initial",
        "closing-quote",
        "question-in-quote",
        "time-abbreviation",
        "newline-always-ends",
        "decimal-and-digit-start",
        "blank",
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_index_the_text() -> None:
    text = "  One sentence here.  Two follows!\n\nThree? "
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(2, 20), (22, 34), (36, 42)]
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="../shared/corpus/dev is absent")
def test_offsets_hold_on_the_dev_corpus() -> None:
    for path in sorted(DEV_CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        assert sentences, path.name
        assert all(text[s.start : s.end] == s.text for s in sentences), path.name
        assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))

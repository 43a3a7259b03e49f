"""Sentence splitting: abbreviations, initials, quotes, paragraphs, datelines, offsets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.pipeline.sentences import MAX_SENTENCE_CHARS, split_sentences

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


def test_a_run_on_text_is_cut_into_bounded_pieces_at_clause_breaks() -> None:
    clause = "the militia warned the base and the convoy near the airport again"
    text = ", ".join([clause] * 200)  # about 13,000 characters with no full stop
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(text[p.start : p.end] == p.text for p in pieces)
    assert all(p.text.endswith(",") for p in pieces[:-1])  # cut after a comma, not mid-word
    gaps = [text[a.end : b.start] for a, b in zip(pieces, pieces[1:], strict=False)]
    assert all(not gap.strip() for gap in gaps)  # nothing of the text is lost


def test_a_text_without_spaces_is_cut_mid_word_rather_than_kept_whole() -> None:
    text = "x" * (MAX_SENTENCE_CHARS * 3 + 5)
    pieces = split_sentences(text)
    assert [len(p.text) for p in pieces] == [MAX_SENTENCE_CHARS] * 3 + [5]


def test_a_long_run_of_full_stops_does_not_take_quadratic_time() -> None:
    # Timed as a ratio: 20 times the dots must cost far less than 400 times the work.
    def cost(n: int) -> float:
        started = time.perf_counter()
        split_sentences("." * n + " The end.")
        return time.perf_counter() - started

    small, large = min(cost(5_000) for _ in range(3)), min(cost(100_000) for _ in range(3))
    assert large < small * 20 * 4


def test_ordinary_long_sentences_are_left_whole() -> None:
    sentence = "The statement, read out in Baghdad, said " + "and the groups " * 100 + "agreed."
    assert len(sentence) < MAX_SENTENCE_CHARS
    assert [s.text for s in split_sentences(sentence)] == [sentence]

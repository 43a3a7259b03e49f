"""Actors as other outlets print them: related-story lines (page furniture that names no
actor) and misspelt faction names around a one-word alias."""

from __future__ import annotations

import pytest

from app.pipeline.actors import find_actors
from app.pipeline.sentences import split_sentences
from app.pipeline.types import CleanDoc, DocContext, PublishedDate


def militias(text: str) -> list[tuple[str, str]]:
    ctx = DocContext(
        doc=CleanDoc(text=text, title=None),
        sentences=tuple(split_sentences(text)),
        published=PublishedDate(None, None),
    )
    found = find_actors(ctx)
    assert all(text[m.start : m.end] == m.surface for m in found)
    return [(m.surface, m.name) for m in found if m.kind == "militia"]


STORY = "Rockets hit a base in Anbar on Sunday, the US military said.\n"


@pytest.mark.parametrize(
    "line",
    [
        "Also read | Explained | Who are Kataib Hezbollah, the group blamed for the strike?",
        "READ: Asaib Ahl al-Haq vows to keep fighting",
        "Related: Nujaba says US forces must leave Iraq",
        "See also - Badr Organisation joins the new cabinet",
        "Recommended » Kataeb Hezbollah leader killed in Baghdad",
        "Iran condemned the US strikes in Iraq targeting the Iran-backed Kataib ... Middle East -",
        "Militia leaders met in Baghdad to discuss the Hashd al-Shaabi budget … World News",
    ],
)
def test_a_related_story_line_names_no_actor(line: str) -> None:
    assert militias(STORY + line + "\n" + STORY) == []


def test_a_quote_cut_short_in_the_story_still_names_its_speaker() -> None:
    text = STORY + "Asaib Ahl al-Haq said its fighters were ready and would respond…\n"
    assert militias(text) == [("Asaib Ahl al-Haq", "Asa'ib Ahl al-Haq")]


def test_a_story_sentence_that_begins_with_read_is_not_furniture() -> None:
    text = STORY + "Readers of the statement by Kataib Hezbollah saw a threat.\n"
    assert militias(text) == [("Kataib Hezbollah", "Kata'ib Hezbollah")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Pentagon said Kaiti'b Hezbollah used the facility.",
            [("Kaiti'b Hezbollah", "Kata'ib Hezbollah")],
        ),
        (
            "Officials blamed Katayib Hizbollah for the strike.",
            [("Katayib Hizbollah", "Kata'ib Hezbollah")],
        ),
    ],
)
def test_a_misspelt_faction_around_a_one_word_alias_is_the_faction(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert militias(text) == expected


def test_lebanons_hezbollah_stays_lebanese() -> None:
    assert militias("Lebanon's Hezbollah Secretary General spoke in Beirut.") == []


def test_short_names_in_a_list_of_signatories() -> None:
    text = (
        "The statement was signed by Asaib Ahl al-Haq, Al-Awfiya, Al-Nujaba Resistance"
        " Movement and Al-Khorasani battalions."
    )
    assert [name for _, name in militias(text)] == [
        "Asa'ib Ahl al-Haq",
        "Harakat Ansar Allah al-Awfiya",
        "Harakat Hezbollah al-Nujaba",
        "Saraya Khorasani",
    ]


def test_a_one_word_alias_before_a_surname_is_still_a_person() -> None:
    assert militias("Badr Jamous spoke to reporters in Istanbul.") == []

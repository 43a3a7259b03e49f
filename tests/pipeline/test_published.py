"""Publication dates in the stamps of outlets whose forms the first rules missed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline.dates import find_published
from app.pipeline.types import CleanDoc, PublishedDate

D = dt.date
MENU = "\n".join(["-", "Home", "-", "World", "-", "Business/Markets", "-", "Speak Up"] * 6)

STAMPS: dict[str, tuple[str, D | None]] = {
    "day-month-year-dashed": (
        "Drone strikes hit militia depots\n\n14-09-2021\nSara Hadi\nA+ A-\n\nBAGHDAD - Text.",
        D(2021, 9, 14),
    ),
    "label-glued-to-date": (
        "Publish date07 June 2022 - 09:12\nStory Code : 1234\n\nMilitia vows revenge\nText.",
        D(2022, 6, 7),
    ),
    "byline-with-accented-name": (
        "Iraq talks\n\nŞükrü Öztürk  | 03.02.2023 - Update : 04.02.2023\nANKARA\nText.",
        D(2023, 2, 3),
    ),
    "update-label-alone": ("Iraq talks\nUpdate : 04.02.2023\nText of the story.", D(2023, 2, 4)),
    "after-a-long-menu": (
        f"{MENU}\nWorld ->\nUS and Iraq open talks on troop presence\n    2022-03-09  10:41"
        "    City Daily\nWASHINGTON - Text.",
        D(2022, 3, 9),
    ),
    "site-banner-above-headline": (
        "Saturday, 9 March 2024\n\nMilitia leader warns US forces in Iraq\nText of the story.",
        None,
    ),
    "site-banner-then-story-byline": (
        "| 9 March 2024, Saturday |\nMilitia leader warns US forces in Iraq\nBy AFP\n"
        "November 20, 2023\nText.",
        D(2023, 11, 20),
    ),
    "story-stamp-with-time-above-headline": (
        "Saturday 9 March 2024 - 21:40\n\nMilitia leader warns US forces in Iraq\nText.",
        D(2024, 3, 9),
    ),
    "agency-byline-with-weekday": (
        "- Reuters - Saturday, March 9, 2024\n\nBAGHDAD (Reuters) - Militias warned the US.",
        D(2024, 3, 9),
    ),
    "dashed-date-in-prose-is-not-a-stamp": (
        "Iraq talks\nThe committee said the deadline of 14-09-2021 had passed without a vote.",
        None,
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(STAMPS.values()), ids=list(STAMPS))
def test_publication_stamps(text: str, expected: D | None) -> None:
    found = find_published(CleanDoc(text=text, title=None))
    assert found == PublishedDate(date=expected, source="text" if expected else None)

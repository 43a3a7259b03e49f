"""US troop levels: counts, qualifiers, figure types, locations, and what is not a level."""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline import extract_document
from app.pipeline.ingest import from_text

PUBLISHED = dt.date(2021, 5, 1)
Level = tuple[str, int, str, str]


def levels(text: str) -> list[Level]:
    extracted = extract_document(from_text(text, is_html=False), PUBLISHED)
    found = extracted.result.troop_levels
    for level in found:
        assert extracted.doc.text[level.start : level.end] == level.evidence
        assert level.country == "US"
    return [(t.location, t.count, t.qualifier, t.figure_type) for t in found]


CASES: dict[str, tuple[str, list[Level]]] = {
    "two-countries": (
        "The United States has about 2,500 troops in Iraq and roughly 900 in Syria.",
        [("Iraq", 2500, "about", "reported"), ("Syria", 900, "about", "reported")],
    ),
    "some-american-soldiers": (
        "Some 2,500 American soldiers remain in Iraq.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "strong-contingent": (
        "Officials said the 2,500-strong US contingent in Iraq would stay.",
        [("Iraq", 2500, "exact", "reported")],
    ),
    "number-words-default-country": (
        "There are five thousand US troops in the country, officials in Iraq said.",
        [("Iraq", 5000, "exact", "reported")],
    ),
    "will-fall-to": (
        "The number of US troops in Iraq will fall to 2,000 by September.",
        [("Iraq", 2000, "exact", "planned")],
    ),
    "fewer-than-by": (
        "U.S. troop levels in Iraq will drop to fewer than 2,000 by September.",
        [("Iraq", 2000, "under", "planned")],
    ),
    "who-number-more-than": (
        "An Iraqi spokesman said U.S. forces - who number more than 5,000 - would stay in Iraq.",
        [("Iraq", 5000, "over", "reported")],
    ),
    "which-number-about": (
        "U.S. forces in Iraq, which number about 2,500, train local troops.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "its-troops": (
        "Washington, which is slowly reducing its 5,000 troops in Iraq, warned Baghdad.",
        [("Iraq", 5000, "exact", "reported")],
    ),
    "where-about": (
        "NATO troops could ease pressure on U.S. forces in Iraq, where about 2,500 troops are"
        " based.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "service-members-stationed": (
        "Approximately 2,500 U.S. service members are stationed in Iraq.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "northeastern-syria": (
        "The U.S. military has roughly 2,000 troops in northeastern Syria.",
        [("Syria", 2000, "about", "reported")],
    ),
    "another-900": (
        "Around 2,500 US troops remain in Iraq, while another 900 are in Syria.",
        [("Iraq", 2500, "about", "reported"), ("Syria", 900, "about", "reported")],
    ),
    "force-of": (
        "The US maintains a force of about 2,500 in Iraq.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "presence-stands-at": (
        "The US troop presence in Iraq stands at 2,500.",
        [("Iraq", 2500, "exact", "reported")],
    ),
    "up-to": ("The US has up to 5,200 troops in Iraq.", [("Iraq", 5200, "up_to", "reported")]),
    "nearly": (
        "Nearly 2,500 American troops remain in Iraq.",
        [("Iraq", 2500, "under", "reported")],
    ),
    "past-and-present": (
        "The U.S. has 2,500 troops in Iraq, down from 5,200 at the start of 2020.",
        [("Iraq", 2500, "exact", "reported"), ("Iraq", 5200, "exact", "reported")],
    ),
    "drawdown-deadline": (
        "Trump ordered the drawdown of U.S. forces in Iraq to 2,500 by January 15.",
        [("Iraq", 2500, "exact", "planned")],
    ),
    "plans-for-the-troops-there": (
        "The Pentagon has no plans to pull out the roughly 5,200 American troops stationed in "
        "Iraq.",
        [("Iraq", 5200, "about", "reported")],
    ),
    "from-now-to-then": (
        "The U.S. military will reduce troop levels in Iraq from about 5,200 to 3,000 this month.",
        [("Iraq", 5200, "about", "reported"), ("Iraq", 3000, "exact", "planned")],
    ),
    "would-reduce-to": (
        "The Pentagon said it would reduce the US troop presence in Iraq to 3,000 this month.",
        [("Iraq", 3000, "exact", "planned")],
    ),
    "force-management-level": (
        "The United States would keep up to 2,000 troops in Iraq under a force management level.",
        [("Iraq", 2000, "up_to", "planned")],
    ),
    "cap": (
        "The Pentagon has a cap of 5,200 troops in Iraq.",
        [("Iraq", 5200, "exact", "official_cap")],
    ),
    "plus": ("There are 5,000-plus US troops in Iraq.", [("Iraq", 5000, "over", "reported")]),
    "another-in-neighbouring": (
        "There are roughly 2,500 U.S. troops in Iraq and another 900 in neighboring Syria.",
        [("Iraq", 2500, "about", "reported"), ("Syria", 900, "about", "reported")],
    ),
    "hyphenated-noun": (
        "The Pentagon defended its 2,500-troop presence in Iraq.",
        [("Iraq", 2500, "exact", "reported")],
    ),
    "leaving": (
        "The U.S. military will withdraw about 2,200 troops, leaving 3,000 in Iraq.",
        [("Iraq", 3000, "exact", "planned")],
    ),
    "withdraw-all": (
        "Biden will withdraw all 2,500 US troops from Iraq by the end of the year.",
        [("Iraq", 2500, "exact", "planned")],
    ),
    "the-troops-leaving": (
        "Officials expect the roughly 900 American soldiers in Syria to leave by spring.",
        [("Syria", 900, "about", "planned")],
    ),
    "number-words-with-digits": (
        "Some 2.5 thousand American soldiers are in Iraq.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "deployed-in": (
        "Washington has deployed about 2,500 soldiers in Iraq.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "all-from-country": (
        "Trump said he would withdraw all 2,000 U.S. troops from Syria, officials in Iraq said.",
        [("Syria", 2000, "exact", "reported")],
    ),
    "whole-force-out-of": (
        "Biden ordered the withdrawal of all 3,000 American soldiers out of Saudi Arabia.",
        [("Saudi Arabia", 3000, "exact", "reported")],
    ),
    "down-from-then-region": (
        "The U.S. will cut its forces in Iraq to 3,000, down from 5,200, by the end of the"
        " month, the top commander in the Middle East said.",
        [("Iraq", 3000, "exact", "planned"), ("Iraq", 5200, "exact", "reported")],
    ),
    "elliptic-after-hold-verb": (
        "US troops are spread thin, and Washington keeps some 900 in Syria.",
        [("Syria", 900, "about", "reported")],
    ),
    "elliptic-two-countries": (
        "Of its troops abroad, the US has roughly 2,500 in Iraq and 900 in Syria.",
        [("Iraq", 2500, "about", "reported"), ("Syria", 900, "about", "reported")],
    ),
    "american-share-of-coalition": (
        "About 3,000 coalition soldiers are deployed in Iraq, including 2,500 Americans.",
        [("Iraq", 2500, "exact", "reported")],
    ),
    "american-share-after-comma": (
        "Of the 3,000 foreign troops in Iraq, 2,500 are American.",
        [("Iraq", 2500, "exact", "reported")],
    ),
    "spaced-thousands": (
        "According to the Pentagon, some 2 500 American servicemen are in Iraq.",
        [("Iraq", 2500, "about", "reported")],
    ),
    "numbering": (
        "U.S. forces in Iraq, numbering around 2,500, are advisers.",
        [("Iraq", 2500, "about", "reported")],
    ),
}

NOT_LEVELS: dict[str, str] = {
    "nato-mission": "NATO will increase its mission in Iraq from 500 to 4,000 personnel.",
    "nato-headline": "NATO to expand mission in Iraq by 3,500 troops",
    "iraqi-soldiers": "Iraq has more than 300,000 soldiers, the US says.",
    "casualties": "Two US soldiers were killed and 140 others wounded in Iraq.",
    "brain-injuries": "Over 100 US troops suffered traumatic brain injuries at Ain al-Asad.",
    "more-troops-to-region": "The Pentagon is sending 3,000 more troops to the Middle East.",
    "region-total": "The United States has around 40,000 troops in the Middle East.",
    "withdraw-some": "The US announced it would withdraw 2,200 troops from Iraq.",
    "militia-fighters": "Kataib Hezbollah has about 10,000 fighters in Iraq, US officials say.",
    "coalition-total": "The US-led coalition has some 7,500 troops in Iraq.",
    "distance": "A rocket landed 1,000 meters from US troops in Baghdad.",
    "british": "Britain has 400 troops in Iraq, alongside US forces.",
    "turkish": "Turkey has deployed 2,000 troops in northern Iraq, where US troops are also based.",
    "iraqi-army": "The Iraqi army sent 5,000 troops to Anbar, backed by US air power.",
    "too-small": "Some 40 US troops guard the embassy in Baghdad.",
    "thousands": "Thousands of US troops have served in Iraq.",
    "withdrawing-part": "The Pentagon said about 1,000 US troops are withdrawing from Iraq.",
    "will-leave": "Around 1,500 US troops will leave Iraq, a Pentagon spokesman said.",
    "redeployed": "About 500 American soldiers were redeployed from Syria to Iraq.",
    "arrived": "Some 300 US Marines arrived in Iraq on Monday.",
    "pull-out-of": "The US plans to pull 1,000 soldiers out of Syria, officials said.",
    "will-deploy": "The US will deploy 3,000 troops to Iraq.",
    "deploying": "The Pentagon is deploying 1,500 U.S. troops to Syria.",
    "injured-after-us-dots": "In the attack, more than 100 U.S. troops sustained brain injuries.",
    "year-then-count": "In 2021 500 US troops left Iraq for Kuwait.",
    "foreign-troops": "There are some 3,000 foreign troops in Iraq, US officials say.",
    "elliptic-other-country": "Iran's forces are there too: Tehran has 2,000 in Syria.",
    "one-base": "Some 200 American troops assigned to the remote base in Syria were evacuated.",
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_troop_levels(text: str, expected: list[Level]) -> None:
    assert levels(text) == expected


@pytest.mark.parametrize("text", list(NOT_LEVELS.values()), ids=list(NOT_LEVELS))
def test_not_troop_levels(text: str) -> None:
    assert levels(text) == []


def test_as_of_is_the_published_date_or_the_year_stated() -> None:
    text = (
        "At its peak in 2007, there were about 170,000 US troops in Iraq."
        " Now 2,500 US troops remain in Iraq."
    )
    found = extract_document(from_text(text, is_html=False), PUBLISHED).result.troop_levels
    assert [(t.count, t.as_of) for t in found] == [(170000, "2007-01-01"), (2500, "2021-05-01")]


def test_evidence_is_the_sentence_with_offsets() -> None:
    text = "Militias warned.\n\nThere are over 5,000 US troops in Iraq. Talks go on."
    level = extract_document(from_text(text, is_html=False), None).result.troop_levels[0]
    assert (level.evidence, level.start, level.end) == (
        "There are over 5,000 US troops in Iraq.",
        18,
        57,
    )
    assert level.as_of is None


def test_same_level_twice_is_reported_once() -> None:
    text = "About 2,500 US troops remain in Iraq.\nThere are now 2,500 US troops stationed in Iraq."
    assert levels(text) == [("Iraq", 2500, "about", "reported")]

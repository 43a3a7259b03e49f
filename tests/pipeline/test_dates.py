"""Date phrases and the publication date a text shows (or does not)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.pipeline.dates import (
    DatePhrase,
    find_date_phrases,
    find_published,
    month_number,
    month_on_or_before,
    parse_date_phrase,
    weekday_number,
    weekday_on_or_before,
)
from app.pipeline.types import CleanDoc, PublishedDate

DEV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec 30, 2019", (D(2019, 12, 30), "day")),
        ("December 30 2019", (D(2019, 12, 30), "day")),
        ("30 December 2019", (D(2019, 12, 30), "day")),
        ("30th of December, 2019", (D(2019, 12, 30), "day")),
        ("Sept. 5th, 2021", (D(2021, 9, 5), "day")),
        ("Tuesday 6 Feb 2018", (D(2018, 2, 6), "day")),
        ("Thu 11th June 2020 | 10:10 AM", (D(2020, 6, 11), "day")),
        ("2019-12-30", (D(2019, 12, 30), "day")),
        ("2020-07-15T22:30:54+0000", (D(2020, 7, 15), "day")),
        ("2020-01-05 03:51:03", (D(2020, 1, 5), "day")),
        ("March 2020", (D(2020, 3, 1), "month")),
        ("30/12/2019", (D(2019, 12, 30), "day")),
        ("12/30/2019", (D(2019, 12, 30), "day")),
        ("30.12.2019 10:20", (D(2019, 12, 30), "day")),
        ("05/01/2020", None),
        ("Jan. 4", None),
        ("Feb 30, 2020", None),
        ("the day after", None),
        ("Dec 30, 2019 was a Monday", None),
    ],
    ids=[
        "mdy",
        "mdy-no-comma",
        "dmy",
        "dmy-of",
        "abbrev-ordinal",
        "weekday-dmy",
        "with-time",
        "iso",
        "iso-datetime",
        "iso-space-time",
        "month-year",
        "numeric-day-first",
        "numeric-month-first",
        "numeric-dots-with-time",
        "numeric-ambiguous",
        "no-year-no-reference",
        "impossible",
        "not-a-date",
        "phrase-inside-prose",
    ],
)
def test_parse_date_phrase(text: str, expected: tuple[dt.date, str] | None) -> None:
    assert parse_date_phrase(text) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Jan. 4", D(2020, 1, 5), (D(2020, 1, 4), "day")),
        ("Dec 30", D(2020, 1, 5), (D(2019, 12, 30), "day")),
        ("May 8th", D(2024, 5, 8), (D(2024, 5, 8), "day")),
    ],
    ids=["same-year", "previous-year", "same-day"],
)
def test_parse_date_phrase_without_year_takes_latest_not_after_reference(
    text: str, reference: dt.date, expected: tuple[dt.date, str]
) -> None:
    assert parse_date_phrase(text, reference=reference) == expected


def test_find_date_phrases_gives_offsets_and_parts() -> None:
    text = "BAGHDAD, Jan. 4 (Xinhua) -- after the invasion in March 2003, on 28 January 2024."
    assert find_date_phrases(text) == [
        DatePhrase(start=9, end=15, year=None, month=1, day=4),
        DatePhrase(start=50, end=60, year=2003, month=3, day=None),
        DatePhrase(start=65, end=80, year=2024, month=1, day=28),
    ]
    assert text[65:80] == "28 January 2024"


def test_weekday_and_month_helpers() -> None:
    tuesday = D(2018, 2, 6)
    assert weekday_on_or_before(0, tuesday) == D(2018, 2, 5)
    assert weekday_on_or_before(1, tuesday) == tuesday
    assert month_on_or_before(1, tuesday) == D(2018, 1, 1)
    assert month_on_or_before(9, D(2019, 5, 19)) == D(2018, 9, 1)
    assert (month_number("Sept."), month_number("december"), month_number("Smarch")) == (
        9,
        12,
        None,
    )
    assert (weekday_number("Thurs"), weekday_number("sunday"), weekday_number("x")) == (3, 6, None)


TOPS = {
    "labelled": (
        "Militias warn US forces\nBy Jane Doe\nPublished: 12 March 2020\nText.",
        D(2020, 3, 12),
    ),
    "date-line": (" date 2019-05-19 Join us on a journey\nBAGHDAD — A rocket hit.", D(2019, 5, 19)),
    "byline-date": (
        "Militias warn US\nReuters , Tuesday 6 Feb 2018\nViews: 20\nText.",
        D(2018, 2, 6),
    ),
    "byline-time": ("Militias warn US\nMarch 12, 2020 | 10:35 AM\nText.", D(2020, 3, 12)),
    "byline-names": (
        "Headline\nBy John Smith and Jane Doe, Reuters, January 5, 2020\nT",
        D(2020, 1, 5),
    ),
    "source-line": (
        "Militias warn US\nSource: Agency| 2020-01-05 03:51:03|Editor: ab\nT.",
        D(2020, 1, 5),
    ),
    "furniture-loses": (
        "Last Update 20:39\nMonday, 20 January 2020\n\nGroups urge US exit\n"
        "Reuters , Tuesday 6 Feb 2018\nText.",
        D(2018, 2, 6),
    ),
    "updated-alone": (
        "Strikes hit militia\nAgency | Updated: 2020-03-13 09:25\nText.",
        D(2020, 3, 13),
    ),
    "updated-with-time-first": (
        "Headline here\nUpdated 14:20 GMT, January 6, 2020\nText.",
        D(2020, 1, 6),
    ),
    "first-published-on": (
        "Headline here\nFirst published on Mon 6 Jan 2020 12.14 GMT\nT.",
        D(2020, 1, 6),
    ),
    "dateline-with-year": (
        "Headline here\nBAGHDAD, Dec. 30, 2019 (Reuters) - Rockets hit a base.",
        D(2019, 12, 30),
    ),
    "dateline-in-parentheses": (
        "Headline\nMOSCOW (Agency News - 11th June, 2020) The US and Iraq met.",
        D(2020, 6, 11),
    ),
    "dateline-mixed-case": ("Baghdad, Dec 30, 2019 (IANS) Rockets hit a base.", D(2019, 12, 30)),
    "dateline-place-country-outlet": (
        "Headline here\nErbil, Iraq (Rudaw) 20/11/2023 - Rockets hit a base.",
        D(2023, 11, 20),
    ),
    "dateline-caps-outlet-then-date": (
        "Headline here\nERBIL (Agency) 20 November 2023 - Rockets hit a base.",
        D(2023, 11, 20),
    ),
    "updated-then-originally-published": (
        "Headline here\nUpdated: Nov 22, 2023 / Originally published Nov 21, 2023\nText.",
        D(2023, 11, 21),
    ),
    "last-updated-then-first-published": (
        "Headline here\nLast updated on 22 Nov 2023 | First published 21 Nov 2023\nText.",
        D(2023, 11, 21),
    ),
    "byline-with-al-name": (
        "Headline here\nBy Ahmed al-Rubaye, 21 Nov 2023\nText.",
        D(2023, 11, 21),
    ),
    "date-glued-to-its-repeat": (
        "Headline here\nPublished On 21 Nov 202321 Nov 2023\nText.",
        D(2023, 11, 21),
    ),
    "dateline-without-year": ("Headline here\nBaghdad, Dec 30 (IANS) Rockets hit a base.", None),
    "caption": (
        "Headline here\nProtesters outside the US embassy in Baghdad, Jan. 1, 2020.\nText.",
        None,
    ),
    "short-sentence": ("Headline here\nAttack came on January 3, 2020\nText.", None),
    "prose": ("Kataib Hezbollah, on January 3, 2020, vowed revenge.", None),
    "agency-then-prose": (
        "Headline here\n2 hours ago\n(CNN) The US said on January 4, 2020 that...",
        None,
    ),
    "year-glued-to-time": ("Headline is here\nOctober 11, 20201:23 PM UTC\nBody.", D(2020, 10, 11)),
    "published-date-label": ("Headline\nPublished date: 8 May 2024 12:34 BST\nBody", D(2024, 5, 8)),
    "published-on": ("Headline\nPublished On 11 Oct 2020\nBody", D(2020, 10, 11)),
    "time-before-date": ("Headline\nPublished 3:45 PM EST, January 5, 2020\nBody", D(2020, 1, 5)),
    "nothing": ("Rockets hit a base on Friday evening.\nNo one was hurt.", None),
}


@pytest.mark.parametrize(("text", "expected"), list(TOPS.values()), ids=list(TOPS))
def test_find_published_from_text(text: str, expected: dt.date | None) -> None:
    found = find_published(CleanDoc(text=text, title=None))
    assert found == PublishedDate(date=expected, source="text" if expected else None)


def test_given_date_wins() -> None:
    doc = CleanDoc(text="Headline\nPublished: 12 March 2020\n", title=None)
    assert find_published(doc, given=D(2020, 3, 11)) == PublishedDate(D(2020, 3, 11), "given")


def test_meta_date_beats_a_byline_but_not_a_label() -> None:
    byline = CleanDoc(
        text="Headline\nMarch 12, 2020\nText.", title=None, meta_published=D(2020, 3, 11)
    )
    labelled = CleanDoc(
        text="Headline\nPublished: 12 March 2020\n", title=None, meta_published=D(2020, 3, 11)
    )
    assert find_published(byline).date == D(2020, 3, 11)
    assert find_published(labelled).date == D(2020, 3, 12)


def test_future_and_ancient_dates_are_ignored() -> None:
    doc = CleanDoc(text="Headline\nPublished: 12 March 2999\nPosted on 1 May 1950\n", title=None)
    assert find_published(doc) == PublishedDate(None, None)


# A few dev-corpus files whose publication date was fixed on purpose (commits f155889 and
# earlier): a site's "Last Update" header above the article's own byline, a numeric date under
# the headline, a photo caption's date and a dateline without one. Corpus-wide figures belong to
# ../shared/eval/score.py, not here.
NAMED_PUBLISHED = {
    "seed1.txt": "2018-02-06",
    "f07.txt": "2018-06-19",
    "h03.txt": "2023-11-11",
    "seed0.txt": None,
    "seed3.txt": None,
}


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="../shared/corpus/dev is absent")
@pytest.mark.parametrize(("name", "gold"), NAMED_PUBLISHED.items(), ids=list(NAMED_PUBLISHED))
def test_published_on_named_dev_files(name: str, gold: str | None) -> None:
    text = (DEV_CORPUS / name).read_text(encoding="utf-8")
    found = find_published(CleanDoc(text=text, title=None)).date
    assert (found.isoformat() if found else None) == gold

"""Event date phrases resolved against the publication date, and which phrase dates a trigger."""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline.binding import bind_date, default_date
from app.pipeline.event_dates import DateValue, find_date_phrases

D = dt.date
TUE_2018_02_06 = D(2018, 2, 6)
SUN_2019_05_19 = D(2019, 5, 19)


def resolve(text: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """The date of the only (or first dating) phrase of `text`."""
    phrases = [p for p in find_date_phrases(text, published) if p.role in ("date", "since")]
    assert phrases, f"no date phrase in {text!r}"
    value = phrases[0].value
    return (value.date.isoformat(), value.precision) if value else (None, None)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Monday", TUE_2018_02_06, ("2018-02-05", "day")),
        ("on Tuesday", TUE_2018_02_06, ("2018-02-06", "day")),
        ("on Wednesday", TUE_2018_02_06, ("2018-01-31", "day")),
        ("Sunday night", SUN_2019_05_19, ("2019-05-19", "day")),
        ("Sunday's attack", SUN_2019_05_19, ("2019-05-19", "day")),
        ("last Sunday", SUN_2019_05_19, ("2019-05-12", "day")),
        ("early on Friday", D(2020, 1, 5), ("2020-01-03", "day")),
        ("yesterday", TUE_2018_02_06, ("2018-02-05", "day")),
        ("today", TUE_2018_02_06, ("2018-02-06", "day")),
        ("last month", D(2018, 2, 5), ("2018-01-01", "month")),
        ("last month", D(2021, 1, 10), ("2020-12-01", "month")),
        ("earlier this month", D(2019, 12, 27), ("2019-12-01", "month")),
        ("in January", D(2020, 6, 11), ("2020-01-01", "month")),
        ("in September", SUN_2019_05_19, ("2018-09-01", "month")),
        ("in May", SUN_2019_05_19, ("2019-05-01", "month")),
        ("last April", D(2020, 7, 15), ("2020-04-01", "month")),
        ("last July", D(2020, 7, 15), ("2019-07-01", "month")),
        ("on April 7", D(2021, 5, 23), ("2021-04-07", "day")),
        ("on December 20", D(2021, 1, 5), ("2020-12-20", "day")),
        ("January 4, 2020", None, ("2020-01-04", "day")),
        ("Jan. 4, 2020", None, ("2020-01-04", "day")),
        ("6 Feb 2018", None, ("2018-02-06", "day")),
        ("on January 28th", D(2024, 5, 8), ("2024-01-28", "day")),
        ("in late December 2019", D(2020, 3, 13), ("2019-12-01", "month")),
        ("In July 2021", D(2021, 10, 29), ("2021-07-01", "month")),
        ("in 2014", D(2020, 1, 1), ("2014-01-01", "year")),
        ("in late 2017", D(2018, 2, 5), ("2017-01-01", "year")),
        ("last year", D(2021, 5, 23), ("2020-01-01", "year")),
        ("earlier this year", D(2021, 5, 23), ("2021-01-01", "year")),
        ("last week", D(2020, 10, 22), ("2020-10-01", "month")),
        ("earlier this week", D(2021, 2, 18), ("2021-02-01", "month")),
        ("three days ago", D(2020, 3, 13), ("2020-03-10", "day")),
        ("two months ago", D(2020, 3, 13), ("2020-01-01", "month")),
        ("months ago", D(2024, 5, 8), ("2024-01-01", "year")),
    ],
    ids=[
        "monday-before-a-tuesday-story",
        "tuesday-story-tuesday-is-that-day",
        "wednesday-is-the-week-before",
        "sunday-night-in-a-sunday-story",
        "possessive-weekday",
        "last-sunday-in-a-sunday-story",
        "early-on-friday",
        "yesterday",
        "today",
        "last-month",
        "last-month-across-new-year",
        "earlier-this-month",
        "in-january",
        "in-september-is-last-years",
        "in-may-in-a-may-story",
        "last-april",
        "last-july-in-a-july-story",
        "on-april-7",
        "december-date-in-a-january-story",
        "full-date-needs-no-publication",
        "abbreviated-month",
        "day-month-year",
        "ordinal-day",
        "late-month-year",
        "month-year",
        "year",
        "late-year",
        "last-year",
        "earlier-this-year",
        "last-week-within-the-month",
        "earlier-this-week",
        "days-ago",
        "months-ago",
        "vague-months-ago-is-the-year",
    ],
)
def test_phrase_resolves_against_publication(
    text: str, published: dt.date | None, expected: tuple[str, str]
) -> None:
    assert resolve(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("last week", TUE_2018_02_06),
        ("weeks before", TUE_2018_02_06),
        ("a few weeks later", TUE_2018_02_06),
        ("less than a week after", TUE_2018_02_06),
        ("on Monday", None),
        ("in January", None),
        ("the day before", TUE_2018_02_06),
        ("days later", TUE_2018_02_06),
    ],
    ids=[
        "last-week-across-a-months-turn",
        "weeks-before",
        "a-few-weeks-later",
        "less-than-a-week-after",
        "weekday-without-publication",
        "month-without-publication",
        "day-before-without-an-anchor",
        "days-later-without-an-anchor",
    ],
)
def test_phrase_that_fixes_no_date(text: str, published: dt.date | None) -> None:
    assert resolve(text, published) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the day before the attack on Sunday", ("2018-02-03", "day")),
        ("two days after the strike on Friday", ("2018-02-04", "day")),
        ("days after air strikes in Anbar last month", ("2018-01-01", "month")),
        ("the previous day, before the rally on Monday", ("2018-02-04", "day")),
    ],
    ids=["day-before-a-dated-attack", "two-days-after", "days-after-a-month", "the-previous-day"],
)
def test_relative_phrase_takes_its_anchor(text: str, expected: tuple[str, str]) -> None:
    assert resolve(text, TUE_2018_02_06) == expected


@pytest.mark.parametrize(
    ("text", "published", "role"),
    [
        ("starting from Sunday evening", D(2020, 1, 5), "future"),
        ("by the end of this year", D(2021, 7, 28), "future"),
        ("next week", D(2021, 7, 28), "future"),
        ("talks will open on June 11", D(2020, 6, 10), "future"),
        ("since September", SUN_2019_05_19, "since"),
        ("date 2020-01-05 03:51:03", D(2020, 1, 5), "skip"),
        ("BAGHDAD, Jan. 4 (Xinhua) --", D(2020, 1, 5), "skip"),
    ],
    ids=[
        "starting-from",
        "deadline",
        "next-week",
        "date-after-publication-is-future",
        "since",
        "iso-timestamp-is-furniture",
        "dateline",
    ],
)
def test_phrase_role(text: str, published: dt.date, role: str) -> None:
    assert [p.role for p in find_date_phrases(text, published)] == [role]


def test_may_the_modal_is_not_a_month() -> None:
    assert find_date_phrases("clashes may start at any moment", TUE_2018_02_06) == []


def test_a_count_of_troops_is_not_a_year() -> None:
    assert find_date_phrases("about 2000 troops remain", TUE_2018_02_06) == []


def span_of(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_the_nearest_phrase_dates_the_trigger() -> None:
    text = (
        "The Pentagon confirmed Thursday night that it struck militia sites, after "
        "Wednesday's rocket attack on Camp Taji."
    )
    phrases = find_date_phrases(text, D(2020, 3, 13))
    attack = bind_date(text, phrases, span_of(text, "rocket attack"))
    assert attack is not None and attack.value == DateValue(D(2020, 3, 11), "day")
    assert attack.strength == "near"


def test_since_dates_only_what_follows_it() -> None:
    text = "It was the first such attack since September, when three mortar shells landed."
    phrases = find_date_phrases(text, SUN_2019_05_19)
    assert bind_date(text, phrases, span_of(text, "attack")) is None
    shells = bind_date(text, phrases, span_of(text, "mortar shells landed"))
    assert shells is not None and shells.value == DateValue(D(2018, 9, 1), "month")


def test_a_date_beside_a_reporting_verb_is_the_reports() -> None:
    text = "Reuters cited one of the groups as saying on Sunday that they suspended rocket attacks."
    phrases = find_date_phrases(text, D(2020, 10, 11))
    bound = bind_date(text, phrases, span_of(text, "suspended rocket attacks"))
    assert bound is not None and bound.strength == "report"
    assert bound.value == DateValue(D(2020, 10, 11), "day")


def test_a_future_phrase_dates_nothing() -> None:
    text = "KH warned Saturday the forces to move away starting from Sunday."
    phrases = find_date_phrases(text, D(2020, 1, 5))
    bound = bind_date(text, phrases, span_of(text, "move away"))
    assert bound is not None and bound.value == DateValue(D(2020, 1, 4), "day")


def test_weeks_before_leaves_the_trigger_undated() -> None:
    text = "The militia had threatened the base weeks before."
    bound = bind_date(text, find_date_phrases(text, D(2020, 3, 13)), span_of(text, "threatened"))
    assert bound is not None and bound.value is None and bound.strength == "unfixed"


def test_default_date_is_the_publication_month() -> None:
    assert default_date(D(2018, 2, 6)).value == DateValue(D(2018, 2, 1), "month")
    assert default_date(None).value is None


def test_days_after_an_attack_date_the_attack_before_its_anchor() -> None:
    text = "The announcement came two days after a drone attack killed three US soldiers."
    phrases = find_date_phrases(text, D(2024, 1, 30), DateValue(D(2024, 1, 30), "day"))
    attack = bind_date(text, phrases, span_of(text, "drone attack"))
    assert attack is not None and attack.value == DateValue(D(2024, 1, 28), "day")


def test_days_after_the_announcement_date_what_follows_after_it() -> None:
    text = "Two days after the announcement, rockets hit the base."
    phrases = find_date_phrases(text, D(2024, 2, 2), DateValue(D(2024, 1, 30), "day"))
    rockets = bind_date(text, phrases, span_of(text, "rockets hit"))
    assert rockets is not None and rockets.value == DateValue(D(2024, 2, 1), "day")


def test_days_after_count_from_the_clauses_own_date() -> None:
    text = (
        "Parliament passed a resolution on Sunday, two days after a US drone strike in Baghdad "
        "killed Soleimani."
    )
    phrases = find_date_phrases(text, D(2020, 1, 5), DateValue(D(2020, 1, 1), "day"))
    strike = bind_date(text, phrases, span_of(text, "US drone strike"))
    assert strike is not None and strike.value == DateValue(D(2020, 1, 3), "day")

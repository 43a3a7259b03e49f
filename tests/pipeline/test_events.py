"""The event stage on hand-built documents: triggers read in their sentence context.

Each case is a short text written for the test; actor mentions are given by hand (as the
actor stage would find them), so these tests exercise `find_events` alone.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.pipeline.event_details import Casualties, find_casualties
from app.pipeline.events import find_events
from app.pipeline.types import ActorMention, CleanDoc, DocContext, PublishedDate, Sentence
from app.schemas import ExtractedEvent

D = dt.date
TUE_2020_01_07 = D(2020, 1, 7)
ACTORS: dict[str, tuple[str, str]] = {
    "Kata'ib Hezbollah": ("Kata'ib Hezbollah", "militia"),
    "Asa'ib Ahl al-Haq": ("Asa'ib Ahl al-Haq", "militia"),
    "Ashab al-Kahf": ("Ashab al-Kahf", "militia"),
    "Islamic Resistance in Iraq": ("Islamic Resistance in Iraq", "militia"),
    "Iraqi Resistance Coordination Committee": (
        "Iraqi Resistance Coordination Committee",
        "militia",
    ),
    "Lebanese Hezbollah": ("Lebanese Hezbollah", "other"),
    "Houthi": ("Houthis", "other"),
    "Iraqi parliament": ("Iraqi parliament", "iraq_government"),
    "Iraqi government": ("Iraqi government", "iraq_government"),
    "Iraqi prime minister": ("Iraqi government", "iraq_government"),
    "United States": ("US", "us"),
    "Pentagon": ("US", "us"),
    "Washington": ("US", "us"),
    "US forces": ("US", "us"),
    "Iran": ("Iran", "iran"),
}
RE_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”]?|$)")


def make_ctx(text: str, published: dt.date | None) -> DocContext:
    """A document as the earlier stages would hand it over: sentences and actor mentions."""
    sentences = []
    for m in RE_SENTENCE.finditer(text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        if m.end() > start:
            sentences.append(Sentence(start, m.end(), text[start : m.end()]))
    mentions = [
        ActorMention(name, kind, m.start(), m.end(), surface)
        for surface, (name, kind) in ACTORS.items()
        for m in re.finditer(re.escape(surface), text)
    ]
    return DocContext(
        doc=CleanDoc(text=text, title=None),
        sentences=tuple(sentences),
        published=PublishedDate(published, "given" if published else None),
        actors=tuple(sorted(mentions, key=lambda a: a.start)),
    )


def events_of(text: str, published: dt.date | None = TUE_2020_01_07) -> list[ExtractedEvent]:
    events = find_events(make_ctx(text, published))
    for e in events:
        assert text[e.start : e.end] == e.evidence
        for extra in e.extra_evidence:
            assert text[extra.start : extra.end] == extra.evidence
        assert 0.0 <= e.confidence <= 1.0
    return events


def summary(events: list[ExtractedEvent]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(e.type, e.actor, e.date, e.date_precision) for e in events]


# ---- the hard cases of the coding conventions -------------------------------------------


def test_a_vow_to_attack_is_a_threat_not_an_attack() -> None:
    # conditioned on the forces staying, the threat is also a demand that they leave (the
    # threat-and-demand convention of ontology.md)
    text = "Kata'ib Hezbollah vowed on Monday to attack US forces if they do not leave Iraq."
    assert summary(events_of(text)) == [
        ("threat", "Kata'ib Hezbollah", "2020-01-06", "day"),
        ("withdrawal_demand", "Kata'ib Hezbollah", "2020-01-06", "day"),
    ]


def test_threat_that_demands_withdrawal_is_both() -> None:
    text = (
        "Kata'ib Hezbollah said on Sunday that it would use the force of arms to expel "
        "the US occupation from Iraq."
    )
    assert sorted(summary(events_of(text))) == [
        ("threat", "Kata'ib Hezbollah", "2020-01-05", "day"),
        ("withdrawal_demand", "Kata'ib Hezbollah", "2020-01-05", "day"),
    ]


def test_ceasefire_on_condition_of_a_timetable_is_a_ceasefire_only() -> None:
    text = (
        "The Iraqi Resistance Coordination Committee announced a conditional truce on "
        "Saturday, suspending attacks on US forces in return for a timetable for the "
        "withdrawal of American troops."
    )
    assert summary(events_of(text, D(2020, 10, 11))) == [
        ("ceasefire", "Iraqi Resistance Coordination Committee", "2020-10-10", "day")
    ]


def test_a_denial_names_nobody_but_the_attack_stands() -> None:
    text = "Kata'ib Hezbollah denied any role in Tuesday's rocket attack on Ain al-Asad air base."
    (event,) = events_of(text, D(2020, 1, 9))
    assert (event.type, event.actor, event.claimed_by) == ("attack", None, None)
    assert (event.date, event.location) == ("2020-01-07", "Ain al-Asad")


def test_an_attack_denied_outright_is_no_event() -> None:
    text = "The Iraqi army denied that any attack had taken place at the base on Monday."
    assert events_of(text) == []


def test_a_claimed_attack_that_officials_deny_is_still_an_attack() -> None:
    text = (
        "Ashab al-Kahf claimed responsibility on Wednesday for targeting a US convoy in "
        "Dhi Qar. An Iraqi commander denied any targeting, blaming a burst tyre."
    )
    (event,) = events_of(text, D(2020, 7, 15))
    assert summary([event]) == [("attack", "Ashab al-Kahf", "2020-07-15", "day")]
    assert (event.claimed_by, event.target, event.location) == (
        "Ashab al-Kahf",
        "convoy",
        "Dhi Qar",
    )


@pytest.mark.parametrize(
    "text",
    [
        "A rocket attack on the embassy could trigger a harsh US response, officials warned.",
        "If militias attack US forces again, Washington will respond.",
        "Officials fear a drone attack on Erbil airport in the coming days.",
        "The strikes aim to degrade the group's ability to conduct future attacks on US troops.",
    ],
    ids=["could", "if", "fear-of", "future-attacks"],
)
def test_a_hypothetical_attack_is_no_event(text: str) -> None:
    assert [e.type for e in events_of(text)] == []


def test_a_strike_avenged_in_a_vow_has_happened() -> None:
    text = (
        "Kata'ib Hezbollah vowed on Monday to take revenge for US air strikes that killed 25 "
        "of its fighters in Iraq."
    )
    types = sorted(e.type for e in events_of(text, D(2019, 12, 30)))
    assert types == ["threat", "us_strike"]


def test_a_strike_takes_the_date_of_its_own_clause_over_the_vows() -> None:
    text = (
        "Kata'ib Hezbollah vowed on Monday to take revenge for US air strikes that killed 25 "
        "of its fighters in western Iraq and Syria on Sunday."
    )
    events = {e.type: e for e in events_of(text, D(2019, 12, 30))}
    assert (events["threat"].date, events["us_strike"].date) == ("2019-12-30", "2019-12-29")


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister on Monday called the US strikes an unacceptable vicious assault.",
        "The prime minister on Monday condemned the US strikes as a vicious attack on Iraq.",
        "The president described the strikes as an unacceptable assault on sovereignty.",
    ],
    ids=["called-an-assault", "condemned-as-an-attack", "described-as-an-assault"],
)
def test_naming_a_strike_an_attack_is_no_attack(text: str) -> None:
    assert [e for e in events_of(text, D(2019, 12, 30)) if e.type == "attack"] == []


def test_planned_talks_are_not_talks() -> None:
    text = (
        "Iraq and the United States will hold a new round of strategic dialogue on Thursday "
        "to discuss the future of US forces."
    )
    assert events_of(text, D(2020, 6, 10)) == []


def test_talks_held_are_talks() -> None:
    text = (
        "Iraq and the United States held the third round of their strategic dialogue on "
        "Wednesday, agreeing to withdraw US combat troops."
    )
    assert summary(events_of(text, D(2021, 4, 8))) == [("talks", None, "2021-04-07", "day")]


def test_a_second_round_of_talks_is_one_event_in_its_sentence() -> None:
    text = (
        "Iraqi and American officials met in Baghdad on Sunday for a second round of talks "
        "of the Higher Military Commission."
    )
    assert summary(events_of(text, D(2024, 4, 15))) == [("talks", None, "2024-04-14", "day")]


def test_a_suspension_announced_is_told_first_not_referred_back_to() -> None:
    text = (
        "An Iran-backed armed faction announced on Saturday the suspension of its attacks "
        'against US forces in Iraq. "We have decided to suspend military operations against '
        'the American occupation forces," the Iraqi Resistance Coordination Committee said.'
    )
    events = events_of(text, D(2020, 10, 10))
    assert summary(events) == [
        ("ceasefire", "Iraqi Resistance Coordination Committee", "2020-10-10", "day")
    ]


def test_a_truce_according_to_a_groups_statement_is_that_groups() -> None:
    text = (
        "Iraqi armed factions have agreed to an indefinite truce on attacks against US targets, "
        "on condition that the Iraqi government presents a timetable for the withdrawal, "
        "according to a statement from the Iraqi Resistance Coordination Committee on Monday."
    )
    assert summary(events_of(text)) == [
        ("ceasefire", "Iraqi Resistance Coordination Committee", "2020-01-06", "day")
    ]


def test_operations_put_on_hold_are_a_ceasefire() -> None:
    text = (
        "Kata'ib Hezbollah announced on Monday that its military operations against US forces "
        "were on hold for the time being."
    )
    assert summary(events_of(text)) == [("ceasefire", "Kata'ib Hezbollah", "2020-01-06", "day")]


@pytest.mark.parametrize(
    "text",
    [
        "Asa'ib Ahl al-Haq said on Monday that the resistance would not stand idly by after "
        "the US strikes.",
        "Asa'ib Ahl al-Haq said on Monday that its response to the US strikes will be painful.",
    ],
    ids=["not-stand-idly-by", "response-will-be"],
)
def test_a_promised_response_is_a_threat(text: str) -> None:
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert summary(threats) == [("threat", "Asa'ib Ahl al-Haq", "2020-01-06", "day")]


def test_an_observed_lull_is_not_a_ceasefire() -> None:
    text = (
        "Attacks on US forces have stopped since early February, a lull that officials "
        "attribute to pressure from Tehran."
    )
    assert events_of(text, D(2024, 3, 20)) == []


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "Houthi fighters fired a missile at a US warship in the Red Sea on Sunday.",
            D(2024, 1, 15),
        ),
        (
            "Lebanese Hezbollah fired dozens of rockets at northern Israel on Sunday.",
            D(2023, 11, 6),
        ),
        (
            "The Islamic Resistance in Iraq claimed a drone attack on the Israeli port of "
            "Eilat on Monday.",
            D(2023, 11, 21),
        ),
        (
            "Kata'ib Hezbollah threatened the Iraqi government on Sunday over the arrest of "
            "its fighters.",
            D(2020, 6, 29),
        ),
    ],
    ids=["houthi-attack", "lebanese-hezbollah", "attack-on-israel", "threat-to-iraqi-state"],
)
def test_out_of_scope_events_are_not_events(text: str, published: dt.date) -> None:
    assert events_of(text, published) == []


def test_a_sentence_listing_attacks_is_that_many_attacks() -> None:
    text = (
        "The Islamic Resistance in Iraq said it attacked US forces twice at Ain al-Asad "
        "and at three bases in Syria on Sunday."
    )
    events = events_of(text, D(2023, 10, 23))
    assert [(e.type, e.actor, e.date) for e in events] == [
        ("attack", "Islamic Resistance in Iraq", "2023-10-22")
    ] * 5
    assert sorted(e.location or "" for e in events) == ["Ain al-Asad"] * 2 + ["Syria"] * 3


def test_mentions_of_one_barrage_are_one_attack() -> None:
    text = (
        "Three rockets struck Camp Taji on Wednesday, wounding two US soldiers. "
        "The coalition said the attack on Camp Taji also damaged a hangar."
    )
    (event,) = events_of(text, D(2020, 3, 13))
    assert summary([event]) == [("attack", None, "2020-03-11", "day")]
    assert (event.location, event.injured) == ("Camp Taji", 2)
    assert [x.evidence for x in event.extra_evidence] == [
        "The coalition said the attack on Camp Taji also damaged a hangar."
    ]


def test_a_strike_the_next_sentence_names_again_is_one_strike() -> None:
    text = (
        "A US drone strike on Thursday killed a commander of Kata'ib Hezbollah in Baghdad. "
        "The Pentagon said the strike targeted Abu Taqwa, who it said planned attacks."
    )
    events = events_of(text, D(2024, 1, 4))
    assert summary(events) == [("us_strike", "US", "2024-01-04", "day")]
    assert len(events[0].extra_evidence) == 1


def test_a_claim_without_place_or_date_is_for_the_attack_just_told() -> None:
    text = (
        "Several rockets were fired at Ain al-Asad air base on Monday evening. "
        "The Islamic Resistance in Iraq claimed responsibility, saying it had targeted the "
        "occupation base with a barrage of missiles."
    )
    events = events_of(text, D(2023, 11, 21))
    assert summary(events) == [("attack", "Islamic Resistance in Iraq", "2023-11-20", "day")]
    assert events[0].claimed_by == "Islamic Resistance in Iraq"


def test_the_target_named_again_in_the_passive_is_the_same_attack() -> None:
    text = (
        "A roadside bomb struck a convoy carrying supplies for the US-led coalition in "
        "southern Iraq on Wednesday. The convoy, operated by Iraqi contractors, was hit on a "
        "highway in Diwaniyah province."
    )
    events = events_of(text, D(2021, 5, 26))
    assert summary(events) == [("attack", None, "2021-05-26", "day")]
    assert events[0].location == "Qadisiyah"


def test_shooting_down_a_us_drone_is_an_attack_by_who_says_so() -> None:
    text = (
        "The Islamic Resistance in Iraq said it shot down an American MQ-9 Reaper drone over "
        "Diyala province on Wednesday."
    )
    events = events_of(text, D(2024, 3, 21))
    assert summary(events) == [("attack", "Islamic Resistance in Iraq", "2024-03-20", "day")]


def test_claimed_attacks_without_an_article_name_their_claimant() -> None:
    text = (
        "The Islamic Resistance in Iraq, an umbrella group of Iran-backed militias, claimed "
        "drone attacks on Monday on the US base at Ain al-Asad."
    )
    events = events_of(text)
    assert [(e.type, e.actor, e.claimed_by) for e in events] == [
        ("attack", "Islamic Resistance in Iraq", "Islamic Resistance in Iraq")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "F-15E fighter jets struck Kata'ib Hezbollah targets near Jurf al-Sakhar on "
            "Wednesday, the military said.",
            ("us_strike", "US", "2020-01-01", "day"),
        ),
        (
            "US forces at Ain al-Asad came under indirect fire on Monday, an official said.",
            ("attack", None, "2020-01-06", "day"),
        ),
        (
            "Asa'ib Ahl al-Haq warned on Monday of a harsh response if US forces attacked its "
            "members.",
            ("threat", "Asa'ib Ahl al-Haq", "2020-01-06", "day"),
        ),
    ],
    ids=["us-aircraft", "indirect-fire", "harsh-response"],
)
def test_more_ways_of_telling_strikes_attacks_and_threats(
    text: str, expected: tuple[str, str | None, str, str]
) -> None:
    assert summary(events_of(text)) == [expected]


def test_attacks_counted_then_told_one_by_one_are_counted_once() -> None:
    text = (
        "US forces in Iraq and Syria came under attack three times this week, the Pentagon "
        "said on Thursday. Two drones targeted al-Tanf garrison in Syria on Wednesday, while a "
        "third drone was shot down near Ain al-Asad air base in western Iraq."
    )
    events = events_of(text, D(2023, 10, 20))
    assert [e.type for e in events] == ["attack"] * 3
    assert sorted(e.location or "" for e in events) == ["Ain al-Asad", "Iraq", "al-Tanf"]


def test_two_attacks_on_two_bases_stay_two() -> None:
    text = (
        "Two attacks targeted US forces on Saturday: one in Baghdad's Green Zone and one at "
        "Balad air base."
    )
    events = events_of(text, D(2020, 1, 5))
    assert sorted(e.location or "" for e in events) == ["Balad", "Green Zone"]


# ---- actors ----------------------------------------------------------------------------


def test_the_group_refers_back_to_the_last_militia_named() -> None:
    text = (
        "Kata'ib Hezbollah issued a statement on Sunday. The group warned it would strike "
        "US bases if the occupation continued."
    )
    assert summary(events_of(text)) == [("threat", "Kata'ib Hezbollah", "2020-01-01", "month")]


def test_generic_militias_threat_has_no_actor() -> None:
    text = "Iran-backed militias threatened on Monday to escalate attacks against US troops."
    assert summary(events_of(text)) == [("threat", None, "2020-01-06", "day")]


def test_a_threat_by_a_state_is_not_a_militia_threat() -> None:
    text = "Washington warned on Monday it would strike militia targets if attacks continued."
    assert [e.type for e in events_of(text)] == []


def test_attack_attributed_by_the_us() -> None:
    text = (
        "The United States said Kata'ib Hezbollah was responsible for a rocket attack on "
        "the K1 base near Kirkuk in late December."
    )
    (event,) = events_of(text, D(2020, 3, 13))
    assert summary([event]) == [("attack", "Kata'ib Hezbollah", "2019-12-01", "month")]
    assert (event.attributed_by, event.claimed_by, event.location) == ("US", None, "K1")


def test_parliament_vote_is_a_withdrawal_demand() -> None:
    text = "The Iraqi parliament voted on Sunday to expel foreign troops from the country."
    assert summary(events_of(text, D(2020, 1, 6))) == [
        ("withdrawal_demand", "Iraqi parliament", "2020-01-05", "day")
    ]


def test_a_parliament_vote_recalled_in_another_sides_sentence_is_parliaments() -> None:
    text = (
        "The Pentagon has no plans to pull out its troops, a spokesman said on Wednesday, "
        "despite a vote by Iraq's parliament in January urging the government to expel "
        "foreign troops."
    )
    assert summary(events_of(text, D(2020, 3, 5))) == [
        ("withdrawal_demand", "Iraqi parliament", "2020-01-01", "month")
    ]


def test_a_deadline_given_to_leave_is_a_demand_but_a_deadline_recalled_is_not() -> None:
    given = "Kata'ib Hezbollah on Monday gave US forces a deadline to leave Iraq."
    assert summary(events_of(given)) == [
        ("withdrawal_demand", "Kata'ib Hezbollah", "2020-01-06", "day")
    ]
    recalled = (
        "He said that despite the declaration of a deadline for American forces to leave "
        "Iraq, nothing has happened."
    )
    assert events_of(recalled) == []


def test_attacks_until_the_last_soldier_leaves_are_a_threat_and_a_demand() -> None:
    text = (
        "Kata'ib Hezbollah said on Monday it would keep attacking until the last American "
        "soldier leaves."
    )
    assert sorted(summary(events_of(text))) == [
        ("threat", "Kata'ib Hezbollah", "2020-01-06", "day"),
        ("withdrawal_demand", "Kata'ib Hezbollah", "2020-01-06", "day"),
    ]


def test_pushing_parliament_to_legislate_the_exit_is_a_demand() -> None:
    text = (
        "The Coordination Framework on Monday pushed parliament to legislate the exit of "
        "foreign troops."
    )
    assert [e.type for e in events_of(text)] == ["withdrawal_demand"]


def test_ready_for_all_options_is_a_threat() -> None:
    text = (
        "Kata'ib Hezbollah said on Monday that American forces would leave Iraq defeated and "
        "that the resistance was ready for all options."
    )
    assert summary(events_of(text)) == [("threat", "Kata'ib Hezbollah", "2020-01-06", "day")]


def test_the_prime_minister_telling_lawmakers_is_the_governments_demand() -> None:
    text = (
        "Caretaker Prime Minister Adel Abdul Mahdi, who attended the session, told Iraqi "
        "parliament members the government should end the presence of foreign forces."
    )
    assert [(e.type, e.actor) for e in events_of(text)] == [
        ("withdrawal_demand", "Iraqi government")
    ]


def test_no_longer_holding_back_from_attacks_is_a_threat() -> None:
    text = "Kata'ib Hezbollah said on Monday it would no longer hold back from attacking US forces."
    assert summary(events_of(text)) == [("threat", "Kata'ib Hezbollah", "2020-01-06", "day")]


def test_prime_minister_calling_for_withdrawal_is_the_government() -> None:
    text = "The Iraqi prime minister has called for the withdrawal of foreign combat troops."
    assert summary(events_of(text, D(2024, 1, 10))) == [
        ("withdrawal_demand", "Iraqi government", "2024-01-01", "month")
    ]


def test_a_withdrawal_from_elections_is_not_a_demand() -> None:
    text = "The movement said on Monday it would withdraw from the elections."
    assert events_of(text) == []


# ---- strikes, casualties, places -------------------------------------------------------


def test_us_strike_on_militia_facilities_with_casualties() -> None:
    text = (
        "US warplanes struck Kata'ib Hezbollah weapons depots in Anbar province on Sunday, "
        "killing 25 fighters."
    )
    (event,) = events_of(text, D(2019, 12, 30))
    assert summary([event]) == [("us_strike", "US", "2019-12-29", "day")]
    assert (event.location, event.killed, event.target) == ("Anbar", 25, "Kata'ib Hezbollah")


def test_a_drone_strike_killing_a_militia_commander_is_the_us_strike_only() -> None:
    text = (
        "The US military said on Wednesday it had killed a Kata'ib Hezbollah commander "
        "responsible for attacks on US forces, in a drone strike in eastern Baghdad."
    )
    assert [e.type for e in events_of(text, D(2024, 2, 8))] == ["us_strike"]


def test_us_strike_on_someone_else_is_not_a_us_strike() -> None:
    text = "US air strikes targeted Islamic State hideouts in Anbar on Sunday."
    assert events_of(text, D(2019, 12, 30)) == []


def test_killed_and_injured_in_words_and_digits() -> None:
    text = (
        "A drone attack on Tower 22 in Jordan on Sunday killed three US soldiers and "
        "wounded more than 30 others."
    )
    (event,) = events_of(text, D(2024, 1, 29))
    assert (event.type, event.date, event.location) == ("attack", "2024-01-28", "Tower 22")
    assert (event.killed, event.injured) == (3, 30)


def test_no_casualties_is_zero() -> None:
    text = "Two rockets hit the Green Zone late on Friday, causing no casualties."
    (event,) = events_of(text, D(2020, 1, 4))
    assert (event.date, event.location, event.killed, event.injured) == (
        "2020-01-03",
        "Green Zone",
        0,
        0,
    )


def test_aggregate_counts_are_not_events() -> None:
    text = (
        "Iran-backed militias have launched more than 160 attacks on US forces since "
        "October. US troops have been targeted dozens of times."
    )
    assert events_of(text, D(2024, 2, 1)) == []


def test_no_publication_date_and_no_absolute_date_gives_no_date() -> None:
    text = "Kata'ib Hezbollah threatened on Monday to attack US bases."
    assert summary(events_of(text, None)) == [("threat", "Kata'ib Hezbollah", None, None)]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Three US soldiers were killed and more than 30 wounded in the attack", 3, 30),
        ("the attack had killed two US soldiers and one British service member", 3, None),
        ("it killed a civilian contractor and injured nine people, including a soldier", 1, 9),
        ("killing at least 25 militia fighters", 25, None),
        ("There were 14 others wounded in the rocket attack", None, 14),
        ("it killed one American civilian and wounded multiple US personnel", 1, None),
        ("a police officer had been wounded", None, 1),
        ("causing no casualties", 0, 0),
    ],
    ids=[
        "passive-killed-then-wounded",
        "listed-victims-add-up",
        "a-contractor-is-one",
        "at-least",
        "others-wounded",
        "multiple-is-no-number",
        "a-officer-wounded",
        "no-casualties",
    ],
)
def test_casualties_in_words_and_digits(text: str, killed: int | None, injured: int | None) -> None:
    assert find_casualties(text) == Casualties(killed, injured)


# ---- phrasings seen in other outlets ------------------------------------------------------


def test_an_ultimatum_is_a_threat_and_a_demand() -> None:
    text = "Asa'ib Ahl al-Haq said on Monday that US forces must leave Iraq or face consequences."
    assert sorted(summary(events_of(text, D(2023, 2, 14)))) == [
        ("threat", "Asa'ib Ahl al-Haq", "2023-02-13", "day"),
        ("withdrawal_demand", "Asa'ib Ahl al-Haq", "2023-02-13", "day"),
    ]


def test_a_base_that_came_under_fire_was_attacked() -> None:
    text = "Ain al-Asad air base came under rocket fire on Sunday night."
    (event,) = events_of(text, D(2021, 5, 10))
    assert (event.type, event.date, event.location) == ("attack", "2021-05-09", "Ain al-Asad")


def test_an_attack_by_a_named_group_is_theirs_and_a_passive_killing_is_no_strike() -> None:
    text = "A US contractor was killed in a rocket attack by Kata'ib Hezbollah on the K1 base."
    (event,) = events_of(text, D(2024, 1, 20))
    assert (event.type, event.actor, event.location, event.killed) == (
        "attack",
        "Kata'ib Hezbollah",
        "K1",
        1,
    )


def test_a_since_clause_dates_what_is_inside_it() -> None:
    text = (
        "It was the first rocket attack on the Green Zone since the militias declared a truce "
        "in October."
    )
    events = {e.type: e for e in events_of(text, D(2020, 12, 21))}
    assert (events["ceasefire"].date, events["ceasefire"].date_precision) == ("2020-10-01", "month")
    assert events["attack"].date == "2020-12-01"


def test_a_meeting_of_the_two_sides_is_talks() -> None:
    text = (
        "Iraqi prime minister Mustafa al-Kadhimi met US President Donald Trump at the White "
        "House on Thursday."
    )
    assert summary(events_of(text, D(2020, 8, 21))) == [("talks", None, "2020-08-20", "day")]


def test_a_headline_announcing_talks_is_not_talks() -> None:
    assert events_of("US, Iraq To Start 'Strategic Dialogue' On Thursday", D(2020, 6, 11)) == []


def test_a_vow_to_respond_after_a_strike() -> None:
    text = (
        "A US drone strike in Baghdad on Thursday killed Abu Taqwa, a commander of the group. "
        "Kata'ib Hezbollah vowed to respond, saying it would not stop until US forces were "
        "expelled from Iraq."
    )
    assert sorted(summary(events_of(text, D(2024, 1, 6)))) == [
        ("threat", "Kata'ib Hezbollah", "2024-01-01", "month"),
        ("us_strike", "US", "2024-01-04", "day"),
        ("withdrawal_demand", "Kata'ib Hezbollah", "2024-01-01", "month"),
    ]


def test_days_later_counts_from_the_sentence_before() -> None:
    text = (
        "A US drone strike near Baghdad airport killed Qassem Soleimani in January 2020. "
        "Days later, the Iraqi parliament passed a resolution demanding the departure of "
        "foreign troops."
    )
    assert sorted(summary(events_of(text, D(2022, 5, 30)))) == [
        ("us_strike", "US", "2020-01-01", "month"),
        ("withdrawal_demand", "Iraqi parliament", "2020-01-01", "month"),
    ]


def test_strikes_on_two_dates_are_two_strikes() -> None:
    text = (
        "In February 2021 and again in June 2021, US aircraft bombed militia facilities on "
        "the Syrian border."
    )
    assert summary(events_of(text, D(2022, 5, 30))) == [
        ("us_strike", "US", "2021-02-01", "month"),
        ("us_strike", "US", "2021-06-01", "month"),
    ]


def test_the_group_is_the_militia_named_earlier_in_the_sentence() -> None:
    text = (
        "The Islamic Resistance in Iraq claimed a drone attack on a US base in Jordan on "
        "Sunday. In response US forces targeted pro-Iran factions including Kata'ib "
        "Hezbollah, with the group then calling a halt to attacks against US bases."
    )
    ceasefire = next(e for e in events_of(text, D(2024, 2, 8)) if e.type == "ceasefire")
    assert ceasefire.actor == "Kata'ib Hezbollah"


def test_militias_listed_as_one_subject_each_make_the_statement() -> None:
    text = "Kata'ib Hezbollah and Asa'ib Ahl al-Haq threatened on Monday to attack US forces."
    assert sorted(summary(events_of(text))) == [
        ("threat", "Asa'ib Ahl al-Haq", "2020-01-06", "day"),
        ("threat", "Kata'ib Hezbollah", "2020-01-06", "day"),
    ]


def test_a_strike_on_a_militia_is_not_the_soleimani_strike_it_recalls() -> None:
    text = (
        "US strikes on Kata'ib Hezbollah facilities in Anbar on Sunday came two years after "
        "the killing of Qassem Soleimani in a US drone strike in Baghdad in January 2020."
    )
    events = events_of(text, D(2022, 1, 10))
    assert [(e.type, e.date, e.target) for e in events] == [
        ("us_strike", "2022-01-09", "Kata'ib Hezbollah"),
        ("us_strike", "2020-01-01", "Soleimani and al-Muhandis"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "US officials said the militias remain a threat to US forces in Iraq.",
        "Militias could retaliate if the US strikes again, analysts said.",
    ],
    ids=["a-threat-they-pose", "analysts-speculate"],
)
def test_no_militia_speaks_no_threat(text: str) -> None:
    assert events_of(text) == []

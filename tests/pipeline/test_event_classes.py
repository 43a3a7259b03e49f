"""Classes of event wording, each on sentences written for the test (not corpus text).

Every case runs the whole pipeline (`extract`) on a short article and asserts the type and
actor of the event a class of wording must give, and that its evidence is the text between
its offsets.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline import extract
from app.pipeline.event_dates import DateValue, find_date_phrases
from app.schemas import ExtractedEvent

WED_2021_03_10 = dt.date(2021, 3, 10)


def events_of(text: str, published: dt.date | None = WED_2021_03_10) -> list[ExtractedEvent]:
    result = extract(text, published)
    for e in result.events:
        assert text[e.start : e.end] == e.evidence
    return result.events


def kinds(events: list[ExtractedEvent]) -> set[tuple[str, str | None]]:
    return {(e.type, e.actor) for e in events}


WITHDRAWAL_WITHOUT_WITHDRAW = [
    (
        "Militia vows to rid the country of foreign troops.\n\n"
        "Kata'ib Hezbollah said on Tuesday it would work to expel the American forces "
        "from the country through every lawful means.",
        ("withdrawal_demand", "Kata'ib Hezbollah"),
    ),
    (
        "Statement from the group.\n\n"
        "Asa'ib Ahl al-Haq on Monday rejected the continued US military presence in Iraq.",
        ("withdrawal_demand", "Asa'ib Ahl al-Haq"),
    ),
    (
        "A warning to Washington.\n\n"
        "The leader of Harakat al-Nujaba said on Monday the countdown to free Iraq from "
        "the US occupation forces has begun.",
        ("withdrawal_demand", "Harakat Hezbollah al-Nujaba"),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    WITHDRAWAL_WITHOUT_WITHDRAW,
    ids=["expel-forces", "reject-presence", "countdown-begun"],
)
def test_demand_to_leave_without_the_word_withdraw(
    text: str, expected: tuple[str, str | None]
) -> None:
    assert expected in kinds(events_of(text))


def test_speaker_who_condemns_a_us_visit_is_the_one_who_threatens_to_expel() -> None:
    text = (
        "Militia chief reacts.\n\n"
        "The head of Asa'ib Ahl al-Haq on Tuesday condemned the US Defense Secretary's trip "
        "to Baghdad, threatening to expel the US troops by law or by force."
    )
    found = kinds(events_of(text))
    assert ("withdrawal_demand", "Asa'ib Ahl al-Haq") in found
    assert ("threat", "Asa'ib Ahl al-Haq") in found


def test_pronoun_speaker_is_not_the_us_troops_named_after_the_quote() -> None:
    text = (
        "Kata'ib Hezbollah answers the strikes.\n\n"
        "A spokesman for Kata'ib Hezbollah spoke to reporters on Tuesday. "
        '"The occupiers must leave," he said, referring to the US troops stationed in Iraq.'
    )
    demands = [e for e in events_of(text) if e.type == "withdrawal_demand"]
    assert [e.actor for e in demands] == ["Kata'ib Hezbollah"]
    assert demands[0].evidence.startswith('"The occupiers must leave,"')


def test_a_us_mission_that_ends_is_not_a_demand() -> None:
    text = (
        "Pentagon update.\n\n"
        "The United States ended its combat mission in Iraq in December, the Pentagon said."
    )
    assert not [e for e in events_of(text) if e.type == "withdrawal_demand"]


US_STRIKE_WORDINGS = [
    (
        "Defense chief speaks.\n\n"
        "The defense secretary confirmed the airstrikes on Tuesday against Kata'ib Hezbollah "
        "depots near the border."
    ),
    (
        "Drone strike in Baghdad.\n\n"
        "Asa'ib Ahl al-Haq mourned on Tuesday two fighters, after an airstrike that killed "
        "Asa'ib Ahl al-Haq members at a checkpoint."
    ),
    (
        "Pentagon statement.\n\n"
        "The Pentagon said on Tuesday its forces responded by targeting militia launch sites "
        "in eastern Syria."
    ),
]


@pytest.mark.parametrize(
    "text", US_STRIKE_WORDINGS, ids=["strikes-against-named", "airstrike-that-killed", "responded"]
)
def test_us_strike_without_a_us_adjective_on_the_strike(text: str) -> None:
    strikes = [e for e in events_of(text) if e.type == "us_strike"]
    assert [e.actor for e in strikes] == ["US"]
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_a_drone_strike_the_us_was_behind_is_not_a_militia_attack() -> None:
    text = (
        "Commander killed.\n\n"
        "The US military was behind a drone strike in Baghdad on Tuesday that killed a "
        "Kata'ib Hezbollah commander."
    )
    found = events_of(text)
    assert not [e for e in found if e.type == "attack"]
    assert [e.actor for e in found if e.type == "us_strike"] == ["US"]


def test_a_strike_on_a_leader_told_twice_is_one_strike() -> None:
    text = (
        "Strike in Baghdad.\n\n"
        "A US drone strike on Tuesday killed a senior militia commander in eastern Baghdad. "
        "Witnesses saw the car burn. "
        "Abu Taqwa was killed in the strike, the group said."
    )
    strikes = [e for e in events_of(text) if e.type == "us_strike"]
    assert len(strikes) == 1
    assert strikes[0].evidence.startswith("A US drone strike on Tuesday")


def test_what_a_leader_is_accused_of_is_not_an_attack() -> None:
    text = (
        "Profile.\n\n"
        "Kata'ib Hezbollah named a new commander on Tuesday, a veteran accused of attacking "
        "US forces near Baghdad."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_an_attack_on_the_base_told_before_needs_no_us_word_of_its_own() -> None:
    text = (
        "Drones over the north.\n\n"
        "A base housing US troops near Mosul has been on alert for weeks, officials said. "
        "The statement gave no reason. "
        "Two explosive drones hit the airbase on Monday, a security source said."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].evidence.startswith("Two explosive drones hit the airbase")


def test_an_attack_on_a_base_of_another_country_is_not_one_on_us_forces() -> None:
    text = (
        "Two incidents.\n\n"
        "A base housing US troops near Mosul has been on alert for weeks, officials said. "
        "On Monday the base hosting Turkish soldiers was hit by two drones, Ankara said."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_an_attack_a_militia_says_it_would_prevent_on_an_ally_is_not_on_us_forces() -> None:
    text = (
        "Interview.\n\n"
        "Kata'ib Hezbollah said on Tuesday US troops are preparing an attack against Iran "
        "from Iraqi soil."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_growing_calls_for_withdrawal_are_a_trend_not_a_demand() -> None:
    text = (
        "Analysis.\n\n"
        "Calls for the departure of US forces from Iraq have grown since the strike. "
        "The government faces mounting pressure from parties to expel US troops."
    )
    assert not [e for e in events_of(text) if e.type == "withdrawal_demand"]


def test_a_trailing_militia_attribution_names_the_speaker() -> None:
    text = (
        "Warning.\n\n"
        "The new US sanctions may become a legitimate reason to target American forces, "
        "Kata'ib Hezbollah said on Tuesday."
    )
    assert ("threat", "Kata'ib Hezbollah") in kinds(events_of(text))


def test_an_aside_between_dashes_is_not_the_subject() -> None:
    text = (
        "Vow.\n\n"
        "Kata'ib Hezbollah - no relation to the Houthi movement in Yemen - on Tuesday vowed "
        "to retaliate against US forces."
    ).replace(" - ", " — ")
    assert ("threat", "Kata'ib Hezbollah") in kinds(events_of(text))


def test_revenge_for_strikes_told_just_before_is_a_threat_against_us_forces() -> None:
    text = (
        "Strikes and reactions.\n\n"
        "US jets struck two Kata'ib Hezbollah depots near the border on Sunday. "
        "Nobody was hurt, officials said. "
        "A militia commander vowed revenge for the strikes on Tuesday."
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert len(threats) == 1
    assert threats[0].evidence == "A militia commander vowed revenge for the strikes on Tuesday."


def test_an_appropriate_response_promised_by_a_militia_is_a_threat() -> None:
    text = (
        "Statement.\n\n"
        "Asa'ib Ahl al-Haq said on Tuesday that any US strike will meet an appropriate response."
    )
    assert ("threat", "Asa'ib Ahl al-Haq") in kinds(events_of(text))


def test_a_speaker_named_far_after_the_reporting_verb_is_not_the_speaker() -> None:
    text = (
        "Joint statement.\n\n"
        "Militia factions vowed revenge on Tuesday and said in a joint statement that they "
        "would keep targeting US forces."
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert threats and all(e.actor is None for e in threats)


def test_a_base_named_with_its_us_guests_was_hit_is_an_attack() -> None:
    text = (
        "Rocket fire.\n\n"
        "The airfield, which hosts US-led coalition advisers and Iraqi pilots, was hit by two "
        "rockets on Tuesday, police said."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].date == "2021-03-09"


def test_a_campaign_of_attacks_that_began_is_not_one_attack() -> None:
    text = (
        "Background.\n\n"
        "Attacks on US troops in Syria began in October, shortly after the war in the region."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_attacks_that_will_continue_are_not_an_attack() -> None:
    text = (
        "Statement.\n\n"
        "Kata'ib Hezbollah said on Tuesday that attacks on US bases will continue until the "
        "last soldier leaves."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_an_expected_attack_is_not_an_attack() -> None:
    text = (
        "Outlook.\n\n"
        "US officials are expecting a large drone attack on their bases in eastern Syria."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_drones_used_to_target_a_base_are_an_attack() -> None:
    text = (
        "Claim.\n\n"
        "The Islamic Resistance in Iraq said on Tuesday it had used two drones to target the "
        "Harir base, where US forces are stationed."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].date == "2021-03-09"


def test_the_strike_that_killed_a_named_leader_is_not_a_militia_attack() -> None:
    text = (
        "Anniversary.\n\n"
        "Abu Mahdi al-Muhandis, who led the PMF's operations, and his guards were killed in "
        "a drone strike near the airport in 2020."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


ADDRESSED_DEMANDS = [
    (
        "Statement.\n\n"
        "Kata'ib Hezbollah stressed on Tuesday that American troops must withdraw from the "
        "country.",
        "Kata'ib Hezbollah",
    ),
    (
        "Statement.\n\n"
        "Asa'ib Ahl al-Haq on Tuesday warned the Americans to withdraw their soldiers.",
        "Asa'ib Ahl al-Haq",
    ),
    (
        "Premier's office.\n\n"
        "The Iraqi premier on Tuesday affirmed his aim to put an end to the existence of the "
        "international coalition in Iraq.",
        "Iraqi government",
    ),
]


@pytest.mark.parametrize(
    ("text", "actor"), ADDRESSED_DEMANDS, ids=["us-troops-must", "warned-americans", "premier"]
)
def test_the_us_side_a_demand_is_made_to_is_not_its_maker(text: str, actor: str) -> None:
    assert ("withdrawal_demand", actor) in kinds(events_of(text))


THREATS_WITHOUT_ATTACK = [
    "Asa'ib Ahl al-Haq told the Americans on Tuesday that they will regret staying in Iraq.",
    "Kata'ib Hezbollah said on Tuesday that all our options are open against the US forces.",
    "Asa'ib Ahl al-Haq warned the US on Tuesday: we can reach you anywhere in the country.",
]


@pytest.mark.parametrize("sentence", THREATS_WITHOUT_ATTACK, ids=["regret", "options", "reach"])
def test_threats_said_without_a_word_of_violence(sentence: str) -> None:
    found = [e for e in events_of("Warning.\n\n" + sentence) if e.type == "threat"]
    assert len(found) == 1
    assert found[0].actor in ("Asa'ib Ahl al-Haq", "Kata'ib Hezbollah")


def test_us_forces_called_legitimate_targets_are_the_target_not_the_speaker() -> None:
    text = (
        "Interview.\n\n"
        "Kata'ib Hezbollah spokesman on Tuesday: US forces in Iraq are legitimate targets."
    )
    assert ("threat", "Kata'ib Hezbollah") in kinds(events_of(text))


def test_us_threats_dismissed_before_a_militia_warning_do_not_speak_it() -> None:
    text = (
        "Nujaba answers.\n\n"
        "Harakat al-Nujaba said its leader was not afraid. "
        "On Tuesday the head of the movement dismissed US threats of airstrikes, stressing "
        "that any strike will meet an appropriate response."
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert [e.actor for e in threats] == ["Harakat Hezbollah al-Nujaba"]


def test_an_attack_by_hamas_on_israel_named_beside_us_troops_is_not_tracked() -> None:
    text = (
        "Tally.\n\n"
        "Militias have hit US troops often since the Hamas attack on southern Israel in "
        "October, officials said on Tuesday."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_a_kataib_hezbollah_attack_is_tracked() -> None:
    text = (
        "Claim.\n\n"
        "Kata'ib Hezbollah's drone attack on a base housing US troops in Syria on Tuesday "
        "caused no casualties, officials said."
    )
    assert [e.type for e in events_of(text)] == ["attack"]


def test_each_attack_is_a_generic_statement() -> None:
    text = (
        "Coalition statement.\n\n"
        "Each attack against the coalition in Iraq endangers Iraqi lives, the spokesman said "
        "on Tuesday."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_attacks_on_numerous_occasions_are_a_tally() -> None:
    text = (
        "Tally.\n\n"
        "Since January, militias have kept up pressure on US forces, targeting American bases "
        "on numerous occasions."
    )
    assert not [e for e in events_of(text) if e.type == "attack"]


def test_us_forces_responding_on_iran_backed_positions_is_a_us_strike() -> None:
    text = (
        "Response.\n\n"
        "US forces responded on Tuesday by targeting positions of Iranian-backed forces near "
        "the border."
    )
    strikes = [e for e in events_of(text) if e.type == "us_strike"]
    assert [e.actor for e in strikes] == ["US"]
    assert strikes[0].evidence.startswith("US forces responded on Tuesday")


def test_one_side_declaring_an_end_of_mission_is_not_talks() -> None:
    text = (
        "Pentagon.\n\n"
        "The US military declared the end of its combat mission in Iraq in December, but "
        "kept advisers in the country."
    )
    assert not [e for e in events_of(text) if e.type == "talks"]


def test_the_two_countries_declaring_together_are_talks() -> None:
    text = (
        "Dialogue.\n\n"
        "After a round of meetings on Tuesday, the two countries declared that US combat "
        "troops would leave Iraq by the end of the year."
    )
    assert [e.type for e in events_of(text) if e.type == "talks"] == ["talks"]


def test_a_date_in_an_although_clause_does_not_date_the_main_clause() -> None:
    text = (
        "Warning.\n\n"
        "Although Kata'ib Hezbollah halted its attacks on US troops in January 2020, the "
        "group has now threatened to resume them against American bases."
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert [(e.date, e.date_precision) for e in threats] == [("2021-03-01", "month")]


@pytest.mark.parametrize(
    "sentence",
    [
        "A bill to expel US forces is to be submitted in March, the MP said.",
        "Lawmakers will vote on Saturday on a bill to expel US forces.",
    ],
    ids=["to-be-submitted", "will-vote"],
)
def test_a_date_still_to_come_dates_nothing(sentence: str) -> None:
    phrases = find_date_phrases(sentence, dt.date(2019, 2, 19))
    assert [p.role for p in phrases] == ["future"]


def test_rockets_toward_two_named_sites_are_two_attacks() -> None:
    text = (
        "Two sites.\n\n"
        "On Tuesday, rocket attacks targeted the Basra consulate and the embassy in Baghdad's "
        "Green Zone, where US diplomats work."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert sorted(e.location or "" for e in attacks) == ["Basra", "Green Zone"]


def test_earlier_in_the_month_takes_the_month_of_the_date_told_before() -> None:
    phrases = find_date_phrases(
        "The closure followed rocket attacks earlier in the month.",
        dt.date(2018, 10, 3),
        DateValue(dt.date(2018, 9, 28), "day"),
    )
    assert [(p.value.date, p.value.precision) for p in phrases if p.value] == [
        (dt.date(2018, 9, 1), "month")
    ]


def test_a_drone_dropping_explosives_near_us_forces_is_an_attack() -> None:
    text = (
        "Erbil.\n\n"
        "A small drone dropped explosives near US forces at the airport late on Tuesday, "
        "local officials said."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert [e.date for e in attacks] == ["2021-03-09"]


def test_a_caption_that_opens_in_this_image_makes_no_event_of_its_own() -> None:
    text = (
        "Strikes on the border.\n\n"
        "In this image from a video, US aircraft conduct strikes on a depot used by "
        "Kata'ib Hezbollah near the border.\n\n"
        "The group's spokesman said on Tuesday that no one was hurt."
    )
    assert not [e for e in events_of(text) if e.type == "us_strike"]


def test_a_base_attacked_for_the_second_time_is_a_second_attack() -> None:
    text = (
        "Two nights.\n\n"
        "Rockets struck the Conoco base, which hosts US troops, late on Monday. "
        "The Conoco base was attacked for the second time early on Tuesday with two drones."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert sorted(e.date or "" for e in attacks) == ["2021-03-08", "2021-03-09"]


def test_a_leader_who_speaks_is_not_the_target_and_a_joint_strike_is_not_the_us_own() -> None:
    text = (
        "Accusation.\n\n"
        "Abu Mahdi al-Muhandis said on Tuesday that the US and Israel were the ones who "
        "targeted a depot of the Popular Mobilization Forces."
    )
    assert not [e for e in events_of(text) if e.type == "us_strike"]


def test_the_incident_was_an_attack_names_what_was_told() -> None:
    text = (
        "Airport.\n\n"
        "Two drones were shot down near a base hosting US forces on Tuesday, officials said. "
        'A coalition official said that the incident was "a dangerous attack on a civilian '
        'airport."'
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].evidence.startswith("Two drones were shot down")


def test_a_statement_issued_by_listed_militias_is_theirs() -> None:
    text = (
        "Joint statement.\n\n"
        "In a joint statement issued by Kata'ib Hezbollah, Asa'ib Ahl al-Haq and other "
        "factions on Tuesday, the groups said US forces will face armed resistance."
    )
    assert ("threat", "Kata'ib Hezbollah") in kinds(events_of(text))


def test_remarks_that_made_us_forces_legitimate_targets_are_a_threat() -> None:
    text = (
        "Reaction.\n\n"
        "A Kata'ib Hezbollah spokesman said on Tuesday that the remarks made American forces "
        "legitimate targets for the resistance."
    )
    assert ("threat", "Kata'ib Hezbollah") in kinds(events_of(text))


def test_an_undated_strike_told_right_after_a_dated_one_is_the_same_strike() -> None:
    text = (
        "Retaliation.\n\n"
        "US warplanes struck two Kata'ib Hezbollah depots near the Syrian border on Sunday. "
        "F-15E jets hit buildings where the militia stored drones, officials said."
    )
    strikes = [e for e in events_of(text) if e.type == "us_strike"]
    assert [e.date for e in strikes] == ["2021-03-07"]


TALLY_BREAKDOWNS = [
    (
        "Monitor counts attacks on coalition bases\n\n"
        "The monitor has documented 31 attacks by Iran-backed groups on US bases in Syria since "
        "mid-October, distributed as follows:\n"
        "• Nine attacks on the Conoco gas field base.\n\n"
        "• One attack on the American base at Tel Baydar.\n\n"
        "• 12 attacks on the al-Omar oil field base.",
        "• Nine attacks on the Conoco gas field base.",
    ),
    (
        "Attacks on US forces by location\n\n"
        "Our count of the rocket and drone attacks on US forces in Iraq this year, by base:\n"
        "- Four attacks on Ain al-Asad air base\n"
        "- Two attacks on the Harir base in Erbil\n"
        "- One drone attack on Victory Base near Baghdad airport",
        "- Two attacks on the Harir base in Erbil",
    ),
]


@pytest.mark.parametrize(("text", "line"), TALLY_BREAKDOWNS, ids=["bullets", "dashes"])
def test_the_lines_of_a_tally_by_base_are_no_attacks(text: str, line: str) -> None:
    attacks = [e for e in events_of(text, None) if e.type == "attack"]
    assert attacks == []
    assert line in text


def test_a_dated_line_of_a_list_is_still_an_attack() -> None:
    text = (
        "What happened overnight\n\n"
        "• Two rocket attacks on Ain al-Asad air base, which hosts US troops, on Tuesday night.\n"
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 2
    assert all(e.evidence.startswith("• Two rocket attacks") for e in attacks)


SINCE_RECORDS = [
    "Since October 7, the Islamic Resistance in Iraq has attacked US bases in Iraq and Syria, "
    "presenting itself as part of the wider axis.",
    "Since last November, Kata'ib Hezbollah has repeatedly targeted American forces at the "
    "Syrian border, officials say.",
    "Since January, militias have struck US convoys on the main highways south of Baghdad.",
]


@pytest.mark.parametrize("sentence", SINCE_RECORDS, ids=["since-day", "since-last", "since-month"])
def test_a_record_kept_since_a_date_is_no_attack(sentence: str) -> None:
    text = "Militias and US forces\n\n" + sentence
    assert [e for e in events_of(text) if e.type == "attack"] == []


def test_an_attack_told_after_a_since_clause_of_its_own_is_kept() -> None:
    text = (
        "Base hit again\n\n"
        "Three rockets struck Ain al-Asad air base, which hosts US troops, on Monday, the first "
        "attack since the truce was declared in February."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].date == "2021-03-08"


MILITIA_SIDE_HIT = [
    "The Hashd commander blamed the United States for the recent drone attacks on the PMF's "
    "depots in Iraq.",
    "Iraq's president condemned on Sunday US airstrikes that hit several bases of an "
    "Iran-aligned militia near the Syrian border.",
    "The group's leader, speaking of the attack on Iraqi army vehicles by the American "
    "helicopters near Qaim on Saturday, called it proof of Washington's plans.",
    "Kata'ib Hezbollah mourned fighters lost in the raid on Kata'ib Hezbollah headquarters by "
    "US special forces last week.",
]


@pytest.mark.parametrize(
    "sentence", MILITIA_SIDE_HIT, ids=["on-pmf-depots", "bases-of-militia", "by-us", "raid-on-kh"]
)
def test_an_attack_on_the_militia_side_or_by_the_us_is_no_attack(sentence: str) -> None:
    text = "Militias and US forces\n\n" + sentence
    assert [e for e in events_of(text) if e.type == "attack"] == []


def test_an_attack_by_militias_on_us_bases_is_still_an_attack() -> None:
    text = (
        "Bases hit\n\n"
        "Officials said Monday's drone attack on US bases by Iran-backed militias wounded two "
        "soldiers at Ain al-Asad."
    )
    attacks = [e for e in events_of(text) if e.type == "attack"]
    assert len(attacks) == 1
    assert "drone attack on US bases" in attacks[0].evidence


GOVERNMENT_THREATENED = [
    "A spokesman for Kata'ib Hezbollah issued a statement on Tuesday threatening the Iraqi "
    "prime minister, calling him a servant of the Americans.",
    "Asa'ib Ahl al-Haq on Monday threatened Prime Minister Mustafa al-Kadhimi, whom it accuses "
    "of doing Washington's bidding.",
]


@pytest.mark.parametrize("sentence", GOVERNMENT_THREATENED, ids=["pm-servant", "kadhimi-bidding"])
def test_a_threat_to_the_iraqi_government_is_no_threat(sentence: str) -> None:
    text = "Militia and the government\n\n" + sentence
    assert [e for e in events_of(text) if e.type == "threat"] == []


def test_a_threat_to_the_government_and_us_forces_is_a_threat() -> None:
    text = (
        "Militia warns\n\n"
        "Kata'ib Hezbollah on Tuesday threatened the Iraqi government and the US forces in the "
        "country with a harsh response."
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert kinds(threats) == {("threat", "Kata'ib Hezbollah")}


STORY_THEN_TITLES = (
    "Rockets hit Ain al-Asad\n\n"
    "Three rockets struck Ain al-Asad air base, which hosts US troops, on Tuesday, officials "
    "said.\n\n"
    "No group claimed the attack.\n\n"
    "{titles}"
)
CLOSING_TITLES = [
    "Iraq Says It Does Not Want a Quick Withdrawal of US Forces\n"
    "Militia Vows to Attack US Bases if Strikes Continue\n"
    "Drone Attack on Erbil Airport Leaves Two Wounded",
    "More from Middle East\n"
    "Parliament urges expulsion of foreign troops, lawmakers say\n"
    "Kataib Hezbollah threatens to target American forces in Syria",
]


@pytest.mark.parametrize("titles", CLOSING_TITLES, ids=["title-case", "sentence-case"])
def test_other_stories_titles_after_the_story_code_no_events(titles: str) -> None:
    text = STORY_THEN_TITLES.format(titles=titles)
    events = events_of(text)
    assert [e.type for e in events] == ["attack"]
    assert events[0].evidence.startswith("Three rockets struck Ain al-Asad")


def test_a_headline_alone_after_the_story_is_still_read() -> None:
    text = (
        "Militia statement\n\n"
        "The statement was read on television on Tuesday.\n\n"
        "Kata'ib Hezbollah vows to attack US forces if they stay in Iraq"
    )
    assert ("threat", "Kata'ib Hezbollah") in kinds(events_of(text))


DEMANDS_NOT_MADE_HERE = [
    "Iran-aligned factions have consistently demanded the expulsion of US troops since the "
    "2020 strike at Baghdad airport.",
    "Analysts said the killings prompted the continued pressure to expel American forces from "
    "the country.",
    "The cleric said on Monday that he expects a vote by parliament calling for the withdrawal "
    "of US troops within months.",
    "Officials anticipate a resolution demanding the departure of foreign forces next year.",
]


@pytest.mark.parametrize(
    "sentence",
    DEMANDS_NOT_MADE_HERE,
    ids=["consistently", "continued-pressure", "expects-vote", "anticipate"],
)
def test_a_habitual_ongoing_or_expected_demand_is_no_demand(sentence: str) -> None:
    text = "Iraq and US troops\n\n" + sentence
    assert [e for e in events_of(text) if e.type == "withdrawal_demand"] == []


def test_a_vote_held_calling_for_withdrawal_is_a_demand() -> None:
    text = (
        "Parliament votes\n\n"
        "Iraq's parliament voted on Sunday for a resolution calling for the withdrawal of US "
        "troops from the country."
    )
    demands = [e for e in events_of(text) if e.type == "withdrawal_demand"]
    assert kinds(demands) == {("withdrawal_demand", "Iraqi parliament")}


OPERATIONS_UNTIL = [
    (
        "Nujaba statement\n\n"
        "Harakat al-Nujaba said on Tuesday: 'We continue our operations against the occupation "
        "forces until the last American soldier leaves Iraq.'",
        "Harakat Hezbollah al-Nujaba",
    ),
    (
        "Kataib Hezbollah defiant\n\n"
        "Kataib Hezbollah said on Monday its attacks on US bases will not stop until Washington "
        "ends its support for the war.",
        "Kata'ib Hezbollah",
    ),
    (
        "Faction vows to press on\n\n"
        "A spokesman for Kata'ib Sayyid al-Shuhada told reporters on Tuesday that operations "
        "against American forces would continue until they withdraw.",
        "Kata'ib Sayyid al-Shuhada",
    ),
]


@pytest.mark.parametrize(
    ("text", "actor"), OPERATIONS_UNTIL, ids=["continue-our", "will-not-stop", "would-continue"]
)
def test_attacks_vowed_to_go_on_until_a_condition_are_a_threat(text: str, actor: str) -> None:
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert kinds(threats) == {("threat", actor)}


def test_a_halt_until_further_notice_is_no_threat() -> None:
    text = (
        "Truce announced\n\n"
        "Kata'ib Hezbollah said on Tuesday it had suspended its operations against US forces "
        "until further notice."
    )
    assert [e for e in events_of(text) if e.type == "threat"] == []


def test_the_end_of_the_us_combat_mission_is_no_ceasefire() -> None:
    text = (
        "Factions and the deadline\n\n"
        "Kata'ib Hezbollah said on Tuesday the year-end deadline to end combat operations "
        "changes nothing for the resistance."
    )
    assert [e for e in events_of(text) if e.type == "ceasefire"] == []


def test_a_militia_halt_of_operations_is_still_a_ceasefire() -> None:
    text = (
        "Truce\n\n"
        "Kata'ib Hezbollah announced on Tuesday it would suspend its operations against US "
        "forces."
    )
    assert kinds([e for e in events_of(text) if e.type == "ceasefire"]) == {
        ("ceasefire", "Kata'ib Hezbollah")
    }


SHIP_ATTACKS = [
    "The group's spokesman said on Tuesday a missile strike had been made at a US ship in the "
    "Gulf of Aden.",
    "Drones targeted an American destroyer and two commercial vessels on Monday, the Pentagon "
    "said.",
]


@pytest.mark.parametrize("sentence", SHIP_ATTACKS, ids=["us-ship", "destroyer"])
def test_an_attack_on_ships_is_no_attack_of_this_tracker(sentence: str) -> None:
    text = "At sea\n\n" + sentence
    assert [e for e in events_of(text) if e.type == "attack"] == []


FEARS = [
    "Kataib Sayyid al-Shuhada declined to comment on Sunday, amid growing fears that Baghdad "
    "could become a battleground in the escalating confrontation.",
    "Asa'ib Ahl al-Haq has said little, though officials voiced concerns that the factions "
    "might retaliate against US forces.",
]


@pytest.mark.parametrize("sentence", FEARS, ids=["fears-that", "concerns-that"])
def test_what_others_fear_is_no_threat(sentence: str) -> None:
    text = "Tension in Baghdad\n\n" + sentence
    assert [e for e in events_of(text) if e.type == "threat"] == []


RELATED_BLOCKS = [
    "ALSO READ: Kataib Hezbollah vows to attack US forces if they stay in Iraq\n\n",
    "Cleric condemns US air strikes on Iran-backed militia\n"
    "Iraq's top cleric condemned on Monday US air strikes that hit bases of a militia and ... "
    "Middle East -\n\n",
    "Related: Rockets hit Ain al-Asad air base hosting US troops\n\n",
]


@pytest.mark.parametrize("block", RELATED_BLOCKS, ids=["also-read", "title-teaser", "related"])
def test_related_story_lines_code_no_event(block: str) -> None:
    text = (
        "Parliament session\n\n"
        "Iraqi lawmakers met on Tuesday to discuss the budget, officials said.\n\n"
        + block
        + "The session ended without a vote."
    )
    assert events_of(text) == []


US_AIRCRAFT_STRIKES = [
    "The militants were hit in a retaliatory strike by an AC-130 gunship on Monday, officials "
    "said.",
    "Officials said Kataib Hezbollah fighters were killed on Tuesday in an air strike by F-15E "
    "jets near al-Qaim.",
    "Two militia commanders died on Sunday in a drone strike from an MQ-9 Reaper over Baghdad.",
]


@pytest.mark.parametrize("sentence", US_AIRCRAFT_STRIKES, ids=["ac-130", "f-15e", "mq-9"])
def test_a_strike_by_an_aircraft_only_the_us_flies_is_a_us_strike(sentence: str) -> None:
    text = "Strike in Iraq\n\n" + sentence
    strikes = [e for e in events_of(text) if e.type == "us_strike"]
    assert kinds(strikes) == {("us_strike", "US")}


def test_the_killing_of_baqir_al_saadi_without_abu_is_a_us_strike() -> None:
    text = (
        "Militia mourns\n\n"
        "The faction vowed revenge for the assassination of Baqir al-Saadi in Baghdad last month."
    )
    assert ("us_strike", "US") in kinds(events_of(text))


QUOTED_DATES = [
    'Kataib Hezbollah spokesman Abu Ali said that "the Americans will pay a heavy price for the '
    'killings carried out against our leaders during the past month."',
    "Asa'ib Ahl al-Haq warned that \"the factions will resume attacks against US forces if they "
    'do not withdraw by the elections in November."',
    'The Nujaba movement said "the occupation forces that killed our brothers in January will '
    'face our weapons."',
]


@pytest.mark.parametrize("sentence", QUOTED_DATES, ids=["past-month", "by-november", "january"])
def test_a_quoted_threat_takes_no_date_from_the_quoted_words(sentence: str) -> None:
    text = "Factions warn Washington\n\n" + sentence
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert threats and all((e.date, e.date_precision) == ("2021-03-01", "month") for e in threats)


def test_a_quoted_threat_dated_outside_the_quote_keeps_that_date() -> None:
    text = (
        "Militia warns\n\n"
        'Kataib Hezbollah said on Monday that "the Americans will pay a heavy price for the '
        'killings of January."'
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert [(e.date, e.date_precision) for e in threats] == [("2021-03-08", "day")]


def test_a_threat_in_a_second_quote_takes_no_date_from_the_first() -> None:
    text = (
        "Militia warns\n\n"
        'The spokesman said that "the killings carried out during the past month will not go '
        'unanswered," stressing that "Kataib Hezbollah will confront the US forces."'
    )
    threats = [e for e in events_of(text) if e.type == "threat"]
    assert threats and all((e.date, e.date_precision) == ("2021-03-01", "month") for e in threats)


THREAT_AND_DEMAND = [
    (
        "Faction warns US\n\n"
        "Kata'ib Sayyid al-Shuhada said on Tuesday the factions will resume attacks against US "
        "forces if they do not withdraw by the end of the year.",
        "Kata'ib Sayyid al-Shuhada",
    ),
    (
        "Militia statement\n\n"
        '"If the American forces refrain from leaving Iraq, the resistance will target them," '
        "a Kata'ib Hezbollah spokesman said on Monday.",
        "Kata'ib Hezbollah",
    ),
    (
        "Nujaba warns\n\n"
        "Harakat al-Nujaba said on Tuesday it will keep striking the occupiers unless the "
        "Americans leave the country.",
        "Harakat Hezbollah al-Nujaba",
    ),
    (
        "Defiant statement\n\n"
        "Kataib Hezbollah said on Tuesday it will confront the US forces and expel them from "
        "the region.",
        "Kata'ib Hezbollah",
    ),
]


@pytest.mark.parametrize(
    ("text", "actor"),
    THREAT_AND_DEMAND,
    ids=["if-not-withdraw", "refrain-from-leaving", "unless-leave", "expel-them"],
)
def test_a_threat_conditioned_on_the_forces_staying_is_also_a_demand(text: str, actor: str) -> None:
    demands = [e for e in events_of(text) if e.type == "withdrawal_demand"]
    assert kinds(demands) == {("withdrawal_demand", actor)}


def test_a_militia_leaving_a_coalition_is_no_demand() -> None:
    text = (
        "Political row\n\n"
        "Asa'ib Ahl al-Haq said on Tuesday it would quit the talks if its rivals do not leave "
        "the electoral alliance."
    )
    assert [e for e in events_of(text) if e.type == "withdrawal_demand"] == []


TALKS_TOLD_AS_HELD = [
    "The statement came hours after a speech by Iraqi Foreign Minister Fuad Hussein during the "
    "launch of the fourth round of the US-Iraq strategic dialogue in Washington.",
    "The factions said they were watching the commitment of Washington and Baghdad to the "
    "outcomes of the strategic dialogue round that took place between the two countries in "
    "July.",
]


@pytest.mark.parametrize("sentence", TALKS_TOLD_AS_HELD, ids=["launch-of-round", "outcomes-of"])
def test_talks_told_as_opened_or_concluded_are_talks(sentence: str) -> None:
    text = "Iraq and the US\n\n" + sentence
    assert [e.type for e in events_of(text)] == ["talks"]


def test_talks_still_to_open_are_no_talks() -> None:
    text = (
        "Iraq and the US\n\n"
        "Officials said the fourth round of the US-Iraq strategic dialogue will open in "
        "Washington next week."
    )
    assert [e for e in events_of(text) if e.type == "talks"] == []

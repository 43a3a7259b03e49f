"""Actor mentions: spellings, context rules, acronyms, fuzzy matches, summaries."""

from __future__ import annotations

import pytest

from app.pipeline.actors import find_actors, summarise_actors
from app.pipeline.sentences import split_sentences
from app.pipeline.types import ActorMention, CleanDoc, DocContext, PublishedDate
from app.schemas import ExtractedActor


def mentions(text: str) -> list[ActorMention]:
    ctx = DocContext(
        doc=CleanDoc(text=text, title=None),
        sentences=tuple(split_sentences(text)),
        published=PublishedDate(None, None),
    )
    found = find_actors(ctx)
    assert all(text[m.start : m.end] == m.surface for m in found)
    return found


def named(text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.name, m.kind) for m in mentions(text)]


def militias(text: str) -> list[str]:
    return [m.name for m in mentions(text) if m.kind == "militia"]


KH = "Kata'ib Hezbollah"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kata'ib Hezbollah fired.", [KH]),
        ("Kata’ib Hezbollah fired.", [KH]),
        ("Kataib Hizbollah fired.", [KH]),
        ("Kataeb Hizballah fired.", [KH]),
        ("Katai'b Hizbullah fired.", [KH]),
        ("KATAIB HEZBOLLAH fired.", [KH]),
        ("the Hezbollah Brigades fired.", [KH]),
        ("Iraqi Hezbollah fired.", [KH]),
        ("Asaib Ahl al-Haq and Asa'ib Ahl Al Haq and Asaeb Ahl el-Haqq", ["Asa'ib Ahl al-Haq"] * 3),
        ("the League of the Righteous", ["Asa'ib Ahl al-Haq"]),
        (
            "Harakat Hezbollah al-Nujaba and Harakat al-Nujaba and Al Nujaba",
            ["Harakat Hezbollah al-Nujaba"] * 3,
        ),
        ("Kataib Sayed al-Shohada and Sayyid Al Shuhada", ["Kata'ib Sayyid al-Shuhada"] * 2),
        ("the Badr Organisation and the Badr Brigades", ["Badr Organization"] * 2),
        (
            "Hashd al-Shaabi, Hashid Shaabi, al-Hashd and the PMU",
            ["Popular Mobilization Forces"] * 4,
        ),
        ("the Popular Mobilisation Units", ["Popular Mobilization Forces"]),
        ("the Islamic Resistance of Iraq", ["Islamic Resistance in Iraq"]),
        (
            "the Iraqi Resistance Co-ordination Committee",
            ["Iraqi Resistance Coordination Committee"],
        ),
        (
            "the Coordination Committee of the Iraqi Resistance",
            ["Iraqi Resistance Coordination Committee"],
        ),
        ("Guardians of the Blood and Saraya Awliya el-Dam", ["Saraya Awliya al-Dam"] * 2),
        ("Ashab al-Kahaf, the Companions of the Cave", ["Ashab al-Kahf"] * 2),
        ("Kataib al-Imam Ali", ["Kata'ib Imam Ali"]),
        ("Saraya al-Salaam, the Peace Brigades", ["Saraya al-Salam"] * 2),
        ("Ansar Allah al-Awfiya", ["Harakat Ansar Allah al-Awfiya"]),
        ("Saraya al-Khorasani", ["Saraya Khorasani"]),
        ("Usbat al-Tha'ireen, the League of Revolutionaries", ["Usbat al-Thairin"] * 2),
        ("Qassem al-Jabbarin", ["Qasim al-Jabbarin"]),
        ("Rab Allah and Rabaallah", ["Rab'allah"] * 2),
    ],
    ids=[
        "kh-canonical",
        "kh-curly-apostrophe",
        "kh-hizbollah",
        "kh-kataeb-hizballah",
        "kh-misplaced-apostrophe",
        "kh-all-caps",
        "kh-description",
        "kh-iraqi-hezbollah",
        "aah-spellings",
        "aah-english",
        "nujaba-spellings",
        "kss-spellings",
        "badr-spellings",
        "pmf-spellings",
        "pmf-british-spelling",
        "iri-of",
        "ircc-hyphenated",
        "ircc-reordered",
        "awliya-al-dam",
        "ashab-al-kahf",
        "imam-ali",
        "saraya-al-salam",
        "awfiya",
        "khorasani",
        "thairin",
        "jabbarin",
        "raballah",
    ],
)
def test_spellings_map_to_canonical_militias(text: str, expected: list[str]) -> None:
    assert militias(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hezbollah fired rockets from south Lebanon.",
            [("Hezbollah", "Lebanese Hezbollah", "other")],
        ),
        (
            "Kataib Hezbollah warned the US. Hezbollah said it was ready.",
            [("Kataib Hezbollah", KH, "militia"), ("US", "US", "us"), ("Hezbollah", KH, "militia")],
        ),
        (
            "Kataib Hezbollah warned. Lebanon's Hezbollah and Hezbollah in Beirut stayed out.",
            [
                ("Kataib Hezbollah", KH, "militia"),
                ("Lebanon's Hezbollah", "Lebanese Hezbollah", "other"),
                ("Hezbollah", "Lebanese Hezbollah", "other"),
            ],
        ),
        (
            "Harakat Hezbollah al-Nujaba spoke.",
            [("Harakat Hezbollah al-Nujaba", "Harakat Hezbollah al-Nujaba", "militia")],
        ),
    ],
    ids=[
        "lebanese-hezbollah-is-not-kh",
        "bare-hezbollah-in-a-kh-story",
        "lebanon-cue-keeps-it-lebanese",
        "longest-name-wins",
    ],
)
def test_bare_hezbollah(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert named(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Asaib Ahl al-Haq (AAH) warned. AAH later said.", ["Asa'ib Ahl al-Haq"] * 3),
        (
            "Saraya Awliya al-Dam (SAD) claimed it. SAD said more would come.",
            ["Saraya Awliya al-Dam"] * 3,
        ),
        ("KH warned; khaki KHAN and kh are not it.", [KH]),
        ("Badr Jamous met reporters.", []),
        ("Badr leaders and the Badr militia", ["Badr Organization"] * 2),
        ("Kataib Hezbolah threatened US forces.", [KH]),
        ("The Asaib Ahl al-Huqq group said.", ["Asa'ib Ahl al-Haq"]),
        ("The Islamic Resistance in Lebanon fired.", []),
    ],
    ids=[
        "defined-acronym",
        "defined-acronym-new",
        "acronym-case-sensitive-whole-word",
        "badr-as-a-name",
        "badr-bare",
        "fuzzy-typo",
        "fuzzy-vowel",
        "fuzzy-does-not-take-lebanon",
    ],
)
def test_acronyms_names_and_fuzzy_matches(text: str, expected: list[str]) -> None:
    assert militias(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Pentagon and Washington said U.S. forces would stay.",
            [("Pentagon", "US", "us"), ("Washington", "US", "us"), ("U.S.", "US", "us")],
        ),
        (
            "Iran-backed militias attacked; Iran denied it, the Washington Post said.",
            [("Iran", "Iran", "iran")],
        ),
        (
            "The US-led coalition and the IRGC's Quds Force",
            [
                ("US-led coalition", "US-led coalition", "coalition"),
                ("IRGC", "Iran", "iran"),
                ("Quds Force", "Iran", "iran"),
            ],
        ),
        (
            "Iraq's parliament voted; the British parliament did not; the parliament met.",
            [
                ("Iraq's parliament", "Iraqi parliament", "iraq_government"),
                ("parliament", "Iraqi parliament", "iraq_government"),
            ],
        ),
        (
            "Iraqi security forces fought Islamic State (IS) and ISIS.",
            [
                ("Iraqi security forces", "Iraqi security forces", "iraq_government"),
                ("Islamic State", "Islamic State", "other"),
                ("IS", "Islamic State", "other"),
                ("ISIS", "Islamic State", "other"),
            ],
        ),
    ],
    ids=["us", "blockers", "coalition-and-iran", "parliament-qualifiers", "iraqi-forces-and-is"],
)
def test_other_actors(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert named(text) == expected


def test_summarise_counts_mentions_in_order_of_first_mention() -> None:
    text = "Badr and KH met. KH and Kataib Hezbollah left."
    assert summarise_actors(mentions(text)) == [
        ExtractedActor(name="Badr Organization", kind="militia", mentions=1, start=0, end=4),
        ExtractedActor(name=KH, kind="militia", mentions=3, start=9, end=11),
    ]


def test_no_actors_in_empty_text() -> None:
    assert mentions("") == []
    assert summarise_actors([]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قالت كتائب حزب الله إن صواريخ سقطت على القاعدة.", ["Kata'ib Hezbollah"]),
        (
            "أعلنت عصائب أهل الحق وحركة النجباء أنها ستواصل عملياتها.",
            ["Asa'ib Ahl al-Haq", "Harakat Hezbollah al-Nujaba"],
        ),
        ("بالحشد الشعبي", ["Popular Mobilization Forces"]),
    ],
    ids=["kataib-hezbollah", "joined-and", "joined-by"],
)
def test_arabic_names_with_a_joined_proclitic(text: str, expected: list[str]) -> None:
    assert militias(text) == expected

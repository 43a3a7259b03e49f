"""The event stage's data files: event_patterns.yaml and places.yaml validate, cover the
ontology's event types, and the gazetteer finds the spellings reporters use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pydantic
import pytest

from app.pipeline.event_rules import EventPatterns, load_rules
from app.pipeline.places import PlaceEntry, PlaceList, find_places, load_gazetteer, places_overlap
from app.pipeline.resources import load_validated, load_yaml
from app.schemas import EVENT_TYPES

ONTOLOGY = Path(__file__).resolve().parents[3] / "shared" / "contract" / "ontology.md"


def test_event_patterns_validate_and_compile() -> None:
    rules = load_rules()
    assert {t.type for t in rules.types} == set(EVENT_TYPES)
    assert all(t.triggers for t in rules.types)


@pytest.mark.skipif(not ONTOLOGY.exists(), reason="../shared is absent")
def test_every_ontology_event_type_has_patterns() -> None:
    section = ONTOLOGY.read_text(encoding="utf-8").split("## Event types")[1].split("\n## ")[0]
    types = set(re.findall(r"^\|\s*`(\w+)`\s*\|", section, re.MULTILINE))
    assert types == set(load_yaml("event_patterns.yaml")["types"])


def patterns_with(**changes: Any) -> dict[str, Any]:
    data = dict(load_yaml("event_patterns.yaml"))
    data.update(changes)
    return data


def test_a_missing_event_type_fails_validation() -> None:
    types = dict(load_yaml("event_patterns.yaml")["types"])
    del types["talks"]
    with pytest.raises(pydantic.ValidationError, match="missing"):
        EventPatterns.model_validate(patterns_with(types=types))


def test_an_unknown_macro_fails_validation() -> None:
    types = dict(load_yaml("event_patterns.yaml")["types"])
    attack = dict(types["attack"])
    attack["triggers"] = [
        {"id": "x", "form": "noun", "keywords": ["attack"], "pattern": "{NO_SUCH_LIST} attack"}
    ]
    types["attack"] = attack
    with pytest.raises(pydantic.ValidationError, match="unknown macro"):
        EventPatterns.model_validate(patterns_with(types=types))


def test_places_validate_and_every_parent_exists() -> None:
    entries = load_validated("places.yaml", list[PlaceEntry])
    PlaceList(entries=entries)
    with pytest.raises(pydantic.ValidationError, match="unknown parent"):
        PlaceList(entries=[PlaceEntry(name="X", kind="site", parent="Nowhere", aliases=["X"])])


def test_no_alias_names_two_places() -> None:
    owner: dict[str, str] = {}
    for entry in load_validated("places.yaml", list[PlaceEntry]):
        for alias in entry.aliases:
            key = alias.casefold()
            assert owner.setdefault(key, entry.name) == entry.name, alias


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("rockets hit Ayn al-Asad air base", "Ain al-Asad"),
        ("the Ain al Assad airbase", "Ain al-Asad"),
        ("the K-1 air base near Kirkuk", "K1"),
        ("Irbil International Airport", "Erbil airport"),
        ("in Salahudin province", "Salahuddin"),
        ("a convoy in Saladin governorate", "Salahuddin"),
        ("the US Embassy in Baghdad", "Green Zone"),
        ("at Tower 22 in Jordan", "Tower 22"),
        ("the al-Tanf garrison", "al-Tanf"),
    ],
    ids=[
        "ayn-spelling",
        "no-hyphen-double-s",
        "k-1",
        "irbil",
        "salahudin",
        "saladin",
        "embassy-is-green-zone",
        "tower-22",
        "tanf",
    ],
)
def test_gazetteer_finds_spelling_variants(text: str, place: str) -> None:
    hits = find_places(text)
    assert place in [h.place.name for h in hits]


def test_places_overlap_through_their_parents() -> None:
    assert places_overlap("K1", "Kirkuk")
    assert places_overlap("Iraq", "Camp Taji")
    assert not places_overlap("Green Zone", "Salahuddin")
    assert load_gazetteer().by_name["Tower 22"].hosts_us

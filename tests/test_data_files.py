"""The data files of app/data/ validate, and agree with ../shared/contract/ontology.md."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from app.pipeline.actors import find_actors
from app.pipeline.lexicon import (
    ActorEntry,
    ActorSpellings,
    alias_words,
    fold_word,
    load_entries,
    load_lexicon,
    load_spellings,
)
from app.pipeline.resources import load_validated
from app.pipeline.troop_patterns import TroopTerms, load_patterns, load_terms
from app.pipeline.types import CleanDoc, DocContext, PublishedDate

pytestmark = pytest.mark.nodb

ONTOLOGY = Path(__file__).resolve().parents[2] / "shared" / "contract" / "ontology.md"


def ontology_militias() -> dict[str, list[str]]:
    """Canonical name -> spellings, from the militia table of ontology.md."""
    table = ONTOLOGY.read_text(encoding="utf-8").split("## Event types")[0]
    out: dict[str, list[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 2 or cells[0] in ("canonical name", ""):
            continue
        if set(cells[0]) <= set("-"):
            continue
        spellings = [re.sub(r"\(s\)$", "s", s.strip()) for s in cells[1].split(",")]
        out[cells[0]] = [s for s in spellings if s]
    return out


def actors_in(text: str) -> list[str]:
    ctx = DocContext(
        doc=CleanDoc(text=text, title=None), sentences=(), published=PublishedDate(None, None)
    )
    return [m.name for m in find_actors(ctx)]


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("actors.yaml", list[ActorEntry]),
        ("actor_spellings.yaml", ActorSpellings),
        ("troops.yaml", TroopTerms),
    ],
    ids=["actors", "actor-spellings", "troops"],
)
def test_data_file_validates(name: str, model: type) -> None:
    assert load_validated(name, model)


def test_patterns_compile() -> None:
    assert load_lexicon().by_first_word
    assert load_patterns().country_names["iraq"] == "Iraq"


def test_no_alias_belongs_to_two_canonical_names() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in load_entries():
        for alias in entry.aliases:
            owners[alias.casefold()].add(entry.name)
    for blocker in load_spellings().blockers:
        owners[blocker.casefold()].add("(blocker)")
    assert {alias: names for alias, names in owners.items() if len(names) > 1} == {}


def test_no_two_actors_compile_to_the_same_pattern() -> None:
    """Spelling groups must not make aliases of two actors match the same words."""
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entry in load_entries():
        for alias in entry.aliases:
            owners[alias_words(alias)].add(entry.name)
    assert [names for names in owners.values() if len(names) > 1] == []


def test_canonical_names_are_unique() -> None:
    names = [entry.name for entry in load_entries()]
    assert len(names) == len(set(names))


def test_no_spelling_in_two_groups() -> None:
    seen: dict[str, int] = {}
    clashes = []
    for i, group in enumerate(load_spellings().spellings):
        for spelling in {fold_word(s) for s in group}:
            if spelling in seen and seen[spelling] != i:
                clashes.append(spelling)
            seen[spelling] = i
    assert clashes == []


def test_bare_hezbollah_names_exist() -> None:
    names = {entry.name for entry in load_entries()}
    rule = load_spellings().bare_hezbollah
    assert {rule.lebanese, rule.iraqi} <= names


def test_troop_terms_name_each_country_once() -> None:
    aliases = [a.lower() for names in load_terms().countries.values() for a in names]
    assert len(aliases) == len(set(aliases))


@pytest.mark.skipif(not ONTOLOGY.is_file(), reason="../shared/contract/ontology.md is absent")
def test_every_ontology_militia_is_in_actors_yaml() -> None:
    militias = {entry.name for entry in load_entries() if entry.kind == "militia"}
    assert set(ontology_militias()) - militias == set()


@pytest.mark.skipif(not ONTOLOGY.is_file(), reason="../shared/contract/ontology.md is absent")
def test_every_ontology_spelling_finds_its_militia() -> None:
    wrong = {
        spelling: actors_in(f"Reports said {spelling} was involved.")
        for name, spellings in ontology_militias().items()
        for spelling in [name, *spellings]
        if actors_in(f"Reports said {spelling} was involved.") != [name]
    }
    assert wrong == {}

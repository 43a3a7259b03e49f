"""The gazetteer of `app/data/places.yaml`: find places in a sentence, and tell whether two
places overlap (one lies in the other) when mentions of one happening are merged.

Aliases are looked up as word sequences (case, apostrophes, hyphens and a possessive 's are
free), so the lookup costs a dictionary probe per word rather than a regex per alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.pipeline.resources import load_validated

PlaceKind = Literal["site", "province", "country"]
KIND_RANK: dict[str, int] = {"site": 0, "province": 1, "country": 2}
RE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
RE_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
RE_JOINER = re.compile(r"[ \t\-.]{0,3}")


class PlaceEntry(BaseModel):
    """One place of `places.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    kind: PlaceKind
    parent: str | None = None
    hosts_us: bool = False
    aliases: list[str] = Field(min_length=1)


class PlaceList(BaseModel):
    """The whole file: every parent must be an entry of its own."""

    entries: list[PlaceEntry]

    @model_validator(mode="after")
    def parents_exist(self) -> PlaceList:
        names = {e.name for e in self.entries}
        missing = [e.parent for e in self.entries if e.parent and e.parent not in names]
        if missing:
            raise ValueError(f"unknown parent place(s): {missing}")
        return self


@dataclass(frozen=True)
class PlaceHit:
    """A gazetteer match; offsets are relative to the searched text."""

    start: int
    end: int
    place: PlaceEntry


@dataclass(frozen=True)
class Gazetteer:
    by_key: dict[tuple[str, ...], PlaceEntry]  # folded alias tokens -> place
    first_tokens: frozenset[str]
    longest: int
    by_name: dict[str, PlaceEntry]


@lru_cache(maxsize=8192)
def fold(token: str) -> str:
    """A token as aliases are looked up: lower case, no apostrophes, no possessive 's."""
    return RE_POSSESSIVE.sub("", token).replace("'", "").replace("’", "").lower()


def alias_key(alias: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in RE_TOKEN.findall(alias))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    entries = load_validated("places.yaml", list[PlaceEntry])
    PlaceList(entries=entries)
    by_key = {alias_key(alias): entry for entry in entries for alias in entry.aliases}
    return Gazetteer(
        by_key=by_key,
        first_tokens=frozenset(key[0] for key in by_key),
        longest=max(len(key) for key in by_key),
        by_name={e.name: e for e in entries},
    )


def find_places(text: str) -> list[PlaceHit]:
    """Every gazetteer place in `text`, in order (longest alias first at each word)."""
    gaz = load_gazetteer()
    tokens = list(RE_TOKEN.finditer(text))
    folded = [fold(t.group()) for t in tokens]
    hits = []
    i = 0
    while i < len(tokens):
        size = match_size(gaz, text, tokens, folded, i) if folded[i] in gaz.first_tokens else 0
        if size:
            key = tuple(folded[i : i + size])
            hits.append(PlaceHit(tokens[i].start(), tokens[i + size - 1].end(), gaz.by_key[key]))
            i += size
        else:
            i += 1
    return hits


def match_size(
    gaz: Gazetteer, text: str, tokens: list[re.Match[str]], folded: list[str], i: int
) -> int:
    """The number of tokens of the longest alias starting at token `i` (0 for none)."""
    for size in range(min(gaz.longest, len(tokens) - i), 0, -1):
        if tuple(folded[i : i + size]) not in gaz.by_key:
            continue
        gaps = (text[tokens[k].end() : tokens[k + 1].start()] for k in range(i, i + size - 1))
        if all(RE_JOINER.fullmatch(g) for g in gaps):
            return size
    return 0


def ancestors(name: str) -> list[str]:
    """The place and every place it lies in, innermost first."""
    by_name = load_gazetteer().by_name
    chain = []
    current: str | None = name
    while current is not None and current not in chain:
        chain.append(current)
        entry = by_name.get(current)
        current = entry.parent if entry else None
    return chain


def places_overlap(a: str, b: str) -> bool:
    """True when one place is the other or lies inside it ("K1" and "Kirkuk")."""
    return a in ancestors(b) or b in ancestors(a)


def most_specific(hits: list[PlaceHit]) -> PlaceHit | None:
    """The narrowest place among `hits` (a base before its province before its country)."""
    if not hits:
        return None
    return min(hits, key=lambda h: (KIND_RANK[h.place.kind], h.start))

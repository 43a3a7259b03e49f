"""The gazetteer of `app/data/places.yaml`: find places in a sentence, and tell whether two
places overlap (one lies in the other) when mentions of one happening are merged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.pipeline.resources import load_validated

PlaceKind = Literal["site", "province", "country"]
KIND_RANK: dict[str, int] = {"site": 0, "province": 1, "country": 2}
RE_ALIAS_GAP = re.compile(r"[\s\-]+")
RE_APOSTROPHE = re.compile(r"['’]")


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
    pattern: re.Pattern[str]
    by_group: dict[str, PlaceEntry]
    by_name: dict[str, PlaceEntry]


def alias_regex(alias: str) -> str:
    """A tolerant regex for one alias: free apostrophes, hyphen or space between words."""
    words = RE_ALIAS_GAP.split(RE_APOSTROPHE.sub("", alias.strip()))
    parts = ["['’]?".join(re.escape(ch) for ch in word) for word in words]
    body = r"(?:[\s\-]+)".join(parts)
    exact = any(ch.isdigit() for ch in alias) or alias.isupper()
    return body if exact else f"(?i:{body})"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    entries = load_validated("places.yaml", list[PlaceEntry])
    PlaceList(entries=entries)
    alternatives: list[tuple[str, str, PlaceEntry]] = []
    for i, entry in enumerate(entries):
        for j, alias in enumerate(entry.aliases):
            alternatives.append((alias, f"p{i}_{j}", entry))
    alternatives.sort(key=lambda a: len(a[0]), reverse=True)
    body = "|".join(f"(?P<{group}>{alias_regex(alias)})" for alias, group, _ in alternatives)
    pattern = re.compile(rf"(?<![\w'’])(?:{body})(?![\w])")
    return Gazetteer(
        pattern=pattern,
        by_group={group: entry for _, group, entry in alternatives},
        by_name={e.name: e for e in entries},
    )


def find_places(text: str) -> list[PlaceHit]:
    """Every gazetteer place in `text`, in order."""
    gaz = load_gazetteer()
    hits = []
    for m in gaz.pattern.finditer(text):
        if m.lastgroup is not None:
            hits.append(PlaceHit(m.start(), m.end(), gaz.by_group[m.lastgroup]))
    return hits


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

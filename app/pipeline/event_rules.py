"""`app/data/event_patterns.yaml` validated and compiled once: triggers per event type, the
cue lists the context checks use, attacker adjectives and the leaders whose killing is a strike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.pipeline.resources import load_validated
from app.schemas import EVENT_TYPES

TriggerForm = Literal["noun", "verb", "phrase"]
RE_MACRO = re.compile(r"\{([A-Z_]+)\}")
FLAGS = re.IGNORECASE


class TriggerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    form: TriggerForm
    pattern: str = Field(min_length=1)


class TypeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    keywords: list[str] = Field(min_length=1)
    triggers: list[TriggerEntry] = Field(min_length=1)
    cancel_before: list[str] = Field(default_factory=list)
    cancel_after: list[str] = Field(default_factory=list)
    exclusions: list[str] = Field(default_factory=list)


class StrikeTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)


class EventPatterns(BaseModel):
    """The whole file; cross-references are checked here so a typo fails at load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lexicon: dict[str, list[str]]
    strike_targets: list[StrikeTarget]
    attackers: dict[str, list[str]]
    cues: dict[str, list[str]]
    types: dict[str, TypeEntry]

    @model_validator(mode="after")
    def references_resolve(self) -> EventPatterns:
        missing_types = set(EVENT_TYPES) - set(self.types)
        extra_types = set(self.types) - set(EVENT_TYPES)
        if missing_types or extra_types:
            raise ValueError(f"event types: missing {missing_types}, unknown {extra_types}")
        known_macros = set(self.lexicon) | {"LEADER"}
        for entry in self.types.values():
            for name in entry.cancel_before + entry.cancel_after:
                if name not in self.cues:
                    raise ValueError(f"unknown cue list {name!r}")
            for trigger in entry.triggers:
                unknown = set(RE_MACRO.findall(trigger.pattern)) - known_macros
                if unknown:
                    raise ValueError(f"trigger {trigger.id}: unknown macro(s) {unknown}")
        return self


@dataclass(frozen=True)
class Trigger:
    id: str
    type: str
    form: TriggerForm
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class TypeRules:
    type: str
    keywords: re.Pattern[str]
    triggers: tuple[Trigger, ...]
    cancel_before: tuple[str, ...]
    cancel_after: tuple[str, ...]
    exclusion: re.Pattern[str] | None


@dataclass(frozen=True)
class EventRules:
    types: tuple[TypeRules, ...]
    prefilter: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]
    attackers: dict[str, re.Pattern[str]]  # each anchored at the end of the text before
    leaders: tuple[tuple[str, re.Pattern[str]], ...]
    leader: re.Pattern[str]

    def cue(self, name: str, text: str) -> bool:
        return self.cues[name].search(text) is not None


def alternation(items: list[str]) -> str:
    return "(?:" + "|".join(items) + ")"


def bounded(body: str) -> re.Pattern[str]:
    """A pattern that matches whole words only (edges may be punctuation, as in "U.S.")."""
    return re.compile(rf"(?<![\w]){body}(?![\w])", FLAGS)


def expand(pattern: str, macros: dict[str, str]) -> str:
    return RE_MACRO.sub(lambda m: macros[m.group(1)], pattern)


def keyword_pattern(words: list[str]) -> re.Pattern[str]:
    """Word-initial stems: a cheap test before the trigger patterns run."""
    return re.compile(r"\b" + alternation([re.escape(w) for w in words]), FLAGS)


def compile_type(name: str, entry: TypeEntry, macros: dict[str, str]) -> TypeRules:
    triggers = tuple(
        Trigger(t.id, name, t.form, bounded(alternation([expand(t.pattern, macros)])))
        for t in entry.triggers
    )
    exclusion = bounded(alternation(entry.exclusions)) if entry.exclusions else None
    return TypeRules(
        type=name,
        keywords=keyword_pattern(entry.keywords),
        triggers=triggers,
        cancel_before=tuple(entry.cancel_before),
        cancel_after=tuple(entry.cancel_after),
        exclusion=exclusion,
    )


@lru_cache(maxsize=1)
def load_rules() -> EventRules:
    data = load_validated("event_patterns.yaml", EventPatterns)
    leader_aliases = [a for t in data.strike_targets for a in t.aliases]
    macros = {name: alternation(items) for name, items in data.lexicon.items()}
    macros["LEADER"] = alternation(leader_aliases)
    types = tuple(compile_type(name, data.types[name], macros) for name in EVENT_TYPES)
    all_keywords = [w for entry in data.types.values() for w in entry.keywords]
    return EventRules(
        types=types,
        prefilter=keyword_pattern(all_keywords),
        cues={name: bounded(alternation(items)) for name, items in data.cues.items()},
        attackers={
            name: re.compile(rf"(?<![\w]){alternation(items)}[\s-]*$", FLAGS)
            for name, items in data.attackers.items()
        },
        leaders=tuple((t.key, bounded(alternation(t.aliases))) for t in data.strike_targets),
        leader=bounded(macros["LEADER"]),
    )

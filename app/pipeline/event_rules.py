"""`app/data/event_patterns.yaml` validated and compiled once: triggers per event type, the
cue lists the context checks use, attacker adjectives and the leaders whose killing is a strike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.pipeline.event_regex import alternation, bounded, cased_groups, fold_pattern, trie_pattern
from app.pipeline.resources import load_validated
from app.schemas import EVENT_TYPES
from app.vocabulary import EXTRACTION_ORDER

TriggerForm = Literal["noun", "verb", "clause", "phrase"]
RE_MACRO = re.compile(r"\{([A-Z_]+)\}")
WORD_CACHE_SIZE = 50_000
TYPE_ORDER = EXTRACTION_ORDER  # app/vocabulary.py: US strikes first


class TriggerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    form: TriggerForm
    keywords: list[str] = Field(min_length=1)
    also: list[str] = Field(default_factory=list)
    pattern: str = Field(min_length=1)
    # the match opens with its subject: "the convoy ... was hit" refers back to a convoy told
    subject_first: bool = False


class TypeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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
    keyword_sets: dict[str, list[str]]
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
                sets = {k[1:] for k in trigger.keywords + trigger.also if k.startswith("@")}
                if unknown or sets - set(self.keyword_sets):
                    raise ValueError(
                        f"trigger {trigger.id}: unknown macro(s) {unknown} or keyword set(s) "
                        f"{sets - set(self.keyword_sets)}"
                    )
        return self

    def stems(self, items: list[str]) -> list[str]:
        """Keyword stems, '@name' sets expanded, lower case."""
        out: list[str] = []
        for item in items:
            out += self.keyword_sets[item[1:]] if item.startswith("@") else [item]
        return [w.lower() for w in out]


@dataclass(frozen=True)
class Trigger:
    id: str
    type: str
    form: TriggerForm
    pattern: re.Pattern[str]
    index: int  # position in EventRules.triggers


@dataclass(frozen=True)
class TypeRules:
    type: str
    triggers: tuple[Trigger, ...]
    indexes: frozenset[int]  # of its triggers
    cancel_before: re.Pattern[str] | None  # its cancel_before cue lists, as one pattern
    cancel_after: re.Pattern[str] | None
    exclusion: re.Pattern[str] | None


@dataclass(frozen=True)
class EventRules:
    types: tuple[TypeRules, ...]  # in TYPE_ORDER
    keywords: re.Pattern[str]  # a word starting with any trigger's stem (on lower-case text)
    stem_triggers: dict[str, frozenset[int]]  # stem -> indexes of the triggers it lets run
    stem_lengths: tuple[int, ...]
    also: dict[int, re.Pattern[str]]  # trigger index -> its `also` stems (on lower-case text)
    cues: dict[str, re.Pattern[str]]
    attackers: dict[str, re.Pattern[str]]  # each anchored at the end of the text before
    leaders: tuple[tuple[str, re.Pattern[str]], ...]
    leader: re.Pattern[str]
    subject_first: frozenset[str]  # ids of triggers whose match opens with their subject
    keep_case: re.Pattern[str]  # the words the patterns tell apart by case (U.S., IS, MPs)
    word_cache: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)

    def fold(self, text: str) -> str:
        """The text the patterns run on: lower case, same length and offsets, except the
        words they tell apart by case. Patterns then run without IGNORECASE, which lets the
        regex engine skip positions by their first letter."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        pieces, last = [], 0
        for m in self.keep_case.finditer(text):
            pieces += [lowered[last : m.start()], m.group()]
            last = m.end()
        return "".join(pieces) + lowered[last:] if pieces else lowered

    def cue(self, name: str, text: str) -> bool:
        return self.cues[name].search(text) is not None

    def keyword_hits(self, lowered: str) -> list[tuple[int, frozenset[int]]]:
        """Where the (lower-cased) text's keywords are and which triggers each lets run: one
        scan of the whole text, before any trigger pattern runs on a sentence."""
        hits = []
        for m in self.keywords.finditer(lowered):
            triggers = self.word_triggers(m.group())
            if triggers:
                hits.append((m.start(), triggers))
        return hits

    def runnable(self, found: frozenset[int], lowered: str) -> frozenset[int]:
        """Of the triggers whose keywords a (lower-cased) sentence has, those whose `also`
        stems it has too."""
        return frozenset(
            i for i in found if i not in self.also or self.also[i].search(lowered) is not None
        )

    def word_triggers(self, word: str) -> frozenset[int]:
        """The triggers a word lets run: every stem it starts with (cached per word)."""
        found = self.word_cache.get(word)
        if found is None:
            found = frozenset().union(
                *(self.stem_triggers.get(word[:n], ()) for n in self.stem_lengths)
            )
            if len(self.word_cache) < WORD_CACHE_SIZE:
                self.word_cache[word] = found
        return found


def expand(pattern: str, macros: dict[str, str]) -> str:
    return RE_MACRO.sub(lambda m: macros[m.group(1)], pattern)


def compile_type(
    name: str, entry: TypeEntry, data: EventPatterns, macros: dict[str, str], first_index: int
) -> TypeRules:
    triggers = tuple(
        Trigger(t.id, name, t.form, bounded(alternation([expand(t.pattern, macros)])), i)
        for i, t in enumerate(entry.triggers, start=first_index)
    )
    exclusion = bounded(alternation(entry.exclusions)) if entry.exclusions else None
    return TypeRules(
        type=name,
        triggers=triggers,
        indexes=frozenset(t.index for t in triggers),
        cancel_before=cue_union(data, entry.cancel_before),
        cancel_after=cue_union(data, entry.cancel_after),
        exclusion=exclusion,
    )


def cue_union(data: EventPatterns, names: list[str]) -> re.Pattern[str] | None:
    """Several cue lists as one pattern: one search instead of one per list."""
    items = [item for name in names for item in data.cues[name]]
    return bounded(alternation(items)) if items else None


@lru_cache(maxsize=1)
def load_rules() -> EventRules:
    data = load_validated("event_patterns.yaml", EventPatterns)
    leader_aliases = [a for t in data.strike_targets for a in t.aliases]
    macros = {name: alternation(items) for name, items in data.lexicon.items()}
    macros["LEADER"] = alternation(leader_aliases)
    types: list[TypeRules] = []
    stem_triggers: dict[str, set[int]] = {}
    also: dict[int, re.Pattern[str]] = {}
    for name in TYPE_ORDER:
        entry = data.types[name]
        first = sum(len(t.triggers) for t in types)
        types.append(compile_type(name, entry, data, macros, first))
        for i, trigger in enumerate(entry.triggers, start=first):
            for stem in data.stems(trigger.keywords):
                stem_triggers.setdefault(stem, set()).add(i)
            if trigger.also:
                also[i] = re.compile(rf"\b{trie_pattern(data.stems(trigger.also))}")
    stems = sorted(stem_triggers, key=len, reverse=True)
    return EventRules(
        types=tuple(types),
        keywords=re.compile(r"\b" + trie_pattern(stems) + "[a-z]*"),
        stem_triggers={stem: frozenset(ids) for stem, ids in stem_triggers.items()},
        stem_lengths=tuple(sorted({len(s) for s in stems})),
        also=also,
        cues={name: bounded(alternation(items)) for name, items in data.cues.items()},
        attackers={
            name: re.compile(rf"(?<![\w]){fold_pattern(alternation(items))}[\s-]*$")
            for name, items in data.attackers.items()
        },
        leaders=tuple((t.key, bounded(alternation(t.aliases))) for t in data.strike_targets),
        leader=bounded(macros["LEADER"]),
        subject_first=frozenset(
            t.id for entry in data.types.values() for t in entry.triggers if t.subject_first
        ),
        keep_case=keep_case_pattern(data),
    )


def keep_case_pattern(data: EventPatterns) -> re.Pattern[str]:
    """Every `(?-i:...)` group of the file, as one case-sensitive pattern."""
    texts = [p for items in data.lexicon.values() for p in items]
    texts += [p for items in data.cues.values() for p in items]
    texts += [p for items in data.attackers.values() for p in items]
    texts += [t.pattern for entry in data.types.values() for t in entry.triggers]
    groups = sorted({g for text in texts for g in cased_groups(text)})
    return re.compile(rf"(?<![\w])(?:{'|'.join(groups)})(?![\w])")

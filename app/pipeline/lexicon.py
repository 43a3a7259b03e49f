"""The actor lexicon: `actors.yaml` and `actor_spellings.yaml` compiled into regexes.

Each alias becomes a tolerant pattern: apostrophes optional (straight or curly), "al-"/"el-"
articles optional between words, hyphen or space between words, and every word that belongs
to a spelling group (`Hezbollah`, `Hizbollah`, `Hizballah` ...) accepts the whole group.

Speed: one alternation of all ~400 aliases costs Python's `re` a try of every branch at every
word start (about 12 ms for a 2,000-character article). So the aliases are grouped by their
first word instead: a capitalised word of the text is folded ("Kata’ib" -> "kataib") and looked
up in `by_first_word`, whose regex (the aliases starting with that word, longest first, one
named group per alias) is then tried at that position only. Aliases written in lower case
("parliament", "pro-Iran") also form one small regex run over the whole text.
Compiled once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from app.pipeline.resources import load_validated
from app.schemas import ActorKind

APOSTROPHES = "'’ʼ‘`´"
RE_APOS = f"[{APOSTROPHES}]"
JOINER = r"(?:[ \t]*-[ \t]*|[ \t]+)"
OPT_ARTICLE = r"(?:(?:al|el|ul)(?:[ \t]*-[ \t]*|[ \t]+))?"
ARTICLES = frozenset({"al", "el", "ul"})
RE_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ul)-", re.IGNORECASE)
RE_FOLD_DROP = re.compile(f"{RE_APOS}|\\.")
RE_FOLD_SPLIT = re.compile(r"[\s\-]+")
RE_DOUBLED = re.compile(r"(\w)\1+")
RE_FIRST_WORD_SPLIT = re.compile(r"[\s\-]")
KEY_DROP = str.maketrans("", "", APOSTROPHES + ".$")
# Words of a capitalised phrase that never make a name distinctive (fuzzy-match anchors).
FUZZY_STOPWORDS = frozenset(
    {"iraqi", "iraq", "islamic", "the", "of", "in", "fi", "and", "brigade", "brigades", "forces"}
)


class ActorEntry(BaseModel):
    """One canonical actor of `actors.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(min_length=1)


class BareHezbollah(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lebanese: str
    iraqi: str


class ActorSpellings(BaseModel):
    """`actor_spellings.yaml`: spelling groups, blockers and context cues."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spellings: list[list[str]]
    blockers: list[str]
    lebanon_cues: list[str]
    foreign_qualifiers: list[str]
    bare_hezbollah: BareHezbollah


@dataclass(frozen=True)
class AliasInfo:
    """What one alternative of the big regex stands for; `name` None marks a blocker."""

    alias: str
    name: str | None
    kind: str
    generic: bool  # all lower case ("parliament"): needs a context check
    single_word: bool  # one mixed-case word ("Badr"): may be part of a person's name


@dataclass(frozen=True)
class Lexicon:
    by_first_word: dict[str, re.Pattern[str]]  # folded first word -> its aliases, anchored
    lower_first_words: dict[str, re.Pattern[str]]  # first word of lower-case aliases -> regex
    aliases: tuple[AliasInfo, ...]  # alias i ends where empty group "a{i}" of a pattern matches
    fuzzy_choices: dict[str, AliasInfo]  # folded multi-word militia alias -> alias
    fuzzy_anchors: frozenset[str]  # 3-letter prefixes of distinctive militia words
    lebanon_cues: re.Pattern[str]
    foreign_qualifier: re.Pattern[str]  # a qualifier ending right before a generic alias
    bare_hezbollah: BareHezbollah
    spelling_of: dict[str, str]  # folded word -> folded first spelling of its group


def load_entries() -> list[ActorEntry]:
    return load_validated("actors.yaml", list[ActorEntry])


def load_spellings() -> ActorSpellings:
    return load_validated("actor_spellings.yaml", ActorSpellings)


def fold_word(word: str) -> str:
    return RE_FOLD_DROP.sub("", word).lower()


def word_key(word: str) -> str:
    """The dispatch key of a word: lower case, without apostrophes, dots or "$" ("U.S." -> "us")."""
    return word.translate(KEY_DROP).lower()


def fold_phrase(phrase: str, spelling_of: dict[str, str]) -> str:
    """Lower case, no apostrophes, no articles, each word replaced by its group's spelling,
    doubled letters single ("Haqq" -> "haq"): a key for comparing transliterations."""
    words = (fold_word(w) for w in RE_FOLD_SPLIT.split(phrase))
    folded = " ".join(spelling_of.get(w, w) for w in words if w and w not in ARTICLES)
    return RE_DOUBLED.sub(r"\1", folded)


def is_acronym(alias: str) -> bool:
    return not any(c.islower() for c in alias)


def _flex(text: str) -> str:
    """Regex for a literal: apostrophes optional, inner hyphen or space optional."""
    out: list[str] = []
    for ch in text:
        if ch in APOSTROPHES:
            out.append(RE_APOS + "?")
        elif ch in " -":
            out.append(r"(?:[ \t]*-[ \t]*|[ \t]+)?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _group_patterns(groups: list[list[str]]) -> dict[str, str]:
    """Folded spelling -> regex accepting every spelling of its group."""
    out: dict[str, str] = {}
    for group in groups:
        variants = sorted(set(group), key=len, reverse=True)
        pattern = "(?:" + "|".join(_flex(v) for v in variants) + ")"
        for v in group:
            out[RE_FOLD_SPLIT.sub("", fold_word(v))] = pattern
    return out


def _alias_tokens(alias: str, groups: dict[str, str]) -> list[str]:
    """One regex per word of the alias (articles folded into the word that follows)."""
    if is_acronym(alias):
        return ["(?-i:" + _flex(alias) + ")"]
    parts: list[str] = []
    article_before = False
    for token in alias.split():
        if token.lower() in ARTICLES:
            article_before = True
            continue
        prefix = RE_ARTICLE_PREFIX.match(token)
        core = token[prefix.end() :] if prefix else token
        word = groups.get(RE_FOLD_SPLIT.sub("", fold_word(core)), _flex(core))
        optional = OPT_ARTICLE if (parts or prefix or article_before) else ""
        parts.append(optional + word)
        article_before = False
    return parts


def _alias_infos(entries: list[ActorEntry], blockers: list[str]) -> list[AliasInfo]:
    infos = [
        AliasInfo(
            alias=alias,
            name=entry.name,
            kind=entry.kind,
            generic=alias == alias.lower(),
            single_word=" " not in alias and not is_acronym(alias) and alias != alias.lower(),
        )
        for entry in entries
        for alias in entry.aliases
    ]
    infos += [AliasInfo(b, None, "blocker", False, False) for b in blockers]
    return sorted(infos, key=lambda i: len(i.alias), reverse=True)


def _fuzzy_tables(
    infos: list[AliasInfo], spelling_of: dict[str, str]
) -> tuple[dict[str, AliasInfo], frozenset[str]]:
    choices: dict[str, AliasInfo] = {}
    anchors: set[str] = set()
    for info in infos:
        if info.kind != "militia" or is_acronym(info.alias):
            continue
        folded = fold_phrase(info.alias, spelling_of)
        words = folded.split()
        if len(words) >= 2:
            choices.setdefault(folded, info)
            anchors.update(w[:3] for w in words if len(w) >= 4 and w not in FUZZY_STOPWORDS)
    return choices, frozenset(anchors)


def _words_regex(words: list[str], *, suffix: str = "") -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation}){suffix}")


def _first_word_keys(alias: str, spelling_groups: list[list[str]]) -> set[str]:
    """Folded forms the first word of `alias` can take in a text (all spellings of its group)."""
    words = [w for w in alias.split() if w.lower() not in ARTICLES]
    first = RE_ARTICLE_PREFIX.sub("", words[0]) if words else alias
    key = word_key(RE_FIRST_WORD_SPLIT.split(first)[0])
    keys = {key}
    for group in spelling_groups:
        variants = {word_key(RE_FIRST_WORD_SPLIT.split(v)[0]) for v in group}
        if key in variants or word_key(first) in {word_key(v) for v in group}:
            keys |= variants
    return keys


def _compile_group(indices: list[int], tokens: list[list[str]]) -> re.Pattern[str]:
    """One regex for aliases sharing a first word, as a trie of their words: the first word
    is matched once, then each branch; an empty group `a{i}` marks where alias i ends.
    Longer continuations come before a word's own end, so the longest alias wins."""
    items = [(tokens[i], i) for i in sorted(indices)]
    return re.compile(f"{_trie(items, first=True)}(?!\\w)", re.IGNORECASE)


def _trie(items: list[tuple[list[str], int]], *, first: bool = False) -> str:
    children: dict[str, list[tuple[list[str], int]]] = {}
    ends: list[int] = []
    for words, index in items:
        if words:
            children.setdefault(words[0], []).append((words[1:], index))
        else:
            ends.append(index)
    joiner = "" if first else JOINER
    branches = [joiner + word + _trie(rest) for word, rest in children.items()]
    branches += [f"(?P<a{ends[0]}>)"] if ends else []  # the longest alias string ending here
    return branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"


def _dispatch_table(
    infos: list[AliasInfo], tokens: list[list[str]], spelling_groups: list[list[str]]
) -> dict[str, re.Pattern[str]]:
    by_key: dict[str, list[int]] = {}
    for i, info in enumerate(infos):
        for key in _first_word_keys(info.alias, spelling_groups):
            by_key.setdefault(key, []).append(i)
    compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
    table: dict[str, re.Pattern[str]] = {}
    for key, indices in by_key.items():
        ident = tuple(indices)
        if ident not in compiled:
            compiled[ident] = _compile_group(indices, tokens)
        table[key] = compiled[ident]
    return table


def alias_words(alias: str) -> tuple[str, ...]:
    """The word patterns an alias compiles to: two aliases with the same words match the
    same text (the data tests use this to keep actors apart)."""
    return tuple(_alias_tokens(alias, _group_patterns(load_spellings().spellings)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Compile the lexicon (once per process)."""
    spellings = load_spellings()
    groups = _group_patterns(spellings.spellings)
    spelling_of = {
        RE_FOLD_SPLIT.sub("", fold_word(v)): RE_FOLD_SPLIT.sub("", fold_word(group[0]))
        for group in spellings.spellings
        for v in group
    }
    infos = _alias_infos(load_entries(), spellings.blockers)
    tokens = [_alias_tokens(info.alias, groups) for info in infos]
    lower: dict[str, list[int]] = {}
    for i, info in enumerate(infos):
        if not info.alias[:1].isupper():  # lower case, or a caseless script (Arabic)
            lower.setdefault(RE_FIRST_WORD_SPLIT.split(info.alias)[0], []).append(i)
    choices, anchors = _fuzzy_tables(infos, spelling_of)
    return Lexicon(
        by_first_word=_dispatch_table(infos, tokens, spellings.spellings),
        lower_first_words={w: _compile_group(ix, tokens) for w, ix in lower.items()},
        aliases=tuple(infos),
        fuzzy_choices=choices,
        fuzzy_anchors=anchors,
        lebanon_cues=_words_regex(spellings.lebanon_cues, suffix=r"(?!\w)"),
        foreign_qualifier=_words_regex(spellings.foreign_qualifiers, suffix=r"[ \t]+$"),
        bare_hezbollah=spellings.bare_hezbollah,
        spelling_of=spelling_of,
    )

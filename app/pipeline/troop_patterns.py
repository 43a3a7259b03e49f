"""Compiled patterns of troops.py, built once from data/troops.yaml plus closed grammar."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from app.pipeline.date_phrases import MONTH
from app.pipeline.numbers import (
    NUMBER,
    NUMBER_DIGITS,
    NUMBER_WORDS,
    QUALIFIER,
    QUALIFIER_OF,
    SCALES,
)
from app.pipeline.resources import load_validated

AFTER_NOUN_WINDOW = 80
# Thousands set apart by a space, as outlets that translate from French or Russian print
# them ("2 500 troops", "2\u00a0500"); numbers.py reads them once the spaces are gone.
SPACED_THOUSANDS = r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.]\d)"
COUNTRY_ADJECTIVE = r"(?:(?:[a-z]+ern|central|neighbou?ring|nearby|northeast|northwest)[ \t]+)?"
LOCATION_WINDOW = 70

# Closed grammar: words that may follow a count in "troops ... number 5,000 <word>".
ALLOWED_AFTER_COUNT = (
    r"by|in|and|or|from|to|at|as|this|next|last|before|after|during|since|with|who|that|which|"
    r"while|when|under|over|the|a|an|US|U\.S\.?|American|across|inside|stationed|based|"
    r"deployed|currently|now|today|still|remain|remaining|are|were|is|was|have|had|in|on"
)
GENERIC_MODIFIERS = frozenset(
    [
        "military",
        "combat",
        "ground",
        "army",
        "special",
        "operations",
        "active-duty",
        "uniformed",
        "regular",
        "armed",
        "elite",
        "air",
        "navy",
        "marine",
        "us-led",
        "u.s.-led",
        "american-led",
        "foreign",
        "international",
        "allied",
        "coalition",
        "nato",
    ]
)
# Closed grammar read as words (cheaper than regexes over every window).
FUTURE_WORDS = frozenset(
    {"will", "would", "shall", "'ll", "planned", "planning", "expected", "scheduled"}
)
FUTURE_PAIRS = frozenset(
    {("to", "be"), ("is", "to"), ("are", "to"), ("plan", "to"), ("plans", "to"),
     ("set", "to"), ("aim", "to"), ("aims", "to"), ("intend", "to"), ("intends", "to"),
     ("going", "to")}
)  # fmt: skip
CHANGE_VERBS = frozenset(
    {"reducing", "cutting", "lowering", "trimming", "shrinking", "decreasing", "increasing",
     "raising", "boosting"}
)  # fmt: skip
CHANGE_PAIRS = frozenset(
    {("drawing", "down"), ("bringing", "down"), *(("to", verb) for verb in (
        "reduce", "cut", "lower", "trim", "draw", "bring", "shrink", "decrease", "increase",
        "raise", "boost"))}
)  # fmt: skip
# A word right before a count (past any qualifier) that makes it a change, not a level.
CHANGE_BEFORE_WORDS = frozenset(
    {"by", "send", "sends", "sending", "sent", "dispatch", "dispatches", "dispatching",
     "dispatched", "add", "adds", "adding", "added", "withdraw", "withdraws", "withdrawing",
     "withdrew", "cut", "cuts", "cutting", "another", "extra", "additional", "pull", "pulls",
     "pulling", "deploy", "deploys", "deploying", "redeploy", "redeploys", "redeploying",
     "redeployed", "remove", "removes", "removing", "removed", "move", "moves", "moving",
     "relocate", "relocates", "relocating", "relocated", "transfer", "transfers",
     "transferring", "transferred"}
)  # fmt: skip
CHANGE_BEFORE_PAIRS = frozenset(
    {("pull", "out"), ("pulls", "out"), ("pulling", "out"), ("pulled", "out"),
     ("bring", "home"), ("brings", "home"), ("bringing", "home"), ("brought", "home")}
)  # fmt: skip
# Right after a count's noun phrase: the troops are on the move, so the count is a part of
# the force ("1,000 US troops are withdrawing", "500 soldiers arrived in Iraq"), not a level,
# unless a determiner before the count makes them all of it ("all 2,000", "the 5,200").
RE_MOVEMENT_AFTER = re.compile(
    r"[ \t,]*(?:(?:who|that|which|are|is|were|was|will|would|to|be|being|been|have|has|had|"
    r"set|due|expected|now|currently|already|soon|also|all|reportedly)[ \t]+){0,4}"
    r"(?:withdraw|withdrawing|withdrawn|withdrew|leave|leaving|left|depart|departing|departed|"
    r"arrive|arriving|arrived|redeployed|redeploying|relocated|relocating|moved|moving|"
    r"transferred|pulled|pulling|heading|headed|sent|dispatched|return|returning|returned|"
    r"rotated|rotating|exit|exiting|exited)(?!\w)",
    re.IGNORECASE,
)
WHOLE_FORCE_WORDS = frozenset({"all", "the", "its", "their", "entire", "whole", "remaining"})
# A count tied to one base, not to a country ("200 troops assigned to the remote base").
RE_ONE_BASE_AFTER = re.compile(
    r"[^.;,]{0,40}?(?<!\w)(?:at|to|in|on)[ \t]+(?:the|a|one|that|this)[ \t]+"
    r"(?:[A-Za-z'’-]+[ \t]+){0,3}?(?:base|air[ \t]?base|garrison|outpost|camp|airfield|"
    r"embassy|compound|facility)(?![\w-])",
    re.IGNORECASE,
)
# "... troops from Syria": the country a whole force leaves (the country follows).
RE_FROM_AFTER = re.compile(
    r"[ \t]+(?:(?:stationed|based|deployed)[ \t]+)?(?:out[ \t]+of|from)[ \t]+(?:the[ \t]+)?"
    rf"{COUNTRY_ADJECTIVE}"
)
# An elliptic count after a verb of holding, then a country: "Washington keeps some 900 in
# Syria", "the US has 2,500 in Iraq" (the country follows the match).
HOLD_VERBS = frozenset(
    {"has", "have", "had", "keeps", "keep", "kept", "keeping", "maintains", "maintain",
     "maintained", "maintaining", "retains", "retain", "retained", "stations", "stationed"}
)  # fmt: skip
RE_ELLIPTIC_PLACE = re.compile(
    r"[ \t]+(?:(?:troops|soldiers|personnel)[ \t]+)?(?:(?:stationed|based|deployed)[ \t]+)?"
    rf"(?:in|inside)[ \t]+(?:the[ \t]+)?{COUNTRY_ADJECTIVE}"
)
# The American share of a larger count: "3,000 coalition soldiers, including 2,500
# Americans", "of whom 2,500 are American".
RE_AMERICAN_SHARE = re.compile(r"[ \t]+(?:(?:are|were|of[ \t]+them)[ \t]+)?(?P<mods>Americans?)\b")
SHARE_BEFORE_WORDS = frozenset({"including", "includes", "include", "whom", "them", "among"})
CAP_WORDS = frozenset({"cap", "capped", "ceiling", "limit", "authorized", "authorised", "maximum"})
CAP_PHRASES = ("force management level",)
# Words between a level noun and its count: "forces, who number 5,000", "presence of 2,500".
PREP_WORDS = frozenset(
    {"to", "from", "of", "at", "number", "numbering", "numbers", "numbered", "total",
     "totaling", "totalling", "totals", "totaled", "totalled", "is", "are", "was", "were",
     "reach", "reaches", "reaching", "reached", "leaving", "leave", "leaves"}
)  # fmt: skip
NUMBER_GLUE = frozenset("$.,-/:_") | frozenset("0123456789")
QUALIFIER_WORDS = frozenset(w for phrase in QUALIFIER_OF for w in phrase.split())
DEADLINE = (
    rf"by[ \t]+(?:the[ \t]+end[ \t]+of|early|mid|late|next|this|{MONTH}|(?:19|20)\d\d|spring|"
    r"summer|autumn|fall|winter)"
)
LOCATIVES = r"in|inside|into|to|across|throughout|within|at"
RE_LOCATIVE_BEFORE = re.compile(
    rf"(?<!\w)(?:{LOCATIVES}|from|of)[ \t]+(?:the[ \t]+)?(?:(?:[a-z]+ern|central)[ \t]+)?$"
)
RE_PLACED_BEFORE = re.compile(rf"(?<!\w)(?:{LOCATIVES})[ \t]+(?:the[ \t]+)?{COUNTRY_ADJECTIVE}$")
RE_CLAUSE_END = re.compile(r"[;!?\n]|\.(?=\s)")
RE_NEXT_WORD = re.compile(r"[ \t]*(?P<word>[A-Za-z][\w.'’-]*)")
RE_IN_YEAR = re.compile(
    r"(?<!\w)(?:in|since|as[ \t]+of|at[ \t]+the[ \t]+(?:end|start|beginning)[ \t]+of)[ \t]+"
    r"(?P<year>(?:19|20)\d\d)(?!\d)"
)
RE_TOKEN = re.compile(r"[A-Za-z']+")
RE_DIGIT = re.compile(r"\d")
RE_THOUSANDS_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3})")
RE_DIGIT_BEFORE = re.compile(r"\d[ \t]*$")
RE_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
RE_YEAR_LIKE = re.compile(r"(?<![\d,])(?:19|20)\d\d(?!\d|,\d)")
RE_MOD_TOKEN = re.compile(r"[^\s]+")


class TroopTerms(BaseModel):
    """`troops.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    troop_nouns: list[str] = Field(min_length=1)
    level_nouns: list[str] = Field(min_length=1)
    us_words: list[str] = Field(min_length=1)
    foreign_words: list[str]
    all_nations_modifiers: list[str]
    increment_words: list[str]
    casualty_words: list[str]
    countries: dict[str, list[str]] = Field(min_length=1)
    regions: list[str]


@dataclass(frozen=True)
class Patterns:
    troop_stems: tuple[str, ...]  # literal words to str.find, in their usual cases
    number_digits: re.Pattern[str]
    number_words: re.Pattern[str]
    noun_after_count: re.Pattern[str]
    level_noun: re.Pattern[str]
    follow_on: re.Pattern[str]
    country: re.Pattern[str]
    placed_in: re.Pattern[str]
    us_word: re.Pattern[str]
    foreign_word: re.Pattern[str]
    all_nations_word: re.Pattern[str]
    owner_country: re.Pattern[str]
    increment_word: re.Pattern[str]
    casualty_words: frozenset[str]
    casualty_after: re.Pattern[str]
    deadline_after: re.Pattern[str]
    allowed_after_count: re.Pattern[str]
    country_names: dict[str, str]  # lower-case alias -> country
    country_aliases: tuple[tuple[str, str], ...]  # (alias as written, country)
    allowed_mods: frozenset[str]

    def country_of(self, surface: str) -> str:
        return self.country_names[" ".join(surface.lower().split())]

    def owner_words(self, text: str, start: int, end: int) -> Iterator[tuple[str, re.Match[str]]]:
        """Words in text[start:end] that say whose troops: ('us' | 'foreign', match)."""
        for m in self.us_word.finditer(text, start, end):
            yield "us", m
        for m in self.foreign_word.finditer(text, start, end):
            yield "foreign", m
        for m in self.owner_country.finditer(text, start, end):
            if not RE_LOCATIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                yield "foreign", m

    def has_number(self, text: str) -> bool:
        return bool(RE_DIGIT.search(text)) or has_number_word(text)

    def mods_ok(self, mods: str) -> bool:
        """Words between a count and its noun are all modifiers ("U.S. military")."""
        return all(
            token.lower().removesuffix("'s") in self.allowed_mods
            for token in RE_MOD_TOKEN.findall(mods)
        )


def _stems(nouns: list[str]) -> tuple[str, ...]:
    """The first words of the nouns, none a prefix of another, in lower and title case."""
    words = sorted({n.split()[0].lower() for n in nouns}, key=len)
    stems: list[str] = []
    for word in words:
        if not any(word.startswith(s) for s in stems):
            stems.append(word)
    return tuple(v for s in stems for v in (s, s.capitalize()))


def load_terms() -> TroopTerms:
    return load_validated("troops.yaml", TroopTerms)


def _alternation(words: list[str]) -> str:
    escaped = (re.escape(w).replace(r"\ ", r"[ \t]+") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


def _words(words: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(words)})(?![\w-])", flags)


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """Compile troops.yaml into the patterns (once per process)."""
    terms = load_terms()
    names = {a.lower(): c for c, aliases in terms.countries.items() for a in aliases}
    countries = _alternation([a for aliases in terms.countries.values() for a in aliases])
    regions = _alternation(terms.regions)
    nouns = _alternation(terms.troop_nouns)
    casualty = _alternation(terms.casualty_words)
    us = _alternation(terms.us_words)
    ci = re.IGNORECASE
    return Patterns(
        troop_stems=_stems([*terms.troop_nouns, *terms.level_nouns]),
        # case-sensitive: re then skips to digits
        number_digits=re.compile(f"{SPACED_THOUSANDS}|{NUMBER_DIGITS}"),
        number_words=re.compile(rf"(?<!\w){NUMBER_WORDS}", ci),
        noun_after_count=re.compile(
            r"(?P<plus>\+|[ \t]*-?[ \t]*plus\b)?(?:[ \t]*-?[ \t]*strong)?(?:[ \t]+|-)"
            rf"(?P<mods>(?:[^\s]+[ \t]+){{0,3}}?)(?P<noun>{nouns})(?!\w)",
            ci,
        ),
        level_noun=_words(terms.level_nouns, ci),
        follow_on=re.compile(
            r"(?:,[ \t]*|[ \t]+)(?:(?:and|while|with|plus|as[ \t]+well[ \t]+as)[ \t]+)?"
            r"(?:(?:another|a[ \t]+further)[ \t]+)?"
            rf"(?:(?P<qual>{QUALIFIER})[ \t]+)?(?P<num>{NUMBER})[ \t]+"
            rf"(?:(?:more|{nouns})[ \t]+)?(?:(?:are|were|is|remain|remaining|stationed|based|"
            r"deployed|currently)[ \t]+){0,3}(?:in|inside|to)[ \t]+(?:the[ \t]+)?"
            rf"{COUNTRY_ADJECTIVE}(?P<country>{countries})(?!\w)"
        ),
        country=re.compile(rf"(?<!\w)(?:{countries})(?!\w)"),
        placed_in=re.compile(
            rf"(?<!\w)(?:{LOCATIVES})[ \t]+(?:the[ \t]+)?"
            rf"{COUNTRY_ADJECTIVE}(?:(?P<country>{countries})|(?P<region>{regions}))(?!\w)(?!['’]s\b)"
        ),
        us_word=re.compile(rf"(?<![\w-])(?:{us})(?![\w-])(?!-led)"),
        foreign_word=_words(terms.foreign_words),
        all_nations_word=_words(terms.all_nations_modifiers, ci),
        owner_country=re.compile(rf"(?<!\w)(?:{countries})(?!\w)"),
        increment_word=_words(terms.increment_words, ci),
        casualty_words=frozenset(w.lower() for w in terms.casualty_words),
        casualty_after=re.compile(rf"[^.;,]{{0,30}}?(?<!\w)(?:{casualty})(?!\w)", ci),
        deadline_after=re.compile(rf"[^.;]{{0,40}}?(?<!\w){DEADLINE}"),
        allowed_after_count=re.compile(rf"(?:{ALLOWED_AFTER_COUNT}|{nouns})", ci),
        country_names=names,
        country_aliases=tuple((a, c) for c, aliases in terms.countries.items() for a in aliases),
        allowed_mods=frozenset(
            w.lower()
            for w in [*terms.us_words, *terms.foreign_words, *terms.increment_words]
            if " " not in w
        )
        | GENERIC_MODIFIERS,
    )


def has_number_word(text: str) -> bool:
    """A count of 100 or more written in words ("five thousand") needs one of these."""
    lowered = text.lower()
    return any(scale in lowered for scale in SCALES)


def words_of(text: str) -> list[str]:
    """Lower-case words of a window of text."""
    return RE_TOKEN.findall(text.lower())


# Before the count, after a future cue: the count names troops already there ("no plans to
# pull out the roughly 5,200 troops stationed in Iraq"), not a future figure.
PRESENT_DETERMINERS = frozenset({"the", "its", "their", "our", "those", "these", "all"})


def future_of_the_count(words: list[str], *, target: bool = False) -> bool:
    """A future cue ("will", "plans to") governs the count: no determiner stands between,
    or the count is a target ("would reduce the force to 3,000")."""
    last = -1
    for i, word in enumerate(words):
        if word in FUTURE_WORDS or (i + 1 < len(words) and (word, words[i + 1]) in FUTURE_PAIRS):
            last = i
    if last < 0:
        return False
    return target or not any(w in PRESENT_DETERMINERS for w in words[last + 1 :])


def has_pair(words: list[str], pairs: frozenset[tuple[str, str]]) -> bool:
    return any(pair in pairs for pair in zip(words, words[1:], strict=False))


def is_year(number_text: str) -> bool:
    return bool(RE_YEAR_NUMBER.fullmatch(number_text.strip()))

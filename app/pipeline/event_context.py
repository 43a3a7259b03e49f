"""Sentence context around a trigger: the clause just before and after it, what kind of line
the sentence sits on (headline, photo caption), determiners, and counted or aggregate nouns.

These checks keep a threat from being an attack, a denial from being a claim, a hypothetical
from being a happening and planned talks from being talks. Grammar words (clause boundaries,
number words) are constants here; the domain cue lists come from event_patterns.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.event_rules import EventRules

RE_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|\b(?:but|while|although|whereas)\b")
RE_WORD = re.compile(r"[\w’'.-]+")
LINE_END_PUNCT = frozenset(".!?\"”’')]")
CREDIT_CHARS = 80
RE_CAPTION_CREDIT = re.compile(
    r"(?:\((?:Reuters|AFP|AP|EPA|Getty Images|Anadolu)\)|(?:REUTERS|AFP|AP Photo|EPA|Getty Images)"
    r"(?:/[\w .'’-]+)?|\bPhoto(?:graph)?:\s*[\w .'’/-]+|\bFile photo\b)\s*\.?\s*$"
)
# A caption that says so first: "In this image from a video, US forces conduct ..."
RE_CAPTION_OPENER = re.compile(
    r"(?:In this (?:[\w-]+ ){0,2}(?:image|photo|photograph|picture|handout|frame|still|video)"
    r"|(?:This|The) (?:[\w-]+ ){0,2}(?:image|photo|photograph|picture) (?:shows|released|taken))\b",
    re.IGNORECASE,
)
# Every credit RE_CAPTION_CREDIT knows holds one of these: most lines skip its search.
CREDIT_WORDS = ("Reuters", "REUTERS", "AFP", "AP", "EPA", "Getty", "Anadolu", "Photo", "photo")
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "dozen": 12, "twice": 2,
    "thrice": 3, "once": 1,
}  # fmt: skip
RE_COUNT_BEFORE = re.compile(
    r"(?<![\w])(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:separate\s+)?$",
    re.IGNORECASE,
)
BEFORE_CHARS = 90
CLOSING_TITLE_CHARS = 160  # other stories' titles after the story are short lines
RE_LINE = re.compile(r"[^\n]+")
NEW_AFTER_CHARS = 30
AFTER_CHARS = 50


@dataclass(frozen=True)
class LineKind:
    headline: bool  # a line without sentence punctuation: a title, a subhead, a menu item
    caption: bool  # a photo caption (ends with a photo credit)


def clause_before(text: str, start: int, max_words: int = 7) -> str:
    """The words of the trigger's clause just before `start` (at most `max_words`)."""
    window = text[max(0, start - BEFORE_CHARS) : start]
    breaks = list(RE_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    words = RE_WORD.findall(window)
    return " ".join(words[-max_words:])


def clause_after(text: str, end: int, max_chars: int = AFTER_CHARS) -> str:
    """The trigger's clause just after `end` (up to a clause break)."""
    window = text[end : end + max_chars]
    found = RE_CLAUSE_BREAK.search(window)
    return window[: found.start()] if found else window


def words_before(text: str, start: int, count: int = 3) -> str:
    return " ".join(RE_WORD.findall(text[max(0, start - 40) : start])[-count:])


def is_definite(rules: EventRules, text: str, start: int) -> bool:
    """A noun trigger introduced by "the", "this", "Sunday's" ...: it refers back."""
    before = words_before(text, start, 2)
    if not before:
        return False
    if rules.cue("announcing", words_before(text, start, 5)):
        return False  # "announced on Saturday the suspension of its attacks": news, first told
    return rules.cue("definite", before) and not rules.cue("new_event", before)


def is_new_event(rules: EventRules, text: str, start: int, end: int | None = None) -> bool:
    """ "another attack", "a subsequent strike", "was attacked for the second time": a
    happening distinct from those before it."""
    if end is not None and rules.cue("new_event_after", text[end : end + NEW_AFTER_CHARS]):
        return True
    return rules.cue("new_event", words_before(text, start, 2))


def count_before(text: str, start: int) -> int | None:
    """ "two attacks": the number right before a noun trigger."""
    m = RE_COUNT_BEFORE.search(text[max(0, start - 20) : start])
    if m is None:
        return None
    word = m["n"].lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def number_value(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def line_kind(doc_text: str, start: int, end: int) -> LineKind:
    """What kind of line (paragraph) holds the sentence at [start, end)."""
    line_start = doc_text.rfind("\n", 0, start) + 1
    line_end = doc_text.find("\n", end)
    line = doc_text[line_start : line_end if line_end >= 0 else len(doc_text)].strip()
    tail = line[-CREDIT_CHARS:]
    caption = any(w in tail for w in CREDIT_WORDS) and RE_CAPTION_CREDIT.search(tail) is not None
    caption = caption or RE_CAPTION_OPENER.match(line) is not None
    headline = bool(line) and line[-1] not in LINE_END_PUNCT and len(line) < 240
    return LineKind(headline=headline and not caption, caption=caption)


def closing_titles_start(text: str) -> int:
    """Where a closing block of two or more short unpunctuated lines begins: the titles of
    other stories listed after the story's last sentence (page furniture, no events);
    len(text) when the text ends with its story."""
    lines = [(m.start(), m.group().strip()) for m in RE_LINE.finditer(text)]
    lines = [(start, line) for start, line in lines if line]
    block_start, block = len(text), 0
    for start, line in reversed(lines):
        if line[-1] in LINE_END_PUNCT or len(line) >= CLOSING_TITLE_CHARS:
            break
        block_start, block = start, block + 1
    if block < 2 or block == len(lines):
        return len(text)
    return block_start


def with_teaser_titles(text: str, related: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The related-story lines and the title line right above each of them: "Sistani condemns
    US strikes" over its teaser "Iraq's top cleric condemned on Monday ... Middle East -"."""
    out = list(related)
    for start, _ in related:
        above_end = text.rfind("\n", 0, start)
        if above_end < 0:
            continue
        above_start = text.rfind("\n", 0, above_end) + 1
        line = text[above_start:above_end].strip()
        if line and line[-1] not in LINE_END_PUNCT and len(line) < CLOSING_TITLE_CHARS:
            out.append((above_start, above_end))
    return sorted(out)

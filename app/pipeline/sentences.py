"""Split cleaned text into sentences with offsets (regex, no model).

A line break always ends a sentence (paragraphs, headlines, bylines and datelines are lines
of their own in cleaned text). Inside a line, ".", "!" or "?" (with any closing quotes or
brackets after it) ends a sentence when the next word starts with a capital letter, a digit
or an opening quote, except after a title or month abbreviation ("Brig. Gen.", "Dec."), an
initial ("George W. Bush") or a dotted acronym ("U.S."), unless the next word is one that
opens sentences ("... in the U.S. The talks ...").

A sentence longer than `MAX_SENTENCE_CHARS` (a run-on text, a table flattened into one
line, a text with no punctuation at all) is cut into pieces of at most that length, at the
last clause break ("; ", ", ", ": ") or space in the second half of the window, or
mid-word when there is none. The later stages run their patterns sentence by sentence, so
this bound is the window no pattern runs beyond, and what keeps their work linear in the
text's length whatever the text holds. Real news sentences stay far below it.
"""

from __future__ import annotations

import re

from app.pipeline.types import Sentence

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "brig",
        "col",
        "lt",
        "maj",
        "sgt",
        "capt",
        "cpt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "messrs",
        "dept",
        "univ",
        "corp",
        "inc",
        "ltd",
        "vol",
        "vs",
        "etc",
        "approx",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "al",
    ]
)
CASED_ABBREVIATIONS = frozenset({"No", "Nos", "Co"})
SENTENCE_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "but",
        "and",
        "this",
        "that",
        "these",
        "those",
        "there",
        "his",
        "her",
        "their",
        "our",
        "after",
        "before",
        "when",
        "while",
        "as",
        "if",
        "however",
        "meanwhile",
        "also",
        "some",
        "many",
        "officials",
        "iraqi",
        "iraq's",
    ]
)
MAX_SENTENCE_CHARS = 2000
CLAUSE_BREAKS = ("; ", ", ", ": ")
RE_LINE = re.compile(r"[^\n]+")
# The look-behind makes a run of terminators match only from its first character, so a
# long run ("........") is scanned once rather than once from each of its characters.
RE_END = re.compile(
    r"""(?<![.!?…])[.!?…]+['"’”)\]]*(?=[ \t]+['"“‘(\[]?(?P<next>[A-Z0-9][\w'’]*))"""
)
RE_INITIAL = re.compile(r"[A-Z]")
RE_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order, each with `text[start:end] == sentence.text`."""
    out: list[Sentence] = []
    for line in RE_LINE.finditer(text):
        start = line.start()
        for end in _ends_in_line(line.group()):
            _append(out, text, start, line.start() + end)
            start = line.start() + end
        _append(out, text, start, line.end())
    return out


def _ends_in_line(line: str) -> list[int]:
    ends: list[int] = []
    for m in RE_END.finditer(line):
        if not _is_abbreviation(line, m.start(), m.group(), m["next"]):
            ends.append(m.end())
    return ends


def _is_abbreviation(line: str, pos: int, terminator: str, next_word: str) -> bool:
    if not terminator.startswith(".") or terminator.startswith(".."):
        return False
    word = line[line.rfind(" ", 0, pos) + 1 : pos].lstrip("\"'“‘([\t")
    if not word:
        return False
    if word.lower() in ABBREVIATIONS or word in CASED_ABBREVIATIONS or RE_INITIAL.fullmatch(word):
        return True
    if RE_DOTTED.fullmatch(word):
        return next_word.lower() not in SENTENCE_STARTERS
    return False


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start)
        _append(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start=start, end=end, text=text[start:end]))


def _cut_point(text: str, start: int) -> int:
    """Where to end a piece of an over-long sentence that starts at `start`."""
    low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
    for separator in CLAUSE_BREAKS:
        found = text.rfind(separator, low, high)
        if found >= 0:
            return found + 1
    found = max(text.rfind(" ", low, high), text.rfind("\t", low, high))
    return found if found > start else high

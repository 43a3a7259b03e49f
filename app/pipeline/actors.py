"""Actor mentions: alias match -> canonical name + kind (reads data/actors.yaml).

Three passes over the cleaned text, each cheap:

1. the lexicon's one compiled regex (every alias of every actor, tolerant of spelling);
2. acronyms the article defines itself ("Asa'ib Ahl al-Haq (AAH)" -> later "AAH");
3. rapidfuzz over capitalised multi-word phrases that passes 1-2 left unmatched and that
   contain a distinctive word of a militia name, for spellings the lexicon has never seen.

Then context rules: a bare "Hezbollah" is Lebanon's party unless the article is about the
Iraqi faction; "parliament" after a foreign qualifier is not Iraq's; a one-word militia alias
followed by a capitalised word is part of a person's name ("Badr Jamous").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from app.pipeline.lexicon import (
    AliasInfo,
    Lexicon,
    fold_phrase,
    load_lexicon,
    word_key,
)
from app.pipeline.resources import load_validated
from app.pipeline.types import ActorMention, DocContext, Sentence
from app.schemas import ExtractedActor

Hit = tuple[int, int, AliasInfo]

FUZZY_CUTOFF = 90.0
FUZZY_MAX_WORDS = 5
RE_DEFINED_ACRONYM = re.compile(r"[ \t]*\([ \t]*(?P<acronym>[A-Z][A-Za-z]{1,6})[ \t]*\)")
RE_NAME_FOLLOWS = re.compile(r"[ \t]+(?:(?:al|bin|ibn|abu)[ \t-]+)?[A-Z][a-z]")
# A one-word alias followed by one of these names the group, not a person ("Al-Nujaba
# Resistance Movement", "Badr Brigades").
RE_GROUP_NOUN_FOLLOWS = re.compile(
    r"[ \t]+(?:Islamic[ \t]+)?(?:Movement|Resistance|Brigades?|Battalions?|Group|Organi[sz]ation|"
    r"Forces|Militia|Factions?|Front|Corps)\b"
)
RE_PHRASE_GAP = re.compile(
    r"(?:[ \t]+|[ \t]*-[ \t]*)(?:(?:al|el|ul|of|the|in|fi)(?:[ \t]+|[ \t]*-[ \t]*))*"
)
RE_WORD = re.compile(r"[\w'’]+")
# The capital comes first so that `re` can skip ahead to capitals; the lookbehind then checks
# that no word character stands before it.
RE_CAPITALISED = re.compile(r"[A-Z](?<![\w'’].)[\w'’.$]*")
SENTENCE_WINDOW = 300  # chars either side when no sentence list is at hand
# A teaser of another story: its text cut off by an ellipsis, then its section's name
# ("... Middle East -") ending the line, with no sentence's full stop.
RE_TEASER_END = re.compile(
    r"(?:\.\.\.|…)[ \t]+[A-Z][\w'’&/-]*(?:[ \t]+[\w'’&/-]+){0,3}[ \t\-–|»>]*$"
)


def find_actors(ctx: DocContext) -> list[ActorMention]:
    """Every actor mention in the cleaned text, in text order."""
    text = ctx.doc.text
    lex = load_lexicon()
    found, capitalised = _lexicon_hits(text, lex)
    hits = [hit for hit in found if not _is_part_of_a_name(text, hit)]
    hits += _acronym_hits(text, hits)
    fuzzy = _fuzzy_hits(text, capitalised, hits)
    if fuzzy:
        longer = _Spans(fuzzy)
        hits = [hit for hit in hits if not longer.overlaps(hit[0], hit[1])] + fuzzy
    furniture = _related_lines(text)
    hits = [hit for hit in hits if not furniture.overlaps(hit[0], hit[1])]
    hits.sort(key=lambda h: h[0])
    names = {info.name for _, _, info in hits}
    mentions = (_resolve(text, hit, lex, ctx.sentences, names) for hit in hits)
    return [m for m in mentions if m is not None]


@lru_cache(maxsize=1)
def _related_marker() -> re.Pattern[str]:
    markers = load_validated("related_lines.yaml", dict[str, list[str]])["markers"]
    alternation = "|".join(
        re.escape(m).replace(r"\ ", r"[ \t]+") for m in sorted(markers, key=len, reverse=True)
    )
    return re.compile(rf"[ \t]*(?:{alternation})[ \t]*[:|»>\-–][ \t]*", re.IGNORECASE)


def related_line_ranges(text: str) -> list[tuple[int, int]]:
    """Lines that point to other stories ("Also read | ...", a headline with its teaser cut
    off by "..."): page furniture, naming no actor of this story and coding no event."""
    marker = _related_marker()
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip() and (marker.match(line) or RE_TEASER_END.search(line)):
            spans.append((pos, end))
        pos = end + 1
    return spans


def _related_lines(text: str) -> _Spans:
    return _Spans.of_ranges(related_line_ranges(text))


def summarise_actors(mentions: Iterable[ActorMention]) -> list[ExtractedActor]:
    """One entry per canonical actor, in order of first mention, with a mention count."""
    out: dict[str, ExtractedActor] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.name in out:
            out[m.name].mentions += 1
        else:
            out[m.name] = ExtractedActor(
                name=m.name,
                kind=m.kind,
                mentions=1,
                start=m.start,
                end=m.end,
            )
    return list(out.values())


def _lexicon_hits(text: str, lex: Lexicon) -> tuple[list[Hit], list[tuple[int, int]]]:
    """Aliases at capitalised words (dispatched by first word) and lower-case aliases; and
    the capitalised words themselves, for the fuzzy pass."""
    hits: list[Hit] = []
    capitalised: list[tuple[int, int]] = []
    last_end = 0
    for w in RE_CAPITALISED.finditer(text):
        start = w.start()
        capitalised.append((start, w.end()))
        pattern = _dispatch(w.group()) if start >= last_end else None
        m = pattern.match(text, start) if pattern is not None else None
        if m is not None and m.lastgroup is not None:
            hits.append((start, m.end(), lex.aliases[int(m.lastgroup[1:])]))
            last_end = m.end()
    taken = _Spans(hits)
    for word, pattern in lex.lower_first_words.items():
        for start in _word_positions(text, word):
            m = pattern.match(text, start)
            if m and m.lastgroup and not taken.overlaps(start, m.end()):
                hits.append((start, m.end(), lex.aliases[int(m.lastgroup[1:])]))
    return hits, capitalised


ARABIC_PROCLITICS = frozenset("وفبلك")  # "and", "so", "by", "for", "like", written joined


def _word_positions(text: str, word: str) -> Iterable[int]:
    """Where `word` is a whole word of `text` (str.find: far cheaper than a regex scan); an
    Arabic word may carry one joined proclitic ("وكتائب حزب الله": "and Kata'ib Hezbollah")."""
    pos = text.find(word)
    while pos >= 0:
        end = pos + len(word)
        starts = pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "'’")
        if not starts and text[pos - 1] in ARABIC_PROCLITICS:
            starts = pos == 1 or not text[pos - 2].isalnum()
        if starts and (end == len(text) or not text[end].isalnum()):
            yield pos
        pos = text.find(word, pos + 1)


@lru_cache(maxsize=65536)
def _dispatch(word: str) -> re.Pattern[str] | None:
    """The regex of the aliases that can start with `word` (possessive "'s" tolerated)."""
    table = load_lexicon().by_first_word
    pattern = table.get(word_key(word))
    if pattern is None and word[-2:] in ("'s", "’s"):
        pattern = table.get(word_key(word[:-2]))
    return pattern


def _acronym_hits(text: str, hits: list[Hit]) -> list[Hit]:
    """Acronyms defined in parentheses right after a militia's name, found elsewhere."""
    defined: dict[str, AliasInfo] = {}
    for _, end, info in hits:
        if info.kind != "militia":
            continue
        m = RE_DEFINED_ACRONYM.match(text, end)
        if m and sum(c.isupper() for c in m["acronym"]) >= 2:
            defined.setdefault(m["acronym"], info)
    known = {info.alias for _, _, info in hits}
    defined = {a: i for a, i in defined.items() if a not in known}
    if not defined:
        return []
    alternation = "|".join(re.escape(a) for a in sorted(defined, key=len, reverse=True))
    taken = _Spans(hits)
    return [
        (m.start(), m.end(), defined[m.group()])
        for m in re.finditer(rf"(?<![\w'’])(?:{alternation})(?!\w)", text)
        if not taken.overlaps(m.start(), m.end())
    ]


def _fuzzy_hits(text: str, capitalised: list[tuple[int, int]], hits: list[Hit]) -> list[Hit]:
    """Close spellings inside runs of capitalised words that no alias matched; a one-word
    alias ("Hezbollah") does not hold its word back from a longer close spelling around it
    ("Kaiti'b Hezbollah")."""
    free = _uncovered(capitalised, sorted((s, e) for s, e, info in hits if not info.single_word))
    out: list[Hit] = []
    for start, end in _phrases(text, free):
        found = _fuzzy_phrase(text[start:end])
        if found is not None:
            rel_start, rel_end, info = found
            out.append((start + rel_start, start + rel_end, info))
    return out


def _uncovered(words: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words (sorted) that overlap none of the spans (sorted): one linear merge."""
    out: list[tuple[int, int]] = []
    i = 0
    for start, end in words:
        while i < len(spans) and spans[i][1] <= start:
            i += 1
        if i == len(spans) or spans[i][0] >= end:
            out.append((start, end))
    return out


def _phrases(text: str, words: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """Runs of two or more capitalised words joined by spaces, hyphens or particles
    ("Asaib Ahl al-Huqq", "Companions of the Cave"); a word ending in "." ends a run."""
    run_start = run_end = -1
    size = 0
    for start, end in words:
        joined = size and text[run_end - 1] != "." and RE_PHRASE_GAP.fullmatch(text, run_end, start)
        if joined:
            run_end, size = end, size + 1
            continue
        if size >= 2:
            yield run_start, run_end
        run_start, run_end, size = start, end, 1
    if size >= 2:
        yield run_start, run_end


@lru_cache(maxsize=4096)
def _fuzzy_phrase(phrase: str) -> Hit | None:
    """The best close militia name inside a capitalised phrase, offsets relative to it."""
    lex = load_lexicon()
    words = [
        (w.start(), w.end(), fold_phrase(w.group(), lex.spelling_of))
        for w in RE_WORD.finditer(phrase)
        if w.group()[:1].isupper()
    ]
    if not any(w[:3] in lex.fuzzy_anchors for _, _, w in words):
        return None
    best: tuple[float, int, Hit] | None = None
    for size in range(2, min(FUZZY_MAX_WORDS, len(words)) + 1):
        for i in range(len(words) - size + 1):
            window = words[i : i + size]
            query = " ".join(w for _, _, w in window)
            found = process.extractOne(
                query, lex.fuzzy_choices.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if found is None:
                continue
            key = (found[1], window[-1][1] - window[0][0])
            if best is None or key > best[:2]:
                hit = (window[0][0], window[-1][1], lex.fuzzy_choices[found[0]])
                best = (key[0], key[1], hit)
    return best[2] if best else None


def _resolve(
    text: str, hit: Hit, lex: Lexicon, sentences: tuple[Sentence, ...], names: set[str | None]
) -> ActorMention | None:
    start, end, info = hit
    if info.name is None:
        return None  # a blocker
    if info.generic and lex.foreign_qualifier.search(text, max(0, start - 40), start):
        return None
    name, kind = info.name, info.kind
    if name == lex.bare_hezbollah.lebanese and _is_bare_hezbollah(text[start:end], lex):
        sentence = _sentence_text(text, start, sentences)
        if lex.bare_hezbollah.iraqi in names and not lex.lebanon_cues.search(sentence):
            name, kind = lex.bare_hezbollah.iraqi, "militia"
    return ActorMention(name=name, kind=kind, start=start, end=end, surface=text[start:end])


def _is_part_of_a_name(text: str, hit: Hit) -> bool:
    """A one-word militia alias followed by a capitalised word: "Badr Jamous", or a longer
    name the lexicon does not know ("Asaib Ahl al-Huqq", left to the fuzzy pass)."""
    _, end, info = hit
    if not (info.single_word and info.kind == "militia"):
        return False
    return bool(RE_NAME_FOLLOWS.match(text, end)) and not RE_GROUP_NOUN_FOLLOWS.match(text, end)


def _is_bare_hezbollah(surface: str, lex: Lexicon) -> bool:
    return fold_phrase(surface, lex.spelling_of) == fold_phrase("Hezbollah", lex.spelling_of)


def _sentence_text(text: str, pos: int, sentences: tuple[Sentence, ...]) -> str:
    if sentences:
        i = bisect_right([s.start for s in sentences], pos) - 1
        if i >= 0 and sentences[i].start <= pos < sentences[i].end:
            return sentences[i].text
    return text[max(0, pos - SENTENCE_WINDOW) : pos + SENTENCE_WINDOW]


class _Spans:
    """Sorted, non-overlapping spans already claimed by a mention."""

    def __init__(self, hits: Iterable[Hit]) -> None:
        self._set(sorted((s, e) for s, e, _ in hits))

    @classmethod
    def of_ranges(cls, ranges: list[tuple[int, int]]) -> _Spans:
        spans = cls([])
        spans._set(sorted(ranges))
        return spans

    def _set(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start

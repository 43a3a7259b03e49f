"""US troop levels: "over 5,000 US troops in Iraq", "about 2,500 in Iraq and 900 in Syria".

Per sentence that names troops (a cheap regex test first):

1. candidate counts, two shapes: a count before a troop noun ("2,500 American soldiers",
   "the 2,500-strong US contingent") and a count after a level noun ("U.S. forces, who
   number more than 5,000", "cut the number of troops in Iraq to 3,000"), plus elliptic
   follow-ons ("... in Iraq and 900 in Syria");
2. each candidate is judged: a plausible size, not a casualty figure, not a change ("3,000
   more troops", "by 3,500 troops", "sent 3,000 troops"), and American: an American word
   next to it, else the nearest owner word in the sentence is American (not NATO, Iraqi,
   the coalition ...), else the article is about US forces;
3. qualifier, figure type (reported / planned / official_cap), location (the country the
   sentence puts them in, else the country the article is most about) and as_of.

Vocabulary (troop nouns, owner words, countries) is in data/troops.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from app.pipeline import troop_patterns as tp
from app.pipeline.date_phrases import find_date_phrases
from app.pipeline.numbers import QUALIFIER_OF, parse_number, qualifier_of
from app.pipeline.types import DocContext, Sentence
from app.schemas import ExtractedTroopLevel

MIN_COUNT = 100
MAX_COUNT = 300_000
OWNER_WINDOW = 200
WORDS_BEFORE_WINDOW = 40  # chars before a count searched for whose troops they are
DEFAULT_LOCATION = "Iraq"


@dataclass(frozen=True)
class Candidate:
    num_start: int
    num_end: int
    count: int
    qualifier: str
    mods: str  # words between the count and the noun ("U.S. military")
    anchor_end: int  # end of the noun phrase or of the count, whichever is later
    prep: str | None  # "to", "from", "number" ... for a count after a level noun
    country: str | None = None  # given by an elliptic follow-on ("and 900 in Syria")


def find_troop_levels(ctx: DocContext) -> list[ExtractedTroopLevel]:
    """Every statement of a US troop level in the article, one per (location, count, type)."""
    patterns = tp.load_patterns()
    default_location = cache(lambda: _main_country(ctx.doc.text, patterns))  # only if needed
    doc_is_about_us = any(m.kind == "us" for m in ctx.actors)
    as_of = ctx.published.date.isoformat() if ctx.published.date else None
    out: list[ExtractedTroopLevel] = []
    seen: set[tuple[str, int, str]] = set()
    for sentence in _troop_sentences(ctx, patterns):
        for cand in _candidates(sentence.text, patterns):
            level = _judge(cand, sentence, patterns, doc_is_about_us, default_location, as_of)
            if level is None:
                continue
            key = (level.location, level.count, level.figure_type)
            if key not in seen:
                seen.add(key)
                out.append(level)
    return out


def _troop_sentences(ctx: DocContext, p: tp.Patterns) -> Iterator[Sentence]:
    """Sentences with a troop word and a number (str.find over the text, then bisect)."""
    text = ctx.doc.text
    hits = sorted(pos for stem in p.troop_stems for pos in _find_all(text, stem))
    if not hits:
        return
    for sentence in ctx.sentences:
        i = bisect_left(hits, sentence.start)
        if i < len(hits) and hits[i] < sentence.end and p.has_number(sentence.text):
            yield sentence


def _is_word_char(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and text[pos].isalnum()


def _find_all(text: str, word: str) -> Iterator[int]:
    pos = text.find(word)
    while pos >= 0:
        yield pos
        pos = text.find(word, pos + 1)


def _candidates(text: str, p: tp.Patterns) -> list[Candidate]:
    found: dict[int, Candidate] = {}
    for num in _numbers(text, p):
        cand = _candidate(text, num, p)
        if cand is not None:
            found.setdefault(cand.num_start, cand)
    for cand in list(found.values()):
        follow = _follow_on(text, cand, p)
        if follow is not None:
            found.setdefault(follow.num_start, follow)
    return sorted(found.values(), key=lambda c: c.num_start)


def _numbers(text: str, p: tp.Patterns) -> Iterator[re.Match[str]]:
    yield from p.number_digits.finditer(text)
    if tp.has_number_word(text):  # rare: "five thousand"
        yield from p.number_words.finditer(text)


def _candidate(text: str, num: re.Match[str], p: tp.Patterns) -> Candidate | None:
    """A count before a troop noun ("2,500 US troops") or after a level noun and a
    preposition ("forces, who number more than 5,000")."""
    start = num.start()
    if start > 0 and (text[start - 1] in tp.NUMBER_GLUE or text[start - 1].isalpha()):
        return None  # part of "$2,500", "F-16", "K1", "1.5"
    if not num.group()[0].isdigit() and tp.RE_DIGIT_BEFORE.search(text, max(0, start - 8), start):
        return None  # the scale word of "2.5 thousand", already read with its digits
    count = parse_number(tp.RE_THOUSANDS_SPACE.sub("", num.group()))
    if count is None:
        return None
    qualifier, words = _split_qualifier(_words_before(text, start))
    m = p.noun_after_count.match(text, num.end())
    if m is not None and p.mods_ok(m["mods"]):
        qualifier = "over" if m["plus"] else qualifier
        return Candidate(start, num.end(), count, qualifier, m["mods"], m.end(), None)
    share = tp.RE_AMERICAN_SHARE.match(text, num.end())
    if share is not None and (
        _after_comma(text, start) or _last_word_in(words, tp.SHARE_BEFORE_WORDS)
    ):
        return Candidate(start, num.end(), count, qualifier, share["mods"], share.end(), None)
    if tp.is_year(num.group()):
        return None
    if _last_word_in(words, tp.HOLD_VERBS):
        place = tp.RE_ELLIPTIC_PLACE.match(text, num.end())
        if place is not None and p.country.match(text, place.end()):
            return Candidate(start, num.end(), count, qualifier, "", num.end(), "has")
    if not words or words[-1][0] not in tp.PREP_WORDS:
        return None
    if _is_bad_follower(text, num.end(), p):
        return None
    prep, prep_start = words[-1]
    if not p.level_noun.search(text, _clause_start(text, prep_start), prep_start):
        return None
    return Candidate(start, num.end(), count, qualifier, "", num.end(), prep)


def _last_word_in(words: list[tuple[str, int]], vocabulary: frozenset[str]) -> bool:
    return bool(words) and words[-1][0] in vocabulary


def _after_comma(text: str, pos: int) -> bool:
    """ "..., 2,500 are American": the count opens a clause after a comma."""
    return text[max(0, pos - 3) : pos].rstrip().endswith(",")


def _words_before(text: str, pos: int) -> list[tuple[str, int]]:
    window_start = max(0, pos - WORDS_BEFORE_WINDOW)
    return [(m.group().lower(), m.start()) for m in tp.RE_TOKEN.finditer(text, window_start, pos)]


def _split_qualifier(words: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    """The qualifier phrase ending the words ("more than"), and the words before it."""
    for size in (3, 2, 1):
        if len(words) >= size:
            phrase = " ".join(w for w, _ in words[-size:])
            if phrase in QUALIFIER_OF:
                return QUALIFIER_OF[phrase], words[:-size]
    return "exact", words


def _clause_start(text: str, pos: int) -> int:
    window_start = max(0, pos - tp.AFTER_NOUN_WINDOW)
    ends = [m.end() for m in tp.RE_CLAUSE_END.finditer(text, window_start, pos)]
    return ends[-1] if ends else window_start


def _follow_on(text: str, cand: Candidate, p: tp.Patterns) -> Candidate | None:
    """A second count of the same kind in another country: "... and 900 in Syria"."""
    m = p.follow_on.search(text, cand.anchor_end, min(len(text), cand.anchor_end + 90))
    if m is None or _clause_end(text, cand.anchor_end, 200) < m.start():
        return None
    count = parse_number(m["num"])
    if count is None:
        return None
    qualifier = qualifier_of(m["qual"]) if m["qual"] else cand.qualifier
    country = p.country_of(m["country"])
    return Candidate(
        m.start("num"), m.end("num"), count, qualifier, cand.mods, m.end(), None, country
    )


def _judge(
    cand: Candidate,
    sentence: Sentence,
    p: tp.Patterns,
    doc_is_about_us: bool,
    default_location: Callable[[], str],
    as_of: str | None,
) -> ExtractedTroopLevel | None:
    text = sentence.text
    if not MIN_COUNT <= cand.count <= MAX_COUNT or _is_change_or_casualty(text, cand, p):
        return None
    if not _is_american(text, cand, p, doc_is_about_us):
        return None
    location = cand.country or _location(text, cand, p, default_location)
    if location is None:
        return None
    return ExtractedTroopLevel(
        country="US",
        location=location,
        count=cand.count,
        qualifier=cand.qualifier,
        as_of=_stated_date(text, cand) or as_of,
        evidence=text,
        start=sentence.start,
        end=sentence.end,
        figure_type=_figure_type(text, cand, p),
    )


def _is_change_or_casualty(text: str, cand: Candidate, p: tp.Patterns) -> bool:
    before = tp.words_of(text[max(0, cand.num_start - 45) : cand.num_start])
    if p.increment_word.search(cand.mods):
        return True
    if cand.country is None and _is_change_word_before(before):
        return True  # a follow-on's "another 900 in Syria" is a second level, not a change
    if any(w in p.casualty_words for w in before[-3:]):
        return True
    if _moves(text, cand, before) or tp.RE_ONE_BASE_AFTER.match(text, cand.anchor_end):
        return True
    return bool(p.casualty_after.match(text, cand.anchor_end, cand.anchor_end + 45))


def _moves(text: str, cand: Candidate, before: list[str]) -> bool:
    """ "1,000 US troops are withdrawing": a part of the force on the move, unless a
    determiner makes the count the whole force ("all 2,000 troops will leave Syria")."""
    if cand.country is not None or not tp.RE_MOVEMENT_AFTER.match(text, cand.anchor_end):
        return False
    words = before
    while words and words[-1] in tp.QUALIFIER_WORDS:
        words = words[:-1]
    return not (words and words[-1] in tp.WHOLE_FORCE_WORDS)


def _is_change_word_before(words: list[str]) -> bool:
    """ "sent 3,000", "by some 2,500", "pull out up to 2,000": a change, not a level."""
    while words and words[-1] in tp.QUALIFIER_WORDS:
        words = words[:-1]
    return bool(words) and (
        words[-1] in tp.CHANGE_BEFORE_WORDS or tp.has_pair(words[-2:], tp.CHANGE_BEFORE_PAIRS)
    )


def _is_american(text: str, cand: Candidate, p: tp.Patterns, doc_is_about_us: bool) -> bool:
    if cand.mods:
        if p.foreign_word.search(cand.mods):
            return False
        if p.us_word.search(cand.mods):
            return True
        if p.all_nations_word.search(cand.mods):
            return False  # "3,000 foreign troops": all nations' forces
    owner = _nearest_owner(text, cand, p)
    if owner is not None:
        return owner == "us"
    return doc_is_about_us


def _nearest_owner(text: str, cand: Candidate, p: tp.Patterns) -> str | None:
    """'us' or 'foreign': the owner word closest before the count, else closest after."""
    start = max(0, cand.num_start - OWNER_WINDOW)
    before = [(m.end(), kind) for kind, m in p.owner_words(text, start, cand.num_start)]
    if before:
        return max(before)[1]
    after = [(m.start(), kind) for kind, m in p.owner_words(text, cand.anchor_end, len(text))]
    return min(after)[1] if after else None


def _location(text: str, cand: Candidate, p: tp.Patterns, default: Callable[[], str]) -> str | None:
    before = [m for m in p.placed_in.finditer(text, 0, cand.num_start) if m["country"]]
    own_clause = _clause_start(text, cand.num_start)
    if cand.prep is not None and before and before[-1].start() >= own_clause:
        # "reduce its troops in Iraq to 3,000, down from 5,200, ... in the Middle East":
        # the level noun's own country, not a place named later in the sentence
        return p.country_of(before[-1]["country"])
    m = tp.RE_FROM_AFTER.match(text, cand.anchor_end)
    country = p.country.match(text, m.end()) if m is not None else None
    if country is not None:
        return p.country_of(country.group())  # "withdraw all 2,000 U.S. troops from Syria"
    window_end = _clause_end(text, cand.anchor_end, tp.LOCATION_WINDOW)
    m = p.placed_in.search(text, cand.num_end, window_end)
    if m is not None:
        return p.country_of(m["country"]) if m["country"] else None  # a region: no level
    return p.country_of(before[-1]["country"]) if before else default()


def _figure_type(text: str, cand: Candidate, p: tp.Patterns) -> str:
    window = text[max(0, cand.num_start - 70) : cand.num_start]
    before = tp.words_of(window)
    if any(w in tp.CAP_WORDS for w in before) or any(c in window for c in tp.CAP_PHRASES):
        return "official_cap"
    if cand.prep == "from":  # "reduce troop levels from about 5,200 to 3,000": the present
        return "reported"
    if cand.prep == "to" and (
        any(w in tp.CHANGE_VERBS for w in before) or tp.has_pair(before, tp.CHANGE_PAIRS)
    ):
        return "planned"
    if tp.future_of_the_count(before, target=cand.prep == "to"):
        return "planned"
    if p.deadline_after.match(text, cand.num_end, cand.anchor_end + 40):
        return "planned"
    return "reported"


def _stated_date(text: str, cand: Candidate) -> str | None:
    """A date with a year stated right around the count ("... 170,000 troops in 2007")."""
    window_start = max(0, cand.num_start - 60)
    if not tp.RE_YEAR_LIKE.search(text, window_start, cand.anchor_end + 40):
        return None
    for phrase in find_date_phrases(text, window_start, min(len(text), cand.anchor_end + 40)):
        resolved = phrase.to_date()
        if resolved is not None:
            return resolved[0].isoformat()
    m = tp.RE_IN_YEAR.search(text, window_start, min(len(text), cand.anchor_end + 40))
    return f"{m['year']}-01-01" if m else None


def _is_bad_follower(text: str, pos: int, p: tp.Patterns) -> bool:
    """A count followed by a unit that is not troops ("1,000 meters", "5,000 rockets")."""
    m = tp.RE_NEXT_WORD.match(text, pos)
    return m is not None and not p.allowed_after_count.fullmatch(m["word"])


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = tp.RE_CLAUSE_END.search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


def _main_country(text: str, p: tp.Patterns) -> str:
    """The country the article puts things in most ("in Iraq"), else names most."""
    placed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for alias, country in p.country_aliases:
        for pos in _find_all(text, alias):
            end = pos + len(alias)
            if _is_word_char(text, pos - 1) or _is_word_char(text, end):
                continue
            named[country] += 1
            possessive = text[end : end + 2] in ("'s", "’s")
            if not possessive and tp.RE_PLACED_BEFORE.search(text, max(0, pos - 40), pos):
                placed[country] += 1
    for counts in (placed, named):
        if counts:
            top = max(counts.values())
            return (
                DEFAULT_LOCATION if counts[DEFAULT_LOCATION] == top else counts.most_common(1)[0][0]
            )
    return DEFAULT_LOCATION

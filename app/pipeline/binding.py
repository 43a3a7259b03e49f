"""Which date phrase of a sentence dates a trigger, and how firmly.

The nearest phrase wins, with these exceptions: a date in a since-clause dates only what is
inside or after it ("since September, when shells landed", "since the militias declared a truce
in October"), not the thing it measures from ("the first attack since ..."); future and
deadline phrases ("starting from Sunday", "by the end of the year") date nothing; a date
beside a reporting verb ("said on Sunday") is the report's date, firm for a statement but only
a fallback for an attack or a strike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from app.pipeline.event_context import RE_CLAUSE_BREAK
from app.pipeline.event_dates import DatePhrase, DateValue, month_start

Strength = Literal["near", "report", "far", "default", "unfixed"]

RE_REPORT_VERB = re.compile(
    r"(?i:\b(?:said|says|saying|told|announced|stated|confirmed|added|reported|tweeted|vowed|"
    r"warned|pledged|statement|noted|quoted|cited|according)\b)"
)
RE_CONCESSIVE = re.compile(r"(?i:\b(?:although|though|whereas)\b)[^,;]*$")
DATED_STRENGTHS = frozenset({"near", "report", "far"})
NEAR_CHARS = 60
OWN_CLAUSE_CHARS = 120
GOVERNED_CHARS = 40
REPORT_WINDOW = 25


@dataclass(frozen=True)
class BoundDate:
    """A trigger's date: `near` (beside it), `report` (the report's), `far` (elsewhere in the
    sentence), `default` (none given: the publication month), `unfixed` ("weeks before")."""

    value: DateValue | None
    strength: Strength


def is_report_date(text: str, phrase: DatePhrase, trigger: tuple[int, int]) -> bool:
    """A date tied to a reporting verb ("said on Sunday") rather than to the trigger."""
    before = text[max(0, phrase.start - REPORT_WINDOW) : phrase.start]
    after = text[phrase.end : phrase.end + REPORT_WINDOW]
    found = [m.end() - len(before) for m in RE_REPORT_VERB.finditer(before)]
    found += [m.start() for m in RE_REPORT_VERB.finditer(after)]
    if not found:
        return False
    verb_gap = min(abs(g) for g in found)
    return verb_gap < gap(phrase, trigger)


def gap(phrase: DatePhrase, trigger: tuple[int, int]) -> int:
    """Characters between a phrase and a trigger span (0 when they touch or overlap)."""
    return max(0, phrase.start - trigger[1], trigger[0] - phrase.end)


def bind_date(
    text: str,
    phrases: list[DatePhrase],
    trigger: tuple[int, int],
    *,
    max_gap: int | None = None,
    max_gap_before: int | None = None,
    own_clause_first: bool = False,
) -> BoundDate | None:
    """The date of the trigger at `trigger` (sentence offsets), or None when none binds;
    `max_gap` / `max_gap_before` keep only phrases that close to it (all / those before it).
    With `own_clause_first` (attacks, strikes), a date later in the trigger's own clause
    ("strikes that killed 25 fighters on Sunday") wins over the report's ("vowed on Monday
    to avenge ...")."""
    governing = governing_phrase(text, phrases, trigger)
    if governing is not None and governing.governed is not None:
        return BoundDate(governing.governed, "near")
    candidates = [
        p
        for p in phrases
        if p.role == "date" or (p.role == "since" and p.since is not None and trigger[0] >= p.since)
        if max_gap is None or gap(p, trigger) <= max_gap
        if max_gap_before is None or p.start >= trigger[0] or gap(p, trigger) <= max_gap_before
        if not in_concession(text, p, trigger)
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (gap(p, trigger), p.start < trigger[0]))
    if best.value is None:
        return BoundDate(None, "unfixed")
    if is_report_date(text, best, trigger):
        own = own_clause_date(text, candidates, trigger) if own_clause_first else None
        if own is not None:
            return BoundDate(own.value, "near" if gap(own, trigger) <= NEAR_CHARS else "far")
        return BoundDate(best.value, "report")
    return BoundDate(best.value, "near" if gap(best, trigger) <= NEAR_CHARS else "far")


def in_concession(text: str, phrase: DatePhrase, trigger: tuple[int, int]) -> bool:
    """ "Although KH suspended its attacks early last year, it has now threatened ...": a date
    in a concessive clause closed before the trigger dates that clause only."""
    if phrase.end > trigger[0] or "," not in text[phrase.end : trigger[0]]:
        return False
    return RE_CONCESSIVE.search(text, 0, phrase.start) is not None


RE_GOVERNED_GAP = re.compile(r"\s*(?:(?:a|an|the|another)\s+)?(?:[\w-]+\s+){0,3}", re.IGNORECASE)


def governing_phrase(
    text: str, phrases: list[DatePhrase], trigger: tuple[int, int]
) -> DatePhrase | None:
    """ "(came) two days after a drone attack killed ...": the phrase whose noun phrase holds
    the trigger."""
    for p in phrases:
        if p.governed is None or not 0 <= trigger[0] - p.end <= GOVERNED_CHARS:
            continue
        if RE_GOVERNED_GAP.fullmatch(text, p.end, trigger[0]):
            return p
    return None


def own_clause_date(
    text: str, candidates: list[DatePhrase], trigger: tuple[int, int]
) -> DatePhrase | None:
    """The first dated phrase after the trigger in its own clause, not a report's date."""
    for p in sorted(candidates, key=lambda p: p.start):
        if p.start < trigger[1] or p.value is None or gap(p, trigger) > OWN_CLAUSE_CHARS:
            continue
        if RE_CLAUSE_BREAK.search(text, trigger[1], p.start) or is_report_date(text, p, trigger):
            return None
        return p
    return None


def default_date(published: dt.date | None) -> BoundDate:
    """A statement with no day given is dated to its publication month."""
    if published is None:
        return BoundDate(None, "default")
    return BoundDate(month_start(published.year, published.month), "default")

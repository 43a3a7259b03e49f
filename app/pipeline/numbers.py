"""Numbers as reporters write them: "5,000", "2.5 thousand", "five thousand", "2,500-strong".

Closed grammar (number words, qualifier words) lives here as module constants.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Qualifier words before a count, longest first within each qualifier.
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "over": (
        "no fewer than", "no less than", "in excess of", "upwards of", "more than",
        "at least", "over", "above", "exceeding",
    ),
    "about": (
        "an estimated", "approximately", "roughly", "around", "about", "some",
        "close to", "estimated",
    ),
    "under": (
        "fewer than", "less than", "just under", "nearly", "almost", "under", "below",
        "short of",
    ),
    "up_to": ("as many as", "a maximum of", "no more than", "up to", "at most"),
}  # fmt: skip
QUALIFIER_OF: dict[str, str] = {
    phrase: qualifier for qualifier, phrases in QUALIFIERS.items() for phrase in phrases
}

_WORD = "|".join(sorted([*UNITS, *SCALES], key=len, reverse=True))
NUMBER_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:[ \t-](?:thousand|million)\b|[kK]\b)?"
NUMBER_WORDS = rf"(?:a[ \t]+)?(?:{_WORD})(?:(?:[ \t]+|[ \t]*-[ \t]*|[ \t]+and[ \t]+)(?:{_WORD}))*\b"
NUMBER = f"(?:{NUMBER_DIGITS}|{NUMBER_WORDS})"
QUALIFIER = "|".join(
    re.escape(p).replace(r"\ ", r"[ \t]+") for p in sorted(QUALIFIER_OF, key=len, reverse=True)
)
RE_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def parse_number(text: str) -> int | None:
    """The value of a number as written: "5,000", "2.5 thousand", "two thousand five
    hundred", "a thousand", "3k". None if it is not a number."""
    cleaned = text.lower().replace(",", "").replace("-", " ").strip()
    if cleaned.endswith("k") and cleaned[:-1].replace(".", "", 1).isdigit():
        return round(float(cleaned[:-1]) * 1000)
    total = current = 0.0
    seen = False
    for token in RE_TOKEN.findall(cleaned):
        if token in ("a", "and"):
            current = current or (1 if token == "a" else 0)
            continue
        value = _token_value(token)
        if value is None:
            return None
        seen = True
        if token in SCALES:
            current = (current or 1) * value
            if value >= 1000:
                total, current = total + current, 0
        else:
            current += value
    return round(total + current) if seen else None


def qualifier_of(phrase: str | None) -> str:
    """ "over", "about", "under", "up_to" for a qualifier phrase, "exact" for none."""
    if not phrase:
        return "exact"
    return QUALIFIER_OF.get(" ".join(phrase.lower().split()), "exact")


def _token_value(token: str) -> float | None:
    if token[0].isdigit():
        return float(token)
    if token in UNITS:
        return UNITS[token]
    return SCALES.get(token)

"""Texts built to make extraction slow, generated at any length (never stored as files).

Each shape repeats a unit, sentence-free except `prose`: a run of faction names, of numbers,
of date words, of event words, of full stops, and ordinary sentence-broken prose (the
baseline). The test suite and `benchmarks/adversarial_bench.py` use the same shapes.
"""

from __future__ import annotations

UNITS: dict[str, str] = {
    "faction names": (
        "Kataib Hezbollah Asaib Ahl al-Haq the Islamic Resistance in Iraq Harakat al-Nujaba "
        "Kata'ib Sayyid al-Shuhada the Popular Mobilization Forces "
    ),
    "numbers": "2,500 troops 3,000 5200 about 900 more than 40 up to 1,000 soldiers ",
    "date words": "on January 5 2020 Monday last week March 3 on Tuesday night 12 February ",
    "event words": (
        "militia attacked rockets struck US base Kataib Hezbollah threatened warned US strikes "
        "ceasefire talks demanded withdrawal of US troops drone attack targeted "
    ),
    "full stops": ".",
    "normal prose": (
        "Kataib Hezbollah warned on Monday that it would target US forces if they did not "
        "leave. Rockets struck the Ain al-Asad base on Friday night, the coalition said. "
        "There are about 2,500 US troops in Iraq.\n\n"
    ),
}
SHAPES = tuple(UNITS)


def make_text(shape: str, length: int) -> str:
    """`length` characters of `shape`."""
    unit = UNITS[shape]
    return (unit * (length // len(unit) + 1))[:length]

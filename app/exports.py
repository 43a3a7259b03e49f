"""CSV and JSON renderings of a listing, safe to open in a spreadsheet.

- Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
  carriage return) get a leading `'`, as OWASP recommends; numbers stay numbers.
- Long text is written whole: the csv module quotes newlines and quotes, and nothing is cut.
- The file starts with a UTF-8 byte-order mark so that Excel reads accents and Arabic names.
- `acled_rows` maps events to ACLED-like columns for merging with data researchers hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from app.schemas import EventRead
from app.vocabulary import EVENT_TYPE_SPECS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

ACLED_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "fatalities",
    "notes",
    "source",
    "tracker_event_type",
    "review_state",
)

# Our event types as ACLED's event_type and sub_event_type ("" when the text decides).
ACLED_TYPES: dict[str, tuple[str, str]] = {t.name: t.acled for t in EVENT_TYPE_SPECS}
# ACLED sub-event types of an attack, by the weapon its evidence names (first match wins).
ATTACK_WEAPONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(drones?|UAVs?)\b", re.I), "Air/drone strike"),
    (
        re.compile(r"\b(rockets?|missiles?|mortars?|shell(s|ing)?|Katyushas?)\b", re.I),
        "Shelling/artillery/missile attack",
    ),
    (re.compile(r"\b(IEDs?|roadside bombs?|explosive)\b", re.I), "Remote explosive/landmine/IED"),
)
TIME_PRECISION = {"day": 1, "month": 3}


def cell(value: Any) -> str | int | float:
    """One CSV cell: numbers as they are, other values as text that no spreadsheet runs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A whole CSV file (with a BOM and a header row) of `rows` in `columns` order."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def model_columns(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def model_rows(rows: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [row.model_dump() for row in rows]


def attack_sub_type(evidence: str) -> str:
    for pattern, sub_type in ATTACK_WEAPONS:
        if pattern.search(evidence):
            return sub_type
    return ""


def acled_row(event: EventRead) -> dict[str, Any]:
    event_type, sub_type = ACLED_TYPES[event.type]
    if event.type == "attack":
        sub_type = attack_sub_type(event.evidence)
    source = "; ".join(part for part in (event.outlet, event.url) if part)
    return {
        "event_id": event.id,
        "event_date": event.date,
        "time_precision": TIME_PRECISION.get(event.date_precision or ""),
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": event.actor,
        "actor2": event.target,
        "location": event.location,
        "fatalities": event.killed,
        "notes": event.evidence,
        "source": source,
        "tracker_event_type": event.type,
        "review_state": event.review_state,
    }


def acled_rows(events: Iterable[EventRead]) -> list[dict[str, Any]]:
    return [acled_row(event) for event in events]

"""CSV and JSON renderings of a listing, safe to open in a spreadsheet.

- Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
  carriage return) get a leading `'`, as OWASP recommends; numbers stay numbers.
- Long text is written whole: the csv module quotes newlines and quotes, and nothing is cut.
- The file starts with a UTF-8 byte-order mark so that Excel reads accents and Arabic names.
- `acled_rows` maps counted incidents (one row per real happening, however many articles
  tell it) to ACLED-like columns for merging with data researchers hold; `source` lists the
  outlets and `source_articles` the articles (id and address) of its counted reports.
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

from app.schemas import IncidentDetailRead, IncidentReportRead
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
    "source_articles",
    "reports",
    "tracker_event_type",
    "review_state",
    "reviewed",
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


def attack_sub_type(evidence: Iterable[str]) -> str:
    """The sub-event type of the first weapon named, in the order of the reports."""
    for text in evidence:
        for pattern, sub_type in ATTACK_WEAPONS:
            if pattern.search(text):
                return sub_type
    return ""


def sources(reports: Sequence[IncidentReportRead]) -> tuple[str, str]:
    """The outlets ("Wire; Daily") and the articles ("12 https://...; 13") of the reports."""
    outlets = dict.fromkeys(r.outlet for r in reports if r.outlet)
    articles = {
        r.article_id: f"{r.article_id} {r.url}" if r.url else str(r.article_id) for r in reports
    }
    return "; ".join(outlets), "; ".join(articles.values())


def acled_row(incident: IncidentDetailRead) -> dict[str, Any]:
    """One incident in ACLED's columns, its sources being its counted reports."""
    reports = [r for r in incident.report_list if r.counted] or incident.report_list
    event_type, sub_type = ACLED_TYPES[incident.type]
    if incident.type == "attack":
        sub_type = attack_sub_type(r.evidence for r in reports)
    outlets, articles = sources(reports)
    return {
        "event_id": incident.id,
        "event_date": incident.date,
        "time_precision": TIME_PRECISION.get(incident.date_precision or ""),
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": incident.actor,
        "actor2": incident.target,
        "location": incident.location,
        "fatalities": incident.killed,
        "notes": reports[0].evidence if reports else "",
        "source": outlets,
        "source_articles": articles,
        "reports": len(reports),
        "tracker_event_type": incident.type,
        "review_state": incident.review_state,
        "reviewed": incident.reviewed,
    }


def acled_rows(incidents: Iterable[IncidentDetailRead]) -> list[dict[str, Any]]:
    return [acled_row(incident) for incident in incidents]

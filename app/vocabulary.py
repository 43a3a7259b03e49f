"""The closed vocabularies, each defined once: event types, review states, user roles.

Every other place that names them imports them from here (schemas, the models' CHECK
constraints, the extraction order, merge families, chart colours and labels, the ACLED export,
the tension index, roles and review states of the web and the CLI). Places that cannot import
(YAML patterns, CSS, `Literal` types read by mypy, migrations) are checked against this module by
tests/test_vocabulary.py. Adding an event type: app/data/README.md. Pure: no imports of the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MergeFamily = Literal["act", "statement", "talks"]


@dataclass(frozen=True)
class EventTypeSpec:
    """One event type of ../shared/contract/ontology.md and how the tracker treats it."""

    name: str
    label: str  # legends, filters and headings ("Attack on US forces")
    short_label: str  # inline, beside a highlighted sentence ("attack")
    colour: str  # Okabe–Ito palette: distinguishable with common colour-vision deficiencies
    acled: tuple[str, str]  # ACLED event_type, sub_event_type ("" when the text decides)
    threat_weight: float  # its weight in the tension index's Threats(m) series
    act_weight: float  # its weight in the Acts(m) series
    # act: attacks and strikes merge only on a positive sign of being one happening;
    # statement: one side's threats, demands and truces in an article and month are one;
    # talks: merge on compatibility alone, with no actor of their own.
    merge_family: MergeFamily


# In the contract's order, which is the order of filters, legends and exports.
EVENT_TYPE_SPECS: tuple[EventTypeSpec, ...] = (
    EventTypeSpec("threat", "Threat", "threat", "#E69F00",
                  ("Strategic developments", "Other"), 1.0, 0.0, "statement"),
    EventTypeSpec("attack", "Attack on US forces", "attack", "#D55E00",
                  ("Explosions/Remote violence", ""), 0.0, 1.0, "act"),
    EventTypeSpec("us_strike", "US strike", "US strike", "#0072B2",
                  ("Explosions/Remote violence", "Air/drone strike"), 0.0, 1.0, "act"),
    EventTypeSpec("ceasefire", "Ceasefire", "ceasefire", "#009E73",
                  ("Strategic developments", "Agreement"), 0.0, 0.0, "statement"),
    EventTypeSpec("withdrawal_demand", "Withdrawal demand", "withdrawal demand", "#CC79A7",
                  ("Strategic developments", "Other"), 0.5, 0.0, "statement"),
    EventTypeSpec("talks", "Talks", "talks", "#56B4E9",
                  ("Strategic developments", "Other"), 0.0, 0.0, "talks"),
)  # fmt: skip
EVENT_TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in EVENT_TYPE_SPECS)
EVENT_TYPE_BY_NAME: dict[str, EventTypeSpec] = {t.name: t for t in EVENT_TYPE_SPECS}

# The order types are read in a sentence: US strikes first, since a sentence about one
# ("killed Soleimani in a drone strike") is not also an attack. Every type must be here (a
# test fails otherwise): a type left out would never be extracted.
EXTRACTION_ORDER: tuple[str, ...] = (
    "us_strike", "attack", "threat", "ceasefire", "withdrawal_demand", "talks",
)  # fmt: skip

REVIEW_STATES: tuple[str, ...] = ("unreviewed", "accepted", "corrected", "rejected")
REVIEWED_STATES: tuple[str, ...] = ("accepted", "corrected")  # counted as checked by a person
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")  # each may do what the one before may
# How an incident came to be (app/incidents/): joined by the rules; held back because a report
# fitted several incidents equally (not counted until an editor decides); shaped by an editor.
INCIDENT_STATES: tuple[str, ...] = ("automatic", "ambiguous", "edited")


def family(name: str) -> frozenset[str]:
    """The event types of one merge family."""
    return frozenset(t.name for t in EVENT_TYPE_SPECS if t.merge_family == name)


def sql_list(values: tuple[str, ...]) -> str:
    """`'a','b'` for a CHECK constraint's IN (...) (closed vocabularies only: no quoting)."""
    return ",".join(f"'{v}'" for v in values)

"""Every place that names a closed vocabulary agrees with app/vocabulary.py: the YAML patterns,
the CSS, the models' CHECK constraints, the extraction order and acceptors, the `Literal` types,
the chart, span and export tables. A seventh event type added to the registry alone fails here
until its YAML, its acceptor and its colour in the CSS exist."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from sqlalchemy import CheckConstraint

from app import models, schemas
from app.browse import spans
from app.config import PROJECT_ROOT
from app.exports import ACLED_TYPES
from app.filters import ReviewState
from app.pipeline import event_checks, event_rules, merge
from app.pipeline.resources import load_yaml
from app.timeline import queries
from app.vocabulary import (
    EVENT_TYPE_NAMES,
    EVENT_TYPE_SPECS,
    EXTRACTION_ORDER,
    REVIEW_STATES,
    REVIEWED_STATES,
    ROLES,
    family,
)
from app.web import admin, charts

pytestmark = pytest.mark.nodb

NAMES = set(EVENT_TYPE_NAMES)


def check_values(table: str, column: str) -> set[str]:
    """The values a model's CHECK constraint `column IN (...)` allows."""
    for constraint in models.Base.metadata.tables[table].constraints:
        if isinstance(constraint, CheckConstraint):
            text = str(constraint.sqltext)
            if text.startswith(f"{column} IN"):
                return set(re.findall(r"'([^']+)'", text))
    raise AssertionError(f"no CHECK on {table}.{column}")


def css_type_colours() -> dict[str, str]:
    css = (PROJECT_ROOT / "static" / "css" / "app.css").read_text(encoding="utf-8")
    found = re.findall(r"\.type-(\w+)\s*\{\s*--type-colour:\s*(#[0-9A-Fa-f]{6})", css)
    return {name: colour.upper() for name, colour in found}


def places_lacking(names: set[str]) -> set[str]:
    """The places written by hand that do not name exactly these event types."""
    places = {
        "EXTRACTION_ORDER in app/vocabulary.py": set(EXTRACTION_ORDER),
        "ACCEPTORS in app/pipeline/event_checks.py": set(event_checks.ACCEPTORS),
        "types in app/data/event_patterns.yaml": set(load_yaml("event_patterns.yaml")["types"]),
        ".type-* in static/css/app.css": set(css_type_colours()),
        "EventType in app/schemas.py": set(get_args(schemas.EventType)),
    }
    return {place for place, found in places.items() if found != names}


def test_a_seventh_event_type_needs_only_the_places_written_by_hand() -> None:
    """Dry run of adding "blockade" to the registry: the checks name what else to write, and
    nothing derived from the registry (charts, spans, exports, the index, CHECKs) is among it."""
    assert places_lacking(NAMES) == set()
    assert places_lacking(NAMES | {"blockade"}) == {
        "EXTRACTION_ORDER in app/vocabulary.py",
        "ACCEPTORS in app/pipeline/event_checks.py",
        "types in app/data/event_patterns.yaml",
        ".type-* in static/css/app.css",
        "EventType in app/schemas.py",
    }


def test_every_event_type_is_extracted_in_a_known_order() -> None:
    # A type missing here would silently never be extracted.
    assert sorted(EXTRACTION_ORDER) == sorted(EVENT_TYPE_NAMES)
    assert event_rules.TYPE_ORDER == EXTRACTION_ORDER
    # A sentence about a US strike is not also an attack: strikes are read first.
    assert EXTRACTION_ORDER.index("us_strike") < EXTRACTION_ORDER.index("attack")


def test_every_event_type_has_an_acceptor_and_patterns() -> None:
    assert set(event_checks.ACCEPTORS) == NAMES
    assert set(load_yaml("event_patterns.yaml")["types"]) == NAMES


def test_the_schemas_and_the_database_allow_exactly_the_registered_types() -> None:
    assert set(get_args(schemas.EventType)) == NAMES
    assert schemas.EVENT_TYPES == EVENT_TYPE_NAMES
    assert check_values("events", "type") == NAMES


def test_review_states_agree_everywhere() -> None:
    assert set(REVIEWED_STATES) < set(REVIEW_STATES)
    assert set(get_args(ReviewState)) == set(REVIEW_STATES)
    for model in (schemas.EventRead, schemas.TroopLevelRead):
        assert set(get_args(model.model_fields["review_state"].annotation)) == set(REVIEW_STATES)
    assert check_values("events", "review_state") == set(REVIEW_STATES)
    assert check_values("troop_levels", "review_state") == set(REVIEW_STATES)


def test_roles_agree_everywhere() -> None:
    assert set(get_args(admin.Role)) == set(ROLES)
    assert check_values("users", "role") == set(ROLES)


def test_pages_and_exports_show_every_type_as_the_registry_says() -> None:
    for spec in EVENT_TYPE_SPECS:
        assert charts.EVENT_TYPE_LABELS[spec.name] == spec.label
        assert charts.EVENT_TYPE_COLOURS[spec.name] == spec.colour
        assert spans.EVENT_LABELS[spec.name] == spec.short_label
        assert ACLED_TYPES[spec.name] == spec.acled and spec.acled[0]
    assert css_type_colours() == {t.name: t.colour.upper() for t in EVENT_TYPE_SPECS}
    colours = [t.colour.upper() for t in EVENT_TYPE_SPECS]
    assert len(set(colours)) == len(colours)  # one colour per type


def test_merge_families_and_tension_weights_come_from_the_registry() -> None:
    assert family("act") | family("statement") | family("talks") == NAMES
    assert family("statement") == merge.STATEMENT_TYPES
    assert NAMES - family("act") == merge.FREE_MERGE_TYPES
    assert queries.THREAT_WEIGHTS == {"threat": 1.0, "withdrawal_demand": 0.5}
    assert queries.ACT_WEIGHTS == {"attack": 1.0, "us_strike": 1.0}
    # The formula shown on the dashboard names each weight the registry gives.
    for weight in {*queries.THREAT_WEIGHTS.values(), *queries.ACT_WEIGHTS.values()}:
        assert f"{weight} ×" in queries.TENSION_FORMULA

"""Where an incident's reports disagree: each attribute with several values given, each value
with how many reports give it; silent, rejected and near-duplicate reports take no side."""

from __future__ import annotations

import datetime as dt

import pytest

from app.incidents.conflicts import find_conflicts
from app.schemas import IncidentReportRead

pytestmark = pytest.mark.nodb


def told(n: int, **values: object) -> IncidentReportRead:
    fields: dict[str, object] = {
        "event_id": n,
        "article_id": n,
        "evidence": "Rockets hit the base.",
        "evidence_start": 0,
        "evidence_end": 21,
        "review_state": "unreviewed",
        "counted": True,
        "evidence_url": f"/articles/{n}#event-{n}",
        "date": dt.date(2020, 1, 4),
        "date_precision": "day",
    }
    fields.update(values)
    return IncidentReportRead.model_validate(fields)


def test_agreeing_and_silent_reports_are_no_conflict() -> None:
    reports = [told(1, killed=2, location="Taji"), told(2, killed=None, location="taji")]
    assert find_conflicts(reports) == []


def test_each_differing_attribute_lists_its_values_most_given_first() -> None:
    reports = [
        told(1, killed=3, actor="Kata'ib Hezbollah"),
        told(2, killed=2, actor="Kata'ib Hezbollah"),
        told(3, killed=2, date=dt.date(2020, 1, 1), date_precision="month"),
    ]
    found = {c.attribute: [(v.value, v.reports) for v in c.values] for c in find_conflicts(reports)}
    assert found == {
        "date": [("2020-01-04", 2), ("2020-01", 1)],
        "killed": [("2", 2), ("3", 1)],
    }


def test_reports_that_do_not_count_take_no_side() -> None:
    reports = [
        told(1, killed=2),
        told(2, killed=9, review_state="rejected", counted=False),
        told(3, injured=5),
        told(4, injured=50, counted=False),  # from a near-duplicate article
    ]
    assert find_conflicts(reports) == []

"""A correction changes only the field the editor changed: every other field of the item,
and every other value the audit log records before and after, stay as they were."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditLog, Event, TroopLevel
from app.review.actions import EVENT_FIELDS, TROOP_LEVEL_FIELDS
from app.store import sync_actors
from tests.factories import csrf_from, make_article, make_event, make_troop_level, sign_in_as

EVENT_START: dict[str, Any] = {
    "type": "attack",
    "actor": "Kata'ib Hezbollah",
    "target": "US forces",  # an alias of "US": kept as written unless the editor changes it
    "date": dt.date(2020, 1, 4),
    "date_precision": "day",
    "location": "Camp Taji",
    "killed": 2,
    "injured": 5,
}
EVENT_CHANGES: dict[str, Any] = {
    "type": "threat",
    "actor": "Asa'ib Ahl al-Haq",
    "target": "Iraqi security forces",
    "date": dt.date(2020, 3, 11),
    "date_precision": "month",
    "location": "Balad",
    "killed": 3,
    "injured": 0,
}
TROOP_START: dict[str, Any] = {
    "country": "US",
    "location": "Iraq",
    "count": 5200,
    "qualifier": "about",
    "as_of": dt.date(2020, 1, 5),
    "figure_type": "reported",
}
TROOP_CHANGES: dict[str, Any] = {
    "country": "UK",
    "location": "Syria",
    "count": 900,
    "qualifier": "over",
    "as_of": dt.date(2019, 12, 1),
    "figure_type": "planned",
}


def form_value(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def form_of(item: Event | TroopLevel, fields: tuple[str, ...], **changes: Any) -> dict[str, str]:
    """The correction form as the article page fills it: every field, as stored."""
    form = {name: form_value(getattr(item, name)) for name in fields}
    form.update({name: form_value(value) for name, value in changes.items()})
    form["action"] = "correct"
    return form


def only_change(
    client: TestClient, session: Session, item: Event | TroopLevel, path: str, field: str
) -> None:
    fields = EVENT_FIELDS if isinstance(item, Event) else TROOP_LEVEL_FIELDS
    changes = EVENT_CHANGES if isinstance(item, Event) else TROOP_CHANGES
    stored = {name: getattr(item, name) for name in fields}
    form = form_of(item, fields, **{field: changes[field]})
    form["csrf_token"] = csrf_from(client, f"/articles/{item.article_id}")

    response = client.post(path, data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    session.refresh(item)
    now = {name: getattr(item, name) for name in fields}
    assert now[field] == changes[field]
    assert {k: v for k, v in now.items() if k != field} == {
        k: v for k, v in stored.items() if k != field
    }
    entry = session.scalars(
        select(AuditLog).where(AuditLog.entity_id == item.id).order_by(AuditLog.id.desc())
    ).first()
    assert entry is not None and entry.before is not None and entry.after is not None
    differing = {k for k in entry.before if entry.before[k] != entry.after.get(k)}
    assert differing == {field, "review_state"}


@pytest.mark.parametrize("field", EVENT_FIELDS)
def test_changing_one_event_field_leaves_every_other_as_it_was(
    client: TestClient, session: Session, field: str
) -> None:
    sync_actors(session=session)
    event = make_event(session, make_article(session), **EVENT_START)
    sign_in_as(client, session, "editor")
    only_change(client, session, event, f"/events/{event.id}/review", field)
    if field != "target":
        assert event.target == "US forces"


@pytest.mark.parametrize("field", TROOP_LEVEL_FIELDS)
def test_changing_one_troop_level_field_leaves_every_other_as_it_was(
    client: TestClient, session: Session, field: str
) -> None:
    level = make_troop_level(session, make_article(session), **TROOP_START)
    sign_in_as(client, session, "editor")
    only_change(client, session, level, f"/troop-levels/{level.id}/review", field)


def test_a_changed_actor_is_still_stored_under_its_canonical_name(
    client: TestClient, session: Session
) -> None:
    sync_actors(session=session)
    event = make_event(session, make_article(session), **EVENT_START)
    sign_in_as(client, session, "editor")
    form = form_of(event, EVENT_FIELDS, actor="KH")
    form["csrf_token"] = csrf_from(client, f"/articles/{event.article_id}")
    assert client.post(f"/events/{event.id}/review", data=form).status_code == 200
    session.refresh(event)
    assert (event.actor, event.target) == ("Kata'ib Hezbollah", "US forces")

"""Undo through the audit log: reverting a decision restores the item's earlier values, and
the undoing is audited too."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditLog, Event
from tests.factories import csrf_from, make_article, make_event, sign_in_as


def latest_entry(session: Session) -> AuditLog:
    return session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).one()


def test_an_editor_undoes_a_rejection_and_a_correction(
    client: TestClient, session: Session
) -> None:
    article = make_article(session)
    event = make_event(session, article, date=dt.date(2021, 3, 3), location="Erbil")
    session.commit()
    sign_in_as(client, session, "editor")
    token = csrf_from(client, "/login")
    reject = {"action": "reject", "reason": "not an attack", "csrf_token": token}
    assert client.post(f"/events/{event.id}/review", data=reject).status_code == 200
    rejected = latest_entry(session)
    history = client.get(f"/articles/{article.id}/history").text
    assert f'action="/audit/{rejected.id}/revert"' in history
    undo = client.post(f"/audit/{rejected.id}/revert", data={"csrf_token": token})
    assert undo.status_code == 200
    session.expire_all()
    assert session.get(Event, event.id).review_state == "unreviewed"  # type: ignore[union-attr]
    entry = latest_entry(session)
    assert entry.action == "revert" and entry.reason == f"undoes change {rejected.id} (reject)"
    assert entry.before["review_state"] == "rejected"  # type: ignore[index]
    correct = {
        "action": "correct", "type": "attack", "date": "2021-03-05", "location": "Erbil",
        "actor": "Kata'ib Hezbollah", "csrf_token": token,
    }  # fmt: skip
    assert client.post(f"/events/{event.id}/review", data=correct).status_code == 200
    corrected = latest_entry(session)
    client.post(f"/audit/{corrected.id}/revert", data={"csrf_token": token})
    session.expire_all()
    restored = session.get(Event, event.id)
    assert restored is not None and restored.date == dt.date(2021, 3, 3)
    assert restored.review_state == "unreviewed" and restored.incident_id is not None


def test_undoing_a_change_that_is_not_a_decision_is_refused(
    client: TestClient, session: Session
) -> None:
    sign_in_as(client, session, "editor")
    token = csrf_from(client, "/login")
    assert client.post("/audit/99999/revert", data={"csrf_token": token}).status_code == 404
    session.add(AuditLog(action="merge", entity="incident", entity_id=1))
    session.commit()
    other = latest_entry(session)
    refused = client.post(
        f"/audit/{other.id}/revert",
        data={"csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert refused.status_code == 422 and "cannot be undone" in refused.json()["detail"]

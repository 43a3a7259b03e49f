"""Editors correct the grouping through the web: merge, move, split, keep (forms with CSRF;
JSON for scripts). Who may do it at all is tests/web/test_write_routes.py's job."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditLog, Event, Incident
from tests.factories import csrf_from, make_article, make_event, sign_in_as

D = dt.date


def erbil_and_taji(session: Session) -> tuple[Event, Event]:
    one, two = make_article(session, outlet="One"), make_article(session, outlet="Two")
    erbil = make_event(session, one, date=D(2021, 3, 3), location="Erbil")
    taji = make_event(session, two, date=D(2021, 3, 3), location="Camp Taji")
    session.commit()
    return erbil, taji


def test_an_editor_merges_two_incidents_with_the_form(client: TestClient, session: Session) -> None:
    erbil, taji = erbil_and_taji(session)
    kept, gone = erbil.incident_id, taji.incident_id
    assert kept != gone
    sign_in_as(client, session, "editor")
    token = csrf_from(client, "/login")
    response = client.post(
        f"/incidents/{kept}/merge",
        data={"other": str(gone), "reason": "one salvo", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/incidents/{kept}"
    session.expire_all()
    assert session.get(Incident, gone) is None
    assert session.get(Event, taji.id).incident_id == kept  # type: ignore[union-attr]
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "merge")).one()
    assert entry.reason == "one salvo" and entry.entity_id == kept


def test_a_move_across_types_is_refused_with_a_message(
    client: TestClient, session: Session
) -> None:
    erbil, _ = erbil_and_taji(session)
    threat = make_event(session, erbil.article, type="threat", date=D(2021, 3, 4))
    session.commit()
    sign_in_as(client, session, "editor")
    token = csrf_from(client, "/login")
    response = client.post(
        f"/events/{threat.id}/incident",
        data={"incident": str(erbil.incident_id), "csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 422
    assert "own type" in response.json()["detail"]
    session.expire_all()
    assert session.scalars(select(AuditLog).where(AuditLog.entity == "incident")).all() == []


def test_splitting_an_unknown_event_is_a_404(client: TestClient, session: Session) -> None:
    sign_in_as(client, session, "editor")
    token = csrf_from(client, "/login")
    response = client.post("/events/99999/split", data={"csrf_token": token})
    assert response.status_code == 404


def test_the_incident_page_offers_the_grouping_forms_to_editors_only(
    client: TestClient, session: Session
) -> None:
    erbil, _ = erbil_and_taji(session)
    sign_in_as(client, session, "viewer")
    assert "Correct the grouping" not in client.get(f"/incidents/{erbil.incident_id}").text
    client.cookies.clear()
    sign_in_as(client, session, "editor")
    page = client.get(f"/incidents/{erbil.incident_id}").text
    assert "Correct the grouping" in page
    assert f'action="/events/{erbil.id}/incident"' in page


def test_held_incidents_wait_in_the_review_queue_until_an_editor_keeps_one(
    client: TestClient, session: Session
) -> None:
    erbil, taji = erbil_and_taji(session)
    recall = make_article(session, outlet="Three")  # "the March attack": either of the two
    held = make_event(session, recall, date=D(2021, 3, 1), date_precision="month", location=None)
    session.commit()
    session.refresh(held)
    incident = session.get(Incident, held.incident_id)
    assert incident is not None and incident.review_state == "ambiguous" and not incident.counted
    sign_in_as(client, session, "editor")
    queue = client.get("/review").text
    assert "1 incident held for review" in queue
    listing = client.get("/incidents?held=true", headers={"accept": "application/json"}).json()
    assert [row["id"] for row in listing["rows"]] == [incident.id]
    token = csrf_from(client, "/login")
    kept = client.post(f"/incidents/{incident.id}/keep", data={"csrf_token": token})
    assert kept.status_code == 200  # followed to the incident page
    session.expire_all()
    assert session.get(Incident, incident.id).counted  # type: ignore[union-attr]
    assert "held for review" not in client.get("/review").text

"""Review over HTTP: correct/accept/reject/add through the forms, the audit log and history."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.models import AuditLog, Event
from tests.factories import (
    csrf_from,
    make_article,
    make_event,
    make_troop_level,
    make_user,
    sign_in_as,
)

HTML = {"accept": "text/html"}
TEXT = "Intro line. Rockets struck the Victory base near Baghdad airport. Militias vowed revenge."


def correction(event: Event, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "action": "correct",
        "type": event.type,
        "actor": event.actor or "",
        "target": event.target or "",
        "date": event.date.isoformat() if event.date else "",
        "date_precision": event.date_precision or "",
        "location": event.location or "",
        "killed": "" if event.killed is None else event.killed,
        "injured": "" if event.injured is None else event.injured,
    }
    form.update(changes)
    return form


def test_correcting_an_actor_is_saved_logged_and_shown_in_history(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(
        session,
        article,
        actor="Wrong Militia",
        machine_output={"type": "attack", "actor": "Wrong Militia"},
    )
    editor = sign_in_as(client, session, "editor")
    token = csrf_from(client, f"/articles/{article.id}")
    form = correction(event, actor="Right Militia", csrf_token=token, reason="the text says so")

    response = client.post(f"/events/{event.id}/review", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/articles/{article.id}#event-{event.id}"
    session.refresh(event)
    assert (event.actor, event.review_state) == ("Right Militia", "corrected")
    assert event.machine_output == {"type": "attack", "actor": "Wrong Militia"}
    entry = session.scalars(select(AuditLog).where(AuditLog.entity_id == event.id)).one()
    assert entry.user_id == editor.id and entry.reason == "the text says so"
    assert (entry.before or {})["actor"] == "Wrong Militia"
    assert (entry.after or {})["actor"] == "Right Militia"

    soup = BeautifulSoup(
        client.get(f"/articles/{article.id}/history", headers=HTML).text, "html.parser"
    )
    row = soup.select_one(f"#history tr[data-entry-id='{entry.id}']")
    assert row is not None and editor.email in row.get_text()
    actor = row.select_one("tr[data-field=actor]")
    assert actor is not None
    assert actor.select_one(".before").get_text() == "Wrong Militia"
    assert actor.select_one(".after").get_text() == "Right Militia"
    side = BeautifulSoup(client.get(f"/articles/{article.id}", headers=HTML).text, "html.parser")
    item = side.select_one(f"#side-events li[data-event-id='{event.id}']")
    assert item is not None and "machine said: attack · Wrong Militia" in item.get_text()
    history = client.get(f"/articles/{article.id}/history?format=json").json()["rows"]
    assert history[0]["changes"][0] == {
        "field": "actor",
        "before": "Wrong Militia",
        "after": "Right Militia",
    }


def test_the_corrected_event_shows_in_events_listing(client: TestClient, session: Session) -> None:
    article = make_article(session, text=TEXT, outlet="Reviewwire")
    event = make_event(session, article, actor="Old Name")
    sign_in_as(client, session, "editor")
    token = csrf_from(client, f"/articles/{article.id}")
    client.post(
        f"/events/{event.id}/review", data=correction(event, actor="New Name", csrf_token=token)
    )
    rows = client.get("/api/events", params={"outlet": "Reviewwire"}).json()["rows"]
    assert [(r["actor"], r["review_state"]) for r in rows] == [("New Name", "corrected")]


def test_accept_and_reject_with_reason(client: TestClient, session: Session) -> None:
    article = make_article(session, text=TEXT)
    good = make_event(session, article)
    bad = make_event(session, article)
    level = make_troop_level(session, article)
    sign_in_as(client, session, "editor")
    token = csrf_from(client, f"/articles/{article.id}")
    client.post(f"/events/{good.id}/review", data={"action": "accept", "csrf_token": token})
    client.post(
        f"/events/{bad.id}/review",
        data={"action": "reject", "reason": "a drill, not an attack", "csrf_token": token},
    )
    client.post(f"/troop-levels/{level.id}/review", data={"action": "accept", "csrf_token": token})
    session.refresh(good), session.refresh(bad), session.refresh(level)
    assert (good.review_state, bad.review_state, level.review_state) == (
        "accepted",
        "rejected",
        "accepted",
    )
    entries = client.get(f"/articles/{article.id}/history?format=json").json()["rows"]
    assert {(e["entity"], e["entity_id"], e["action"]) for e in entries} == {
        ("event", good.id, "accept"),
        ("event", bad.id, "reject"),
        ("troop_level", level.id, "accept"),
    }
    assert [e["reason"] for e in entries if e["action"] == "reject"] == ["a drill, not an attack"]


def test_adding_a_missed_event_from_a_selected_sentence(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    sign_in_as(client, session, "editor")
    token = csrf_from(client, f"/articles/{article.id}")
    sentence = "Militias vowed revenge."
    start = TEXT.index(sentence)
    form = {"type": "threat", "start": start, "end": start + len(sentence), "evidence": sentence}
    wrong = client.post(
        f"/articles/{article.id}/events", data={**form, "start": start - 1, "csrf_token": token}
    )
    assert wrong.status_code == 422
    assert session.scalars(select(Event).where(Event.article_id == article.id)).all() == []

    done = client.post(
        f"/articles/{article.id}/events", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    [event] = session.scalars(select(Event).where(Event.article_id == article.id)).all()
    assert (event.origin, event.review_state, event.evidence) == ("human", "accepted", sentence)
    assert done.headers["location"] == f"/articles/{article.id}#event-{event.id}"
    soup = BeautifulSoup(client.get(done.headers["location"], headers=HTML).text, "html.parser")
    marks = soup.select(f"#article-text mark[data-spans~='event-{event.id}']")
    assert "".join(m.get_text() for m in marks) == sentence


def test_review_queue_shows_the_least_confident_first_and_drops_reviewed(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    low = make_event(session, article, confidence=0.01)
    make_event(session, article, confidence=0.02)
    sign_in_as(client, session, "editor")
    soup = BeautifulSoup(client.get("/review?kind=event", headers=HTML).text, "html.parser")
    first = soup.select_one("#queue li[data-kind]")
    assert first is not None and first["data-id"] == str(low.id)
    token = str(first.select_one("input[name=csrf_token]")["value"])
    client.post(f"/events/{low.id}/review", data={"action": "accept", "csrf_token": token})
    ids = [
        li["data-id"]
        for li in BeautifulSoup(
            client.get("/review?kind=event", headers=HTML).text, "html.parser"
        ).select("#queue li[data-kind]")
    ]
    assert str(low.id) not in ids


def test_scripts_review_with_a_bearer_token_and_get_json(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article)
    token = create_token(session=session, user=make_user(session, role="editor"))
    response = client.post(
        f"/events/{event.id}/review",
        data={"action": "reject", "reason": "duplicate report"},
        headers={"authorization": f"Bearer {token}", "accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["action"] == "reject" and body["entity_id"] == event.id
    assert (
        body["before"]["review_state"] == "unreviewed"
        and body["after"]["review_state"] == "rejected"
    )


def test_viewer_and_anonymous_cannot_review(client: TestClient, session: Session) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article)
    anonymous = client.post(
        f"/events/{event.id}/review",
        data={"action": "accept"},
        headers=HTML,
        follow_redirects=False,
    )
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    sign_in_as(client, session, "viewer")
    token = csrf_from(client, f"/articles/{article.id}")
    viewer = client.post(
        f"/events/{event.id}/review", data={"action": "accept", "csrf_token": token}
    )
    assert viewer.status_code == 403
    assert client.get("/review", headers=HTML).status_code == 403
    session.refresh(event)
    assert event.review_state == "unreviewed"


def test_a_form_post_without_the_csrf_token_is_refused(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article)
    sign_in_as(client, session, "editor")
    response = client.post(f"/events/{event.id}/review", data={"action": "reject"})
    assert response.status_code == 403
    forged = client.post(
        f"/events/{event.id}/review", data={"action": "reject", "csrf_token": "guess"}
    )
    assert forged.status_code == 403
    session.refresh(event)
    assert event.review_state == "unreviewed"


@pytest.mark.parametrize(
    "changes",
    [
        {"killed": "-1"},
        {"type": "picnic"},
        {"date": "31/12/2020"},
        {"date_precision": "century"},
        {"actor": "x" * 500},
        {"reason": "y" * 5000},
    ],
)
def test_bad_correction_values_are_refused_and_change_nothing(
    client: TestClient, session: Session, changes: dict[str, str]
) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article, actor="Kept Name")
    sign_in_as(client, session, "editor")
    token = csrf_from(client, f"/articles/{article.id}")
    form = correction(event, csrf_token=token, **changes)
    assert client.post(f"/events/{event.id}/review", data=form).status_code == 422
    session.refresh(event)
    assert (event.actor, event.review_state) == ("Kept Name", "unreviewed")


def test_a_troop_level_correction_without_a_count_is_refused(
    client: TestClient, session: Session
) -> None:
    level = make_troop_level(session, make_article(session, text=TEXT))
    sign_in_as(client, session, "editor")
    token = csrf_from(client, "/login")
    form = {"action": "correct", "location": "Iraq", "count": "", "csrf_token": token}
    assert client.post(f"/troop-levels/{level.id}/review", data=form).status_code == 422


def test_each_review_form_returns_to_its_item_on_the_article_page(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article)
    level = make_troop_level(session, article)
    sign_in_as(client, session, "editor")
    soup = BeautifulSoup(client.get(f"/articles/{article.id}", headers=HTML).text, "html.parser")
    for box_id, anchor, action in (
        (f"review-event-{event.id}", f"#event-{event.id}", f"/events/{event.id}/review"),
        (f"review-troop-{level.id}", f"#troop-{level.id}", f"/troop-levels/{level.id}/review"),
    ):
        forms = soup.select(f"#{box_id} form")
        assert [f["class"] for f in forms] == [["decide"], ["correct"]]
        for form in forms:
            assert form["action"].endswith(action)
            assert form.select_one("input[name=csrf_token]")["value"]
            assert form.select_one("input[name=next]")["value"] == f"/articles/{article.id}{anchor}"
        data = {i["name"]: i["value"] for i in forms[0].select("input[type=hidden]")}
        answer = client.post(action, data={**data, "action": "accept"}, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/articles/{article.id}{anchor}"

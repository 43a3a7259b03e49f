"""/admin/users: admins create accounts and change roles; changes are audited; no lock-out."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.users import authenticate
from app.models import AuditLog, User
from tests.factories import csrf_from, make_user, sign_in_as

HTML = {"accept": "text/html"}


def test_admin_creates_a_user_who_can_then_sign_in(client: TestClient, session: Session) -> None:
    admin = sign_in_as(client, session, "admin")
    token = csrf_from(client, "/admin/users")
    form = {"email": "New.Editor@example.org", "password": "long enough pw", "role": "editor"}
    response = client.post(
        "/admin/users", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    user = authenticate(session=session, email="new.editor@example.org", password="long enough pw")
    assert user is not None and user.role == "editor"
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "user")).one()
    assert entry.user_id == admin.id and entry.entity_id == user.id
    assert entry.before is None and (entry.after or {})["role"] == "editor"
    page = BeautifulSoup(client.get("/admin/users", headers=HTML).text, "html.parser")
    assert page.select_one(f"#users tr[data-user-id='{user.id}']") is not None


def test_admin_changes_a_role_and_deactivates(client: TestClient, session: Session) -> None:
    sign_in_as(client, session, "admin")
    viewer = make_user(session, role="viewer")
    token = csrf_from(client, "/admin/users")
    client.post(
        f"/admin/users/{viewer.id}",
        data={"role": "editor", "is_active": "true", "csrf_token": token},
    )
    session.refresh(viewer)
    assert (viewer.role, viewer.is_active) == ("editor", True)
    client.post(f"/admin/users/{viewer.id}", data={"role": "editor", "csrf_token": token})
    session.refresh(viewer)
    assert viewer.is_active is False
    changes = session.scalars(
        select(AuditLog)
        .where(AuditLog.entity == "user", AuditLog.entity_id == viewer.id)
        .order_by(AuditLog.id)
    ).all()
    assert [
        ((c.before or {})["role"], (c.after or {})["role"], (c.after or {})["is_active"])
        for c in changes
    ] == [
        ("viewer", "editor", True),
        ("editor", "editor", False),
    ]


def test_a_deactivated_editor_loses_access_at_once(client: TestClient, session: Session) -> None:
    other = TestClient(client.app)  # the editor's own browser
    editor = sign_in_as(other, session, "editor")
    assert other.get("/review", headers=HTML).status_code == 200
    sign_in_as(client, session, "admin")
    token = csrf_from(client, "/admin/users")
    client.post(f"/admin/users/{editor.id}", data={"role": "editor", "csrf_token": token})
    response = other.get("/review", headers=HTML, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_an_admin_cannot_lock_themself_out(client: TestClient, session: Session) -> None:
    admin = sign_in_as(client, session, "admin")
    token = csrf_from(client, "/admin/users")
    response = client.post(
        f"/admin/users/{admin.id}",
        data={"role": "viewer", "is_active": "true", "csrf_token": token},
    )
    assert response.status_code == 422
    assert "own admin rights" in response.text
    session.refresh(admin)
    assert admin.role == "admin"


def test_a_duplicate_email_is_refused_with_a_message(client: TestClient, session: Session) -> None:
    sign_in_as(client, session, "admin")
    existing = make_user(session)
    token = csrf_from(client, "/admin/users")
    form = {
        "email": existing.email,
        "password": "long enough pw",
        "role": "viewer",
        "csrf_token": token,
    }
    response = client.post("/admin/users", data=form)
    assert response.status_code == 422 and "already exists" in response.text
    assert len(session.scalars(select(User).where(User.email == existing.email)).all()) == 1


def test_editors_and_viewers_cannot_open_the_users_page(
    client: TestClient, session: Session
) -> None:
    assert client.get("/admin/users", headers=HTML, follow_redirects=False).status_code == 303
    sign_in_as(client, session, "editor")
    assert client.get("/admin/users", headers=HTML).status_code == 403

"""Signing out ends the session everywhere: a copy of the cookie taken before sign-out no
longer works, nor does one of an account deactivated since."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts import admin as user_admin
from tests.factories import csrf_from, make_user, sign_in_as


def test_a_copied_cookie_stops_working_after_sign_out(client: TestClient, session: Session) -> None:
    sign_in_as(client, session, role="editor")
    copied = dict(client.cookies)
    assert client.get("/upload", follow_redirects=False).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(client, "/upload")})

    with TestClient(client.app, cookies=copied) as thief:
        response = thief.get("/upload", follow_redirects=False)
    assert response.status_code == 401  # no longer signed in


def test_a_deactivated_accounts_cookie_stops_working_even_if_reactivated(
    client: TestClient, session: Session
) -> None:
    user = sign_in_as(client, session, role="editor")
    admin = make_user(session, role="admin")
    user_admin.change_user(session=session, admin=admin, user=user, role="editor", is_active=False)
    user_admin.change_user(session=session, admin=admin, user=user, role="editor", is_active=True)
    session.flush()
    assert client.get("/upload", follow_redirects=False).status_code == 401

"""Signing in and out, CSRF on forms, bearer tokens."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from tests.factories import csrf_from, make_user, sign_in_as


def test_sign_in_shows_the_user_and_sets_an_httponly_lax_cookie(
    client: TestClient, session: Session
) -> None:
    user = make_user(session, email="ana@example.org")
    token = csrf_from(client)
    response = client.post(
        "/login",
        data={"email": "ANA@example.org", "password": "pw-12345678", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert user.email in client.get("/").text


def test_wrong_password_is_refused_with_a_message(client: TestClient, session: Session) -> None:
    make_user(session, email="ana@example.org")
    token = csrf_from(client)
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": "nope-nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Wrong email or password" in response.text


def test_login_without_csrf_token_is_refused(client: TestClient, session: Session) -> None:
    make_user(session, email="ana@example.org")
    client.get("/login")
    response = client.post("/login", data={"email": "ana@example.org", "password": "pw-12345678"})
    assert response.status_code == 403
    assert "reload" in response.json()["detail"]


def test_sign_out_needs_csrf_and_ends_the_session(client: TestClient, session: Session) -> None:
    user = sign_in_as(client, session)
    assert client.post("/logout").status_code == 403
    assert user.email in client.get("/").text
    response = client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    assert response.status_code == 200  # followed the redirect home
    assert user.email not in response.text


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"],
    ids=["absolute", "scheme-relative", "javascript"],
)
def test_sign_in_never_redirects_off_site(
    client: TestClient, session: Session, target: str
) -> None:
    make_user(session, email="ana@example.org")
    response = client.post(
        "/login",
        data={
            "email": "ana@example.org",
            "password": "pw-12345678",
            "next": target,
            "csrf_token": csrf_from(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_a_bad_bearer_token_is_refused(client: TestClient) -> None:
    response = client.post("/logout", headers={"Authorization": "Bearer trk_not-a-real-token"})
    assert response.status_code == 401


def test_a_valid_bearer_token_needs_no_csrf(client: TestClient, session: Session) -> None:
    user = make_user(session)
    token = create_token(session=session, user=user)
    response = client.post(
        "/logout", headers={"Authorization": f"Bearer {token}"}, follow_redirects=False
    )
    assert response.status_code == 303


def test_repeated_wrong_passwords_are_rate_limited(client: TestClient, session: Session) -> None:
    make_user(session, email="ana@example.org")
    token = csrf_from(client)
    wrong = {"email": "ana@example.org", "password": "guess-guess", "csrf_token": token}
    codes = [client.post("/login", data=wrong).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    right = {**wrong, "password": "pw-12345678"}
    refused = client.post("/login", data=right, follow_redirects=False)
    assert refused.status_code == 429  # even the right password waits out the window
    assert "Too many sign-in attempts" in refused.text
    assert int(refused.headers["retry-after"]) > 0


def test_pages_carry_security_headers(client: TestClient) -> None:
    headers = client.get("/login").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"

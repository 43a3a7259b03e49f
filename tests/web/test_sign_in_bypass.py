"""The sign-in limit cannot be dodged by spelling the email differently, and a wrong
password fails as slowly for a missing account as for an existing one."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts.users import authenticate
from tests.factories import csrf_from, make_user


def test_spaces_and_case_around_the_email_count_against_the_same_limit(
    client: TestClient, session: Session
) -> None:
    make_user(session, email="ana@example.org")
    spellings = [" ana@example.org", "ana@example.org\n", "ANA@example.org ", "\tana@example.org"]
    for n, spelling in enumerate([*spellings, "  ana@example.org  ", "ana@example.org"]):
        # each guess from another address: only the email's own limit can stop the last one
        with TestClient(client.app, client=(f"10.0.0.{n + 1}", 50000)) as guesser:
            token = csrf_from(guesser)
            password = "pw-12345678" if n == len(spellings) + 1 else "guess-guess"
            data = {"email": spelling, "password": password, "csrf_token": token}
            response = guesser.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 429


def test_a_missing_account_fails_as_slowly_as_a_wrong_password(session: Session) -> None:
    make_user(session, email="known@example.org")

    def seconds(email: str) -> float:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            assert authenticate(session=session, email=email, password="wrong-wrong") is None
            runs.append(time.perf_counter() - started)
        return sorted(runs)[1]

    known, missing = seconds("known@example.org"), seconds("nobody@example.org")
    assert missing > known / 3  # both verify an argon2 hash (it was 14 ms against 336 ms)


def test_short_blank_and_common_passwords_are_refused(session: Session) -> None:
    from app.accounts.users import UserError, create_user

    for password in ("password", " " * 12, "short-pw", "Password123 "):
        with pytest.raises(UserError):
            create_user(session=session, email="new@example.org", password=password)
    assert create_user(session=session, email="new@example.org", password="a rarer phrase")


def test_odd_emails_are_refused_and_full_width_look_alikes_collide(session: Session) -> None:
    from app.accounts.users import UserError, create_user

    for email in ("@", "<b>x</b>@example.org", "a b@example.org", "ana@example"):
        with pytest.raises(UserError, match="not an email address"):
            create_user(session=session, email=email, password="a rarer phrase")
    create_user(session=session, email="ana@example.org", password="a rarer phrase")
    with pytest.raises(UserError, match="already exists"):
        create_user(session=session, email="ａｎａ@example.org", password="a rarer phrase")

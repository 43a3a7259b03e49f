"""Plain builder functions for test data."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts.users import create_user
from app.models import Article, Event, TroopLevel, User, month_of

_counter = itertools.count(1)


def make_article(session: Session, **overrides: Any) -> Article:
    n = next(_counter)
    values: dict[str, Any] = {
        "title": f"Article {n}",
        "outlet": "Test Wire",
        "text": f"Article {n}. Rockets hit a base hosting US troops.",
        "content_hash": f"{n:064x}",
        "published": dt.date(2020, 1, 5),
        "published_source": "given",
    }
    values.update(overrides)
    article = Article(**values)
    session.add(article)
    session.flush()
    return article


def make_event(session: Session, article: Article, **overrides: Any) -> Event:
    values: dict[str, Any] = {
        "type": "attack",
        "actor": "Kata'ib Hezbollah",
        "date": dt.date(2020, 1, 4),
        "date_precision": "day",
        "evidence": "Rockets hit a base hosting US troops.",
        "evidence_start": 0,
        "evidence_end": 10,
        "confidence": 0.8,
    }
    values.update(overrides)
    values.setdefault("month", month_of(values["date"]))
    event = Event(article=article, **values)
    session.add(event)
    session.flush()
    return event


def make_troop_level(session: Session, article: Article, **overrides: Any) -> TroopLevel:
    values: dict[str, Any] = {
        "location": "Iraq",
        "count": 5000,
        "qualifier": "over",
        "as_of": dt.date(2020, 1, 5),
        "evidence": "There are over 5,000 US troops in Iraq.",
        "evidence_start": 0,
        "evidence_end": 39,
    }
    values.update(overrides)
    level = TroopLevel(article=article, **values)
    session.add(level)
    session.flush()
    return level


def make_user(
    session: Session,
    *,
    email: str | None = None,
    role: str = "editor",
    password: str = "pw-12345678",
) -> User:
    user = create_user(
        session=session,
        email=email or f"user{next(_counter)}@example.org",
        password=password,
        role=role,
    )
    session.flush()
    return user


def sign_in_as(client: TestClient, session: Session, role: str = "editor") -> User:
    """Create a user with `role` and sign the test client in through the login form."""
    user = make_user(session, role=role)
    token = csrf_from(client)
    response = client.post(
        "/login",
        data={"email": user.email, "password": "pw-12345678", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return user


def csrf_from(client: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, read from a page's form as a browser would."""
    page = client.get(path)
    field = BeautifulSoup(page.text, "html.parser").select_one("input[name=csrf_token]")
    assert field is not None, f"no csrf_token field on {path}"
    return str(field["value"])

"""Every route that changes data refuses anonymous users and viewers, and needs a CSRF token.

The routes are read from the application itself, so a new write route is checked the day
it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.main import create_app
from tests.factories import csrf_from, make_article, make_event, make_troop_level, sign_in_as

# Routes that take a POST without an account, and why.
OPEN_POSTS = {
    "/login": "signing in",
    "/logout": "signing out",
    "/api/extract": "runs the extractor on the posted text and stores nothing",
}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def walk(routes: Iterable[Any]) -> Iterator[Any]:
    for route in routes:
        if hasattr(route, "effective_route_contexts"):  # an included router
            yield from walk(route.effective_route_contexts())
        else:
            yield route


def write_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = set()
    for route in walk(app.routes):
        for method in (getattr(route, "methods", None) or set()) - READ_METHODS:
            found.add((method, route.path))
    return sorted(found)


WRITE_ROUTES = [r for r in write_routes(create_app()) if r[1] not in OPEN_POSTS]


def concrete(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: str(ids.get(m.group(1), 1)), path)


@pytest.fixture
def ids(session: Session) -> dict[str, int]:
    article = make_article(session)
    return {
        "article_id": article.id,
        "event_id": make_event(session, article).id,
        "level_id": make_troop_level(session, article).id,
    }


def test_the_review_and_upload_routes_are_among_those_checked() -> None:
    paths = {path for _, path in WRITE_ROUTES}
    assert {"/events/{event_id}/review", "/articles/{article_id}/events"} <= paths
    assert "/troop-levels/{level_id}/review" in paths


@pytest.mark.parametrize(("method", "path"), WRITE_ROUTES)
def test_anonymous_browser_is_sent_to_sign_in(
    client: TestClient, ids: dict[str, int], method: str, path: str
) -> None:
    response = client.request(
        method,
        concrete(path, ids),
        data={"action": "accept"},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize(("method", "path"), WRITE_ROUTES)
def test_anonymous_script_gets_401(
    client: TestClient, ids: dict[str, int], method: str, path: str
) -> None:
    response = client.request(method, concrete(path, ids), data={"action": "accept"})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path"), WRITE_ROUTES)
def test_viewer_is_refused_even_with_a_valid_csrf_token(
    client: TestClient, session: Session, ids: dict[str, int], method: str, path: str
) -> None:
    sign_in_as(client, session, "viewer")
    token = csrf_from(client, "/login")
    response = client.request(
        method,
        concrete(path, ids),
        data={"action": "accept", "csrf_token": token},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path"), WRITE_ROUTES)
def test_editor_without_csrf_token_is_refused(
    client: TestClient, session: Session, ids: dict[str, int], method: str, path: str
) -> None:
    sign_in_as(client, session, "editor")
    response = client.request(method, concrete(path, ids), data={"action": "accept"})
    assert response.status_code == 403

"""Hostile values in parameters are answered 4xx, never 5xx: every GET route is walked with
a huge integer and a NUL in its path parameters and common query parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.main import app
from tests.factories import csrf_from, sign_in_as

HUGE = "100000000000000000000"
HOSTILE_VALUES = [HUGE, "-" + HUGE, "a%00b", "9999-12-31", "0001-01-01"]
QUERY_NAMES = ["page", "per_page", "q", "date_from", "date_to", "actor", "article_id", "format"]


def walk(routes: list[Any]) -> Iterator[APIRoute]:
    """The app's routes, through included routers (kept as their original routers)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        router = getattr(route, "original_router", None)
        if router is not None:
            yield from walk(router.routes)


def get_paths() -> list[str]:
    paths = sorted({r.path for r in walk(app.routes) if "GET" in r.methods})
    assert len(paths) > 20  # the walk found the app's pages and API
    return paths


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_every_get_route_answers_hostile_values_without_a_5xx(
    client: TestClient, session: Session, value: str
) -> None:
    sign_in_as(client, session, role="admin")
    failures = []
    for path in get_paths():
        url = fill(path, value)
        for name in [None, *QUERY_NAMES]:
            full = url if name is None else f"{url}?{name}={value}"
            response = client.get(full, follow_redirects=False)
            # The test's one shared session: end a transaction PostgreSQL aborted on the
            # out-of-range number (a real request has a session of its own).
            session.rollback()
            if response.status_code >= 500:
                failures.append((full, response.status_code))
    assert failures == []


def test_a_column_mapping_nested_ten_thousand_deep_is_a_422(
    client: TestClient, session: Session
) -> None:
    sign_in_as(client, session)
    deep = "[" * 10_000 + "]" * 10_000
    response = client.post(
        "/api/articles",
        data={"text": "Kata'ib Hezbollah warned US forces.", "mapping": deep},
        headers={"X-CSRF-Token": csrf_from(client, "/upload")},
    )
    assert response.status_code == 422

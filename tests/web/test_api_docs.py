"""/docs works offline: the page and everything it loads come from the app, under the same
Content Security Policy as every page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import sign_in_as


def test_the_api_docs_load_only_the_apps_own_files(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "<script>" not in page.text  # no inline script: the policy would refuse it
    assert "validatorUrl: null" in client.get("/static/js/api-docs.js").text


def test_redoc_is_gone_rather_than_loaded_from_a_cdn(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404


def test_where_the_database_is_shown_to_admins_only(client: TestClient, session: Session) -> None:
    anonymous = client.get("/healthz").json()
    assert anonymous["status"] == "ok" and anonymous["database"] in ("sqlite", "postgresql")
    assert "Database:" not in client.get("/login").text
    sign_in_as(client, session, "admin")
    assert client.get("/healthz").json()["database"].startswith(("sqlite:///", "postgresql"))
    assert "Database:" in client.get("/").text

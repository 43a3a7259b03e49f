"""A browser gets refusals as pages in the site's layout with a way forward; scripts and the
API keep the JSON sentence."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import sign_in_as

HTML = {"accept": "text/html"}


def test_a_missing_page_is_a_page_with_the_sentence_and_links(client: TestClient) -> None:
    response = client.get("/incidents/999999", headers=HTML)
    assert response.status_code == 404
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("h1").get_text() == "Not found"  # type: ignore[union-attr]
    assert "no incident with this id" in page.select_one("#error-detail").get_text()  # type: ignore[union-attr]
    assert page.select_one("header nav") is not None  # the site's layout, not raw JSON


def test_a_viewer_refused_the_upload_page_sees_why_and_can_sign_in_again(
    client: TestClient, session: Session
) -> None:
    sign_in_as(client, session, "viewer")
    response = client.get("/upload", headers=HTML)
    assert response.status_code == 403
    assert 'href="/login"' in response.text and "Not allowed" in response.text


def test_the_api_keeps_its_json_sentence(client: TestClient) -> None:
    response = client.get("/api/incidents/999999", headers=HTML)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no incident with this id")
    assert client.get("/incidents/999999").json()["detail"]  # no HTML asked: JSON

"""Names are data, never paths or markup: an actor's name with a "/" links to its page and
does not take /events down; markup in a name is shown as text in the charts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Actor
from tests.factories import make_article, make_event

SLASHED = "Islamic Resistance in Iraq/IRI"
MARKUP = "<a href='https:evil.example'>KH</a>"


def test_an_actor_with_a_slash_in_its_name_keeps_events_up_and_links_to_its_page(
    client: TestClient, session: Session
) -> None:
    session.add(Actor(name=SLASHED, kind="militia"))
    article = make_article(session)
    make_event(session, article, actor=SLASHED)

    listing = client.get("/events")
    assert listing.status_code == 200
    link = BeautifulSoup(listing.text, "html.parser").find("a", string=SLASHED)
    assert link is not None
    assert link["href"] == "/actors/Islamic%20Resistance%20in%20Iraq%2FIRI"

    page = client.get(str(link["href"]))
    assert page.status_code == 200
    assert SLASHED in page.text
    api = client.get("/api/actors/Islamic%20Resistance%20in%20Iraq%2FIRI")
    assert api.status_code == 200
    assert api.json()["name"] == SLASHED
    for path in ("/actors", f"/articles/{article.id}", "/"):
        assert client.get(path).status_code == 200


def trace_labels(value: Any) -> Iterator[str]:
    """Every y label of every Plotly trace in the dashboard's data."""
    if isinstance(value, dict):
        if "data" in value and "layout" in value:
            for trace in value["data"]:
                yield from (y for y in trace.get("y", []) if isinstance(y, str))
        for child in value.values():
            yield from trace_labels(child)
    elif isinstance(value, list):
        for child in value:
            yield from trace_labels(child)


def test_markup_in_an_actor_name_is_not_a_link_in_the_actor_chart(
    client: TestClient, session: Session
) -> None:
    make_event(session, make_article(session), actor=MARKUP)
    page = client.get("/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert not soup.find("a", href="https:evil.example")
    island = soup.select_one("#dashboard-data")
    assert island is not None
    labels = list(trace_labels(json.loads(island.string or "null")))
    assert any("KH" in label for label in labels)
    assert not [label for label in labels if re.search(r"<a\b", label)]

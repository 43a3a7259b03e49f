"""One range of dates on every path (from 2000, not in the future), with one message; and a
stored date outside it never takes a page down."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import parse_iso_date
from app.db.engine import Base
from app.db.transfer import TransferError, decode_value
from app.models import Event
from tests.factories import csrf_from, make_article, make_event, make_troop_level, sign_in_as

FUTURE = "9999-12-31"
FUTURE_MESSAGE = "the date 9999-12-31 is in the future"
REPORT = (
    "Militia warns US\n\nKata'ib Hezbollah warned on Monday that it would attack US forces "
    "in Iraq unless they leave. There are about 2,500 US troops in Iraq."
)


def test_the_same_message_for_a_future_date_everywhere() -> None:
    with pytest.raises(ValueError, match=FUTURE_MESSAGE):
        parse_iso_date(FUTURE)
    with pytest.raises(ValueError, match="before 2000"):
        parse_iso_date("0001-01-01")


def test_a_date_with_markup_after_it_is_not_a_date() -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_iso_date("2020-01-01<script>")
    assert parse_iso_date("2020-01-05T10:30:00") == dt.date(2020, 1, 5)


def test_the_api_refuses_a_future_publication_date(client: TestClient, session: Session) -> None:
    sign_in_as(client, session)
    response = client.post(
        "/api/articles",
        data={"text": REPORT, "published": FUTURE},
        headers={"X-CSRF-Token": csrf_from(client, "/upload")},
    )
    assert response.status_code == 422
    assert FUTURE_MESSAGE in response.text


def test_a_csv_row_dated_9999_is_refused_with_the_forms_message(
    client: TestClient, session: Session
) -> None:
    sign_in_as(client, session)
    csv_text = f'title,date,text\nFar future,{FUTURE},"{REPORT}"\n'
    response = client.post(
        "/api/articles",
        files={"file": ("rows.csv", csv_text.encode(), "text/csv")},
        headers={"X-CSRF-Token": csrf_from(client, "/upload")},
    )
    assert response.status_code == 422
    assert FUTURE_MESSAGE in response.text
    assert session.scalars(select(Event).where(Event.date > dt.date(2100, 1, 1))).first() is None


def test_a_review_correction_to_9999_is_refused(client: TestClient, session: Session) -> None:
    sign_in_as(client, session)
    event = make_event(session, make_article(session))
    form = {
        "action": "correct",
        "type": "attack",
        "actor": "Kata'ib Hezbollah",
        "date": FUTURE,
        "csrf_token": csrf_from(client, "/upload"),
    }
    response = client.post(f"/events/{event.id}/review", data=form)
    assert response.status_code == 422
    assert FUTURE_MESSAGE in response.text
    session.refresh(event)
    assert event.date == dt.date(2020, 1, 4)


@pytest.mark.parametrize("path", ["/", "/api/timeline/dashboard", "/events", "/articles"])
def test_a_filter_out_of_range_is_a_422_with_the_message(client: TestClient, path: str) -> None:
    response = client.get(path, params={"date_to": FUTURE})
    assert response.status_code == 422
    assert FUTURE_MESSAGE in response.text


@pytest.mark.parametrize("path", ["/", "/api/timeline/dashboard", "/events", "/actors"])
def test_a_9999_date_already_stored_does_not_take_pages_down(
    client: TestClient, session: Session, path: str
) -> None:
    article = make_article(session, published=dt.date(9999, 12, 31))
    make_event(session, article, date=dt.date(9999, 12, 27))
    make_event(session, article, date=dt.date(1, 1, 1))
    make_troop_level(session, article, as_of=dt.date(9999, 12, 31))
    assert client.get(path).status_code == 200


def test_an_import_with_a_9999_date_is_refused() -> None:
    table = Base.metadata.tables["events"]
    with pytest.raises(TransferError, match=f"events.date: {FUTURE_MESSAGE}"):
        decode_value(table, "date", FUTURE)
    assert decode_value(table, "date", "2020-01-04") == dt.date(2020, 1, 4)

"""Storing prepared uploads: exact duplicates refused, near duplicates linked to their original
and left out of counts, one failure not stopping the rest."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.filters import counted_condition
from app.ingestion import Meta, Prepared, Upload, ingest_uploads, prepare, store_prepared
from app.ingestion import service as service_module
from app.ingestion.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    original_article_condition,
    signature,
    similarity,
)
from app.models import Article, Event
from app.schemas import ExtractedEvent
from tests.ingestion_samples import OTHER_STORY, WIRE_BODY, WIRE_ORIGINAL, WIRE_REPUBLISHED

WIRE_PAGE = (
    "<html><head><title>Base attacked again</title></head><body><article>"
    f"<h1>Base attacked again</h1><p>{WIRE_BODY}</p></article></body></html>"
)
CORRECTED_AGAIN = WIRE_REPUBLISHED.replace("Fourth rocket strike", "Updated: fourth rocket strike")


def prepared(text: str, name: str = "x.txt", outlet: str | None = None) -> Prepared:
    upload = Upload(name=name, data=text.encode(), filename=name, meta=Meta(outlet=outlet))
    (item,) = prepare(upload)
    assert isinstance(item, Prepared), item
    return item


def with_attack(item: Prepared) -> Prepared:
    """The item as if the extractor had found one attack in it."""
    text = item.extracted.doc.text
    start = text.index("Three rockets")
    event = ExtractedEvent(
        type="attack", evidence=text[start : start + 40], start=start, end=start + 40
    )
    result = item.extracted.result.model_copy(update={"events": [event]})
    return dataclasses.replace(item, extracted=dataclasses.replace(item.extracted, result=result))


def sig(text: str) -> bytes:
    value = signature(text)
    assert value is not None
    return value


def test_a_wire_story_in_another_outlet_is_similar_and_another_story_is_not() -> None:
    original = sig(WIRE_ORIGINAL)
    assert similarity(original, sig(WIRE_REPUBLISHED)) >= NEAR_DUPLICATE_THRESHOLD + 0.2
    assert similarity(original, sig(OTHER_STORY)) < 0.1
    assert similarity(original, sig(WIRE_ORIGINAL.upper())) == 1.0  # case does not matter


def test_a_text_without_words_has_no_signature() -> None:
    assert signature(" ... !!! ") is None


def test_the_same_cleaned_text_is_stored_once(session: Session) -> None:
    first = store_prepared(session=session, item=prepared(WIRE_ORIGINAL, "a.txt"))
    again = store_prepared(session=session, item=prepared(WIRE_ORIGINAL, "b.txt", outlet="Y"))
    assert (first.status, again.status) == ("stored", "duplicate")
    assert again.article_id == first.article_id
    assert session.scalar(select(func.count(Article.id))) == 1


def test_a_near_duplicate_is_stored_and_linked_to_the_first_article(session: Session) -> None:
    first = store_prepared(session=session, item=prepared(WIRE_ORIGINAL))
    second = store_prepared(session=session, item=prepared(WIRE_REPUBLISHED))
    third = store_prepared(session=session, item=prepared(CORRECTED_AGAIN))
    assert second.status == third.status == "near_duplicate"
    # The third resembles the second most, but links to the first: chains collapse.
    assert second.duplicate_of_id == third.duplicate_of_id == first.article_id
    linked = session.scalars(select(Article).where(Article.duplicate_of_id.is_not(None))).all()
    assert {a.id for a in linked} == {second.article_id, third.article_id}
    assert all(a.status == "near_duplicate" for a in linked)


def test_a_near_duplicates_events_are_not_counted_twice(session: Session) -> None:
    store_prepared(session=session, item=with_attack(prepared(WIRE_ORIGINAL)))
    store_prepared(session=session, item=with_attack(prepared(WIRE_REPUBLISHED)))
    assert session.scalar(select(func.count(Event.id))) == 2  # both kept for reading
    joined = select(func.count(Event.id)).join(Event.article).where(original_article_condition())
    assert session.scalar(joined) == 1
    assert session.scalar(select(func.count(Event.id)).where(counted_condition(Event))) == 1


def test_near_duplicates_are_found_after_a_restart_from_stored_signatures(
    session: Session,
) -> None:
    """Nothing lives in process memory: a new session finds the original by SQL alone."""
    first = store_prepared(session=session, item=prepared(WIRE_ORIGINAL))
    session.commit()
    session.expunge_all()
    second = store_prepared(session=session, item=prepared(WIRE_REPUBLISHED))
    assert second.duplicate_of_id == first.article_id


def test_an_upload_stored_meanwhile_by_someone_else_is_a_duplicate(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hash check passes, then the insert hits the unique hash: a race, not an error."""
    first = store_prepared(session=session, item=prepared(WIRE_ORIGINAL))
    real = service_module.find_by_hash
    calls: list[str] = []

    def stale_then_real(*, session: Session, digest: str) -> int | None:
        calls.append(digest)
        return None if len(calls) == 1 else real(session=session, digest=digest)

    monkeypatch.setattr(service_module, "find_by_hash", stale_then_real)
    raced = store_prepared(session=session, item=prepared(WIRE_ORIGINAL, "again.txt"))
    assert (raced.status, raced.article_id) == ("duplicate", first.article_id)
    later = store_prepared(session=session, item=prepared(OTHER_STORY))
    assert later.status == "stored"  # the session is still usable


def test_ingest_uploads_reports_each_input_and_keeps_the_good_ones(session: Session) -> None:
    uploads = [
        Upload(name="wire.txt", data=WIRE_ORIGINAL.encode(), filename="wire.txt"),
        Upload(name="empty.txt", data=b"", filename="empty.txt"),
        Upload(name="pasted text", data=OTHER_STORY.encode()),
        Upload(name="copy.html", data=WIRE_PAGE.encode(), filename="copy.html"),
    ]
    outcomes = ingest_uploads(session=session, uploads=uploads, user_id=None)
    assert [(o.name, o.status) for o in outcomes] == [
        ("wire.txt", "stored"),
        ("empty.txt", "failed"),
        ("pasted text", "stored"),
        ("copy.html", "near_duplicate"),
    ]
    assert outcomes[1].reason == "the file is empty"
    assert outcomes[3].duplicate_of_id == outcomes[0].article_id


def test_a_csv_rows_unsafe_link_is_dropped_and_a_long_outlet_cut(session: Session) -> None:
    data = (
        "title,url,source,text\n"
        f'Row,javascript:alert(1),{"x" * 400},"{OTHER_STORY}"\n'
        f'Other,https://example.org/a,Wire,"{WIRE_ORIGINAL}"\n'
    ).encode()
    first, second = prepare(Upload(name="e.csv", data=data, filename="e.csv"))
    assert isinstance(first, Prepared) and isinstance(second, Prepared)
    assert first.meta.url is None and first.meta.outlet == "x" * 300
    assert second.meta.url == "https://example.org/a"
    outcome = store_prepared(session=session, item=first)
    article = session.get(Article, outcome.article_id)
    assert article is not None and article.url is None

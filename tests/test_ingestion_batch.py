"""Storing a batch at once (the bulk import's path) gives the same outcomes as one by one,
duplicates inside the batch included, and falls back to one by one when refused."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.ingestion import Failure, Prepared, Upload, prepare, store_prepared
from app.ingestion.batch import store_batch
from app.ingestion.dedup import BAND_CANDIDATES, BANDS, stored_candidates
from app.ingestion.prepare import Item
from app.models import Article, ArticleBand, Event
from app.schemas import ExtractedEvent
from tests.ingestion_samples import DATED_STORY, OTHER_STORY, WIRE_ORIGINAL, WIRE_REPUBLISHED

UPDATED = WIRE_REPUBLISHED.replace("Fourth rocket strike", "Updated: fourth rocket strike")


def prepared(text: str, name: str) -> Prepared:
    (item,) = prepare(Upload(name=name, data=text.encode(), filename=name))
    assert isinstance(item, Prepared)
    return item


def with_event(item: Prepared, event_type: str = "attack") -> Prepared:
    text = item.extracted.doc.text
    event = ExtractedEvent(type="attack", evidence=text[:20], start=0, end=20)
    event = event.model_copy(update={"type": event_type})  # unchecked, as a buggy rule might
    result = item.extracted.result.model_copy(update={"events": [event]})
    return dataclasses.replace(item, extracted=dataclasses.replace(item.extracted, result=result))


def test_a_batch_reports_each_item_as_if_stored_one_by_one(session: Session) -> None:
    items: list[Item] = [
        prepared(WIRE_ORIGINAL, "wire.txt"),
        prepared(WIRE_ORIGINAL, "wire-again.txt"),
        prepared(WIRE_REPUBLISHED, "copy.txt"),
        Failure("broken.txt", "the file is empty"),
        prepared(OTHER_STORY, "budget.txt"),
        prepared(UPDATED, "copy-of-copy.txt"),
    ]
    outcomes = store_batch(session=session, items=items)
    by_name = {o.name: o for o in outcomes}
    assert [o.status for o in outcomes] == [
        "stored",
        "duplicate",
        "near_duplicate",
        "failed",
        "stored",
        "near_duplicate",
    ]
    wire = by_name["wire.txt"].article_id
    assert by_name["wire-again.txt"].article_id == wire
    assert by_name["copy.txt"].duplicate_of_id == wire
    assert by_name["copy-of-copy.txt"].duplicate_of_id == wire  # chains collapse in a batch too
    assert by_name["broken.txt"].reason == "the file is empty"
    stored = session.scalars(select(Article).order_by(Article.id)).all()
    assert [a.original_name for a in stored] == [
        "wire.txt",
        "budget.txt",
        "copy.txt",
        "copy-of-copy.txt",
    ]  # originals first, so their ids exist when the copies name them
    assert {a.id: a.duplicate_of_id for a in stored} == {
        wire: None,
        by_name["budget.txt"].article_id: None,
        by_name["copy.txt"].article_id: wire,
        by_name["copy-of-copy.txt"].article_id: wire,
    }
    bands = session.execute(
        select(ArticleBand.article_id, func.count()).group_by(ArticleBand.article_id)
    ).all()
    assert {n for _, n in bands} == {BANDS} and len(bands) == 4


def test_a_batch_meets_what_is_already_stored(session: Session) -> None:
    first = store_prepared(session=session, item=prepared(WIRE_ORIGINAL, "wire.txt"))
    outcomes = store_batch(
        session=session,
        items=[prepared(WIRE_ORIGINAL, "again.txt"), prepared(WIRE_REPUBLISHED, "copy.txt")],
    )
    assert [(o.status, o.article_id) for o in outcomes][0] == ("duplicate", first.article_id)
    assert (outcomes[1].status, outcomes[1].duplicate_of_id) == (
        "near_duplicate",
        first.article_id,
    )


def test_a_refused_article_fails_alone_and_the_rest_of_the_batch_is_stored(
    session: Session,
) -> None:
    items = [
        with_event(prepared(WIRE_ORIGINAL, "wire.txt")),
        with_event(prepared(OTHER_STORY, "bad-rule.txt"), "not-a-type"),
        with_event(prepared(DATED_STORY, "dated.txt")),
    ]
    outcomes = store_batch(session=session, items=items)
    assert [o.status for o in outcomes] == ["stored", "failed", "stored"]
    assert "the database refused it" in (outcomes[1].reason or "")
    names = set(session.scalars(select(Article.original_name)))
    assert names == {"wire.txt", "dated.txt"}
    assert session.scalar(select(func.count(Event.id))) == 2  # none of the refused article


def test_a_crowded_band_keeps_its_newest_candidates_and_still_finds_the_original(
    session: Session,
) -> None:
    shared = 42  # a band key every article below has (as templated reports would)
    filler = [
        dataclasses.replace(
            prepared(
                f"Report {n}\n\nKata'ib Hezbollah statement number {n} on checkpoint {n * 17}.",
                f"r{n}.txt",
            ),
            band_keys=(shared,),
        )
        for n in range(30)
    ]
    store_batch(session=session, items=filler)
    wire = prepared(WIRE_ORIGINAL, "wire.txt")
    wire = dataclasses.replace(wire, band_keys=(*wire.band_keys, shared))
    (first,) = store_batch(session=session, items=[wire])
    kept = [c.key for c in stored_candidates(session=session, keys=[shared])[shared]]
    assert len(kept) == BAND_CANDIDATES and kept == sorted(kept) and kept[-1] == first.article_id
    (copy,) = store_batch(session=session, items=[prepared(WIRE_REPUBLISHED, "copy.txt")])
    assert copy.status == "near_duplicate" and copy.duplicate_of_id == first.article_id

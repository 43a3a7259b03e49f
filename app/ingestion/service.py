"""Storing prepared articles: exact duplicates refused, near duplicates linked, each article
in its own savepoint (all its events, troop levels and actors, or nothing).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app import store
from app.ingestion import dedup
from app.ingestion.prepare import Failure, Item, Prepared
from app.models import Article
from app.schemas import Extraction
from app.store import NewArticle

Status = Literal["stored", "near_duplicate", "duplicate", "failed"]
STATUSES: tuple[Status, ...] = ("stored", "near_duplicate", "duplicate", "failed")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one input (or one CSV row)."""

    name: str
    status: Status
    article_id: int | None = None  # the stored article, or the existing one for a duplicate
    duplicate_of_id: int | None = None  # a near duplicate's original
    similarity: float | None = None
    reason: str | None = None  # why it failed
    status_code: int = 200
    extraction: Extraction | None = None

    @property
    def is_new(self) -> bool:
        return self.status in ("stored", "near_duplicate")


def find_by_hash(*, session: Session, digest: str) -> int | None:
    found: int | None = session.scalar(select(Article.id).where(Article.content_hash == digest))
    return found


def store_prepared(*, session: Session, item: Prepared, user_id: int | None = None) -> Outcome:
    """Store one article in a savepoint, unless its cleaned text is already stored.

    The caller commits (after each article, or after a batch of them).
    """
    existing = find_by_hash(session=session, digest=item.content_hash)
    if existing is not None:
        return duplicate_outcome(item, existing)
    match = dedup.find_original(session=session, sig=item.signature)
    original = match.article_id if match else None
    try:
        with session.begin_nested():
            new = new_article(item, duplicate_of_id=original, user_id=user_id)
            article_id = store.insert_articles(session=session, articles=[new])[0]
    except IntegrityError as exc:
        existing = find_by_hash(session=session, digest=item.content_hash)
        if existing is not None:
            return duplicate_outcome(item, existing)  # stored meanwhile by another upload
        return refused(item, exc)
    except DataError as exc:
        return refused(item, exc)
    return new_outcome(item, article_id, original, match.similarity if match else None)


def new_article(item: Prepared, *, duplicate_of_id: int | None, user_id: int | None) -> NewArticle:
    """The rows of a prepared item; a near duplicate names its original."""
    meta = {
        "title": item.meta.title,
        "outlet": item.meta.outlet,
        "url": item.meta.url,
        "original": item.original,
        "original_name": item.original_name,
        "media_type": item.media_type,
        "status": "near_duplicate" if duplicate_of_id else "extracted",
        "duplicate_of_id": duplicate_of_id,
        "uploaded_by_id": user_id,
    }
    return NewArticle(item.extracted, item.signature, item.band_keys, meta)


def new_outcome(
    item: Prepared, article_id: int, original: int | None, similarity: float | None
) -> Outcome:
    return Outcome(
        name=item.name,
        status="near_duplicate" if original else "stored",
        article_id=article_id,
        duplicate_of_id=original,
        similarity=similarity,
        status_code=201,
        extraction=item.extracted.result,
    )


def refused(item: Prepared, exc: DBAPIError) -> Outcome:
    """The database refused the article's rows (a value too long, a broken constraint)."""
    log.warning("the database refused %s: %s", item.name, exc.orig)
    reason = f"the database refused it ({exc.orig.__class__.__name__}: {exc.orig})"
    return Outcome(name=item.name, status="failed", reason=reason, status_code=422)


def duplicate_outcome(item: Prepared, existing: int) -> Outcome:
    return Outcome(
        name=item.name, status="duplicate", article_id=existing, extraction=item.extracted.result
    )


def failed(item: Failure) -> Outcome:
    return Outcome(
        name=item.name, status="failed", reason=item.reason, status_code=item.status_code
    )


def store_item(*, session: Session, item: Item, user_id: int | None = None) -> Outcome:
    if isinstance(item, Failure):
        return failed(item)
    return store_prepared(session=session, item=item, user_id=user_id)

"""Storing a batch of prepared articles at once (`python -m app ingest`, a CSV's rows).

The outcomes are those of `store_item` on each item in turn, duplicates within the batch
included; but the database sees a few statements per batch instead of several per article:
one query for the content hashes already stored, one per 500 band keys for near-duplicate
candidates, one INSERT ... RETURNING for the articles (a second for near duplicates of
articles of the same batch) and one executemany per child table, all in one savepoint.

If the database refuses anything (a constraint, a value too long, a concurrent writer that
stored the same text), the savepoint is rolled back and each article is stored on its own,
in its own savepoint, so one bad article loses nothing else and none is half stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from app import store
from app.db.engine import analyze_if_grown, end_read, write_transaction
from app.incidents.upkeep import incidents_at_the_end
from app.ingestion.dedup import (
    QUERY_CHUNK,
    Bucket,
    Candidate,
    Key,
    Pending,
    best_match,
    new_bucket,
    stored_candidates,
)
from app.ingestion.prepare import Failure, Item, Prepared, Upload, prepare
from app.ingestion.service import (
    Outcome,
    duplicate_outcome,
    failed,
    new_article,
    new_outcome,
    store_item,
)
from app.models import Article

log = logging.getLogger(__name__)
TABLE_BATCH = 500  # a CSV's rows stored (and committed) together


@dataclass(frozen=True)
class Decision:
    """What to do with one item: fail it, report a duplicate of `key`, or insert it."""

    item: Item
    key: Key | None = None  # the existing article (duplicate) or the new one (Pending)
    original: Key | None = None
    similarity: float | None = None


@dataclass
class Plan:
    """The batch's decisions, made in order against the database and the batch so far."""

    stored_hashes: dict[str, int]
    by_band: dict[int, Bucket]
    new: list[Decision] = field(default_factory=list)
    batch_hashes: dict[str, Pending] = field(default_factory=dict)

    def decide(self, item: Item) -> Decision:
        if isinstance(item, Failure):
            return Decision(item)
        existing = self.stored_hashes.get(item.content_hash)
        if existing is not None:
            return Decision(item, key=existing)
        if item.content_hash in self.batch_hashes:
            return Decision(item, key=self.batch_hashes[item.content_hash])
        match = self._match(item)
        pending = Pending(len(self.new))
        original, score = match if match else (None, None)
        decision = Decision(item, key=pending, original=original, similarity=score)
        self.new.append(decision)
        self.batch_hashes[item.content_hash] = pending
        candidate = Candidate(pending, item.signature, original or pending)
        for key in item.band_keys:
            self.by_band.setdefault(key, new_bucket()).append(candidate)
        return decision

    def _match(self, item: Prepared) -> tuple[Key, float] | None:
        if item.signature is None:
            return None
        candidates = {c.key: c for k in item.band_keys for c in self.by_band.get(k, [])}
        return best_match(item.signature, candidates.values())

    def insert(self, session: Session, user_id: int | None) -> dict[Key, int]:
        """Insert the new articles (originals first); ids by their batch reference."""
        ids: dict[Key, int] = {}
        originals = [d for d in self.new if not isinstance(d.original, Pending)]
        copies = [d for d in self.new if isinstance(d.original, Pending)]
        for group in (originals, copies):
            rows = []
            for decision in group:
                assert isinstance(decision.item, Prepared)
                original = resolve(decision.original, ids)
                rows.append(new_article(decision.item, duplicate_of_id=original, user_id=user_id))
            new_ids = store.insert_articles(session=session, articles=rows)
            ids.update((d.key, i) for d, i in zip(group, new_ids, strict=True) if d.key)
        return ids


def resolve(key: Key | None, ids: dict[Key, int]) -> int | None:
    if key is None or isinstance(key, int):
        return key
    return ids[key]


def stored_hashes(*, session: Session, digests: Iterable[str]) -> dict[str, int]:
    """The stored articles among these content hashes (hash → id)."""
    wanted = list(dict.fromkeys(digests))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), QUERY_CHUNK):
        chunk = wanted[start : start + QUERY_CHUNK]
        query = select(Article.content_hash, Article.id).where(Article.content_hash.in_(chunk))
        found.update((digest, article_id) for digest, article_id in session.execute(query))
    return found


def store_together(session: Session, items: Sequence[Item], user_id: int | None) -> list[Outcome]:
    """Decide every item against the database and the batch, insert, report."""
    prepared = [i for i in items if isinstance(i, Prepared)]
    plan = Plan(
        stored_hashes=stored_hashes(session=session, digests=(p.content_hash for p in prepared)),
        by_band=stored_candidates(session=session, keys=(k for p in prepared for k in p.band_keys)),
    )
    decisions = [plan.decide(item) for item in items]
    ids = plan.insert(session, user_id)
    new = {id(d) for d in plan.new}
    outcomes = []
    for decision in decisions:
        item = decision.item
        if isinstance(item, Failure):
            outcomes.append(failed(item))
            continue
        article_id = resolve(decision.key, ids)
        assert article_id is not None
        if id(decision) in new:
            original = resolve(decision.original, ids)
            outcomes.append(new_outcome(item, article_id, original, decision.similarity))
        else:
            outcomes.append(duplicate_outcome(item, article_id))
    return outcomes


def store_batch(
    *, session: Session, items: Sequence[Item], user_id: int | None = None
) -> list[Outcome]:
    """Store the items together in one savepoint, or one by one if the database refuses."""
    analyze_if_grown(session)  # PostgreSQL: keep the row checks on the indexes as tables grow
    try:
        with session.begin_nested():
            return store_together(session, items, user_id)
    except (IntegrityError, DataError) as exc:
        log.info("a batch was refused (%s); storing its articles one by one", exc.orig)
        return [store_item(session=session, item=item, user_id=user_id) for item in items]


def ingest_uploads(
    *, session: Session, uploads: Iterable[Upload | Failure], user_id: int | None = None
) -> list[Outcome]:
    """Prepare and store each upload, committing as it goes (web uploads, the sample).

    A single article is stored and committed on its own; a CSV's rows go in batches of
    `TABLE_BATCH`, a few statements and one commit each, so a 10,000-row export is not
    10,000 transactions.
    """
    outcomes: list[Outcome] = []
    for upload in uploads:
        end_read(session)  # extraction runs outside any transaction
        items = [upload] if isinstance(upload, Failure) else prepare(upload)
        # One article: its incidents are resolved in its own transaction. A CSV of many
        # batches: once, at its end (app/incidents/upkeep.py).
        deferred = incidents_at_the_end(session) if len(items) > TABLE_BATCH else nullcontext()
        with deferred:
            for start in range(0, len(items), TABLE_BATCH):
                outcomes += store_chunk(session, items[start : start + TABLE_BATCH], user_id)
    end_read(session)
    return outcomes


def store_chunk(session: Session, chunk: Sequence[Item], user_id: int | None) -> list[Outcome]:
    """Store prepared items in one short write transaction, committed.

    Exact duplicates are looked up first in a read transaction: a chunk with nothing new
    is answered without taking the write lock. The write transaction looks again (another
    upload may have stored the same text meanwhile)."""
    known = known_outcomes(session, chunk)
    if known is not None:
        end_read(session)
        return known
    with write_transaction(session):
        if len(chunk) == 1:
            return [store_item(session=session, item=chunk[0], user_id=user_id)]
        return store_batch(session=session, items=chunk, user_id=user_id)


def known_outcomes(session: Session, chunk: Sequence[Item]) -> list[Outcome] | None:
    """The outcomes when every item failed or is already stored, else None."""
    prepared = [i for i in chunk if isinstance(i, Prepared)]
    found = stored_hashes(session=session, digests=(p.content_hash for p in prepared))
    if any(p.content_hash not in found for p in prepared):
        return None
    return [
        failed(i) if isinstance(i, Failure) else duplicate_outcome(i, found[i.content_hash])
        for i in chunk
    ]

"""Writing to the database. Every article is stored in one transaction, or not at all.

Two ways in:

- `insert_article(...)`: the path of uploads. Core INSERTs (one for the article, one
  executemany per kind of child row), no ORM objects; the caller wraps the article in a
  savepoint and commits.
- `insert_articles(...)`: the path of `python -m app ingest`: a batch of articles in one
  INSERT ... RETURNING and one executemany per child table, in the caller's savepoint.
- `save_extraction(...)`: the ORM path (an `Article` object with its children), for code
  that wants the object back.

Both store the MinHash signature and its LSH band keys (app/ingestion/dedup.py), so every
stored article takes part in near-duplicate detection. Neither checks for duplicates: that
is app/ingestion/service.py's job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Table, insert, select
from sqlalchemy.orm import Session

import app.incidents.upkeep  # noqa: F401  (stored events get their incidents before commit)
from app.dates import in_range
from app.models import (
    Actor,
    ActorAlias,
    Article,
    ArticleActor,
    ArticleBand,
    Event,
    TroopLevel,
    month_of,
)
from app.pipeline import ExtractedDocument
from app.pipeline.resources import load_yaml
from app.schemas import ExtractedActor, ExtractedEvent, ExtractedTroopLevel

ARTICLE_FIELDS = frozenset(
    {"title", "outlet", "url", "published", "original", "original_name", "media_type"}
    | {"status", "duplicate_of_id", "uploaded_by_id", "uploaded_at"}
)


# Two positional parameters in the driver's own style (sqlite3: qmark; psycopg: pyformat).
PLACEHOLDERS = {"qmark": "(?, ?)", "format": "(%s, %s)", "pyformat": "(%s, %s)"}


def table_of(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text: two uploads with the same text are one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sync_actors(*, session: Session) -> int:
    """Bring `actors`/`actor_aliases` in line with app/data/actors.yaml; returns actors added."""
    entries: list[dict[str, Any]] = load_yaml("actors.yaml") or []
    existing = {a.name: a for a in session.scalars(select(Actor))}
    added = 0
    for entry in entries:
        actor = existing.get(entry["name"])
        if actor is None:
            actor = Actor(name=entry["name"], kind=entry["kind"])
            session.add(actor)
            added += 1
        actor.kind = entry["kind"]
        wanted = {str(a) for a in entry.get("aliases") or []}
        for alias in list(actor.aliases):
            if alias.alias not in wanted:
                actor.aliases.remove(alias)
        have = {a.alias for a in actor.aliases}
        actor.aliases.extend(ActorAlias(alias=a) for a in sorted(wanted - have))
    session.flush()
    return added


def parse_date(value: str | None) -> dt.date | None:
    """An extracted date, or None when it is outside the tracker's range (app/dates.py)."""
    day = dt.date.fromisoformat(value) if value else None
    return day if day is not None and in_range(day) else None


def event_values(item: ExtractedEvent) -> dict[str, Any]:
    """The `events` row of a machine-extracted event (its original output kept beside it)."""
    day = parse_date(item.date)
    return {
        "type": item.type,
        "actor": item.actor,
        "target": item.target,
        "date": day,
        "date_precision": item.date_precision,
        "month": month_of(day),
        "location": item.location,
        "killed": item.killed,
        "injured": item.injured,
        "claimed_by": item.claimed_by,
        "attributed_by": item.attributed_by,
        "evidence": item.evidence,
        "evidence_start": item.start,
        "evidence_end": item.end,
        "extra_evidence": [span.model_dump() for span in item.extra_evidence],
        "confidence": item.confidence,
        "origin": "machine",
        "review_state": "unreviewed",
        "machine_output": item.model_dump(mode="json"),
    }


def troop_values(item: ExtractedTroopLevel) -> dict[str, Any]:
    return {
        "country": item.country,
        "location": item.location,
        "count": item.count,
        "qualifier": item.qualifier,
        "as_of": parse_date(item.as_of),
        "figure_type": item.figure_type,
        "evidence": item.evidence,
        "evidence_start": item.start,
        "evidence_end": item.end,
        "origin": "machine",
        "review_state": "unreviewed",
        "machine_output": item.model_dump(mode="json"),
    }


def actor_values(item: ExtractedActor) -> dict[str, Any]:
    return {
        "name": item.name,
        "kind": item.kind,
        "mentions": item.mentions,
        "start": item.start,
        "end": item.end,
    }


def event_row(item: ExtractedEvent) -> Event:
    return Event(**event_values(item))


def troop_row(item: ExtractedTroopLevel) -> TroopLevel:
    return TroopLevel(**troop_values(item))


def article_values(
    extracted: ExtractedDocument, meta: dict[str, Any], minhash: bytes | None
) -> dict[str, Any]:
    """The `articles` row: metadata given by the caller win over what extraction found.

    A `published` date in `meta` must already have been given to the pipeline (it marks
    it as "given"); the extraction's published date and source are stored.
    """
    unknown = set(meta) - ARTICLE_FIELDS
    if unknown:
        raise TypeError(f"unknown article fields: {', '.join(sorted(unknown))}")
    result = extracted.result
    values = {k: v for k, v in meta.items() if k != "published"}
    values.update(
        title=meta.get("title") or result.title,
        published=parse_date(result.published),
        published_source=result.published_source,
        text=extracted.doc.text,
        content_hash=content_hash(extracted.doc.text),
        minhash=minhash,
    )
    return values


@dataclass(frozen=True)
class NewArticle:
    """An article to insert: the extraction, its signature and band keys, its metadata."""

    extracted: ExtractedDocument
    minhash: bytes | None = None
    band_keys: tuple[int, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)


def insert_article(
    *,
    session: Session,
    extracted: ExtractedDocument,
    minhash: bytes | None = None,
    band_keys: list[int] | None = None,
    **meta: Any,
) -> int:
    """Insert an article and everything extracted from it; returns its id.

    Core INSERTs only (fast, no objects in the session). The caller provides the
    transaction or savepoint: on an error nothing of the article must be kept.
    """
    row = article_values(extracted, meta, minhash)
    inserted = cast(CursorResult[Any], session.execute(insert(table_of(Article)).values(**row)))
    key = inserted.inserted_primary_key
    assert key is not None
    article_id: int = key[0]
    _insert_children(session, [(article_id, extracted, tuple(band_keys or ()))])
    return article_id


def insert_articles(*, session: Session, articles: Sequence[NewArticle]) -> list[int]:
    """Insert many articles with all their rows: one executemany per table; their ids.

    For bulk imports. The caller wraps the call in a savepoint: if any row is refused,
    none of these articles may be kept.
    """
    if not articles:
        return []
    rows = [article_values(a.extracted, a.meta, a.minhash) for a in articles]
    table = table_of(Article)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids: list[int] = list(session.execute(statement, rows).scalars())
    _insert_children(
        session, [(i, a.extracted, a.band_keys) for i, a in zip(ids, articles, strict=True)]
    )
    return ids


def _insert_children(
    session: Session, articles: Sequence[tuple[int, ExtractedDocument, tuple[int, ...]]]
) -> None:
    children: dict[type[Any], list[dict[str, Any]]] = {Event: [], TroopLevel: [], ArticleActor: []}
    bands: list[tuple[int, int]] = []
    for article_id, extracted, band_keys in articles:
        result = extracted.result
        for model, rows in (
            (Event, [event_values(e) for e in result.events]),
            (TroopLevel, [troop_values(t) for t in result.troop_levels]),
            (ArticleActor, [actor_values(a) for a in result.actors]),
        ):
            for row in rows:
                row["article_id"] = article_id
            children[model].extend(rows)
        bands.extend((key, article_id) for key in dict.fromkeys(band_keys))
    for model, rows in children.items():
        if rows:
            session.execute(insert(table_of(model)), rows)
    _insert_bands(session, bands)


def _insert_bands(session: Session, bands: list[tuple[int, int]]) -> None:
    """32 plain integer pairs per article, the most numerous rows of an import: sent to the
    driver as they are (no per-row parameter processing), in its own placeholder style."""
    if not bands:
        return
    connection = session.connection()
    marks = PLACEHOLDERS.get(connection.dialect.paramstyle)
    if marks is None:  # another driver: let SQLAlchemy bind the parameters
        rows = [{"band_key": key, "article_id": article} for key, article in bands]
        session.execute(insert(table_of(ArticleBand)), rows)
        return
    sql = f"INSERT INTO article_bands (band_key, article_id) VALUES {marks}"
    connection.exec_driver_sql(sql, bands)


def build_article(
    extracted: ExtractedDocument, *, minhash: bytes | None = None, **meta: Any
) -> Article:
    """An `Article` with its events, troop levels and actor mentions, not yet added."""
    article = Article(**article_values(extracted, meta, minhash))
    result = extracted.result
    article.events = [event_row(e) for e in result.events]
    article.troop_levels = [troop_row(t) for t in result.troop_levels]
    article.actor_mentions = [ArticleActor(**actor_values(a)) for a in result.actors]
    return article


def save_extraction(
    *,
    session: Session,
    extracted: ExtractedDocument,
    minhash: bytes | None = None,
    band_keys: list[int] | None = None,
    **meta: Any,
) -> Article:
    """Add the article and everything extracted from it; the caller commits once."""
    article = build_article(extracted, minhash=minhash, **meta)
    session.add(article)
    session.flush()
    if band_keys:
        rows = [{"band_key": k, "article_id": article.id} for k in dict.fromkeys(band_keys)]
        session.execute(insert(table_of(ArticleBand)), rows)
    return article

"""Near-duplicate detection: MinHash signatures over word shingles, LSH bands in SQL.

The same wire story in two outlets, or a story re-published under a new headline, differs
from its original only in a few words (headline, dateline, byline, footer). Its set of word
5-shingles therefore overlaps the original's almost entirely, while two different stories
about the same event share only a few phrases.

- `signature(text)` (pure, runs in CLI worker processes): a datasketch MinHash of the cleaned
  text's shingles, as 128 little-endian uint32 values (512 bytes, `Article.minhash`).
- `band_keys(sig)`: 32 bands of 4 values, each hashed to a signed 64-bit key
  (`article_bands`). Two texts with Jaccard similarity s share at least one band with
  probability 1 - (1 - s**4)**32: 87 % at s = 0.5, 99 % at s = 0.6.
- `find_original(session, sig)`: the articles sharing a band (the newest
  `BAND_CANDIDATES` of each band) are the candidates; their
  stored signatures give the estimated similarity, and the best one at or above
  `NEAR_DUPLICATE_THRESHOLD` is the original (or, if it is itself a near duplicate, its
  original: chains collapse to the first article).

Counting each story once: a near duplicate is stored, with `Article.duplicate_of_id`
pointing at its original and `status = "near_duplicate"`. Aggregates leave its events and
troop levels out with `original_article_condition()` (the same condition
`app.filters.counted_condition` applies).
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import numpy as np
from datasketch import MinHash
from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from app.models import Article, ArticleBand

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # pinned: stored signatures must stay comparable across upgrades
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 5
NEAR_DUPLICATE_THRESHOLD = 0.5
SIGNATURE_DTYPE = np.dtype("<u4")
RE_WORD = re.compile(r"\w+")
QUERY_CHUNK = 500  # bound parameters per IN (...) list
# Candidates kept per band: the newest. A band shared by hundreds of stored articles (a
# stream of templated reports) would otherwise make every new article compare itself with
# all of them, and a 10,000-row upload quadratic.
BAND_CANDIDATES = 24


@dataclass(frozen=True)
class Match:
    """The original a new article nearly duplicates, with the estimated Jaccard similarity."""

    article_id: int
    similarity: float


def original_article_condition() -> ColumnElement[bool]:
    """SQL condition on `Article`: the article is not a near duplicate of another one.

    Use it in every aggregate so a story is counted once, however many outlets ran it:

        select(func.count(Event.id)).join(Event.article).where(original_article_condition())

    or, without a join, `Event.article_id.in_(select(Article.id).where(
    original_article_condition()))` (what `app.filters.not_duplicate_condition` does).
    Exact duplicates need no condition: they are never stored twice.
    """
    return Article.duplicate_of_id.is_(None)


def shingles(text: str) -> set[bytes]:
    """Word 5-shingles of the lower-cased text (the whole text if it has fewer words)."""
    words = RE_WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def signature(text: str) -> bytes | None:
    """The MinHash signature of `text` (512 bytes), or None for a text without words."""
    grams = shingles(text)
    if not grams:
        return None
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=template.permutations
    )
    minhash.update_batch(grams)
    return np.asarray(minhash.hashvalues, dtype=SIGNATURE_DTYPE).tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal values)."""
    a = np.frombuffer(first, dtype=SIGNATURE_DTYPE)
    b = np.frombuffer(second, dtype=SIGNATURE_DTYPE)
    if a.shape != b.shape:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: bytes) -> list[int]:
    """The signature's LSH band keys: band number and values hashed to a signed int64."""
    width = ROWS * SIGNATURE_DTYPE.itemsize
    keys = []
    for band in range(BANDS):
        chunk = bytes([band]) + sig[band * width : (band + 1) * width]
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@dataclass(frozen=True)
class Pending:
    """An article of the batch being stored, not inserted yet (its place in the batch)."""

    index: int


Key = int | Pending


@dataclass(frozen=True)
class Candidate:
    """An article a new one may nearly duplicate: its id (or place in the batch), its
    signature, and its root (the original it is linked to, else itself)."""

    key: Key
    minhash: bytes | None
    root: Key


def best_match(sig: bytes, candidates: Iterable[Candidate]) -> tuple[Key, float] | None:
    """The root of the most similar candidate at or above the threshold, and the score."""
    best: tuple[float, Key] | None = None
    for candidate in candidates:
        if candidate.minhash is None:
            continue
        score = similarity(sig, candidate.minhash)
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[0]):
            best = (score, candidate.root)
    return None if best is None else (best[1], best[0])


Bucket = deque[Candidate]
CandidateRow = tuple[int, int, bytes | None, int | None]  # band key, id, minhash, original


def new_bucket() -> Bucket:
    """A band's candidates, oldest first; adding to a full one drops the oldest."""
    return deque(maxlen=BAND_CANDIDATES)


# PostgreSQL: each key's newest articles by a backward walk of the band index, LIMIT n (the
# ORDER BY names the key first, so only that index gives the order: ordered by article_id
# alone, the planner could walk the article_id index for every key and filter), and
# only then their rows. (The window query below scanned every band row when statistics were
# missing or stale, as inside one long transaction that inserts many articles; joining the
# articles inside the LATERAL let the planner walk the articles' index once per key.)
NEWEST_PER_KEY_PG = text(
    """
    SELECT k.key, a.id, a.minhash, a.duplicate_of_id
    FROM unnest(CAST(:keys AS BIGINT[])) AS k(key)
    CROSS JOIN LATERAL (
        SELECT article_id FROM article_bands
        WHERE band_key = k.key
        ORDER BY band_key DESC, article_id DESC
        LIMIT :per_key
    ) AS b
    JOIN articles AS a ON a.id = b.article_id
    ORDER BY k.key, a.id
    """
)


def newest_per_key_pg(session: Session, chunk: list[int]) -> Iterable[CandidateRow]:
    """The look-up on PostgreSQL, planned for index walks whatever the statistics say.

    Statistics taken while the tables were empty or full of rolled-back rows, or none for
    the rows this transaction inserted, made the planner scan every band row once per key
    (minutes for one query); a prepared statement's generic plan did the same. The index
    walk is right at any size, so sequential scans are ruled out for this statement, which
    is planned for its own keys.
    """
    # SET LOCAL ends with the transaction: a failing query cannot leave it set.
    session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    session.execute(text("SET LOCAL enable_seqscan = off"))
    params = {"keys": chunk, "per_key": BAND_CANDIDATES}
    rows = session.execute(NEWEST_PER_KEY_PG, params).all()
    session.execute(text("RESET enable_seqscan"))
    session.execute(text("RESET plan_cache_mode"))
    return cast(Iterable[CandidateRow], rows)


def newest_per_key(session: Session, chunk: list[int]) -> Iterable[CandidateRow]:
    """(band key, id, minhash, original) of the newest `BAND_CANDIDATES` articles per key."""
    if session.get_bind().dialect.name == "postgresql":
        return newest_per_key_pg(session, chunk)
    newest = func.row_number().over(
        partition_by=ArticleBand.band_key, order_by=ArticleBand.article_id.desc()
    )
    ranked = (
        select(ArticleBand.band_key, ArticleBand.article_id, newest.label("rank"))
        .where(ArticleBand.band_key.in_(chunk))
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.band_key, Article.id, Article.minhash, Article.duplicate_of_id)
        .join(Article, Article.id == ranked.c.article_id)
        .where(ranked.c.rank <= BAND_CANDIDATES)
        .order_by(ranked.c.band_key, Article.id)
    )
    return cast(Iterable[CandidateRow], rows)


def stored_candidates(*, session: Session, keys: Iterable[int]) -> dict[int, Bucket]:
    """The newest stored articles of each band key given (queried in chunks)."""
    wanted = list(dict.fromkeys(keys))
    found: dict[int, Bucket] = {}
    for start in range(0, len(wanted), QUERY_CHUNK):
        for key, article_id, minhash, duplicate_of in newest_per_key(
            session, wanted[start : start + QUERY_CHUNK]
        ):
            found.setdefault(key, new_bucket()).append(
                Candidate(article_id, minhash, duplicate_of or article_id)
            )
    return found


def find_original(*, session: Session, sig: bytes | None) -> Match | None:
    """The stored article `sig` nearly duplicates (best similarity), followed to its root."""
    if sig is None:
        return None
    keys = band_keys(sig)
    by_key = stored_candidates(session=session, keys=keys)
    candidates = {c.key: c for key in keys for c in by_key.get(key, [])}
    match = best_match(sig, candidates.values())
    if match is None:
        return None
    root, score = match
    assert isinstance(root, int)  # only stored articles were candidates
    return Match(article_id=root, similarity=score)

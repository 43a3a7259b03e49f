"""Full-text search over article titles and texts: SQLite FTS5 or PostgreSQL tsvector.

`search_articles(stmt, query, dialect=...)` restricts a select over `Article` to the
articles that match and returns an expression to order them by relevance. What a user
types is never handed to FTS5 as syntax: `fts5_query` turns it into quoted phrases
(implicit AND), so quotes, `*`, `NEAR(`, `OR`, `-` or `'` cannot cause a syntax error.
PostgreSQL gets the raw input through `websearch_to_tsquery`, which accepts any text.
The index itself is made by the migration "full-text search over article title and text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, column, func, literal_column, table

from app.filters import AnySelect
from app.models import Article

# Must stay the expression of the GIN index (see the migration), so the planner uses it.
POSTGRES_DOCUMENT = "to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text)"
POSTGRES_CONFIG = "'english'"

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"?|(\S+)')
_WORD_CHARACTER = re.compile(r"\w")

articles_fts = table(
    "articles_fts",
    column("rowid", Integer),
    column("rank", Float),
)


@dataclass(frozen=True)
class SearchClause:
    """What a search adds to a select: the joined/filtered statement and a relevance order."""

    stmt: AnySelect
    relevance: ColumnElement[Any]


def search_terms(query: str) -> list[str]:
    """The phrases and words of what the user typed ("quoted phrases" stay together).

    Pieces with no letter or digit (a lone `*`, `(`, `"`) are dropped: they match nothing.
    """
    terms: list[str] = []
    for match in _PHRASE_OR_WORD.finditer(query):
        term = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        if _WORD_CHARACTER.search(term):
            terms.append(term)
    return terms


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH string that only ever contains quoted phrases, or None for no terms."""
    terms = search_terms(query)
    if not terms:
        return None
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def has_terms(query: str | None) -> bool:
    return bool(query and search_terms(query))


def _sqlite_search(stmt: AnySelect, query: str) -> SearchClause:
    match = fts5_query(query)
    assert match is not None
    hits = (
        articles_fts.select()
        .with_only_columns(articles_fts.c.rowid.label("id"), articles_fts.c.rank.label("rank"))
        .where(literal_column("articles_fts").op("MATCH")(match))
        .subquery("hits")
    )
    joined = stmt.join(hits, hits.c.id == Article.id)
    return SearchClause(stmt=joined, relevance=hits.c.rank.asc())


def _postgres_search(stmt: AnySelect, query: str) -> SearchClause:
    document: ColumnElement[Any] = literal_column(POSTGRES_DOCUMENT)
    tsquery = func.websearch_to_tsquery(literal_column(POSTGRES_CONFIG), query)
    filtered = stmt.where(document.op("@@")(tsquery))
    return SearchClause(stmt=filtered, relevance=func.ts_rank(document, tsquery).desc())


def search_articles(stmt: AnySelect, query: str, *, dialect: str) -> SearchClause:
    """Restrict `stmt` (a select over Article) to articles matching `query`.

    Call only when `has_terms(query)`. `dialect` is `session.get_bind().dialect.name`.
    """
    if dialect == "postgresql":
        return _postgres_search(stmt, query)
    return _sqlite_search(stmt, query)

"""full-text search over article title and text

SQLite: an external-content FTS5 table `articles_fts` (porter stemming, diacritics folded)
kept in sync with `articles` by three triggers, filled once from the existing rows.
PostgreSQL: a GIN index on the same expression that app/search.py queries with
websearch_to_tsquery, so searches use the index.

Careful with later migrations on SQLite: a batch operation that recreates `articles`
(copy, drop, rename) drops these triggers; re-create them afterwards (see upgrade()).
tests/test_search.py fails when the index stops following new articles.

Revision ID: a7f3c91d2e10
Revises: 3025b07f81db
Create Date: 2026-11-22 09:00:00

"""
from collections.abc import Sequence

from alembic import op

revision: str = "a7f3c91d2e10"
down_revision: str | Sequence[str] | None = "3025b07f81db"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]
# The same expression as app/search.py::POSTGRES_DOCUMENT (the planner matches them).
POSTGRES_UP = [
    "CREATE INDEX ix_articles_fts ON articles USING gin "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_articles_fts"]


def run(statements: dict[str, list[str]]) -> None:
    bind = op.get_bind()
    for statement in statements.get(bind.dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})

"""near-duplicate detection: minhash signatures and LSH bands

`articles.minhash` holds each article's MinHash signature (128 unsigned 32-bit values over
word shingles of the cleaned text); `article_bands` holds its 32 LSH band keys, so that the
candidates of a new article are one indexed lookup (app/ingestion/dedup.py).

The column is added and dropped with plain ALTER TABLE (SQLite >= 3.35 and PostgreSQL),
not a batch copy: recreating `articles` on SQLite would drop its FTS and timeline triggers.

Revision ID: 00d2dc691317
Revises: 5c1d0e7a9b42
Create Date: 2026-11-21 23:21:44.182184

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "00d2dc691317"
down_revision: str | Sequence[str] | None = "5c1d0e7a9b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_bands",
        sa.Column("band_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_bands_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "article_id", name=op.f("pk_article_bands")),
    )
    op.create_index(
        op.f("ix_article_bands_article_id"), "article_bands", ["article_id"], unique=False
    )
    op.add_column("articles", sa.Column("minhash", sa.LargeBinary(), nullable=True))
    recompute_signatures()


def recompute_signatures() -> None:
    """Sign the articles already stored (a database downgraded past this revision and
    upgraded again would otherwise have no signatures and no near-duplicate detection)."""
    from app.ingestion.dedup import band_keys, signature

    conn = op.get_bind()
    articles = sa.table("articles", sa.column("id"), sa.column("text"), sa.column("minhash"))
    bands = sa.table("article_bands", sa.column("band_key"), sa.column("article_id"))
    rows = conn.execute(sa.select(articles.c.id, articles.c.text).order_by(articles.c.id)).all()
    for article_id, text in rows:
        sig = signature(text or "")
        if sig is None:
            continue
        conn.execute(articles.update().where(articles.c.id == article_id).values(minhash=sig))
        keys = sorted(set(band_keys(sig)))
        conn.execute(bands.insert(), [{"band_key": k, "article_id": article_id} for k in keys])


def downgrade() -> None:
    op.execute("ALTER TABLE articles DROP COLUMN minhash")
    op.drop_index(op.f("ix_article_bands_article_id"), table_name="article_bands")
    op.drop_table("article_bands")

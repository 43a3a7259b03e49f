"""timeline rollup of counted events

`timeline_counts` holds the dashboard's monthly counts of counted events (not rejected, not
from a near-duplicate article) per type, actor, location and reviewed flag, so that the
timeline endpoints read thousands of rows instead of every event. `timeline_dirty` lists the
months whose counts are out of date; app/timeline.py rebuilds those months from `events`
before it answers.

Triggers list the months a change touches (SQLite: each month once; PostgreSQL: a row per
change, appended without locking other writers):
- a new, changed or deleted event marks its month (old and new);
- an article whose `duplicate_of_id` changes (set, cleared, or cleared by ON DELETE SET NULL)
  marks the months of its events.
Deleting an article deletes its events (ON DELETE CASCADE), which fires the event trigger.

Careful with later migrations on SQLite: a batch operation that recreates `events` or
`articles` (copy, drop, rename) drops these triggers; re-create them afterwards.
tests/test_timeline.py fails when the counts stop following changes.

Revision ID: 5c1d0e7a9b42
Revises: a7f3c91d2e10
Create Date: 2026-11-22 10:30:00

"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = "5c1d0e7a9b42"
down_revision: str | Sequence[str] | None = "a7f3c91d2e10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_COLUMNS = "type, actor, location, date, month, review_state, article_id"


def sqlite_mark(month: str) -> str:
    """SQLite trigger statement: list `month` unless it is NULL or listed already."""
    return (
        f"INSERT INTO timeline_dirty(month) SELECT {month} WHERE {month} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM timeline_dirty WHERE month = {month});"
    )


SQLITE_UP = [
    f"""CREATE TRIGGER timeline_event_insert AFTER INSERT ON events BEGIN
        {sqlite_mark("NEW.month")}
    END""",
    f"""CREATE TRIGGER timeline_event_delete AFTER DELETE ON events BEGIN
        {sqlite_mark("OLD.month")}
    END""",
    f"""CREATE TRIGGER timeline_event_update AFTER UPDATE OF {EVENT_COLUMNS} ON events BEGIN
        {sqlite_mark("OLD.month")}
        {sqlite_mark("NEW.month")}
    END""",
    """CREATE TRIGGER timeline_article_duplicate AFTER UPDATE OF duplicate_of_id ON articles
    WHEN OLD.duplicate_of_id IS NOT NEW.duplicate_of_id BEGIN
        INSERT INTO timeline_dirty(month)
        SELECT DISTINCT month FROM events
        WHERE article_id = NEW.id AND month IS NOT NULL
        AND month NOT IN (SELECT month FROM timeline_dirty);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS timeline_article_duplicate",
    "DROP TRIGGER IF EXISTS timeline_event_update",
    "DROP TRIGGER IF EXISTS timeline_event_delete",
    "DROP TRIGGER IF EXISTS timeline_event_insert",
]
POSTGRES_UP = [
    """CREATE FUNCTION timeline_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.month IS NOT NULL THEN
            INSERT INTO timeline_dirty(month) VALUES (OLD.month);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.month IS NOT NULL THEN
            INSERT INTO timeline_dirty(month) VALUES (NEW.month);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER timeline_event_change
    AFTER INSERT OR DELETE OR UPDATE OF {EVENT_COLUMNS} ON events
    FOR EACH ROW EXECUTE FUNCTION timeline_mark_event()""",
    """CREATE FUNCTION timeline_mark_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO timeline_dirty(month)
        SELECT DISTINCT month FROM events WHERE article_id = NEW.id AND month IS NOT NULL;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER timeline_article_duplicate AFTER UPDATE OF duplicate_of_id ON articles
    FOR EACH ROW WHEN (OLD.duplicate_of_id IS DISTINCT FROM NEW.duplicate_of_id)
    EXECUTE FUNCTION timeline_mark_article()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS timeline_article_duplicate ON articles",
    "DROP FUNCTION IF EXISTS timeline_mark_article()",
    "DROP TRIGGER IF EXISTS timeline_event_change ON events",
    "DROP FUNCTION IF EXISTS timeline_mark_event()",
]


def run(statements: dict[str, list[str]]) -> None:
    bind = op.get_bind()
    for statement in statements.get(bind.dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "timeline_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_counts")),
    )
    with op.batch_alter_table("timeline_counts", schema=None) as batch_op:
        batch_op.create_index("ix_timeline_counts_month_type", ["month", "type"], unique=False)
    op.create_table(
        "timeline_dirty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_dirty")),
    )
    with op.batch_alter_table("timeline_dirty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timeline_dirty_month"), ["month"], unique=False)
    run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})
    # Existing events: every month they cover is built on the first read.
    op.execute(
        "INSERT INTO timeline_dirty(month) "
        "SELECT DISTINCT month FROM events WHERE month IS NOT NULL"
    )


def downgrade() -> None:
    run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
    with op.batch_alter_table("timeline_dirty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_dirty_month"))
    op.drop_table("timeline_dirty")
    with op.batch_alter_table("timeline_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_counts_month_type")
    op.drop_table("timeline_counts")

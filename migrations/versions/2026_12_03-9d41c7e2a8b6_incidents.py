"""incidents: one row per real-world happening, every event a report of one

- `incidents` (type, actor, place, date, casualties, reports, counted/reviewed flags, state);
- `events.incident_id` and `events.incident_pinned` (an editor's decision);
- `incident_dirty`: incidents whose attributes a change to `events` or `articles` touched,
  listed by triggers and emptied by app/incidents/upkeep.py before the change commits;
- triggers on `incidents` that list their months (old and new) in `timeline_dirty`, since the
  timeline rollups now count incidents (app/timeline/rollup.py).

Existing events keep `incident_id` NULL here: `python -m app db upgrade` resolves them right
after migrating (app/db/migrate.py), with the same code that resolves new uploads. Every month is
marked for the rollups to be rebuilt from incidents.

On SQLite the foreign key needs a copy of `events`; the timeline triggers of migration
5c1d0e7a9b42 are dropped around it and created again (both ways).

Revision ID: 9d41c7e2a8b6
Revises: c4e2a9b7d315
Create Date: 2026-12-03 08:00:00

"""
from collections.abc import Sequence
from typing import Any

from alembic import op
import sqlalchemy as sa


revision: str = "9d41c7e2a8b6"
down_revision: str | Sequence[str] | None = "c4e2a9b7d315"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TYPES = "'threat','attack','us_strike','ceasefire','withdrawal_demand','talks'"
STATES = "'automatic','ambiguous','edited'"
# The event columns an incident's attributes are resolved from.
EVENT_COLUMNS = (
    "type, actor, target, date, date_precision, location, killed, injured, claimed_by, "
    "attributed_by, review_state, confidence, incident_id, article_id"
)
INCIDENT_COLUMNS = "type, month, date, actor, location, counted, reviewed"


def sqlite_incident(value: str) -> str:
    return (
        f"INSERT INTO incident_dirty(incident_id) SELECT {value} WHERE {value} IS NOT NULL;"
    )


def sqlite_month(month: str) -> str:
    return (
        f"INSERT INTO timeline_dirty(month) SELECT {month} WHERE {month} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM timeline_dirty WHERE month = {month});"
    )


SQLITE_UP = [
    f"""CREATE TRIGGER incident_event_insert AFTER INSERT ON events BEGIN
        {sqlite_incident("NEW.incident_id")}
    END""",
    f"""CREATE TRIGGER incident_event_delete AFTER DELETE ON events BEGIN
        {sqlite_incident("OLD.incident_id")}
    END""",
    f"""CREATE TRIGGER incident_event_update AFTER UPDATE OF {EVENT_COLUMNS} ON events BEGIN
        {sqlite_incident("OLD.incident_id")}
        {sqlite_incident("NEW.incident_id")}
    END""",
    """CREATE TRIGGER incident_article_duplicate AFTER UPDATE OF duplicate_of_id, outlet
    ON articles BEGIN
        INSERT INTO incident_dirty(incident_id)
        SELECT DISTINCT incident_id FROM events
        WHERE article_id = NEW.id AND incident_id IS NOT NULL;
    END""",
    f"""CREATE TRIGGER timeline_incident_insert AFTER INSERT ON incidents BEGIN
        {sqlite_month("NEW.month")}
    END""",
    f"""CREATE TRIGGER timeline_incident_delete AFTER DELETE ON incidents BEGIN
        {sqlite_month("OLD.month")}
    END""",
    f"""CREATE TRIGGER timeline_incident_update AFTER UPDATE OF {INCIDENT_COLUMNS}
    ON incidents BEGIN
        {sqlite_month("OLD.month")}
        {sqlite_month("NEW.month")}
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS timeline_incident_update",
    "DROP TRIGGER IF EXISTS timeline_incident_delete",
    "DROP TRIGGER IF EXISTS timeline_incident_insert",
    "DROP TRIGGER IF EXISTS incident_article_duplicate",
    "DROP TRIGGER IF EXISTS incident_event_update",
    "DROP TRIGGER IF EXISTS incident_event_delete",
    "DROP TRIGGER IF EXISTS incident_event_insert",
]
POSTGRES_UP = [
    """CREATE FUNCTION incident_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.incident_id IS NOT NULL THEN
            INSERT INTO incident_dirty(incident_id) VALUES (OLD.incident_id);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.incident_id IS NOT NULL THEN
            INSERT INTO incident_dirty(incident_id) VALUES (NEW.incident_id);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER incident_event_change
    AFTER INSERT OR DELETE OR UPDATE OF {EVENT_COLUMNS} ON events
    FOR EACH ROW EXECUTE FUNCTION incident_mark_event()""",
    """CREATE FUNCTION incident_mark_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO incident_dirty(incident_id)
        SELECT DISTINCT incident_id FROM events
        WHERE article_id = NEW.id AND incident_id IS NOT NULL;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER incident_article_duplicate AFTER UPDATE OF duplicate_of_id, outlet
    ON articles FOR EACH ROW EXECUTE FUNCTION incident_mark_article()""",
    """CREATE FUNCTION timeline_mark_incident() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.month IS NOT NULL THEN
            INSERT INTO timeline_dirty(month) VALUES (OLD.month);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.month IS NOT NULL THEN
            INSERT INTO timeline_dirty(month) VALUES (NEW.month);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER timeline_incident_change
    AFTER INSERT OR DELETE OR UPDATE OF {INCIDENT_COLUMNS} ON incidents
    FOR EACH ROW EXECUTE FUNCTION timeline_mark_incident()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS timeline_incident_change ON incidents",
    "DROP FUNCTION IF EXISTS timeline_mark_incident()",
    "DROP TRIGGER IF EXISTS incident_article_duplicate ON articles",
    "DROP FUNCTION IF EXISTS incident_mark_article()",
    "DROP TRIGGER IF EXISTS incident_event_change ON events",
    "DROP FUNCTION IF EXISTS incident_mark_event()",
]


def timeline_migration() -> Any:
    """Migration 5c1d0e7a9b42, whose SQLite triggers a copy of `events` must drop and create."""
    import importlib.util
    from pathlib import Path

    path = next(Path(__file__).parent.glob("*5c1d0e7a9b42*.py"))
    spec = importlib.util.spec_from_file_location("timeline_rollup_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(statements: dict[str, list[str]]) -> None:
    bind = op.get_bind()
    for statement in statements.get(bind.dialect.name, []):
        op.execute(statement)


def create_incidents() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("month", sa.Date(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("killed", sa.Integer(), nullable=True),
        sa.Column("killed_max", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("injured_max", sa.Integer(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("outlets", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"type IN ({TYPES})", name=op.f("ck_incidents_type")),
        sa.CheckConstraint(
            f"review_state IN ({STATES})", name=op.f("ck_incidents_review_state")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index("ix_incidents_type_month", "incidents", ["type", "month"])
    op.create_index("ix_incidents_month_type", "incidents", ["month", "type"])
    op.create_table(
        "incident_dirty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_dirty")),
    )
    op.create_index(op.f("ix_incident_dirty_incident_id"), "incident_dirty", ["incident_id"])


def add_event_columns() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A copy of `events` with the new foreign key: the timeline triggers, which name
        # `events`, are dropped around it and created again.
        timeline = timeline_migration()
        for statement in timeline.SQLITE_DOWN:
            op.execute(statement)
        with op.batch_alter_table("events", recreate="always") as batch_op:
            batch_op.add_column(sa.Column("incident_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                op.f("fk_events_incident_id_incidents"),
                "incidents",
                ["incident_id"],
                ["id"],
                ondelete="SET NULL",
            )
        for statement in timeline.SQLITE_UP:
            op.execute(statement)
    else:
        op.add_column("events", sa.Column("incident_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_events_incident_id_incidents"),
            "events",
            "incidents",
            ["incident_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.add_column(
        "events",
        sa.Column("incident_pinned", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index(op.f("ix_events_incident_id"), "events", ["incident_id"])


def upgrade() -> None:
    create_incidents()
    add_event_columns()
    run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})
    # The rollups count incidents from now on: every month is rebuilt on the first read.
    op.execute(
        "INSERT INTO timeline_dirty(month) "
        "SELECT DISTINCT month FROM events WHERE month IS NOT NULL"
    )


def downgrade() -> None:
    run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
    op.drop_index(op.f("ix_events_incident_id"), table_name="events")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite 3.35+ drops a column in place, but not one a foreign key is declared on.
        timeline = timeline_migration()
        for statement in timeline.SQLITE_DOWN:
            op.execute(statement)
        with op.batch_alter_table("events", recreate="always") as batch_op:
            batch_op.drop_column("incident_pinned")
            batch_op.drop_column("incident_id")
        for statement in timeline.SQLITE_UP:
            op.execute(statement)
    else:
        op.drop_constraint(op.f("fk_events_incident_id_incidents"), "events", type_="foreignkey")
        op.drop_column("events", "incident_pinned")
        op.drop_column("events", "incident_id")
    op.drop_index(op.f("ix_incident_dirty_incident_id"), table_name="incident_dirty")
    op.drop_table("incident_dirty")
    op.drop_index("ix_incidents_month_type", table_name="incidents")
    op.drop_index("ix_incidents_type_month", table_name="incidents")
    op.drop_table("incidents")
    op.execute(
        "INSERT INTO timeline_dirty(month) "
        "SELECT DISTINCT month FROM events WHERE month IS NOT NULL"
    )

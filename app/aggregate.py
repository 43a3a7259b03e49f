"""Read queries, SQL first: counts and timelines are computed by the database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Actor, Article, AuditLog, Event, TroopLevel, User

COUNTED_TABLES = {
    "articles": Article,
    "events": Event,
    "troop_levels": TroopLevel,
    "actors": Actor,
    "users": User,
    "audit_log": AuditLog,
}


def table_counts(*, session: Session) -> dict[str, int]:
    """Rows per table, in one round trip."""
    columns = [
        select(func.count()).select_from(model).scalar_subquery().label(name)
        for name, model in COUNTED_TABLES.items()
    ]
    row = session.execute(select(*columns)).one()
    return dict(row._mapping)

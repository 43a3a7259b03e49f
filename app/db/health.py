"""The health check: is the database reachable, and migrated to the code's head revision?"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.db import migrate
from app.schemas import HealthRead


def describe_database(engine: Engine) -> str:
    """The database in use, without its password (for pages and /healthz)."""
    return engine.url.render_as_string(hide_password=True)


def without_location(result: HealthRead, engine: Engine) -> HealthRead:
    """The health check for anyone: the kind of database, not where it is."""
    detail = result.detail
    if detail and detail.startswith("database file "):
        detail = "the database file does not exist: run `python -m app db upgrade`"
    return result.model_copy(update={"database": engine.dialect.name, "detail": detail})


def check_health(*, engine: Engine) -> HealthRead:
    database = describe_database(engine)
    head = migrate.head_revision()
    missing = migrate.sqlite_file_missing(str(engine.url))
    if missing is not None:
        return HealthRead(
            status="error",
            database=database,
            head=head,
            detail=f"database file {missing} does not exist: run `python -m app db upgrade`",
        )
    try:
        revision = migrate.current_revision(engine)
    except SQLAlchemyError as exc:
        return HealthRead(
            status="error",
            database=database,
            head=head,
            detail=f"database unreachable: {exc.__class__.__name__}",
        )
    if revision != head:
        return HealthRead(
            status="error",
            database=database,
            revision=revision,
            head=head,
            detail="database is not migrated to the current schema: run `python -m app db upgrade`",
        )
    return HealthRead(status="ok", database=database, revision=revision, head=head)

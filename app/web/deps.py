"""FastAPI dependencies: the per-request database session, the settings, the event filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.db.engine import get_engine, get_session
from app.filters import EventFilters

SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
# The dashboard's and the timeline API's filters, read from the query string.
Filters = Annotated[EventFilters, Query()]


def get_db_engine() -> Engine:
    """The engine of the configured database (overridable in tests)."""
    return get_engine()


EngineDep = Annotated[Engine, Depends(get_db_engine)]

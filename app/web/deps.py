"""FastAPI dependencies: the per-request database session and the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.db import get_engine, get_session

SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db_engine() -> Engine:
    """The engine of the configured database (overridable in tests)."""
    return get_engine()


EngineDep = Annotated[Engine, Depends(get_db_engine)]

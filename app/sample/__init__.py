"""The bundled sample corpus (its reports and manifest.csv live beside this file), stored under
one outlet so that it can be told apart and removed (`python -m app sample`, app/cli/sample.py)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Article

SAMPLE_OUTLET = "Sample data (tracker project)"


def count_sample(*, session: Session) -> int:
    """How many sample articles are stored (the dashboard says when it shows the sample)."""
    stmt = select(func.count()).select_from(Article).where(Article.outlet == SAMPLE_OUTLET)
    return int(session.scalar(stmt) or 0)

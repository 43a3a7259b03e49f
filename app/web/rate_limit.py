"""The sign-in limit: five failures a minute per client address and per email.

Failures are rows of `sign_in_failures`, so every app process sharing the database shares
the limit (N processes do not allow N times the guesses). Rows older than the window are
deleted as new failures are recorded.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.engine import write_transaction
from app.models import SignInFailure


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class SignInLimit:
    limit: int = 5
    window: dt.timedelta = dt.timedelta(seconds=60)

    def retry_after(self, session: Session, *keys: str) -> int:
        """Seconds to wait when any key has `limit` failures in the window, else 0."""
        now = utcnow()
        query = (
            select(func.count(), func.min(SignInFailure.at))
            .where(SignInFailure.key.in_(keys), SignInFailure.at > now - self.window)
            .group_by(SignInFailure.key)
        )
        waits = [
            (oldest + self.window - now).total_seconds()
            for count, oldest in session.execute(query)
            if count >= self.limit
        ]
        return max(1, math.ceil(max(waits))) if waits else 0

    def record_failure(self, session: Session, *keys: str) -> None:
        """Count a failure against each key (and forget failures past the window); commits."""
        now = utcnow()
        with write_transaction(session):
            session.execute(delete(SignInFailure).where(SignInFailure.at <= now - self.window))
            session.add_all(SignInFailure(key=key, at=now) for key in keys)

    def forget(self, session: Session, *keys: str) -> None:
        """A successful sign-in clears its email's failures; commits."""
        with write_transaction(session):
            session.execute(delete(SignInFailure).where(SignInFailure.key.in_(keys)))


SIGN_IN_LIMIT = SignInLimit()

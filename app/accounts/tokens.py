"""API tokens for scripts: created for a user, only their hash stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.accounts.passwords import hash_api_token, new_api_token
from app.db.engine import end_read, write_transaction
from app.models import ApiToken, User, utcnow


def create_token(*, session: Session, user: User, name: str | None = None) -> str:
    """A new token for `user`; the plain token is returned once and never stored."""
    token = new_api_token()
    session.add(ApiToken(user=user, token_hash=hash_api_token(token), name=name))
    session.flush()
    return token


# How stale `last_used_at` may get: recording every use would take the write lock on every
# request a script makes.
TOUCH_EVERY = dt.timedelta(minutes=5)


def user_for_token(*, session: Session, token: str) -> User | None:
    """The active user the token belongs to (read only; `note_use` records the use)."""
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_api_token(token))
    ).first()
    if row is None or not row.user.is_active:
        return None
    note_use(session, row)
    return row.user


def note_use(session: Session, row: ApiToken) -> None:
    """Record when the token was last used, at most every `TOUCH_EVERY`; best effort (a
    busy database never fails the request). Ends the session's read transaction."""
    now = utcnow()
    end_read(session)
    if row.last_used_at is not None and now - row.last_used_at < TOUCH_EVERY:
        return
    try:
        with write_transaction(session):
            session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    except OperationalError:
        return

"""API tokens for scripts: created for a user, only their hash stored."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiToken, User, utcnow
from app.security import hash_api_token, new_api_token


def create_token(*, session: Session, user: User, name: str | None = None) -> str:
    """A new token for `user`; the plain token is returned once and never stored."""
    token = new_api_token()
    session.add(ApiToken(user=user, token_hash=hash_api_token(token), name=name))
    session.flush()
    return token


def user_for_token(*, session: Session, token: str) -> User | None:
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_api_token(token))
    ).first()
    if row is None or not row.user.is_active:
        return None
    row.last_used_at = utcnow()
    return row.user

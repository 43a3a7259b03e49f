"""Managing accounts from the admin page: create, change role, deactivate; each change is
recorded in `audit_log` (entity "user", no article). An admin cannot lock themself out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.users import UserError, create_user
from app.models import AuditLog, User
from app.vocabulary import ROLES


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def user_snapshot(user: User) -> dict[str, Any]:
    return {"email": user.email, "role": user.role, "is_active": user.is_active}


def _record(session: Session, admin: User, user: User, action: str, before: Any) -> AuditLog:
    entry = AuditLog(
        user_id=admin.id,
        action=action,
        entity="user",
        entity_id=user.id,
        before=before,
        after=user_snapshot(user),
    )
    session.add(entry)
    session.flush()
    return entry


def add_user(*, session: Session, admin: User, email: str, password: str, role: str) -> AuditLog:
    user = create_user(session=session, email=email, password=password, role=role)
    return _record(session, admin, user, "create", None)


def change_user(
    *, session: Session, admin: User, user: User, role: str, is_active: bool
) -> AuditLog | None:
    """Set a user's role and active flag; None when nothing changed."""
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if user.id == admin.id and (role != "admin" or not is_active):
        raise UserError("you cannot take away your own admin rights or deactivate yourself")
    before = user_snapshot(user)
    if user.is_active and not is_active:
        user.session_version += 1  # a deactivated account's sessions end now
    user.role, user.is_active = role, is_active
    if user_snapshot(user) == before:
        return None
    return _record(session, admin, user, "update", before)

"""User accounts: creation and lookup (the only place that hashes passwords)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from app.models import User
from app.vocabulary import ROLES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# name@domain.tld without spaces, markup, quotes or control characters (a lone "@" or
# "<b>@x" is not an address).
_ATOM = r"[^@\s<>\"'`()\[\],;:\\\x00-\x1f]+"
EMAIL_SHAPE = re.compile(rf"{_ATOM}@{_ATOM}\.[a-z0-9-]{{2,}}")
# Verified against when no account has the email: failing takes as long either way, so
# accounts cannot be found by timing sign-in.
DUMMY_HASH = hash_password("no account has this password")


class UserError(ValueError):
    """A request about users that cannot be carried out; the message is for a person."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """app/data/common_passwords.txt: refused whatever their length."""
    text = (DATA_DIR / "common_passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_password(password: str) -> None:
    """UserError unless the password has `MIN_PASSWORD_LENGTH` characters besides spaces
    and is not one of the common ones."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip().lower() in common_passwords():
        raise UserError("this password is one of the most common ones: choose another")


def normalise_email(email: str) -> str:
    """The one form of an email that sign-in, creation and the sign-in limit use: NFKC
    (full-width look-alikes become their ASCII letters), no surrounding space, lower case."""
    return unicodedata.normalize("NFKC", email).strip().lower()


def create_user(*, session: Session, email: str, password: str, role: str = "viewer") -> User:
    email = normalise_email(email)
    if not EMAIL_SHAPE.fullmatch(email) or len(email) > 320:
        raise UserError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    check_password(password)
    if get_user_by_email(session=session, email=email) is not None:
        raise UserError(f"a user {email} already exists")
    user = User(email=email, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def get_user_by_email(*, session: Session, email: str) -> User | None:
    stmt = select(User).where(func.lower(User.email) == normalise_email(email))
    return session.scalars(stmt).first()


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    user = get_user_by_email(session=session, email=email)
    if user is None:
        verify_password(DUMMY_HASH, password)  # as slow as a wrong password for an account
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    return user

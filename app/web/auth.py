"""Who is asking: session-cookie sign-in, bearer tokens, roles and CSRF.

- Browsers sign in at /login; the user id lives in the signed session cookie
  (HttpOnly, SameSite=Lax, Secure when served over HTTPS).
- Scripts send `Authorization: Bearer <token>`; such requests carry no cookie, so they
  need no CSRF token.
- Every form that changes data posts a `csrf_token` field (or an `X-CSRF-Token` header)
  equal to the one kept in the session.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.accounts import tokens
from app.config import get_settings
from app.db.engine import end_read, get_session, write_transaction
from app.models import User

ROLE_RANK = {"viewer": 0, "editor": 1, "admin": 2}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SignInRequired(Exception):
    """An anonymous visitor asked for something that needs an account."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def get_current_user(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> User | None:
    token = bearer_token(request)
    if token is not None:
        user = tokens.user_for_token(session=session, token=token)
        if user is None:
            raise HTTPException(status_code=401, detail="the API token is not valid")
        end_read(session)
        request.state.via_token = True
        request.state.user = user
        return user
    user_id = request.session.get("user_id")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is not None and request.session.get("session_version") != user.session_version:
        request.session.clear()  # signed out, deactivated or password changed since
        user = None
    user = user if user is not None and user.is_active else None
    end_read(session)  # the request's work does not run inside this look-up's transaction
    request.state.user = user
    return user


CurrentUser = Annotated[User | None, Depends(get_current_user)]


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith(
        "/api/"
    )


def deny_anonymous(request: Request) -> None:
    if wants_html(request):
        raise SignInRequired(str(request.url.path))
    raise HTTPException(
        status_code=401,
        detail="sign in or send an API token",
        headers={"WWW-Authenticate": "Bearer"},
    )


def require_role(role: str) -> Callable[[Request, User | None], User]:
    """A dependency: the signed-in user, with at least `role` (401/redirect, else 403)."""

    def dependency(request: Request, user: CurrentUser) -> User:
        if user is None:
            deny_anonymous(request)
        assert user is not None
        if ROLE_RANK[user.role] < ROLE_RANK[role]:
            raise HTTPException(status_code=403, detail=f"this needs the {role} role")
        return user

    return dependency


def require_reader(request: Request, user: CurrentUser) -> User | None:
    """Browsing: anyone when anonymous browsing is on, else a signed-in user."""
    if user is None and not get_settings().anonymous_browse:
        deny_anonymous(request)
    return user


Editor = Annotated[User, Depends(require_role("editor"))]
Admin = Annotated[User, Depends(require_role("admin"))]
Reader = Annotated[User | None, Depends(require_reader)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request from a browser session without the right token."""
    if getattr(request.state, "via_token", False) or bearer_token(request):
        return
    expected = request.session.get(CSRF_FIELD)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise HTTPException(
            status_code=403,
            detail="the form has expired or did not come from this site: reload it and try again",
        )


CsrfChecked = Depends(verify_csrf)


def sign_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["session_version"] = user.session_version
    csrf_token(request)


def sign_out(request: Request, session: Session) -> None:
    """End this session and every copy of its cookie (the user's other sessions too)."""
    user = getattr(request.state, "user", None)
    if isinstance(user, User) and not getattr(request.state, "via_token", False):
        with write_transaction(session):
            session.execute(
                update(User)
                .where(User.id == user.id)
                .values(session_version=User.session_version + 1)
            )
    request.session.clear()

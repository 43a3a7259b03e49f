"""/admin/users: admins list accounts, create them, change roles and deactivate them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import RedirectResponse

from app.accounts import admin as user_admin
from app.accounts.users import UserError
from app.db.engine import begin_write
from app.models import User
from app.vocabulary import ROLES
from app.web.auth import Admin, CsrfChecked
from app.web.deps import SessionDep
from app.web.navigation import flash, pop_flashes
from app.web.templating import templates

router = APIRouter(tags=["admin"], include_in_schema=False)
Csrf = Annotated[None, CsrfChecked]
Role = Literal["viewer", "editor", "admin"]


def page(request: Request, session: SessionDep, admin: User, error: str | None = None) -> Response:
    context = {
        "users": user_admin.list_users(session=session),
        "roles": ROLES,
        "me": admin,
        "error": error,
        "flashes": pop_flashes(request),
    }
    return templates.TemplateResponse(
        request, "admin_users.html", context, status_code=422 if error else 200
    )


@router.get("/admin/users", name="admin_users", response_model=None)
def users_page(request: Request, admin: Admin, session: SessionDep) -> Response:
    return page(request, session, admin)


@router.post("/admin/users", name="admin_add_user", response_model=None)
def add_user(
    request: Request,
    admin: Admin,
    _csrf: Csrf,
    session: SessionDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[Role, Form()] = "viewer",
) -> Response:
    begin_write(session)
    try:
        user_admin.add_user(session=session, admin=admin, email=email, password=password, role=role)
    except UserError as exc:  # raised before anything changed
        return page(request, session, admin, error=str(exc))
    session.commit()
    flash(request, f"Created {role} {email.strip().lower()}.")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}", name="admin_change_user", response_model=None)
def change_user(
    request: Request,
    admin: Admin,
    _csrf: Csrf,
    session: SessionDep,
    user_id: int,
    role: Annotated[Role, Form()],
    is_active: Annotated[bool, Form()] = False,
) -> Response:
    begin_write(session)
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="no user with this id")
    try:
        entry = user_admin.change_user(
            session=session, admin=admin, user=user, role=role, is_active=is_active
        )
    except UserError as exc:  # raised before anything changed
        return page(request, session, admin, error=str(exc))
    session.commit()
    flash(request, f"Saved {user.email}." if entry else f"Nothing changed for {user.email}.")
    return RedirectResponse("/admin/users", status_code=303)

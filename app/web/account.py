"""Sign-in and sign-out pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.accounts.users import authenticate, normalise_email
from app.web.auth import CsrfChecked, CurrentUser, sign_in, sign_out
from app.web.deps import SessionDep
from app.web.navigation import safe_next
from app.web.rate_limit import SIGN_IN_LIMIT
from app.web.templating import templates

router = APIRouter()


@router.get("/login", response_class=HTMLResponse, name="login")
def login_form(request: Request, user: CurrentUser, next: str | None = None) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "login.html", {"next": safe_next(next), "error": None, "signed_in": user}
    )


@router.post("/login", response_model=None, dependencies=[CsrfChecked])
def login_submit(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str | None, Form()] = None,
) -> HTMLResponse | RedirectResponse:
    # The client address as uvicorn reports it: X-Forwarded-For counts only from the
    # proxies of TRACKER_FORWARDED_ALLOW_IPS. The email as sign-in itself reads it.
    client = request.client.host if request.client else "-"
    keys = (f"ip:{client}", f"email:{normalise_email(email)}")
    wait = SIGN_IN_LIMIT.retry_after(session, *keys)
    if wait:
        error = f"Too many sign-in attempts. Try again in {wait} seconds."
        context = {"next": safe_next(next), "error": error, "signed_in": None}
        return templates.TemplateResponse(
            request, "login.html", context, status_code=429, headers={"Retry-After": str(wait)}
        )
    user = authenticate(session=session, email=email, password=password)
    if user is None:
        SIGN_IN_LIMIT.record_failure(session, *keys)
        context = {"next": safe_next(next), "error": "Wrong email or password.", "signed_in": None}
        return templates.TemplateResponse(request, "login.html", context, status_code=401)
    SIGN_IN_LIMIT.forget(session, keys[1])
    sign_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, session: SessionDep, _user: CurrentUser) -> RedirectResponse:
    sign_out(request, session)
    return RedirectResponse("/", status_code=303)

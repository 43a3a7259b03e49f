"""Editors' corrections of incidents: merge two, move a report to another, split one out,
keep one as it is. Thin routes over app/incidents/editing.py.

Every route needs an editor and a CSRF token (bearer-token scripts are exempt, as
everywhere). A browser goes back to the incident with a message; a JSON client gets the
audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from app import review
from app.db.engine import begin_write
from app.incidents import editing
from app.models import AuditLog
from app.review.actions import Reason
from app.web.auth import CsrfChecked, Editor
from app.web.deps import SessionDep
from app.web.formats import json_response, negotiate
from app.web.navigation import flash

router = APIRouter(tags=["incidents"])

Csrf = Annotated[None, CsrfChecked]


class ReasonForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: Reason = None


class MergeForm(ReasonForm):
    other: int = Field(ge=1, description="the incident whose reports join this one")


class MoveForm(ReasonForm):
    incident: int = Field(ge=1, description="the incident the event becomes a report of")


def answer(request: Request, entry: AuditLog, message: str) -> Response:
    if negotiate(request, None, ("html", "json")) == "json":
        return json_response(review.audit_entry_read(entry))
    flash(request, message)
    return RedirectResponse(f"/incidents/{entry.entity_id}", status_code=303)


def carry_out(
    request: Request, session: Session, change: Callable[[], AuditLog], message: str
) -> Response:
    """Make the change in one write transaction and answer; a refused change writes nothing."""
    begin_write(session)
    try:
        entry = change()
    except editing.EditError as exc:
        session.rollback()
        raise refused(exc) from exc
    session.commit()
    return answer(request, entry, message)


def refused(exc: editing.EditError) -> HTTPException:
    status = 404 if str(exc).startswith("there is no") else 422
    return HTTPException(status_code=status, detail=str(exc))


@router.post("/incidents/{incident_id}/merge", name="merge_incidents", response_model=None)
def merge_incidents(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    incident_id: int,
    form: Annotated[MergeForm, Form()],
) -> Response:
    """Make incident `other` and this one a single happening."""
    return carry_out(
        request,
        session,
        lambda: editing.merge(
            session, into=incident_id, other=form.other, user=user, reason=form.reason
        ),
        f"Merged incident {form.other} into this one.",
    )


@router.post("/incidents/{incident_id}/keep", name="keep_incident", response_model=None)
def keep_incident(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    incident_id: int,
    form: Annotated[ReasonForm, Form()],
) -> Response:
    """Confirm the incident as one happening (one held as ambiguous then counts)."""
    return carry_out(
        request,
        session,
        lambda: editing.keep(session, incident_id=incident_id, user=user, reason=form.reason),
        "Kept as one happening.",
    )


@router.post("/events/{event_id}/incident", name="move_event", response_model=None)
def move_event(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    event_id: int,
    form: Annotated[MoveForm, Form()],
) -> Response:
    """Make the event a report of another incident."""
    return carry_out(
        request,
        session,
        lambda: editing.move(
            session, event_id=event_id, to=form.incident, user=user, reason=form.reason
        ),
        f"Moved the report to incident {form.incident}.",
    )


@router.post("/events/{event_id}/split", name="split_event", response_model=None)
def split_event(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    event_id: int,
    form: Annotated[ReasonForm, Form()],
) -> Response:
    """Make the event the one report of a new incident."""
    return carry_out(
        request,
        session,
        lambda: editing.split(session, event_id=event_id, user=user, reason=form.reason),
        "Split the report out into an incident of its own.",
    )

"""Review routes: the queue, accept/correct/reject forms, adding a missed event, history.

Every write route needs an editor (anonymous: sign-in redirect or 401; viewer: 403) and a
CSRF token (bearer-token scripts are exempt, as everywhere). A browser is sent back to
where it came from with a message; a client asking for JSON gets the audit entry.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from app import review
from app.browse.incidents import held_count
from app.db.engine import begin_write
from app.filters import BlankIsNone, OptionalDate, OptionalText
from app.models import Article, AuditLog, Event, TroopLevel, User
from app.review.actions import Action, OptionalCount, Reason
from app.schemas import (
    AuditEntryList,
    AuditEntryRead,
    DatePrecision,
    EventType,
    FigureType,
    Qualifier,
    ReviewItemRead,
)
from app.web.auth import CsrfChecked, Editor, Reader
from app.web.deps import SessionDep
from app.web.formats import (
    FormatParam,
    csv_response,
    json_response,
    listing_csv,
    negotiate,
    page_links,
)
from app.web.navigation import flash, pop_flashes, safe_next
from app.web.templating import templates

router = APIRouter(tags=["review"])

Csrf = Annotated[None, CsrfChecked]


class ReviewForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action: Action
    reason: Reason = None
    next: OptionalText = None


class EventReviewForm(ReviewForm):
    """accept / reject need only `action`; correct sends the event's fields."""

    type: Annotated[EventType | None, BlankIsNone] = None
    actor: OptionalText = None
    target: OptionalText = None
    date: OptionalDate = None
    date_precision: Annotated[DatePrecision | None, BlankIsNone] = None
    location: OptionalText = None
    killed: OptionalCount = None
    injured: OptionalCount = None


class TroopLevelReviewForm(ReviewForm):
    country: OptionalText = None
    location: OptionalText = None
    count: OptionalCount = None
    qualifier: Annotated[Qualifier | None, BlankIsNone] = None
    as_of: OptionalDate = None
    figure_type: Annotated[FigureType | None, BlankIsNone] = None


class NewEventForm(review.NewEvent):
    reason: Reason = None
    next: OptionalText = None


def done(request: Request, entry: AuditLog, next_url: str | None, fallback: str) -> Response:
    """JSON clients get the audit entry; browsers go back with a message."""
    if negotiate(request, None, ("html", "json")) == "json":
        return json_response(review.audit_entry_read(entry))
    flash(request, f"Saved: {entry.action} {entry.entity.replace('_', ' ')} {entry.entity_id}.")
    target = safe_next(next_url) if next_url else fallback
    return RedirectResponse(target, status_code=303)


def values_of(form: ReviewForm, model: type[BaseModel]) -> Any:
    if form.action != "correct":
        return None
    try:
        return model.model_validate(form.model_dump())
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"the correction is incomplete: {exc}") from exc


def review_item(
    request: Request,
    session: Session,
    user: User,
    item: Event | TroopLevel,
    form: EventReviewForm | TroopLevelReviewForm,
    anchor: str,
) -> Response:
    """Apply the form's decision to an event or troop level, commit, answer."""
    model = review.EventValues if isinstance(item, Event) else review.TroopLevelValues
    values = values_of(form, model)
    entry = review.review(
        session, item=item, user=user, action=form.action, values=values, reason=form.reason
    )
    session.commit()
    return done(request, entry, form.next, f"/articles/{item.article_id}#{anchor}-{item.id}")


@router.post("/events/{event_id}/review", name="review_event", response_model=None)
def review_event(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    event_id: int,
    form: Annotated[EventReviewForm, Form()],
) -> Response:
    """Accept, correct or reject an event (form fields as on the article page)."""
    begin_write(session)
    event = session.get(Event, event_id)
    if event is None:
        raise HTTPException(status_code=404, detail="no event with this id")
    return review_item(request, session, user, event, form, "event")


@router.post("/troop-levels/{level_id}/review", name="review_troop_level", response_model=None)
def review_troop_level(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    level_id: int,
    form: Annotated[TroopLevelReviewForm, Form()],
) -> Response:
    """Accept, correct or reject a troop level."""
    begin_write(session)
    level = session.get(TroopLevel, level_id)
    if level is None:
        raise HTTPException(status_code=404, detail="no troop level with this id")
    return review_item(request, session, user, level, form, "troop")


@router.post("/articles/{article_id}/events", name="add_event", response_model=None)
def add_event(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    article_id: int,
    form: Annotated[NewEventForm, Form()],
) -> Response:
    """Add an event the machine missed; `start`/`end`/`evidence` are the selected sentence."""
    begin_write(session)
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="no article with this id")
    try:
        entry = review.add_event(session, article=article, user=user, new=form, reason=form.reason)
    except review.ReviewError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    session.commit()
    return done(request, entry, form.next, f"/articles/{article.id}#event-{entry.entity_id}")


class RevertForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: Reason = None


@router.post("/audit/{entry_id}/revert", name="revert_change", response_model=None)
def revert_change(
    request: Request,
    user: Editor,
    _csrf: Csrf,
    session: SessionDep,
    entry_id: int,
    form: Annotated[RevertForm, Form()],
) -> Response:
    """Undo a review decision (accept, correct, reject): the item's earlier values return."""
    begin_write(session)
    entry = session.get(AuditLog, entry_id)
    if entry is None:
        raise HTTPException(status_code=404, detail="no change with this id")
    try:
        undone = review.revert(session, entry=entry, user=user, reason=form.reason)
    except review.ReviewError as exc:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    session.commit()
    anchor = "event" if undone.entity == "event" else "troop"
    return done(request, undone, None, f"/articles/{undone.article_id}#{anchor}-{undone.entity_id}")


@router.get("/review", name="review_queue", response_model=None)
def review_queue_page(
    request: Request,
    user: Editor,
    session: SessionDep,
    query: Annotated[review.QueueQuery, Query()],
    format: FormatParam = None,
) -> Response:
    """Unreviewed events and troop levels, lowest confidence first."""
    fmt = negotiate(request, format, ("html", "json", "csv"))
    queue = review.review_queue(session=session, query=query, everything=fmt == "csv")
    if fmt == "json":
        return json_response(queue.page)
    if fmt == "csv":
        return listing_csv(queue.page.rows, ReviewItemRead, "review-queue")
    context = {
        "queue": queue,
        "page": queue.page,
        "query": query,
        "choices": review.editable_choices(session),
        "links": page_links(request, queue.page.page, queue.page.pages, ("json", "csv")),
        "held_incidents": held_count(session),
        "flashes": pop_flashes(request),
        "user": user,
    }
    return templates.TemplateResponse(request, "review.html", context)


@router.get("/articles/{article_id}/history", name="article_history", response_model=None)
def history_page(
    request: Request,
    reader: Reader,
    session: SessionDep,
    article_id: int,
    format: FormatParam = None,
) -> Response:
    """Every change made to the article's items: who, when, before and after, why."""
    fmt = negotiate(request, format, ("html", "json", "csv"))
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="no article with this id")
    entries = review.article_history(session=session, article_id=article_id)
    if fmt == "json":
        return json_response(AuditEntryList(rows=entries))
    if fmt == "csv":
        rows = [e.model_dump() for e in entries]
        columns = [c for c in AuditEntryRead.model_fields if c != "changes"]
        return csv_response(rows, columns, f"article-{article_id}-history")
    context = {"article": article, "entries": entries, "can_edit": review.is_editor(reader)}
    return templates.TemplateResponse(request, "history.html", context)

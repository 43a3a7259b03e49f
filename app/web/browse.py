"""Browse pages (/articles, /events, /troop-levels, /actors) and their JSON API under /api
(the incident pages are in app/web/incidents.py).

Each page calls one builder from app.browse; the same result is laid out as HTML or
rendered as JSON/CSV (app.web.formats), so every format shows the same rows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse

from app.browse import actors as actor_pages
from app.browse import articles as article_pages
from app.browse import events as event_pages
from app.browse import incidents as incident_pages
from app.browse.options import filter_options
from app.browse.queries import (
    ActorQuery,
    ArticleQuery,
    EventQuery,
    IncidentQuery,
    TroopLevelQuery,
)
from app.exports import ACLED_COLUMNS, acled_rows
from app.review import editable_choices, is_editor
from app.schemas import (
    ActorPage,
    ActorProfileRead,
    ActorRead,
    ArticlePage,
    ArticleRead,
    ArticleSummaryRead,
    EventPage,
    EventRead,
    TroopLevelPage,
    TroopLevelRead,
)
from app.web.auth import Reader
from app.web.deps import SessionDep
from app.web.formats import FormatParam, csv_response, json_response, negotiate
from app.web.links import actor_url
from app.web.listings import LISTING_FORMATS, Listing, listing_response
from app.web.navigation import pop_flashes
from app.web.templating import templates

router = APIRouter(tags=["pages"])
api_router = APIRouter(prefix="/api", tags=["browse"])

ArticleParams = Annotated[ArticleQuery, Query()]
EventParams = Annotated[EventQuery, Query()]
TroopLevelParams = Annotated[TroopLevelQuery, Query()]
ActorParams = Annotated[ActorQuery, Query()]
ARTICLES = Listing("articles.html", ArticleSummaryRead, "articles")
EVENTS = Listing("events.html", EventRead, "events")
TROOP_LEVELS = Listing("troop_levels.html", TroopLevelRead, "troop-levels")
ACTORS = Listing("actors.html", ActorRead, "actors")


# --- /articles ---------------------------------------------------------------------------


@router.get("/articles", name="articles", response_model=None)
def articles_page(
    request: Request,
    session: SessionDep,
    _reader: Reader,
    query: ArticleParams,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, LISTING_FORMATS)
    page = article_pages.list_articles(session=session, query=query, everything=fmt == "csv")
    return listing_response(
        request, fmt, page, ARTICLES, lambda: {"query": query, "options": filter_options(session)}
    )


@router.get("/articles/{article_id}", name="article", response_model=None)
def article_page(
    request: Request,
    session: SessionDep,
    reader: Reader,
    article_id: int,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, ("html", "json"))
    detail = article_pages.article_detail(session=session, article_id=article_id)
    if detail is None:
        raise HTTPException(status_code=404, detail="no article with this id")
    if fmt == "json":
        return json_response(detail.article)
    context = {
        "detail": detail,
        "article": detail.article,
        "can_edit": is_editor(reader),
        "choices": editable_choices(session),
        "flashes": pop_flashes(request),
    }
    return templates.TemplateResponse(request, "article.html", context)


# --- /events and /troop-levels ------------------------------------------------------------


@router.get("/events", name="events", response_model=None)
def events_page(
    request: Request,
    session: SessionDep,
    _reader: Reader,
    query: EventParams,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, (*LISTING_FORMATS, "acled"))
    if fmt == "acled":
        return events_acled(session, _reader, query)
    page = event_pages.list_events(session=session, query=query, everything=fmt == "csv")
    return listing_response(
        request,
        fmt,
        page,
        EVENTS,
        lambda: {
            "query": query,
            "options": filter_options(session),
            "formats": (*LISTING_FORMATS, "acled"),
        },
    )


@router.get("/events.acled.csv", name="events_acled", response_model=None)
def events_acled(session: SessionDep, _reader: Reader, query: EventParams) -> Response:
    """The counted incidents matching the filters in ACLED-like columns, one row each."""
    incidents = IncidentQuery(**query.model_dump(exclude={"sort"}))
    rows = incident_pages.incident_details(session=session, query=incidents)
    return csv_response(acled_rows(rows), ACLED_COLUMNS, "events-acled")


@router.get("/troop-levels", name="troop_levels", response_model=None)
def troop_levels_page(
    request: Request,
    session: SessionDep,
    _reader: Reader,
    query: TroopLevelParams,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, LISTING_FORMATS)
    page = event_pages.list_troop_levels(session=session, query=query, everything=fmt == "csv")
    return listing_response(
        request,
        fmt,
        page,
        TROOP_LEVELS,
        lambda: {"query": query, "options": filter_options(session)},
    )


# --- /actors -------------------------------------------------------------------------------


@router.get("/actors", name="actors", response_model=None)
def actors_page(
    request: Request,
    session: SessionDep,
    _reader: Reader,
    query: ActorParams,
    format: FormatParam = None,
) -> Response:
    fmt = negotiate(request, format, LISTING_FORMATS)
    page = actor_pages.list_actors(session=session, query=query, everything=fmt == "csv")
    return listing_response(request, fmt, page, ACTORS, lambda: {"query": query})


@router.get("/actors/{name:path}", name="actor", response_model=None)
def actor_page(
    request: Request, session: SessionDep, _reader: Reader, name: str, format: FormatParam = None
) -> Response:
    fmt = negotiate(request, format, ("html", "json"))
    profile = actor_pages.actor_profile(session=session, name=name)
    if profile is None:
        raise HTTPException(status_code=404, detail="no actor with this name or alias")
    if profile.name != name:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(actor_url(profile.name) + query, status_code=307)
    if fmt == "json":
        return json_response(profile)
    context = {"profile": profile, "table": actor_pages.month_table(profile.by_month)}
    return templates.TemplateResponse(request, "actor.html", context)


# --- JSON API ------------------------------------------------------------------------------


@api_router.get("/articles", response_model=ArticlePage)
def api_articles(session: SessionDep, _reader: Reader, query: ArticleParams) -> ArticlePage:
    """Articles: full-text search (`q`), filters, sorting and paging, as on /articles."""
    return article_pages.list_articles(session=session, query=query)


@api_router.get("/articles/{article_id}", response_model=ArticleRead)
def api_article(session: SessionDep, _reader: Reader, article_id: int) -> ArticleRead:
    """One article with its text, actors, events and troop levels."""
    detail = article_pages.article_detail(session=session, article_id=article_id)
    if detail is None:
        raise HTTPException(status_code=404, detail="no article with this id")
    return detail.article


@api_router.get("/events", response_model=EventPage)
def api_events(session: SessionDep, _reader: Reader, query: EventParams) -> EventPage:
    """Events matching the filters (rejected ones only when asked by review_state)."""
    return event_pages.list_events(session=session, query=query)


@api_router.get("/events/{event_id}", response_model=EventRead)
def api_event(session: SessionDep, _reader: Reader, event_id: int) -> EventRead:
    """One event (a permalink): its values, evidence, review state and incident."""
    found = event_pages.event_detail(session=session, event_id=event_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no event with this id")
    return found


@api_router.get("/troop-levels", response_model=TroopLevelPage)
def api_troop_levels(
    session: SessionDep, _reader: Reader, query: TroopLevelParams
) -> TroopLevelPage:
    """US troop levels; date filters apply to `as_of`."""
    return event_pages.list_troop_levels(session=session, query=query)


@api_router.get("/actors", response_model=ActorPage)
def api_actors(session: SessionDep, _reader: Reader, query: ActorParams) -> ActorPage:
    """Known actors with aliases and counted events."""
    return actor_pages.list_actors(session=session, query=query)


@api_router.get("/actors/{name:path}", response_model=ActorProfileRead)
def api_actor(session: SessionDep, _reader: Reader, name: str) -> ActorProfileRead:
    """One actor (by canonical name or alias): events per month and type, latest events."""
    profile = actor_pages.actor_profile(session=session, name=name)
    if profile is None:
        raise HTTPException(status_code=404, detail="no actor with this name or alias")
    return profile

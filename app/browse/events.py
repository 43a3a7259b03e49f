"""/events and /troop-levels: filtered, sorted, paged rows with the article they came from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from app.browse.queries import EventQuery, Paging, TroopLevelQuery
from app.filters import AnySelect, S, apply_event_filters, apply_troop_level_filters
from app.models import Article, Event, TroopLevel
from app.schemas import EventPage, EventRead, PageInfo, TroopLevelPage, TroopLevelRead

EVENT_FIELDS = tuple(
    name for name in EventRead.model_fields if name not in ("article_title", "outlet", "url")
)
TROOP_LEVEL_FIELDS = tuple(
    name for name in TroopLevelRead.model_fields if name not in ("article_title", "outlet", "url")
)


def evidence_url(kind: str, article_id: int, item_id: int) -> str:
    return f"/articles/{article_id}#{kind}-{item_id}"


def read_values(
    item: Event | TroopLevel, fields: Iterable[str], article: Article | None, kind: str
) -> dict[str, Any]:
    """An event's or troop level's fields with its article's title, outlet and address."""
    values: dict[str, Any] = {
        name: getattr(item, name) for name in fields if name != "evidence_url"
    }
    article = article or item.article
    return {
        **values,
        "article_title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "evidence_url": evidence_url(kind, item.article_id, item.id),
    }


def event_read(event: Event, article: Article | None = None) -> EventRead:
    return EventRead(**read_values(event, EVENT_FIELDS, article, "event"))


def troop_level_read(level: TroopLevel, article: Article | None = None) -> TroopLevelRead:
    return TroopLevelRead(**read_values(level, TROOP_LEVEL_FIELDS, article, "troop"))


def page_info(session: Session, stmt: AnySelect, paging: Paging, everything: bool) -> PageInfo:
    """Total rows of `stmt` and the page asked for (all rows in one page for exports)."""
    slim = stmt.with_only_columns(literal(1), maintain_column_froms=True).order_by(None)
    total = session.scalar(select(func.count()).select_from(slim.subquery())) or 0
    per_page = max(total, 1) if everything else paging.per_page
    pages = max(1, -(-total // per_page))
    return PageInfo(
        total=total, page=1 if everything else paging.page, per_page=per_page, pages=pages
    )


def paged(stmt: S, info: PageInfo) -> S:
    return stmt.offset((info.page - 1) * info.per_page).limit(info.per_page)


def event_order(sort: str | None) -> list[ColumnElement[Any]]:
    orders: dict[str, list[ColumnElement[Any]]] = {
        "newest": [Event.date.is_(None), Event.date.desc(), Event.id.desc()],
        "oldest": [Event.date.is_(None), Event.date.asc(), Event.id.asc()],
        "confidence": [Event.confidence.asc(), Event.id.asc()],
        "type": [Event.type.asc(), Event.date.desc(), Event.id.desc()],
    }
    return orders[sort or "newest"]


def list_events(*, session: Session, query: EventQuery, everything: bool = False) -> EventPage:
    """The events matching `query` (everything=True: all pages, for CSV exports)."""
    stmt = apply_event_filters(select(Event, Article).join(Article), query)
    info = page_info(session, stmt, query, everything)
    rows = session.execute(paged(stmt.order_by(*event_order(query.sort)), info)).all()
    return EventPage(**info.model_dump(), rows=[event_read(e, a) for e, a in rows])


def troop_level_order(sort: str | None) -> list[ColumnElement[Any]]:
    orders: dict[str, list[ColumnElement[Any]]] = {
        "newest": [TroopLevel.as_of.is_(None), TroopLevel.as_of.desc(), TroopLevel.id.desc()],
        "oldest": [TroopLevel.as_of.is_(None), TroopLevel.as_of.asc(), TroopLevel.id.asc()],
        "count": [TroopLevel.count.desc(), TroopLevel.id.desc()],
    }
    return orders[sort or "newest"]


def list_troop_levels(
    *, session: Session, query: TroopLevelQuery, everything: bool = False
) -> TroopLevelPage:
    stmt = apply_troop_level_filters(select(TroopLevel, Article).join(Article), query)
    info = page_info(session, stmt, query, everything)
    rows = session.execute(paged(stmt.order_by(*troop_level_order(query.sort)), info)).all()
    return TroopLevelPage(**info.model_dump(), rows=[troop_level_read(t, a) for t, a in rows])


def event_detail(*, session: Session, event_id: int) -> EventRead | None:
    """One event with its article (a permalink), rejected ones included."""
    event = session.get(Event, event_id)
    return None if event is None else event_read(event, event.article)

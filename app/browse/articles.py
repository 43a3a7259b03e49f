"""/articles (search, filters, sorting, paging) and /articles/{id} (text with its evidence)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import ColumnElement, func, or_, select, union
from sqlalchemy.orm import Session

from app import search
from app.browse.events import event_read, page_info, paged, troop_level_read
from app.browse.queries import ArticleQuery
from app.browse.spans import article_spans
from app.filters import AnySelect, EventFilters, apply_event_filters
from app.highlight import highlight
from app.models import Article, ArticleActor, Event, Incident, TroopLevel
from app.pipeline.sentences import split_sentences
from app.schemas import (
    ArticleActorRead,
    ArticlePage,
    ArticleRead,
    ArticleSummaryRead,
)

EXCERPT_CHARS = 240


def _count(model: type[Event] | type[TroopLevel], *where: ColumnElement[bool]) -> Any:
    return (
        select(func.count())
        .select_from(model)
        .where(model.article_id == Article.id, *where)
        .correlate(Article)
        .scalar_subquery()
    )


def summary_columns() -> list[Any]:
    """The columns of an article row: the article and counts of what was found in it."""
    return [
        Article.id,
        Article.title,
        Article.outlet,
        Article.url,
        Article.published,
        Article.published_source,
        Article.uploaded_at,
        Article.duplicate_of_id,
        _count(Event, Event.review_state != "rejected").label("event_count"),
        _count(TroopLevel, TroopLevel.review_state != "rejected").label("troop_level_count"),
        (
            _count(Event, Event.review_state == "unreviewed")
            + _count(TroopLevel, TroopLevel.review_state == "unreviewed")
        ).label("unreviewed_count"),
        func.substr(Article.text, 1, EXCERPT_CHARS).label("excerpt"),
    ]


def _item_filters(query: ArticleQuery) -> EventFilters | None:
    """Conditions on the article's events: an article matches when one of its events does."""
    if not (query.event_type or query.location):
        return None
    return EventFilters(
        event_type=query.event_type,
        location=query.location,
        review_state=query.review_state,
        reviewed_only=query.reviewed_only,
        include_duplicates=True,
    )


def _review_state_condition(query: ArticleQuery) -> ColumnElement[bool] | None:
    states: list[str] = list(query.review_state)
    if query.reviewed_only:
        states = [s for s in states or ["accepted", "corrected"] if s in ("accepted", "corrected")]
    if not states:
        return None
    having = union(
        select(Event.article_id).where(Event.review_state.in_(states)),
        select(TroopLevel.article_id).where(TroopLevel.review_state.in_(states)),
    )
    return Article.id.in_(having)


def article_conditions(query: ArticleQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.date_from:
        conditions.append(Article.published >= query.date_from)
    if query.date_to:
        conditions.append(Article.published <= query.date_to)
    if query.outlet:
        conditions.append(func.lower(Article.outlet) == query.outlet.lower())
    if not query.include_duplicates:
        conditions.append(Article.duplicate_of_id.is_(None))
    if query.actor:
        mentioned = select(ArticleActor.article_id).where(ArticleActor.name.in_(query.actor))
        acting = select(Event.article_id).where(Event.actor.in_(query.actor))
        conditions.append(or_(Article.id.in_(mentioned), Article.id.in_(acting)))
    items = _item_filters(query)
    if items is not None:
        conditions.append(Article.id.in_(apply_event_filters(select(Event.article_id), items)))
    state = _review_state_condition(query)
    if state is not None:
        conditions.append(state)
    return conditions


def article_order(sort: str) -> list[Any]:
    orders: dict[str, list[Any]] = {
        "newest": [Article.published.is_(None), Article.published.desc(), Article.id.desc()],
        "oldest": [Article.published.is_(None), Article.published.asc(), Article.id.asc()],
        "title": [Article.title.is_(None), Article.title.asc(), Article.id.asc()],
        "events": [_count(Event, Event.review_state != "rejected").desc(), Article.id.desc()],
    }
    return orders[sort]


def _searched(session: Session, stmt: AnySelect, query: ArticleQuery) -> tuple[AnySelect, Any]:
    """`stmt` narrowed by the full-text search, and its relevance order (None: no search)."""
    if not search.has_terms(query.q):
        return stmt, None
    dialect = session.get_bind().dialect.name
    clause = search.search_articles(stmt, query.q or "", dialect=dialect)
    return clause.stmt, clause.relevance


def list_articles(
    *, session: Session, query: ArticleQuery, everything: bool = False
) -> ArticlePage:
    """The articles matching `query` (everything=True: all pages, for CSV exports)."""
    stmt = select(*summary_columns()).where(*article_conditions(query))
    stmt, relevance = _searched(session, stmt, query)
    sort = query.effective_sort(searching=relevance is not None)
    order = [relevance, Article.id.desc()] if sort == "relevance" else article_order(sort)
    info = page_info(session, stmt, query, everything)
    rows = session.execute(paged(stmt.order_by(*order), info)).mappings()
    return ArticlePage(**info.model_dump(), rows=[ArticleSummaryRead(**row) for row in rows])


@dataclass
class ArticleDetail:
    """/articles/{id}: the article as JSON, its highlighted text and related articles."""

    article: ArticleRead
    marked_text: Markup
    duplicate_of: Article | None = None
    duplicates: list[Article] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    sentences: str = "[]"
    incidents: dict[int, IncidentLink] = field(default_factory=dict)  # by incident id


@dataclass(frozen=True)
class IncidentLink:
    """Where an event of the article links: its incident, and who else reports it."""

    id: int
    url: str
    reports: int
    other_outlets: int  # outlets other than this article's that report the incident


def incident_links(session: Session, events: list[Event]) -> dict[int, IncidentLink]:
    """The incidents of these events (one article's), with how many other outlets tell them."""
    ids = sorted({e.incident_id for e in events if e.incident_id is not None})
    rows = session.execute(
        select(Incident.id, Incident.reports, Incident.outlets).where(Incident.id.in_(ids))
    )
    return {
        row.id: IncidentLink(row.id, f"/incidents/{row.id}", row.reports, max(row.outlets - 1, 0))
        for row in rows
    }


def sentence_bounds(text: str) -> str:
    """The [start, end] of every sentence as JSON: the page grows a selection to sentences."""
    return json.dumps([[s.start, s.end] for s in split_sentences(text)])


def _summary(session: Session, article_id: int) -> dict[str, Any] | None:
    row = session.execute(select(*summary_columns()).where(Article.id == article_id)).mappings()
    found = row.first()
    return dict(found) if found else None


def article_detail(*, session: Session, article_id: int) -> ArticleDetail | None:
    summary = _summary(session, article_id)
    article = session.get(Article, article_id)
    if summary is None or article is None:
        return None
    events = sorted(article.events, key=lambda e: (e.evidence_start, e.id))
    levels = sorted(article.troop_levels, key=lambda t: (t.evidence_start, t.id))
    mentions = sorted(article.actor_mentions, key=lambda a: (a.start is None, a.start or 0))
    read = ArticleRead(
        **summary,
        text=article.text,
        actors=[ArticleActorRead.model_validate(a) for a in mentions],
        events=[event_read(e, article) for e in events],
        troop_levels=[troop_level_read(t, article) for t in levels],
    )
    spans = article_spans(session=session, article=article, events=events, levels=levels)
    duplicates = session.scalars(
        select(Article).where(Article.duplicate_of_id == article.id).order_by(Article.id)
    ).all()
    return ArticleDetail(
        article=read,
        marked_text=highlight(article.text, spans.spans),
        duplicate_of=session.get(Article, article.duplicate_of_id)
        if article.duplicate_of_id
        else None,
        duplicates=list(duplicates),
        kinds=spans.actor_anchors,
        sentences=sentence_bounds(article.text),
        incidents=incident_links(session, events),
    )

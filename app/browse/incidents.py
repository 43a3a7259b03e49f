"""/incidents (filtered, sorted, paged incidents) and /incidents/{id} (every report of one).

The listing filters an incident by its resolved attributes (date, actor, type, place,
reviewed) and by its reports (outlet, review state, near duplicates): an incident matches
when one of its reports does, and by default only incidents with a report that is not
rejected and not from a near duplicate are listed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, defer

from app.browse.events import evidence_url, page_info, paged
from app.browse.queries import IncidentQuery
from app.filters import EventFilters, event_conditions, incident_attribute_conditions
from app.highlight import Span, highlight
from app.incidents.conflicts import find_conflicts
from app.models import Article, Event, Incident
from app.pipeline.sentences import split_sentences
from app.schemas import IncidentDetailRead, IncidentPage, IncidentRead, IncidentReportRead
from app.vocabulary import EVENT_TYPE_BY_NAME

HELD = "held for review: not counted"
CHUNK = 500


def held_count(session: Session) -> int:
    """Incidents held for an editor: a report fitted several incidents equally."""
    stmt = select(func.count(Incident.id)).where(Incident.review_state == "ambiguous")
    return int(session.scalar(stmt) or 0)


def incident_url(incident_id: int) -> str:
    return f"/incidents/{incident_id}"


def figure_text(low: int | None, high: int | None, word: str) -> str:
    """ "3 killed", or "2 killed; reports give 2–3" when the reports differ."""
    if low is None:
        return ""
    if high is not None and high != low:
        return f"{low} {word}; reports give {low}–{high}"
    return f"{low} {word}"


def casualty_text(incident: Incident) -> str:
    parts = (
        figure_text(incident.killed, incident.killed_max, "killed"),
        figure_text(incident.injured, incident.injured_max, "injured"),
    )
    return "; ".join(part for part in parts if part)


def status_text(incident: Incident) -> str:
    if incident.review_state == "ambiguous":
        return HELD
    if not incident.counted:
        return "not counted: no report counts"
    return "counted, reviewed" if incident.reviewed else "counted"


def incident_values(incident: Incident) -> dict[str, Any]:
    """The fields of IncidentRead for a stored incident."""
    spec = EVENT_TYPE_BY_NAME.get(incident.type)
    return {
        **{name: getattr(incident, name) for name in STORED_FIELDS},
        "type_label": spec.label if spec else incident.type,
        "casualties": casualty_text(incident),
        "status": status_text(incident),
        "incident_url": incident_url(incident.id),
    }


STORED_FIELDS = tuple(
    name
    for name in IncidentRead.model_fields
    if name not in ("type_label", "casualties", "status", "incident_url")
)


def incident_read(incident: Incident) -> IncidentRead:
    return IncidentRead(**incident_values(incident))


def report_condition(query: EventFilters) -> ColumnElement[bool]:
    """The incident has a report that the report-level filters keep."""
    reports = EventFilters(
        outlet=query.outlet,
        review_state=query.review_state,
        include_duplicates=query.include_duplicates,
    )
    having = select(Event.incident_id).where(*event_conditions(reports))
    return Incident.id.in_(having)


def incident_conditions(query: EventFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the filters on the incidents table."""
    return [report_condition(query), *incident_attribute_conditions(query)]


def incident_order(sort: str | None) -> list[ColumnElement[Any]]:
    orders: dict[str, list[ColumnElement[Any]]] = {
        "newest": [Incident.date.is_(None), Incident.date.desc(), Incident.id.desc()],
        "oldest": [Incident.date.is_(None), Incident.date.asc(), Incident.id.asc()],
        "reports": [Incident.reports.desc(), Incident.date.desc(), Incident.id.desc()],
    }
    return orders[sort or "newest"]


def matching_incidents(
    session: Session, query: IncidentQuery, *, everything: bool, counted_only: bool = False
) -> tuple[dict[str, Any], list[Incident]]:
    """The page's incidents and its PageInfo fields (counted_only: the exports' rows)."""
    stmt = select(Incident).where(*incident_conditions(query))
    if query.undated:
        stmt = stmt.where(Incident.date.is_(None))
    if query.held:
        stmt = stmt.where(Incident.review_state == "ambiguous")
    if counted_only:
        stmt = stmt.where(Incident.counted.is_(True))
    info = page_info(session, stmt, query, everything)
    rows = session.scalars(paged(stmt.order_by(*incident_order(query.sort)), info)).all()
    return info.model_dump(), list(rows)


def list_incidents(
    *, session: Session, query: IncidentQuery, everything: bool = False
) -> IncidentPage:
    """The incidents matching `query`, newest first (everything=True: all pages, for CSV)."""
    info, rows = matching_incidents(session, query, everything=everything)
    return IncidentPage(**info, rows=[incident_read(i) for i in rows])


# --- One incident and its reports -----------------------------------------------------------


EVENT_REPORT_FIELDS = (
    "actor",
    "claimed_by",
    "date",
    "date_precision",
    "location",
    "killed",
    "injured",
    "evidence",
    "evidence_start",
    "evidence_end",
    "review_state",
)


def report_read(event: Event, article: Article) -> IncidentReportRead:
    values: dict[str, Any] = {name: getattr(event, name) for name in EVENT_REPORT_FIELDS}
    return IncidentReportRead(
        **values,
        event_id=event.id,
        article_id=article.id,
        article_title=article.title,
        outlet=article.outlet,
        published=article.published,
        url=article.url,
        counted=event.review_state != "rejected" and article.duplicate_of_id is None,
        evidence_url=evidence_url("event", article.id, event.id),
    )


def reports_of(
    session: Session, ids: Sequence[int], *, with_text: bool = False
) -> dict[int, list[tuple[Event, Article]]]:
    """Incident id → its reports with their articles, oldest article first (the articles'
    stored files are never loaded, their texts only `with_text`)."""
    unused = [Article.original, Article.minhash] + ([] if with_text else [Article.text])
    found: dict[int, list[tuple[Event, Article]]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Event, Article)
            .join(Article, Article.id == Event.article_id)
            .where(Event.incident_id.in_(ids[start : start + CHUNK]))
            .options(defer(Event.machine_output), *(defer(column) for column in unused))
            .order_by(Article.published.is_(None), Article.published, Article.id, Event.id)
        ).all()
        for event, article in rows:
            if event.incident_id is not None:
                found[event.incident_id].append((event, article))
    return found


def detail_read(incident: Incident, reports: Iterable[tuple[Event, Article]]) -> IncidentDetailRead:
    listed = [report_read(event, article) for event, article in reports]
    return IncidentDetailRead(
        **incident_values(incident), report_list=listed, conflicts=find_conflicts(listed)
    )


def incident_details(
    *, session: Session, query: IncidentQuery, counted_only: bool = True
) -> list[IncidentDetailRead]:
    """Every incident matching `query` with its reports (the ACLED export's rows)."""
    _, rows = matching_incidents(session, query, everything=True, counted_only=counted_only)
    reports = reports_of(session, [i.id for i in rows])
    return [detail_read(incident, reports.get(incident.id, [])) for incident in rows]


@dataclass
class IncidentView:
    """/incidents/{id}: the incident as JSON and each report's sentence, highlighted."""

    incident: IncidentDetailRead
    excerpts: dict[int, Markup] = field(default_factory=dict)


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence before the evidence through the sentence after it."""
    sentences = split_sentences(text)
    before = [s.start for s in sentences if s.end <= start]
    after = [s.end for s in sentences if s.start >= end]
    return (before[-1] if before else start), (after[0] if after else end)


def excerpt(event: Event, article: Article) -> Markup:
    """The evidence sentence marked within its neighbours, from offsets over escaped text."""
    text = article.text
    start, end = event.evidence_start, event.evidence_end
    if not 0 <= start < end <= len(text):  # offsets that no longer fit: the stored sentence
        text, start, end = event.evidence, 0, len(event.evidence)
    left, right = context_bounds(text, start, end)
    classes = ("hl-event", f"type-{event.type}")
    label = article.outlet or f"article {article.id}"
    span = Span(start - left, end - left, f"report-{event.id}", classes, label)
    return highlight(text[left:right], [span])


def incident_view(*, session: Session, incident_id: int) -> IncidentView | None:
    incident = session.get(Incident, incident_id)
    if incident is None:
        return None
    reports = reports_of(session, [incident_id], with_text=True).get(incident_id, [])
    excerpts = {event.id: excerpt(event, article) for event, article in reports}
    return IncidentView(incident=detail_read(incident, reports), excerpts=excerpts)

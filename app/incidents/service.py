"""Incidents in the database: resolve new events, keep attributes current, rebuild.

- `resolve_pending` gives every event without an incident one: it re-clusters, from scratch,
  the reports of the same type in the months around the new ones (an indexed look-up by type
  and month), so the result does not depend on the order in which articles arrived;
- `refresh_incidents` recomputes the attributes of incidents whose reports changed (listed in
  `incident_dirty` by triggers) and deletes the ones left without reports;
- `rebuild` re-resolves every event, keeping editors' decisions.
Each runs inside the caller's transaction; app/incidents/upkeep.py calls the first two before
any write commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.incidents.attributes import Told, resolve_attributes
from app.incidents.cluster import Clustering, Group, cluster, days_around
from app.incidents.rules import Report, fit, precision_of
from app.models import Article, Event, Incident, IncidentDirty, utcnow
from app.vocabulary import REVIEWED_STATES

CHUNK = 500
# Core statements on the tables: no ORM object in the session goes stale.
INCIDENTS = cast(Table, Incident.__table__)
EVENTS = cast(Table, Event.__table__)
Found = dict[int, tuple[Report, int | None]]  # event id → (its report, its current incident)

REPORT_COLUMNS = (
    Event.id,
    Event.type,
    Event.date,
    Event.date_precision,
    Event.actor,
    Event.location,
    Event.killed,
    Event.injured,
    Article.content_hash,
    Event.evidence_start,
    Event.incident_id,
    Event.incident_pinned,
)


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_reports(session: Session, where: ColumnElement[bool]) -> Found:
    """Event id → (its report, its current incident) for the events matching `where`."""
    rows = session.execute(
        select(*REPORT_COLUMNS).join(Article, Article.id == Event.article_id).where(where)
    )
    found: Found = {}
    for row in rows:
        report = Report(
            event_id=row.id,
            type=row.type,
            date=row.date,
            precision=row.date_precision,
            actor=row.actor,
            location=row.location,
            killed=row.killed,
            injured=row.injured,
            article_key=row.content_hash,
            start=row.evidence_start,
            pinned_to=row.incident_id if row.incident_pinned else None,
        )
        found[row.id] = (report, row.incident_id)
    return found


def window(kind: str, reports: Iterable[Report]) -> list[ColumnElement[bool]]:
    """Conditions (OR) for the stored reports of type `kind` whose dates the new ones can fit
    (rules.dates_fit): for a day, the reports of the day and the days either side and the
    month- and year-precise ones of its month and year; for a month, the whole month and the
    year-precise reports; for a year, the whole year. Indexed look-ups (type and date, type
    and month), never a scan."""
    days: set[dt.date] = set()
    whole_months: set[dt.date] = set()
    coarse_months: set[dt.date] = set()
    whole_years: set[int] = set()
    years: set[int] = set()
    for r in reports:
        assert r.date is not None
        precision, month = precision_of(r), r.date.replace(day=1)
        years.add(r.date.year)
        if precision == "day":
            days.update(days_around(r.date))
            coarse_months.add(month)
        elif precision == "month":
            whole_months.add(month)
        else:
            whole_years.add(r.date.year)
    typed = Event.type == kind
    conditions: list[ColumnElement[bool]] = [
        typed & Event.date.in_(part) for part in chunks(sorted(days))
    ]
    conditions += [typed & Event.month.in_(part) for part in chunks(sorted(whole_months))]
    conditions += [
        typed & (Event.date_precision == "month") & Event.month.in_(part)
        for part in chunks(sorted(coarse_months - whole_months))
    ]
    for year in sorted(years):
        within = Event.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if year in whole_years:
            conditions.append(typed & within)
        else:
            conditions.append(typed & (Event.date_precision == "year") & within)
    return conditions


def neighbourhood(session: Session, conditions: list[ColumnElement[bool]]) -> Found:
    """The reports meeting any of `conditions`, with every other report of their incidents."""
    found: Found = {}
    for condition in conditions:
        found.update(load_reports(session, condition))
    incidents = sorted({incident for _, incident in found.values() if incident is not None})
    for part in chunks(incidents):
        more = load_reports(session, Event.incident_id.in_(part))
        found.update((k, v) for k, v in more.items() if k not in found)
    return found


def choose_ids(groups: list[Group], current: dict[int, int | None]) -> list[int | None]:
    """For each group, the existing incident it continues (the one most of its reports were
    in, not taken by an earlier group; an editor's incident for a pinned group), else None."""
    taken: set[int] = set()
    chosen: list[int | None] = []
    for group in groups:
        if group.pinned_to is not None:
            chosen.append(group.pinned_to)
            taken.add(group.pinned_to)
            continue
        votes = Counter(current[r.event_id] for r in group.reports if current[r.event_id])
        options = sorted((c for c in votes if c not in taken), key=lambda c: (-votes[c], c))
        pick = options[0] if options else None
        if pick is not None:
            taken.add(pick)
        chosen.append(pick)
    return chosen


def new_incident(session: Session, kind: str, state: str) -> int:
    return new_incidents(session, kind, [state])[0]


def new_incidents(session: Session, kind: str, states: list[str]) -> list[int]:
    """Insert bare incidents (their attributes come with the refresh); their ids in order."""
    if not states:
        return []
    blank = {"type": kind, "reports": 0, "outlets": 0, "confidence": 0.0}
    blank |= {"counted": False, "reviewed": False, "updated_at": utcnow()}
    rows = [blank | {"review_state": state} for state in states]
    statement = insert(INCIDENTS).returning(INCIDENTS.c.id, sort_by_parameter_order=True)
    ids: list[int] = list(session.execute(statement, rows).scalars())
    return ids


def group_state(group: Group) -> str:
    if group.pinned_to is not None:
        return "edited"
    return "ambiguous" if group.ambiguous else "automatic"


def stored_states(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    for part in chunks(wanted):
        rows = session.execute(
            select(INCIDENTS.c.id, INCIDENTS.c.review_state).where(INCIDENTS.c.id.in_(part))
        )
        found.update((row.id, row.review_state) for row in rows)
    return found


def apply_groups(
    session: Session, kind: str, groups: list[Group], current: dict[int, int | None]
) -> None:
    """Write the groups: reuse or create their incidents, move the events that changed.

    Only what changed is written: a re-clustered window whose groups came out as before
    costs two reads. Moving an event lists both incidents in `incident_dirty` (a trigger);
    an incident whose state alone changed is listed here."""
    chosen = choose_ids(groups, current)
    pairs = list(zip(groups, chosen, strict=True))
    fresh = iter(new_incidents(session, kind, [group_state(g) for g, c in pairs if c is None]))
    ids = [c if c is not None else next(fresh) for c in chosen]
    before = stored_states(session, (c for c in chosen if c is not None))
    moves = [
        {"event": r.event_id, "incident": incident}
        for group, incident in zip(groups, ids, strict=True)
        for r in group.reports
        if current[r.event_id] != incident
    ]
    changed = [
        (incident, group_state(group))
        for group, incident in zip(groups, ids, strict=True)
        if incident in before and before[incident] not in (group_state(group), "edited")
    ]
    if changed:
        statement = update(INCIDENTS).where(INCIDENTS.c.id == bindparam("key"))
        session.execute(
            statement.values(review_state=bindparam("state")),
            [{"key": i, "state": state} for i, state in changed],
        )
        session.execute(insert(IncidentDirty), [{"incident_id": i} for i, _ in changed])
    if moves:
        statement = (
            update(EVENTS)
            .where(EVENTS.c.id == bindparam("event"))
            .values(incident_id=bindparam("incident"))
        )
        session.execute(statement, moves)


def affected(found: Found, pending: list[int]) -> Found:
    """The part of a window the new reports can change: the new reports, the stored ones
    that could join one of them (`rules.fit`), and every report of those incidents. The
    rest of the window keeps its grouping, so a bulk import spread over years does not
    group every month again for each batch."""
    new = set(pending)
    index = Clustering()
    for event_id, (report, _) in found.items():
        if event_id not in new:
            index.add(Group(reports=[report]))
    touched: set[int] = set()
    for event_id in pending:
        report = found[event_id][0]
        touched.update(
            g.reports[0].event_id
            for g in index.neighbours(report)
            if fit(g.reports[0], report) is not None
        )
    incidents = {found[e][1] for e in touched} - {None}
    keep = new | touched
    return {e: v for e, v in found.items() if e in keep or v[1] in incidents}


def resolve_reports(session: Session, kind: str, found: Found) -> None:
    reports = [report for report, _ in found.values()]
    current = {event_id: incident for event_id, (_, incident) in found.items()}
    apply_groups(session, kind, cluster(reports), current)


def resolve_pending(session: Session) -> int:
    """Give every event without an incident one; returns how many there were."""
    pending = load_reports(session, Event.incident_id.is_(None))
    by_type: dict[str, list[Report]] = defaultdict(list)
    for report, _ in pending.values():
        by_type[report.type].append(report)
    for kind in sorted(by_type):
        dated = [r for r in by_type[kind] if r.date is not None]
        found = neighbourhood(session, window(kind, dated)) if dated else {}
        found = affected(found, [r.event_id for r in dated])
        found.update({r.event_id: (r, None) for r in by_type[kind] if r.date is None})
        resolve_reports(session, kind, found)
    return len(pending)


def rebuild(session: Session) -> int:
    """Re-resolve every event from scratch (editors' pins kept); returns the incidents."""
    kinds = list(session.scalars(select(Event.type).distinct()))
    for kind in sorted(kinds):
        resolve_reports(session, kind, load_reports(session, Event.type == kind))
    refresh_dirty(session)
    return int(session.scalar(select(func.count(Incident.id))) or 0)


# --- Attributes ----------------------------------------------------------------------------

TOLD_COLUMNS = (
    Event.incident_id,
    Event.type,
    Event.actor,
    Event.claimed_by,
    Event.target,
    Event.date,
    Event.date_precision,
    Event.location,
    Event.killed,
    Event.injured,
    Event.confidence,
    Event.review_state,
    Event.article_id,
    Article.outlet,
    Article.duplicate_of_id,
)


def told_by_incident(session: Session, ids: Sequence[int]) -> dict[int, list[Told]]:
    rows = session.execute(
        select(*TOLD_COLUMNS)
        .join(Article, Article.id == Event.article_id)
        .where(Event.incident_id.in_(ids))
    )
    found: dict[int, list[Told]] = defaultdict(list)
    for row in rows:
        counted = row.review_state != "rejected" and row.duplicate_of_id is None
        found[row.incident_id].append(
            Told(
                type=row.type,
                actor=row.actor,
                claimed_by=row.claimed_by,
                target=row.target,
                date=row.date,
                precision=row.date_precision,
                location=row.location,
                killed=row.killed,
                injured=row.injured,
                confidence=row.confidence,
                outlet=(row.outlet or f"article {row.article_id}").casefold(),
                counted=counted,
                reviewed=counted and row.review_state in REVIEWED_STATES,
            )
        )
    return found


def refresh_incidents(session: Session, ids: Sequence[int]) -> None:
    """Recompute these incidents from their reports; delete the ones with none left.

    Changed incidents are written in one UPDATE per chunk (executemany), every attribute
    column set: an update lists its incident's months in `timeline_dirty` (a trigger)."""
    for part in chunks(sorted(set(ids))):
        told = told_by_incident(session, part)
        rows = session.execute(select(INCIDENTS).where(INCIDENTS.c.id.in_(part))).mappings()
        stored = {row["id"]: row for row in rows}
        empty = [i for i in part if i not in told and i in stored]
        if empty:
            session.execute(delete(INCIDENTS).where(INCIDENTS.c.id.in_(empty)))
        updates = []
        for incident_id, reports in told.items():
            row = stored.get(incident_id)
            if row is None:
                continue
            values = resolve_attributes(reports, ambiguous=row["review_state"] == "ambiguous")
            if any(row[k] != v for k, v in values.items()):
                updates.append({"key": incident_id, **values, "updated_at": utcnow()})
        if updates:
            columns: dict[str, Any] = {
                name: bindparam(name) for name in updates[0] if name != "key"
            }
            statement = update(INCIDENTS).where(INCIDENTS.c.id == bindparam("key"))
            session.execute(statement.values(**columns), updates)


def refresh_dirty(session: Session) -> int:
    """Refresh the incidents listed in `incident_dirty` and empty the list."""
    listed = list(session.execute(select(IncidentDirty.id, IncidentDirty.incident_id)))
    if not listed:
        return 0
    for part in chunks([r.id for r in listed]):
        session.execute(delete(IncidentDirty).where(IncidentDirty.id.in_(part)))
    refresh_incidents(session, [r.incident_id for r in listed])
    return len(listed)

"""Editors' corrections of the grouping: merge two incidents, move a report to another, split
a report out into an incident of its own, or keep an ambiguous incident as a happening.

Each change pins the reports of every incident it touches (`events.incident_pinned`), so a
later re-resolution (`python -m app incidents rebuild`, new uploads) never undoes it, and is
written to the audit log with the incidents before and after. The caller commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from app.incidents.service import new_incident, refresh_dirty
from app.models import AuditLog, Event, Incident, IncidentDirty, User

INCIDENTS = cast(Table, Incident.__table__)
EVENTS = cast(Table, Event.__table__)
DIRTY = cast(Table, IncidentDirty.__table__)


class EditError(ValueError):
    """A grouping change that cannot be made; the message is for the editor."""


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def snapshot(session: Session, incident_id: int) -> dict[str, Any] | None:
    """The incident's attributes and its reports' ids, JSON-ready (None once it is gone)."""
    row = session.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).mappings()
    found = row.first()
    if found is None:
        return None
    reports = session.scalars(
        select(Event.id).where(Event.incident_id == incident_id).order_by(Event.id)
    )
    values = {k: _plain(v) for k, v in found.items() if k != "updated_at"}
    return values | {"events": list(reports)}


def incident_type(session: Session, incident_id: int) -> str:
    kind = session.scalar(select(Incident.type).where(Incident.id == incident_id))
    if kind is None:
        raise EditError(f"there is no incident {incident_id}")
    return kind


def pin_and_mark(session: Session, incident_ids: list[int]) -> None:
    """Pin every report of these incidents and mark them as shaped by an editor."""
    session.execute(
        update(EVENTS).where(EVENTS.c.incident_id.in_(incident_ids)).values(incident_pinned=True)
    )
    session.execute(
        update(INCIDENTS)
        .where(INCIDENTS.c.id.in_(incident_ids))
        .values(review_state="edited", review_reason=None)
    )
    # No longer held back as ambiguous: `counted` is recomputed.
    session.execute(insert(DIRTY), [{"incident_id": i} for i in incident_ids])


def record(
    session: Session, *, user: User, action: str, incident_id: int, before: Any, reason: str | None
) -> AuditLog:
    refresh_dirty(session)
    after = {str(i): snapshot(session, i) for i in before}
    entry = AuditLog(
        user_id=user.id,
        action=action,
        entity="incident",
        entity_id=incident_id,
        before={str(i): value for i, value in before.items()},
        after=after,
        reason=reason,
    )
    session.add(entry)
    session.flush()
    return entry


def merge(
    session: Session, *, into: int, other: int, user: User, reason: str | None = None
) -> AuditLog:
    """Make `other`'s reports reports of `into` (one happening); `other` is deleted."""
    if into == other:
        raise EditError("an incident cannot be merged with itself")
    if incident_type(session, into) != incident_type(session, other):
        raise EditError("incidents of two types cannot be one happening")
    before = {into: snapshot(session, into), other: snapshot(session, other)}
    session.execute(update(EVENTS).where(EVENTS.c.incident_id == other).values(incident_id=into))
    pin_and_mark(session, [into])
    return record(
        session, user=user, action="merge", incident_id=into, before=before, reason=reason
    )


def event_incident(session: Session, event_id: int) -> tuple[str, int]:
    row = session.execute(select(Event.type, Event.incident_id).where(Event.id == event_id)).first()
    if row is None:
        raise EditError(f"there is no event {event_id}")
    if row.incident_id is None:
        raise EditError("this event has no incident yet; try again in a moment")
    return row.type, row.incident_id


def move(
    session: Session, *, event_id: int, to: int, user: User, reason: str | None = None
) -> AuditLog:
    """Make the event a report of incident `to` instead of its own."""
    kind, source = event_incident(session, event_id)
    if source == to:
        raise EditError("the event is already a report of this incident")
    if incident_type(session, to) != kind:
        raise EditError("an event can only join an incident of its own type")
    before = {source: snapshot(session, source), to: snapshot(session, to)}
    pin_and_mark(session, [source, to])
    session.execute(update(EVENTS).where(EVENTS.c.id == event_id).values(incident_id=to))
    return record(session, user=user, action="move", incident_id=to, before=before, reason=reason)


def split(session: Session, *, event_id: int, user: User, reason: str | None = None) -> AuditLog:
    """Make the event the one report of a new incident (a happening of its own)."""
    kind, source = event_incident(session, event_id)
    before: dict[int, Any] = {source: snapshot(session, source)}
    new = new_incident(session, kind, "edited")
    before[new] = None
    pin_and_mark(session, [source])
    session.execute(
        update(EVENTS).where(EVENTS.c.id == event_id).values(incident_id=new, incident_pinned=True)
    )
    return record(session, user=user, action="split", incident_id=new, before=before, reason=reason)


def keep(session: Session, *, incident_id: int, user: User, reason: str | None = None) -> AuditLog:
    """Confirm an incident as it is (an ambiguous one then counts as a happening)."""
    incident_type(session, incident_id)
    before = {incident_id: snapshot(session, incident_id)}
    pin_and_mark(session, [incident_id])
    return record(
        session, user=user, action="keep", incident_id=incident_id, before=before, reason=reason
    )

"""Incidents kept current in the transaction that changes their reports.

Every session that wrote (an INSERT, UPDATE or DELETE through it, or an ORM flush) resolves,
just before it commits, the events stored without an incident and refreshes the incidents
whose reports changed (`incident_dirty`, listed by triggers): uploads, ingestion, review
edits and deletions all keep incidents current without knowing about them, and a failure
rolls the incidents back with the change. Sessions that only read do nothing more.
Importing this module installs the hook (app/store.py and app/review/ do).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.db.engine import write_transaction
from app.incidents.service import refresh_dirty, resolve_pending

WROTE = "tracker_wrote"
DEFERRED = "tracker_incidents_at_the_end"


def note_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


def note_flush(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


def keep_current(session: Session, *, always: bool = False) -> None:
    """Resolve pending events and refresh changed incidents (before the commit): when the
    session wrote, or `always` (after a migration, for the events stored before it)."""
    if session.info.get(DEFERRED) and not always:
        return
    if not session.info.pop(WROTE, False) and not always:
        return
    resolve_pending(session)
    while refresh_dirty(session):
        pass
    session.info.pop(WROTE, None)


@contextmanager
def incidents_at_the_end(session: Session) -> Iterator[None]:
    """Bulk imports: the batches commit without resolving incidents, and the import's new
    events are resolved together when it ends, in one write transaction. Resolving per
    batch grouped the same months again for every batch of an import spread over years.
    If the import fails, its committed batches' events are resolved by the next write
    (or `db upgrade`, which `serve` runs)."""
    session.info[DEFERRED] = True
    try:
        yield
    finally:
        session.info.pop(DEFERRED, None)
    with write_transaction(session):
        keep_current(session, always=True)


if not event.contains(Session, "before_commit", keep_current):
    event.listen(Session, "do_orm_execute", note_write)
    event.listen(Session, "after_flush", note_flush)
    event.listen(Session, "before_commit", keep_current)

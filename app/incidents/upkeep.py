"""Incidents kept current in the transaction that changes their reports.

Every session that wrote (an INSERT, UPDATE or DELETE through it, or an ORM flush) resolves,
just before it commits, the events stored without an incident and refreshes the incidents
whose reports changed (`incident_dirty`, listed by triggers): uploads, ingestion, review
edits and deletions all keep incidents current without knowing about them, and a failure
rolls the incidents back with the change. Sessions that only read do nothing more.
Importing this module installs the hook (app/store.py and app/review/ do).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.incidents.service import refresh_dirty, resolve_pending

WROTE = "tracker_wrote"


def note_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


def note_flush(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


def keep_current(session: Session, *, always: bool = False) -> None:
    """Resolve pending events and refresh changed incidents (before the commit): when the
    session wrote, or `always` (after a migration, for the events stored before it)."""
    if not session.info.pop(WROTE, False) and not always:
        return
    resolve_pending(session)
    while refresh_dirty(session):
        pass
    session.info.pop(WROTE, None)


if not event.contains(Session, "before_commit", keep_current):
    event.listen(Session, "do_orm_execute", note_write)
    event.listen(Session, "after_flush", note_flush)
    event.listen(Session, "before_commit", keep_current)

"""Review of machine-extracted items: accept, correct, reject, add a missing event.

Every change writes one `audit_log` row (who, when, the item before and after as JSON,
the reason, the article). The machine's first output stays in `machine_output`; a
correction changes the row and sets `review_state` to "corrected". Events typed in by
an editor have origin "human", no machine output, and count as reviewed ("accepted").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import app.incidents.upkeep  # noqa: F401  (edited events keep their incidents current)
from app.filters import BlankIsNone, OptionalDate, OptionalText
from app.models import Actor, ActorAlias, Article, AuditLog, Event, TroopLevel, User, month_of
from app.schemas import DatePrecision, EventType, FigureType, Qualifier

EVENT_FIELDS = (
    "type",
    "actor",
    "target",
    "date",
    "date_precision",
    "location",
    "killed",
    "injured",
)
TROOP_LEVEL_FIELDS = ("country", "location", "count", "qualifier", "as_of", "figure_type")
STATE_FIELDS = ("review_state", "origin")
MAX_REASON = 2000

Action = Literal["accept", "correct", "reject"]
Item = Event | TroopLevel
# Constraints sit on the non-null type: on `X | None` pydantic would apply them to None too.
OptionalCount = Annotated[Annotated[int, Field(ge=0, le=1_000_000)] | None, BlankIsNone]
Reason = Annotated[Annotated[str, Field(max_length=MAX_REASON)] | None, BlankIsNone]


class ReviewError(ValueError):
    """A review request that cannot be carried out; the message is for the editor."""


class EventValues(BaseModel):
    """What an editor may set on an event (blank form fields mean "none")."""

    model_config = ConfigDict(extra="ignore")

    type: EventType
    actor: OptionalText = Field(default=None, max_length=200)
    target: OptionalText = Field(default=None, max_length=200)
    date: OptionalDate = None
    date_precision: Annotated[DatePrecision | None, BlankIsNone] = None
    location: OptionalText = Field(default=None, max_length=200)
    killed: OptionalCount = None
    injured: OptionalCount = None


class TroopLevelValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    country: Annotated[str, Field(min_length=1, max_length=64)] = "US"
    location: Annotated[str, Field(min_length=1, max_length=100)]
    count: Annotated[int, Field(ge=0, le=10_000_000)]
    qualifier: Qualifier = "exact"
    as_of: OptionalDate = None
    figure_type: FigureType = "reported"


class NewEvent(EventValues):
    """An event the machine missed: its values and the sentence selected as evidence."""

    start: int = Field(ge=0)
    end: int = Field(ge=1)
    evidence: str = Field(min_length=1)

    @field_validator("end")
    @classmethod
    def end_after_start(cls, end: int, info: Any) -> int:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("the selection must not be empty")
        return end


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def snapshot(item: Item) -> dict[str, Any]:
    """The reviewable fields of an item as JSON-ready values (the audit log's before/after)."""
    fields = EVENT_FIELDS if isinstance(item, Event) else TROOP_LEVEL_FIELDS
    return {name: _plain(getattr(item, name)) for name in (*fields, *STATE_FIELDS)}


def entity_name(item: Item) -> str:
    return "event" if isinstance(item, Event) else "troop_level"


def record(
    session: Session,
    *,
    item: Item,
    user: User,
    action: str,
    before: dict[str, Any] | None,
    reason: str | None,
) -> AuditLog:
    entry = AuditLog(
        user_id=user.id,
        action=action,
        entity=entity_name(item),
        entity_id=item.id,
        article_id=item.article_id,
        before=before,
        after=snapshot(item),
        reason=reason,
    )
    session.add(entry)
    session.flush()
    return entry


def _mark_reviewed(item: Item, state: str, user: User, reason: str | None) -> None:
    item.review_state = state
    if isinstance(item, Event):
        item.review_reason = reason
        item.reviewed_at = dt.datetime.now(dt.UTC)
        item.reviewed_by_id = user.id


def canonical_actor(session: Session, name: str | None) -> str | None:
    """An actor's canonical name when `name` is one of its names or aliases (any case)."""
    if not name:
        return None
    known = session.scalar(select(Actor.name).where(func.lower(Actor.name) == name.lower()))
    if known is None:
        known = session.scalar(
            select(Actor.name).join(ActorAlias).where(func.lower(ActorAlias.alias) == name.lower())
        )
    return known or name


def changed_actor(session: Session, stored: str | None, sent: str | None) -> str | None:
    """The actor or target to store: the stored name when the editor left it as it was (a
    correction of the date must not rewrite "US forces" to its canonical "US"), else the
    canonical name of what was typed."""
    if sent == stored:
        return stored
    return canonical_actor(session, sent)


def accept(session: Session, *, item: Item, user: User, reason: str | None = None) -> AuditLog:
    before = snapshot(item)
    _mark_reviewed(item, "accepted", user, reason)
    return record(session, item=item, user=user, action="accept", before=before, reason=reason)


def reject(session: Session, *, item: Item, user: User, reason: str | None = None) -> AuditLog:
    before = snapshot(item)
    _mark_reviewed(item, "rejected", user, reason)
    return record(session, item=item, user=user, action="reject", before=before, reason=reason)


def _apply(item: Item, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed = True
    if isinstance(item, Event):
        item.month = month_of(item.date)
    return changed


def correct(
    session: Session,
    *,
    item: Item,
    user: User,
    values: EventValues | TroopLevelValues,
    reason: str | None = None,
) -> AuditLog:
    """Set the editor's values; with nothing changed this is an acceptance."""
    if isinstance(item, Event) != isinstance(values, EventValues):
        raise ReviewError("these values are for another kind of item")
    before = snapshot(item)
    new = values.model_dump()
    if isinstance(item, Event):
        for name in ("actor", "target"):
            new[name] = changed_actor(session, getattr(item, name), new[name])
    if not _apply(item, new):
        return accept(session, item=item, user=user, reason=reason)
    if isinstance(item, Event) and not item.incident_pinned:
        item.incident_id = None  # what it says changed: resolved again before the commit
    state = "accepted" if item.origin == "human" else "corrected"
    _mark_reviewed(item, state, user, reason)
    return record(session, item=item, user=user, action="correct", before=before, reason=reason)


def review(
    session: Session,
    *,
    item: Item,
    user: User,
    action: Action,
    values: EventValues | TroopLevelValues | None = None,
    reason: str | None = None,
) -> AuditLog:
    """One review decision on an event or a troop level."""
    if action == "accept":
        return accept(session, item=item, user=user, reason=reason)
    if action == "reject":
        return reject(session, item=item, user=user, reason=reason)
    if values is None:
        raise ReviewError("a correction needs the corrected values")
    return correct(session, item=item, user=user, values=values, reason=reason)


def check_selection(article: Article, new: NewEvent) -> None:
    """The selected offsets must point at exactly the selected text of the stored article."""
    if new.end > len(article.text):
        raise ReviewError("the selection is outside the article's text")
    if article.text[new.start : new.end] != new.evidence:
        raise ReviewError("the selection does not match the article's text: select it again")
    if not new.evidence.strip():
        raise ReviewError("the selection is only blank space")


def add_event(
    session: Session, *, article: Article, user: User, new: NewEvent, reason: str | None = None
) -> AuditLog:
    """Store an event the machine missed, with the selected sentence as its evidence.

    Returns the audit entry; the new event's id is its `entity_id`.
    """
    check_selection(article, new)
    values = new.model_dump(include=set(EVENT_FIELDS))
    values["actor"] = canonical_actor(session, values["actor"])
    values["target"] = canonical_actor(session, values["target"])
    event = Event(
        article_id=article.id,
        **values,
        month=month_of(new.date),
        evidence=new.evidence,
        evidence_start=new.start,
        evidence_end=new.end,
        extra_evidence=[],
        confidence=1.0,
        origin="human",
        review_state="accepted",
        machine_output=None,
        review_reason=reason,
        reviewed_at=dt.datetime.now(dt.UTC),
        reviewed_by_id=user.id,
    )
    session.add(event)
    session.flush()
    return record(session, item=event, user=user, action="add", before=None, reason=reason)


REVERTIBLE = ("accept", "correct", "reject", "revert")
DATE_FIELDS = ("date", "as_of")


def _restored(name: str, value: Any) -> Any:
    if name in DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def revert(session: Session, *, entry: AuditLog, user: User, reason: str | None = None) -> AuditLog:
    """Undo a review decision: the item gets the values it had before `entry` (its fields
    and review state), and the undoing is itself an audit entry ("revert")."""
    if entry.action not in REVERTIBLE or entry.entity not in ("event", "troop_level"):
        raise ReviewError(f"a {entry.action} of a {entry.entity} cannot be undone here")
    item: Item | None = (
        session.get(Event, entry.entity_id)
        if entry.entity == "event"
        else session.get(TroopLevel, entry.entity_id)
    )
    if item is None or not entry.before:
        raise ReviewError("the item of this change no longer exists")
    before = snapshot(item)
    values = {k: _restored(k, v) for k, v in entry.before.items() if hasattr(item, k)}
    _apply(item, values)
    if isinstance(item, Event) and not item.incident_pinned:
        item.incident_id = None  # what it says may have changed: resolved again
    note = reason or f"undoes change {entry.id} ({entry.action})"
    return record(session, item=item, user=user, action="revert", before=before, reason=note)

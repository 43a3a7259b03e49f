"""ORM models (SQLAlchemy 2 typed declarative). Table names follow the foundation issue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.engine import Base, UTCDateTime
from app.vocabulary import EVENT_TYPE_NAMES, INCIDENT_STATES, REVIEW_STATES, ROLES, sql_list

EVENT_TYPE_SQL = sql_list(EVENT_TYPE_NAMES)
REVIEW_STATES_SQL = sql_list(REVIEW_STATES)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def month_of(day: dt.date | None) -> dt.date | None:
    """The first day of the date's month: the stored `month` column of timeline queries."""
    return day.replace(day=1) if day else None


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({sql_list(ROLES)})", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Raised by sign-out, deactivation and a password change: older session cookies stop
    # working (the cookie carries the version it was signed in with).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class ApiToken(Base):
    """A bearer token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint("published_source IN ('text','given')", name="published_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    original: Mapped[bytes | None] = mapped_column(LargeBinary)
    original_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="extracted")
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # MinHash signature of the cleaned text (app/ingestion/dedup.py): near-duplicate checks.
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)

    events: Mapped[list[Event]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    troop_levels: Mapped[list[TroopLevel]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    actor_mentions: Mapped[list[ArticleActor]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    uploaded_by: Mapped[User | None] = relationship()


class ArticleBand(Base):
    """One LSH band of an article's MinHash signature (app/ingestion/dedup.py).

    Articles that share a band key are near-duplicate candidates; the signatures decide.
    """

    __tablename__ = "article_bands"

    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Actor(Base):
    __tablename__ = "actors"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('militia','us','iraq_government','iran','coalition','other')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", passive_deletes=True
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class ArticleActor(Base):
    """How often an actor is mentioned in an article (for filters and faction pages)."""

    __tablename__ = "article_actors"
    __table_args__ = (UniqueConstraint("article_id", "name", name="article_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    mentions: Mapped[int] = mapped_column(Integer, default=1)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="actor_mentions")


class Incident(Base):
    """One real-world happening; every event (a report of it in one article) belongs to one.

    Its attributes are resolved from its reports (app/incidents/attributes.py); `counted` and
    `reviewed` say whether the timelines count it (see app/timeline/rollup.py). Triggers
    (migration 9d41c7e2a8b6) list its months in `timeline_dirty` when they change.
    """

    __tablename__ = "incidents"
    __table_args__ = (
        CheckConstraint(f"type IN ({EVENT_TYPE_SQL})", name="type"),
        CheckConstraint(f"review_state IN ({sql_list(INCIDENT_STATES)})", name="review_state"),
        Index("ix_incidents_type_month", "type", "month"),
        Index("ix_incidents_month_type", "month", "type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    month: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200))
    killed: Mapped[int | None] = mapped_column(Integer)  # the most conservative figure
    killed_max: Mapped[int | None] = mapped_column(Integer)  # the highest figure reported
    injured: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    outlets: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    counted: Mapped[bool] = mapped_column(default=False)
    reviewed: Mapped[bool] = mapped_column(default=False)
    review_state: Mapped[str] = mapped_column(String(12), default="automatic")
    review_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list[Event]] = relationship(back_populates="incident")


class IncidentDirty(Base):
    """An incident whose attributes are out of date: written by triggers on `events` and
    `articles`, emptied by app/incidents/upkeep.py before the change commits."""

    __tablename__ = "incident_dirty"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, index=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(f"type IN ({EVENT_TYPE_SQL})", name="type"),
        CheckConstraint(f"review_state IN ({REVIEW_STATES_SQL})", name="review_state"),
        CheckConstraint("origin IN ('machine','human')", name="origin"),
        Index("ix_events_month_type", "month", "type"),
        Index("ix_events_type_date", "type", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(String(200), index=True)
    target: Mapped[str | None] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    month: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200), index=True)
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    attributed_by: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    extra_evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    origin: Mapped[str] = mapped_column(String(8), default="machine")
    review_state: Mapped[str] = mapped_column(String(12), default="unreviewed", index=True)
    review_reason: Mapped[str | None] = mapped_column(Text)
    machine_output: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The happening this report tells; NULL only until app/incidents/upkeep.py resolves it
    # (before the transaction that stored the event commits).
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    # Set by an editor's merge, move or split: re-resolution keeps the event where it is.
    incident_pinned: Mapped[bool] = mapped_column(default=False, server_default=false())

    article: Mapped[Article] = relationship(back_populates="events")
    incident: Mapped[Incident | None] = relationship(back_populates="events")


class TroopLevel(Base):
    __tablename__ = "troop_levels"
    __table_args__ = (
        CheckConstraint("qualifier IN ('exact','over','about','under','up_to')", name="qualifier"),
        CheckConstraint("figure_type IN ('reported','official_cap','planned')", name="figure_type"),
        CheckConstraint(f"review_state IN ({REVIEW_STATES_SQL})", name="review_state"),
        Index("ix_troop_levels_location_as_of", "location", "as_of"),
        Index("ix_troop_levels_as_of", "as_of"),  # the dashboard's newest figures first
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(String(64), default="US")
    location: Mapped[str] = mapped_column(String(100))
    count: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(8), default="exact")
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    figure_type: Mapped[str] = mapped_column(String(16), default="reported")
    evidence: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(8), default="machine")
    review_state: Mapped[str] = mapped_column(String(12), default="unreviewed", index=True)
    machine_output: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    article: Mapped[Article] = relationship(back_populates="troop_levels")


class AuditLog(Base):
    """Who changed what, when, with the row before and after (JSON)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    article_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()


class SignInFailure(Base):
    """A failed sign-in, kept while it counts towards the limit (app/web/rate_limit.py).

    In the database, not in process memory, so that several app processes share one limit.
    """

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400))  # "ip:ADDRESS" or "email:ADDRESS"
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class TimelineCountColumns:
    """Columns every rollup of counted events has (see app/timeline/rollup.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(32))
    reviewed: Mapped[bool] = mapped_column()
    events: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[dt.date | None] = mapped_column(Date)
    last_date: Mapped[dt.date | None] = mapped_column(Date)


class TimelineCount(TimelineCountColumns, Base):
    """Counted events per month, type, actor, location and reviewed flag: the dashboard's
    rollup of `events`, rebuilt month by month from the months listed in `timeline_dirty`.

    Only counted events are in it (not rejected, not from a near-duplicate article); see
    app/timeline/rollup.py. Triggers on `events` and `articles` (migration 5c1d0e7a9b42) list
    the months that a change touches. `location_key` is lower(location), for the filter.
    """

    __tablename__ = "timeline_counts"
    __table_args__ = (
        Index("ix_timeline_counts_month_type", "month", "type"),
        Index("ix_timeline_counts_location_key", "location_key", "location", "month"),
    )

    actor: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    location_key: Mapped[str | None] = mapped_column(String(200))


class TimelineActorCount(TimelineCountColumns, Base):
    """`timeline_counts` summed over locations: what actor filters and factions read."""

    __tablename__ = "timeline_actor_counts"
    __table_args__ = (
        Index("ix_timeline_actor_counts_month_type", "month", "type"),
        Index("ix_timeline_actor_counts_actor_month", "actor", "month"),
    )

    actor: Mapped[str | None] = mapped_column(String(200))


class TimelineMonthCount(TimelineCountColumns, Base):
    """`timeline_actor_counts` summed over actors: what unfiltered timelines read."""

    __tablename__ = "timeline_month_counts"
    __table_args__ = (Index("ix_timeline_month_counts_month_type", "month", "type"),)


class TimelineDirty(Base):
    """A month whose rows in `timeline_counts` are out of date (written by triggers).

    A log, not a set: on PostgreSQL every change appends a row (no locks between writers);
    on SQLite a month is listed once.
    """

    __tablename__ = "timeline_dirty"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)

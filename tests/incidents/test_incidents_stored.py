"""Incidents in the database: reports from several outlets join one, the counts are incidents,
the grouping does not depend on the order of uploads, and editors' merges, moves and splits
are audited and survive `rebuild`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.db import migrate
from app.filters import EventFilters
from app.incidents import editing
from app.incidents.service import rebuild
from app.ingestion import Upload, ingest_uploads
from app.ingestion.prepare import Meta
from app.models import Article, AuditLog, Event, Incident, User
from app.timeline import queries as timeline
from tests.dbutil import fresh_database_url
from tests.factories import make_article, make_event

D = dt.date
KH = "Kata'ib Hezbollah"

WIRE = (
    "Drone hits base in western Iraq\n\n"
    "BAGHDAD, Jan 21 (Wire) - A drone struck Ain al-Asad air base, which hosts US troops, "
    "on Saturday, wounding two American service members, US officials said."
)
DAILY = (
    "US troops hurt in attack on Anbar base\n\n"
    "Two US soldiers were injured when a drone attacked the Ain al-Assad airbase in Anbar "
    "province on Saturday, the Pentagon said on Sunday."
)


def upload(session: Session, text: str, outlet: str, published: dt.date) -> None:
    meta = Meta(outlet=outlet, published=published)
    [outcome] = ingest_uploads(
        session=session, uploads=[Upload(name=outlet, data=text.encode(), meta=meta)]
    )
    assert outcome.status == "stored", outcome.reason


def attack_months(session: Session) -> dict[dt.date, int]:
    rows = timeline.month_type_counts(session=session, filters=EventFilters())
    return {r.month: r.events for r in rows if r.type == "attack"}


def test_two_outlets_reporting_one_attack_make_one_incident_counted_once(
    session: Session,
) -> None:
    upload(session, WIRE, "Wire", D(2024, 1, 21))
    upload(session, DAILY, "Daily", D(2024, 1, 22))
    attacks = list(session.scalars(select(Event).where(Event.type == "attack")))
    assert len(attacks) == 2
    assert attacks[0].incident_id is not None
    assert attacks[0].incident_id == attacks[1].incident_id
    incident = session.get(Incident, attacks[0].incident_id)
    assert incident is not None
    assert (incident.reports, incident.outlets, incident.location) == (2, 2, "Ain al-Asad")
    assert attack_months(session) == {D(2024, 1, 1): 1}


def test_a_rejected_only_report_takes_its_incident_out_of_the_counts(session: Session) -> None:
    article = make_article(session)
    event = make_event(session, article, date=D(2021, 3, 3), location="Erbil")
    session.commit()
    assert attack_months(session) == {D(2021, 3, 1): 1}
    event.review_state = "rejected"
    session.commit()
    assert attack_months(session) == {}


def test_deleting_an_article_deletes_the_incident_only_it_reported(session: Session) -> None:
    one, two = make_article(session, outlet="One"), make_article(session, outlet="Two")
    shared = {"date": D(2021, 3, 3), "location": "Erbil"}
    make_event(session, one, **shared)
    make_event(session, two, **shared)
    make_event(session, two, date=D(2021, 5, 9), location="Camp Taji")
    session.commit()
    assert session.scalars(select(Incident.reports).order_by(Incident.date)).all() == [2, 1]
    session.execute(delete(Article).where(Article.id == two.id))
    session.commit()
    assert session.scalars(select(Incident.reports)).all() == [1]
    assert attack_months(session) == {D(2021, 3, 1): 1}


def editor(session: Session) -> User:
    user = User(email="editor@example.org", password_hash="x", role="editor")
    session.add(user)
    session.flush()
    return user


def two_attacks(session: Session) -> tuple[Event, Event, Event]:
    """Three reports: two of one attack at Erbil, one of an attack at Taji a day later."""
    first, second = make_article(session, outlet="A"), make_article(session, outlet="B")
    a = make_event(session, first, date=D(2021, 3, 3), location="Erbil")
    b = make_event(session, second, date=D(2021, 3, 3), location="Erbil")
    c = make_event(session, second, date=D(2021, 3, 4), location="Camp Taji")
    session.commit()
    return a, b, c


def test_merging_two_incidents_is_audited_and_survives_a_rebuild(session: Session) -> None:
    a, _, c = two_attacks(session)
    assert a.incident_id != c.incident_id
    gone = c.incident_id
    assert gone is not None and a.incident_id is not None
    entry = editing.merge(session, into=a.incident_id, other=gone, user=editor(session))
    session.commit()
    assert session.get(Incident, gone) is None
    assert attack_months(session) == {D(2021, 3, 1): 1}
    assert entry.before is not None and entry.after is not None
    assert entry.before[str(gone)]["events"] == [c.id]
    assert entry.after[str(gone)] is None and len(entry.after[str(a.incident_id)]["events"]) == 3
    rebuild(session)
    session.commit()
    assert len({e.incident_id for e in session.scalars(select(Event))}) == 1


def test_splitting_a_report_out_is_audited_and_survives_a_rebuild(session: Session) -> None:
    a, b, _ = two_attacks(session)
    assert a.incident_id == b.incident_id
    entry = editing.split(session, event_id=b.id, user=editor(session), reason="another attack")
    session.commit()
    session.refresh(a), session.refresh(b)
    assert a.incident_id != b.incident_id and b.incident_pinned
    assert attack_months(session) == {D(2021, 3, 1): 3}
    assert entry.action == "split" and entry.reason == "another attack"
    rebuild(session)
    session.commit()
    session.refresh(a), session.refresh(b)
    assert a.incident_id != b.incident_id


def test_moving_a_report_is_audited_and_refused_across_types(session: Session) -> None:
    a, b, c = two_attacks(session)
    assert c.incident_id is not None
    user = editor(session)
    editing.move(session, event_id=b.id, to=c.incident_id, user=user)
    session.commit()
    session.refresh(b)
    assert b.incident_id == c.incident_id
    counts = session.scalars(select(Incident.reports).order_by(Incident.id)).all()
    assert sorted(counts) == [1, 2]
    threat = make_event(session, a.article, type="threat", date=D(2021, 3, 3))
    session.commit()
    with pytest.raises(editing.EditError, match="own type"):
        editing.move(session, event_id=threat.id, to=c.incident_id, user=user)
    actions = session.scalars(select(AuditLog.action).where(AuditLog.entity == "incident"))
    assert list(actions) == ["move"]


def dev_files(dev_corpus: Path, count: int) -> list[Path]:
    return sorted(dev_corpus.glob("*.txt"))[:count]


def partition(url: str) -> frozenset[frozenset[tuple[str, int, str]]]:
    """The grouping of reports, named by what they are (article text, offset, type)."""
    engine = create_engine(url, poolclass=NullPool)
    with Session(engine) as session:
        rows = session.execute(
            select(Event.incident_id, Article.content_hash, Event.evidence_start, Event.type).join(
                Article, Article.id == Event.article_id
            )
        ).all()
    engine.dispose()
    groups: dict[int, set[tuple[str, int, str]]] = {}
    for incident, *key in rows:
        groups.setdefault(incident, set()).add((key[0], key[1], key[2]))
    return frozenset(frozenset(g) for g in groups.values())


def ingest_in_order(url: str, files: list[Path]) -> None:
    migrate.upgrade(url)
    engine = create_engine(url, poolclass=NullPool)
    with Session(engine) as session:
        for path in files:
            data = Upload(name=path.name, data=path.read_bytes(), filename=path.name)
            ingest_uploads(session=session, uploads=[data])
    engine.dispose()


def test_the_same_articles_in_two_orders_give_the_same_incidents(
    tmp_path: Path, dev_corpus: Path
) -> None:
    files = dev_files(dev_corpus, 24)
    forward, backward = (
        fresh_database_url(tmp_path, "forward"),
        fresh_database_url(tmp_path, "back"),
    )
    ingest_in_order(forward, files)
    ingest_in_order(backward, list(reversed(files)))
    grouping = partition(forward)
    assert len(grouping) > 10  # real reports, several of them joined
    assert grouping == partition(backward)

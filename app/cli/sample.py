"""The bundled sample corpus (app/sample/): about 40 short reports written for this project,
in its own words, about documented events of 2017–2025. They go through the real pipeline
and store (the ingestion service), under the outlet `SAMPLE_OUTLET`, so they can be told
apart and removed.

    python -m app sample load      # store the reports that are not stored yet
    python -m app sample remove    # delete every sample article (and what was extracted)

`python -m app serve` (and so `make run`) loads them into a database that has no articles,
unless TRACKER_LOAD_SAMPLE=false.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import Article
from app.sample import SAMPLE_OUTLET

SAMPLE_PACKAGE = "app.sample"
MANIFEST = "manifest.csv"


@dataclass(frozen=True)
class SampleReport:
    name: str
    title: str
    published: dt.date
    data: bytes


@dataclass(frozen=True)
class SampleSummary:
    stored: int
    already: int
    failed: list[str]


def sample_reports() -> list[SampleReport]:
    """The reports listed in app/sample/manifest.csv, oldest first."""
    folder = resources.files(SAMPLE_PACKAGE)
    manifest = folder.joinpath(MANIFEST).read_text(encoding="utf-8")
    reports = [
        SampleReport(
            name=row["file"],
            title=row["title"],
            published=dt.date.fromisoformat(row["published"]),
            data=folder.joinpath(row["file"]).read_bytes(),
        )
        for row in csv.DictReader(io.StringIO(manifest))
    ]
    return sorted(reports, key=lambda r: (r.published, r.name))


def load_sample(*, session: Session) -> SampleSummary:
    """Store every sample report through the ingestion service (commits per article)."""
    from app.ingestion import ingest_uploads
    from app.ingestion.prepare import Meta, Upload

    uploads = [
        Upload(
            name=report.name,
            data=report.data,
            filename=report.name,
            meta=Meta(title=report.title, outlet=SAMPLE_OUTLET, published=report.published),
        )
        for report in sample_reports()
    ]
    outcomes = ingest_uploads(session=session, uploads=uploads)
    session.commit()
    return SampleSummary(
        stored=sum(1 for o in outcomes if o.is_new),
        already=sum(1 for o in outcomes if o.status == "duplicate"),
        failed=[f"{o.name}: {o.reason}" for o in outcomes if o.status == "failed"],
    )


def remove_sample(*, session: Session) -> int:
    """Delete the sample articles; their events, troop levels and mentions go with them."""
    result: Any = session.execute(delete(Article).where(Article.outlet == SAMPLE_OUTLET))
    session.commit()
    return int(result.rowcount or 0)


def has_articles(*, session: Session) -> bool:
    return session.scalar(select(Article.id).limit(1)) is not None


def load_sample_if_empty(*, session: Session) -> SampleSummary | None:
    """At start-up: fill an empty database with the sample (None when it has articles)."""
    if has_articles(session=session):
        return None
    return load_sample(session=session)


def describe(summary: SampleSummary) -> str:
    text = f"sample data: {summary.stored} reports stored, {summary.already} already there"
    if summary.failed:
        text += f", {len(summary.failed)} failed: " + "; ".join(summary.failed)
    return text


def run_sample(args: argparse.Namespace) -> int:
    from app.db.engine import get_sessionmaker

    with get_sessionmaker(write=True)() as session:
        if args.sample_command == "load":
            summary = load_sample(session=session)
            print(describe(summary))  # noqa: T201
            return 1 if summary.failed else 0
        removed = remove_sample(session=session)
        print(f"sample data: {removed} articles removed")  # noqa: T201
    return 0

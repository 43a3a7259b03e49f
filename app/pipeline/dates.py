"""Publication date; resolving date phrases against it. (STUB: to be completed.)"""

from __future__ import annotations

import datetime as dt

from app.pipeline.types import CleanDoc, PublishedDate


def find_published(doc: CleanDoc, *, given: dt.date | None = None) -> PublishedDate:
    if given is not None:
        return PublishedDate(date=given, source="given")
    return PublishedDate(date=doc.meta_published, source="text" if doc.meta_published else None)

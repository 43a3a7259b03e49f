"""Ingestion: uploads and files in, stored articles out, duplicates caught.

    prepare(Upload) -> [Prepared | Failure]      pure (worker processes): read, convert
                                                 (Markdown, PDF, CSV rows), extract, hash,
                                                 MinHash signature
    store_prepared(session=, item=) -> Outcome   one article in one savepoint; exact
                                                 duplicates (same cleaned text) not stored
                                                 again, near duplicates linked to their
                                                 original (`Article.duplicate_of_id`)
    ingest_uploads(session=, uploads=) -> [Outcome]   both, committing each article (a
                                                 CSV's rows in batches: batch.py)

Formats: app/ingestion/formats.py (kinds, Markdown, PDF), tables.py (CSV exports).
Near duplicates: app/ingestion/dedup.py (and `original_article_condition()` for aggregates).
"""

from app.ingestion.batch import ingest_uploads
from app.ingestion.dedup import original_article_condition
from app.ingestion.prepare import Failure, Meta, Prepared, Upload, prepare
from app.ingestion.service import STATUSES, Outcome, store_item, store_prepared

__all__ = [
    "STATUSES",
    "Failure",
    "Meta",
    "Outcome",
    "Prepared",
    "Upload",
    "ingest_uploads",
    "original_article_condition",
    "prepare",
    "store_item",
    "store_prepared",
]

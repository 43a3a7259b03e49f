"""Everything about an upload that needs no database: read, convert, extract, hash, sign.

`prepare(upload)` is pure and picklable in and out, so `python -m app ingest` runs it in
worker processes. It never raises for a bad input: a file that cannot be read becomes a
`Failure` with a reason meant for the person who sent it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from urllib.parse import urlsplit

from app.dates import check_date
from app.ingestion import dedup, formats, tables
from app.ingestion.tables import DateOrder
from app.pipeline import ExtractedDocument, extract_document
from app.pipeline.ingest import UnreadableInput, decode_upload, from_text
from app.pipeline.types import RawDoc
from app.store import content_hash

PASTED = "pasted text"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Meta:
    """Metadata a person gave for an article (None: take what extraction finds)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Upload:
    """One input: an uploaded or read file (`filename` set), or a pasted text."""

    name: str
    data: bytes
    filename: str | None = None
    meta: Meta = field(default_factory=Meta)
    mapping: Mapping[str, str | None] | None = None  # a CSV's column mapping, if chosen
    keep_empty: bool = False  # store it even when nothing is extracted (to code by hand)
    date_order: DateOrder | None = None  # a CSV's numeric dates: day or month first


@dataclass(frozen=True)
class Prepared:
    """An extracted article, ready to be stored."""

    name: str
    extracted: ExtractedDocument
    meta: Meta
    content_hash: str
    signature: bytes | None
    band_keys: tuple[int, ...]
    original: bytes | None
    original_name: str | None
    media_type: str


@dataclass(frozen=True)
class Failure:
    """An input (or a CSV row) that could not be read, and why."""

    name: str
    reason: str
    status_code: int = 422


Item = Prepared | Failure


def prepare(upload: Upload) -> list[Item]:
    """The articles of one upload (a CSV gives one per row), or the reason it failed."""
    try:
        kind = kind_of_upload(upload)
        if kind == "csv":
            return prepare_table(upload)
        return [extract_one(upload, read_raw(upload, kind), kind)]
    except UnreadableInput as exc:
        return [Failure(upload.name, str(exc), exc.status_code)]
    except Exception as exc:  # one odd file must not stop a batch; the reason is reported
        log.exception("extraction failed for %s", upload.name)
        return [Failure(upload.name, f"the extractor failed on it ({exc.__class__.__name__})")]


def kind_of_upload(upload: Upload) -> formats.Kind:
    """The upload's kind; `UnreadableInput` for a bad file name, an unread kind or no data."""
    if upload.filename is not None:
        formats.check_filename(upload.filename)
        kind = formats.kind_of(upload.filename)
    else:
        kind = "text"
    if not upload.data.strip():
        raise UnreadableInput("the file is empty" if upload.filename else "the text is empty")
    return kind


def extract_upload(upload: Upload) -> ExtractedDocument:
    """One article's extraction, stored nowhere (POST /api/extract); `UnreadableInput` when
    it cannot be read, is a CSV (many articles), or has nothing to code (unless kept)."""
    kind = kind_of_upload(upload)
    if kind == "csv":
        raise UnreadableInput(
            "a CSV holds many articles: send one article here, or store the CSV with "
            "POST /api/articles (the upload page)"
        )
    return extract_checked(upload, read_raw(upload, kind))


def read_raw(upload: Upload, kind: formats.Kind) -> RawDoc:
    """The decoded document the pipeline cleans (Markdown and PDF turned into text first)."""
    if upload.filename is None:
        return from_text(decode_upload(upload.data).text, name=None)
    if kind == "pdf":
        return from_text(formats.pdf_to_text(upload.data), name=upload.filename, is_html=False)
    raw = decode_upload(upload.data, filename=upload.filename)
    if kind == "markdown":
        return from_text(formats.markdown_to_text(raw.text), name=raw.name, is_html=False)
    return raw


MAX_OUTLET_CHARS = 300  # Article.outlet


def is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def clean_meta(meta: Meta) -> Meta:
    """Metadata safe to store: only http(s) URLs (a `javascript:` link never reaches a
    page), an outlet within its column's length, no blank strings."""
    url = (meta.url or "").strip()
    return replace(
        meta,
        title=(meta.title or "").strip() or None,
        outlet=(meta.outlet or "").strip()[:MAX_OUTLET_CHARS] or None,
        url=url if url and is_web_address(url) else None,
    )


NOTHING_FOUND = (
    "nothing was found to code in it: it names no militia or other tracked actor, no attack, "
    "threat or other event, and no troop level. If it belongs in the dataset anyway, send it "
    'again with "keep articles with nothing found" (keep_empty) and code it by hand'
)


def found_nothing(extracted: ExtractedDocument) -> bool:
    result = extracted.result
    return not (result.events or result.troop_levels or result.actors)


def extract_checked(upload: Upload, raw: RawDoc) -> ExtractedDocument:
    """The extraction; `UnreadableInput` when no text is left or nothing is found to code
    (and the upload does not ask to keep it)."""
    extracted = extract_document(raw, upload.meta.published)
    if not extracted.doc.text.strip():
        raise UnreadableInput("no article text was left after removing the markup")
    if found_nothing(extracted) and not upload.keep_empty:
        raise UnreadableInput(NOTHING_FOUND)
    return extracted


def extract_one(upload: Upload, raw: RawDoc, kind: formats.Kind) -> Item:
    """A stored-to-be article (`UnreadableInput` as `extract_checked`)."""
    extracted = extract_checked(upload, raw)
    signature = dedup.signature(extracted.doc.text)
    return Prepared(
        name=upload.name,
        extracted=extracted,
        meta=clean_meta(upload.meta),
        content_hash=content_hash(extracted.doc.text),
        signature=signature,
        band_keys=tuple(dedup.band_keys(signature)) if signature else (),
        original=upload.data if upload.filename and kind != "csv" else None,
        original_name=PurePath(upload.filename).name if upload.filename else None,
        media_type=formats.MEDIA_TYPES[kind],
    )


def prepare_table(upload: Upload) -> list[Item]:
    """One article per CSV row: the row's cells win over the form's outlet and date."""
    table = tables.read_table(upload.data, mapping=upload.mapping)
    items: list[Item] = []
    for row in tables.table_rows(table, upload.date_order):
        if isinstance(row, tuple):
            number, reason = row
            items.append(Failure(f"{upload.name} row {number}", reason))
            continue
        try:
            published = check_date(row.published) if row.published else None
        except ValueError as exc:  # the check and message of the form's date
            items.append(Failure(f"{upload.name} row {row.number}", f"publication date: {exc}"))
            continue
        meta = Meta(
            title=row.title,
            outlet=row.outlet or upload.meta.outlet,
            url=row.url,
            published=published or upload.meta.published,
        )
        row_upload = replace(upload, name=f"{upload.name} row {row.number}", meta=meta)
        items.append(_extract_row(row_upload, row.text))
    return items


def _extract_row(upload: Upload, text: str) -> Item:
    try:
        return extract_one(upload, from_text(text, name=upload.name), "csv")
    except UnreadableInput as exc:
        return Failure(upload.name, str(exc), exc.status_code)

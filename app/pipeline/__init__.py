"""The extraction pipeline: text in, `Extraction` out. Pure: no database, no web.

The stage order is readable here, top to bottom.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.pipeline import actors, clean, dates, events, ingest, sentences, troops
from app.pipeline.ingest import TooLarge
from app.pipeline.types import CleanDoc, DocContext, RawDoc
from app.schemas import Extraction

# The longest article (characters of cleaned text) extracted: some 50,000 words, ten times
# the longest report in the dev corpus. Every stage is linear in the text's length (long
# sentences are cut, `sentences.MAX_SENTENCE_CHARS`), so this bounds an article's work.
MAX_ARTICLE_CHARS = 300_000


@dataclass(frozen=True)
class ExtractedDocument:
    """The cleaned document beside its extraction (the store keeps both)."""

    doc: CleanDoc
    result: Extraction


def extract_document(raw: RawDoc, published: dt.date | None = None) -> ExtractedDocument:
    """Clean and extract; `TooLarge` when the cleaned text is over `MAX_ARTICLE_CHARS`."""
    doc = clean.clean_document(raw)
    check_length(doc.text)
    sents = sentences.split_sentences(doc.text)
    pub = dates.find_published(doc, given=published)
    ctx = DocContext(doc=doc, sentences=tuple(sents), published=pub)
    mentions = actors.find_actors(ctx)
    ctx = DocContext(doc=doc, sentences=ctx.sentences, published=pub, actors=tuple(mentions))
    result = Extraction(
        file=raw.name,
        title=doc.title,
        published=pub.date.isoformat() if pub.date else None,
        published_source=pub.source if pub.date else None,
        actors=actors.summarise_actors(mentions),
        troop_levels=troops.find_troop_levels(ctx),
        events=events.find_events(ctx),
    )
    return ExtractedDocument(doc=doc, result=result)


def check_length(text: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise TooLarge(
            f"the article is too long: {len(text):,} characters of text, over the limit of "
            f"{MAX_ARTICLE_CHARS:,} (about 50,000 words); split it into several articles"
        )


def extract(
    text: str,
    published: dt.date | None = None,
    *,
    is_html: bool | None = None,
    name: str | None = None,
) -> Extraction:
    """Extract from a text (HTML detected when `is_html` is None)."""
    raw = ingest.from_text(text, name=name, is_html=is_html)
    return extract_document(raw, published).result


def extract_bytes(
    data: bytes, *, filename: str | None = None, published: dt.date | None = None
) -> ExtractedDocument:
    """Decode uploaded bytes (raises `ingest.UnreadableInput` with a readable message)."""
    raw = ingest.decode_upload(data, filename=filename)
    return extract_document(raw, published)

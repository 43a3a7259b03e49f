"""Frozen dataclasses passed between pipeline stages.

Every offset is an index into `CleanDoc.text`, the one coordinate system of the pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDoc:
    """An input decoded to text, before cleaning."""

    text: str
    is_html: bool
    name: str | None = None


@dataclass(frozen=True)
class CleanDoc:
    """Cleaned article text (the offset space), its title and any date the markup gave."""

    text: str
    title: str | None
    meta_published: dt.date | None = None
    # Where characters of the input were dropped: (cleaned offset, characters dropped so far).
    # Empty when cleaning kept every offset (plain text usually) or for HTML.
    shifts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor: canonical name, kind, and its span in the cleaned text."""

    name: str
    kind: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class PublishedDate:
    date: dt.date | None
    source: str | None  # "text", "given" or None


@dataclass(frozen=True)
class DocContext:
    """Everything the later stages read: the cleaned doc, its sentences, date and actors."""

    doc: CleanDoc
    sentences: tuple[Sentence, ...]
    published: PublishedDate
    actors: tuple[ActorMention, ...] = field(default_factory=tuple)

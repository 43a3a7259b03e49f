"""HTML to text; normalise quotes and whitespace. (STUB: to be completed.)"""

from __future__ import annotations

from app.pipeline.types import CleanDoc, RawDoc


def clean_document(raw: RawDoc) -> CleanDoc:
    text = raw.text
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return CleanDoc(text=text, title=title)

"""Events of the six types. (STUB: to be completed.)"""

from __future__ import annotations

from app.pipeline.types import DocContext
from app.schemas import ExtractedEvent


def find_events(ctx: DocContext) -> list[ExtractedEvent]:
    return []

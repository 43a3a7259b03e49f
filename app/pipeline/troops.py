"""US troop levels. (STUB: to be completed.)"""

from __future__ import annotations

from app.pipeline.types import DocContext
from app.schemas import ExtractedTroopLevel


def find_troop_levels(ctx: DocContext) -> list[ExtractedTroopLevel]:
    return []

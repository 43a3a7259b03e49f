"""Actor mentions: alias match to canonical names. (STUB: to be completed.)"""

from __future__ import annotations

from app.pipeline.types import ActorMention, DocContext
from app.schemas import ExtractedActor


def find_actors(ctx: DocContext) -> list[ActorMention]:
    return []


def summarise_actors(mentions: list[ActorMention]) -> list[ExtractedActor]:
    return []

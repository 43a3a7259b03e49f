"""Every extraction stage is linear in the text's length, whatever the text holds: for each
adversarial shape, a stage's CPU time per character at 100,000 characters stays within a
small factor of its time per character at 10,000 (a quadratic stage would be ten times)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from app.pipeline import actors, clean, dates, events, ingest, sentences, troops
from app.pipeline.types import DocContext
from tests.adversarial import SHAPES, make_text

SMALL, LARGE = 10_000, 100_000
FACTOR = 3.0


def stage_times(text: str) -> dict[str, float]:
    """CPU seconds of each stage on `text`, run in `extract_document`'s order."""
    spent: dict[str, float] = {}

    def timed(stage: str, fn: Callable[..., Any], *args: Any) -> Any:
        started = time.process_time()
        out = fn(*args)
        spent[stage] = spent.get(stage, 0.0) + time.process_time() - started
        return out

    raw = timed("ingest", ingest.from_text, text)
    doc = timed("clean", clean.clean_document, raw)
    sents = tuple(timed("sentences", sentences.split_sentences, doc.text))
    pub = timed("dates", dates.find_published, doc)
    ctx = DocContext(doc=doc, sentences=sents, published=pub)
    mentions = tuple(timed("actors", actors.find_actors, ctx))
    ctx = DocContext(doc=doc, sentences=sents, published=pub, actors=mentions)
    timed("troops", troops.find_troop_levels, ctx)
    timed("events", events.find_events, ctx)
    return spent


def cheapest(texts: list[str], runs: int = 2) -> dict[str, float]:
    """Each stage's least total time over `runs` passes through `texts`."""
    best: dict[str, float] = {}
    for _ in range(runs):
        total: dict[str, float] = {}
        for text in texts:
            for stage, spent in stage_times(text).items():
                total[stage] = total.get(stage, 0.0) + spent
        for stage, spent in total.items():
            best[stage] = min(best.get(stage, spent), spent)
    return best


@pytest.mark.parametrize("shape", SHAPES)
def test_each_stage_costs_the_same_per_character_at_ten_times_the_length(shape: str) -> None:
    stage_times(make_text(shape, 1_000))  # load the vocabulary outside the timing
    # The same number of characters both ways: ten texts of SMALL, one of LARGE.
    small = cheapest([make_text(shape, SMALL)] * (LARGE // SMALL))
    large = cheapest([make_text(shape, LARGE)])
    grown = {
        stage: large[stage] / small[stage]
        for stage in large
        if large[stage] > FACTOR * small[stage]
    }
    assert not grown, f"{shape}: cost per character grew by {grown} from {SMALL:,} to {LARGE:,}"

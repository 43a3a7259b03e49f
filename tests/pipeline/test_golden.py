"""An invariant of the whole extractor on every dev-corpus file: evidence is a slice of the text.

No figure is asserted here: how many events are found, and how well, belongs to
`../shared/eval/score.py` (CI runs it with its floors) and the benchmarks. Skips when ../shared
is absent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.pipeline import ExtractedDocument, extract_document, ingest

DEV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
GOLD_FILES = sorted(DEV_CORPUS.glob("*.gold.json")) if DEV_CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not GOLD_FILES, reason="../shared/corpus/dev is absent")


def run(gold_path: Path) -> ExtractedDocument:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt").read_text(
        encoding="utf-8"
    )
    given = gold.get("published_given")
    raw = ingest.from_text(text, name=gold_path.name)
    return extract_document(raw, dt.date.fromisoformat(given[:10]) if given else None)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.name.split(".")[0] for p in GOLD_FILES])
def test_every_event_evidence_is_a_slice_of_the_text(gold_path: Path) -> None:
    done = run(gold_path)
    text = done.doc.text
    for event in done.result.events:
        assert text[event.start : event.end] == event.evidence
        for extra in event.extra_evidence:
            assert text[extra.start : extra.end] == extra.evidence

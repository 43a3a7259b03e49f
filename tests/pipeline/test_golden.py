"""A tolerant smoke check of the whole extractor's events on the dev corpus.

The precise floors belong to CI (`../shared/eval/score.py --min-events-f1 ...`); this only
catches a stage that stopped working. Events are matched as score.py matches them: same type
and a compatible date, one to one. Skips when ../shared is absent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app.pipeline import ExtractedDocument, extract_document, ingest

DEV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
GOLD_FILES = sorted(DEV_CORPUS.glob("*.gold.json")) if DEV_CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not GOLD_FILES, reason="../shared/corpus/dev is absent")


def parse(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def date_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    g, p = parse(gold.get("date")), parse(pred.get("date"))
    if g is None:
        return True
    if p is None:
        return False
    if gold.get("date_precision") == "year":
        return g.year == p.year
    same_month = (g.year, g.month) == (p.year, p.month)
    if gold.get("date_precision") == "month":
        return same_month
    return abs((g - p).days) <= 3 or (pred.get("date_precision") == "month" and same_month)


def matched(gold_events: list[dict[str, Any]], pred_events: list[dict[str, Any]]) -> int:
    used: set[int] = set()
    for g in sorted(gold_events, key=lambda e: e.get("date") is None):
        for i, p in enumerate(pred_events):
            if i not in used and p["type"] == g["type"] and date_ok(g, p):
                used.add(i)
                break
    return len(used)


def run(gold_path: Path) -> tuple[dict[str, Any], ExtractedDocument]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt").read_text(
        encoding="utf-8"
    )
    raw = ingest.from_text(text, name=gold_path.name)
    return gold, extract_document(raw, parse(gold.get("published_given")))


def test_events_f1_on_the_dev_corpus_is_reasonable() -> None:
    tp = n_pred = n_gold = 0
    for gold_path in GOLD_FILES:
        gold, done = run(gold_path)
        pred = [e.model_dump() for e in done.result.events]
        tp += matched(gold["events"], pred)
        n_pred += len(pred)
        n_gold += len(gold["events"])
    precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    assert f1 >= 0.7, f"events F1 {f1:.3f} (P {precision:.3f} R {recall:.3f})"


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.name.split(".")[0] for p in GOLD_FILES])
def test_every_event_evidence_is_a_slice_of_the_text(gold_path: Path) -> None:
    _, done = run(gold_path)
    text = done.doc.text
    for event in done.result.events:
        assert text[event.start : event.end] == event.evidence
        for extra in event.extra_evidence:
            assert text[extra.start : extra.end] == extra.evidence

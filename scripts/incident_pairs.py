"""How well incidents group reports, against the gold `incident` labels of a corpus.

Each gold event is matched to a stored event of the same article and type (the nearest date);
then every pair of matched events is a true join (same gold incident, same stored incident),
a false join (different gold incidents, one stored incident) or a missed join. Prints pair
precision and recall, and the false and missed joins for reading.

Usage: TRACKER_DATA_DIR=DIR python scripts/incident_pairs.py CORPUS_DIR
(after `python -m app ingest` of CORPUS_DIR's texts into DIR)
"""

# ruff: noqa: T201
from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path

from sqlalchemy import select

from app.db.engine import get_sessionmaker
from app.models import Article, Event


def main(corpus: Path) -> None:
    with get_sessionmaker()() as session:
        by_name = {a.original_name: a.id for a in session.scalars(select(Article))}
        events = list(session.scalars(select(Event)))
    by_article: dict[int, list[Event]] = {}
    for e in events:
        by_article.setdefault(e.article_id, []).append(e)
    matched: list[tuple[str, Event]] = []
    for gold_path in sorted(corpus.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text())
        article = by_name.get(gold_path.name[: -len(".gold.json")] + ".txt")
        stored = list(by_article.get(article or -1, []))
        for g in gold["events"]:
            if not g.get("date"):
                continue
            same = [e for e in stored if e.type == g["type"] and e.date is not None]
            if not same:
                continue
            day = g["date"]
            best = min(same, key=lambda e: abs((e.date - dt.date.fromisoformat(day)).days))
            stored.remove(best)
            matched.append((g["incident"] or f"{gold_path.name}:{day}", best))
    true = false = missed = 0
    for (ga, ea), (gb, eb) in itertools.combinations(matched, 2):
        if ea.type != eb.type:
            continue
        same_gold, same_ours = ga == gb, ea.incident_id == eb.incident_id
        if same_gold and same_ours:
            true += 1
        elif same_ours:
            false += 1
            print(f"FALSE JOIN  {ea.type} [{ga}] {ea.date} + [{gb}] {eb.date}")
        elif same_gold:
            missed += 1
            told = f"{ea.date} {ea.location} {ea.actor} | {eb.date} {eb.location} {eb.actor}"
            print(f"MISSED      {ea.type} [{ga}] {told}")
    p = true / (true + false) if true + false else 1.0
    r = true / (true + missed) if true + missed else 1.0
    pairs = f"pairs: true {true} false {false} missed {missed}"
    print(f"matched events {len(matched)}  {pairs}  P {p:.3f} R {r:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

#!/usr/bin/env python3
"""Reliability table of event `confidence`: does a higher confidence mean a likelier event?

Usage (from the project's root):
    .venv/bin/python scripts/reliability.py ../shared/corpus/dev [MORE_DIRS] [--by type]

Runs `python -m app extract --manifest` over the NAME.txt + NAME.gold.json pairs of each
folder (with each gold's `published_given`, as score.py's second pass does), matches the
events to the gold with score.py's own matching (imported from ../shared/eval at run time,
so the two never drift apart), and prints, per confidence bin, how many events the
extractor gave and what share of them match a gold event (precision).
"""

# ruff: noqa: T201  (a command-line report: it prints)

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
BINS = (0.0, 0.3, 0.5, 0.65, 0.8, 0.9, 1.01)


def load_score(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(docs: list[tuple[Path, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        manifest = Path(tmp) / "manifest.csv"
        with manifest.open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["path", "published"])
            for path, gold in docs:
                writer.writerow([str(path), gold.get("published_given") or ""])
        cmd = [sys.executable, "-m", "app", "extract", "--manifest", str(manifest)]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {Path(row["file"]).name: row for row in rows}


def bin_of(value: float) -> tuple[float, float]:
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        if lo <= value < hi:
            return lo, hi
    return BINS[-2], BINS[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--score", default=str(SCORE_PY), help="path of score.py")
    ap.add_argument("--by", choices=["type"], help="also one table per event type")
    ap.add_argument("--dump", help="write one JSON line per event (confidence, hit, event)")
    args = ap.parse_args()
    score = load_score(Path(args.score))
    docs = score.load_corpus(args.dirs)
    out = extract(docs)
    records: list[tuple[float, bool, dict[str, Any]]] = []
    for path, gold in docs:
        predicted = out.get(path.name, {}).get("events", [])
        pairs = score.match_events(gold.get("events", []), predicted)
        hits = {id(p) for _, p in pairs}
        records += [(float(e.get("confidence", 0.5)), id(e) in hits, e) for e in predicted]
    if args.dump:
        with open(args.dump, "w") as f:
            for conf, hit, event in records:
                f.write(json.dumps({"confidence": conf, "hit": hit, **event}) + "\n")
    print_table("all events", records)
    if args.by == "type":
        for kind in sorted({e["type"] for _, _, e in records}):
            print_table(kind, [r for r in records if r[2]["type"] == kind])


def print_table(title: str, records: list[tuple[float, bool, dict[str, Any]]]) -> None:
    counts: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0])
    for conf, hit, _ in records:
        cell = counts[bin_of(conf)]
        cell[0] += 1
        cell[1] += hit
    print(f"{title}: {len(records)} events")
    print(f"  {'confidence':<12} {'count':>6} {'precision':>10}")
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        n, matched = counts.get((lo, hi), [0, 0])
        precision = f"{matched / n:.3f}" if n else "-"
        print(f"  [{lo:.2f}, {min(hi, 1.0):.2f}) {n:>6} {precision:>10}")
    for floor in (0.8, 0.5):
        above = [hit for conf, hit, _ in records if conf >= floor]
        below = [hit for conf, hit, _ in records if conf < floor]
        print(
            f"  >= {floor}: {len(above)} events, precision {share(above)};"
            f" < {floor}: {len(below)}, precision {share(below)}"
        )


def share(hits: list[bool]) -> str:
    return f"{sum(hits) / len(hits):.3f}" if hits else "-"


if __name__ == "__main__":
    main()

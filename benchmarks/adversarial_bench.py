"""Extraction time per 1,000 characters of texts built to be slow, at 10 K, 100 K and 1 M.

    .venv/bin/python benchmarks/adversarial_bench.py [--sizes 10000 100000 1000000] [--runs 1]

Shapes (`tests/adversarial.py`): runs of faction names, numbers, date words, event words and
full stops with no sentence breaks, and ordinary prose. The stages are run directly (the
1 M texts are over the 300,000-character article limit the app enforces), timed in CPU
time, least of `--runs`. Linear stages give flat rows: the same cost per 1,000 characters
at every length. Prints a Markdown table of the totals, then one of the stages at the
largest size.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.adversarial import SHAPES, make_text  # noqa: E402
from tests.pipeline.test_linearity import cheapest, stage_times  # noqa: E402

STAGES = ("ingest", "clean", "sentences", "dates", "actors", "troops", "events")


def label(size: int) -> str:
    return f"{size // 1_000_000} M" if size >= 1_000_000 else f"{size // 1_000} K"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    stage_times(make_text("normal prose", 1_000))  # load the vocabulary outside the timing
    per_stage: dict[str, dict[str, float]] = {}
    print("ms per 1,000 characters (CPU), all stages\n")  # noqa: T201
    print("| shape | " + " | ".join(label(s) for s in args.sizes) + " |")  # noqa: T201
    print("|---|" + "---:|" * len(args.sizes))  # noqa: T201
    for shape in SHAPES:
        cells = []
        for size in args.sizes:
            spent = cheapest([make_text(shape, size)], runs=args.runs)
            cells.append(f"{sum(spent.values()) / size * 1e6:.2f}")
            per_stage[shape] = spent
        print(f"| {shape} | " + " | ".join(cells) + " |", flush=True)  # noqa: T201
    largest = args.sizes[-1]
    print(f"\nms per 1,000 characters (CPU) by stage, at {label(largest)}\n")  # noqa: T201
    print("| shape | " + " | ".join(STAGES) + " |")  # noqa: T201
    print("|---|" + "---:|" * len(STAGES))  # noqa: T201
    for shape, spent in per_stage.items():
        cells = [f"{spent.get(stage, 0.0) / largest * 1e6:.2f}" for stage in STAGES]
        print(f"| {shape} | " + " | ".join(cells) + " |")  # noqa: T201


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Split an annotated corpus into two halves by outlet, for honest rule writing.

Usage (from the project's root):
    .venv/bin/python scripts/halves.py ../shared/corpus/dev /tmp/halves

Each NAME.gold.json's `url` names its outlet (the host, without "www."); a stable hash
(sha256) of the outlet puts every article of one outlet in the same half. The script
links NAME.txt and NAME.gold.json into OUT/A and OUT/B, which score.py then scores:
write rules from half A's errors only and report both halves.
"""

# ruff: noqa: T201  (a command-line report: it prints)

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from urllib.parse import urlparse


def outlet(gold: Path) -> str:
    url = str(json.loads(gold.read_text(encoding="utf-8")).get("url") or "")
    host = urlparse(url).netloc.lower().removeprefix("www.")
    return host or gold.name


def half(name: str) -> str:
    return "A" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "B"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    counts = {"A": 0, "B": 0}
    for gold in sorted(args.corpus.glob("*.gold.json")):
        text = gold.with_name(gold.name.removesuffix(".gold.json") + ".txt")
        side = half(outlet(gold))
        folder = args.out / side
        folder.mkdir(parents=True, exist_ok=True)
        for path in (gold, text):
            link = folder / path.name
            if not link.exists():
                link.symlink_to(path.resolve())
        counts[side] += 1
    print(f"half A {counts['A']} articles, half B {counts['B']} articles -> {args.out}")


if __name__ == "__main__":
    main()

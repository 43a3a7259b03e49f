"""`python -m app extract`: one JSON line per file, in input order; never touches the database."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import orjson

from app.dates import parse_iso_date
from app.pipeline import extract_bytes
from app.pipeline.ingest import UnreadableInput
from app.schemas import ExtractionError


def read_manifest(manifest: Path) -> Iterator[tuple[Path, str | None]]:
    """Rows of a `path,published` CSV; relative paths are taken from the manifest's folder."""
    with manifest.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = {name.strip().lower(): name for name in reader.fieldnames or []}
        if "path" not in fields:
            raise ValueError(f"{manifest}: the manifest needs a 'path' column")
        for row in reader:
            raw_path = (row.get(fields["path"]) or "").strip()
            if not raw_path:
                continue
            path = Path(raw_path)
            if not path.is_absolute() and not path.exists():
                path = manifest.parent / path
            published = row.get(fields["published"]) if "published" in fields else None
            yield path, published


def extract_one(path: Path, published: str | None, *, display_name: str) -> bytes:
    try:
        given = parse_iso_date(published)
        data = path.read_bytes()
        result = extract_bytes(data, filename=display_name, published=given).result
        return orjson.dumps(result.model_dump(mode="json"))
    except (OSError, UnreadableInput, ValueError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return orjson.dumps(ExtractionError(file=display_name, error=message).model_dump())


def run_extract(
    files: list[str],
    *,
    published: str | None,
    manifest: str | None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    jobs: list[tuple[Path, str | None]] = [(Path(f), published) for f in files]
    if manifest:
        try:
            jobs.extend(read_manifest(Path(manifest)))
        except (OSError, ValueError) as exc:
            print(f"error: cannot read manifest: {exc}", file=sys.stderr)  # noqa: T201
            return 2
    for path, given in jobs:
        out.write(extract_one(path, given, display_name=str(path)).decode() + "\n")
    out.flush()
    return 0

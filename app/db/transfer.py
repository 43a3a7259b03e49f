"""Export the whole dataset as JSON Lines and CSV, and import it into an empty database.

Every table of the schema is written, so columns added by later migrations travel too:
`<table>.jsonl` (exact: types kept, bytes as base64) is what `import` reads; `<table>.csv`
is for spreadsheets. A `manifest.json` names the schema revision and the row counts.
Moving a team from SQLite to PostgreSQL is `export` on one and `import` on the other.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Table,
    TypeDecorator,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.sql.sqltypes import Date, DateTime, LargeBinary

from app.dates import check_date
from app.db import migrate
from app.db.engine import Base
from app.models import IncidentDirty
from app.timeline.rollup import ROLLUPS

FORMAT_VERSION = 1
BATCH = 1000


class TransferError(ValueError):
    """An export or import that cannot be done; the message is for a person."""


# Caches rebuilt from the other tables (the import's inserts mark them out of date), and
# sign-in failures, which matter for a minute only.
DERIVED_TABLES = frozenset(
    {str(rollup.__tablename__) for rollup in ROLLUPS}
    | {"timeline_dirty", "incident_dirty", "sign_in_failures"}
)


def tables() -> list[Table]:
    """Every table holding data of its own, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def encode_value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def decode_value(table: Table, column: str, value: Any) -> Any:
    if value is None:
        return None
    kind = table.c[column].type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, LargeBinary) and isinstance(value, dict):
        return base64.b64decode(value["$bytes"])
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        try:
            return check_date(dt.date.fromisoformat(value))
        except ValueError as exc:
            raise TransferError(f"{table.name}.{column}: {exc}") from exc
    return value


def csv_cell(value: Any) -> str:
    """Spreadsheet-safe text: formulas neutralised, structures as JSON."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    cell = str(encode_value(value)) if not isinstance(value, str) else value
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def table_rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execute(select(table).order_by(*order)).mappings()
    for row in result:
        yield dict(row)


def private_file(path: Path, newline: str | None = None) -> TextIO:
    """A file to write that only its owner can read (0600): exports hold password hashes."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline=newline)


def export_dataset(conn: Connection, folder: Path) -> dict[str, int]:
    """Write every table to `folder`; returns rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in tables():
        columns = [c.name for c in table.columns]
        n = 0
        with (
            private_file(folder / f"{table.name}.jsonl") as jl,
            private_file(folder / f"{table.name}.csv", newline="") as cf,
        ):
            writer = csv.writer(cf)
            writer.writerow(columns)
            for row in table_rows(conn, table):
                jl.write(json.dumps({k: encode_value(v) for k, v in row.items()}) + "\n")
                writer.writerow([csv_cell(row[c]) for c in columns])
                n += 1
        counts[table.name] = n
    manifest = {"format": FORMAT_VERSION, "revision": migrate.head_revision(), "rows": counts}
    with private_file(folder / "manifest.json") as handle:
        handle.write(json.dumps(manifest, indent=2))
    return counts


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.exists():
        raise TransferError(f"{folder} has no manifest.json: is it an export folder?")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("revision") != migrate.head_revision():
        raise TransferError(
            f"the export is of schema {manifest.get('revision')}, this code is at "
            f"{migrate.head_revision()}: import it with the matching version of the tracker"
        )
    return manifest


def ensure_empty(conn: Connection) -> None:
    for table in tables():
        if conn.execute(select(func.count()).select_from(table)).scalar():
            raise TransferError(f"the database is not empty (table {table.name} has rows)")


def read_jsonl(table: Table, path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                raw = json.loads(line)
                yield {k: decode_value(table, k, v) for k, v in raw.items() if k in table.c}


def insert_batches(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    batch: list[dict[str, Any]] = []
    n = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.execute(insert(table), batch)
            n += len(batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
        n += len(batch)
    return n


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move each id sequence past the imported ids."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        if "id" in table.c:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


# --- checking an export before anything is written ----------------------------------------

MAX_PROBLEMS = 50
RE_CHECK_IN = re.compile(r"^\s*(\w+)\s+IN\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)


def allowed_values(table: Table) -> dict[str, set[str]]:
    """Column → the values its CHECK (col IN ('a','b')) constraint allows."""
    found: dict[str, set[str]] = {}
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint):
            match = RE_CHECK_IN.match(str(constraint.sqltext))
            if match and match[1] in table.c:
                found[match[1]] = set(re.findall(r"'([^']*)'", match[2]))
    return found


def required_columns(table: Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if not c.nullable
        and c.default is None
        and c.server_default is None
        and not (c.primary_key and c.autoincrement in (True, "auto"))
    ]


def row_problems(table: Table, raw: dict[str, Any], ids: dict[str, set[Any]]) -> list[str]:
    """What is wrong with one exported row (empty when it can be inserted)."""
    problems = [f"{c}: missing" for c in required_columns(table) if raw.get(c) is None]
    for column, values in allowed_values(table).items():
        if raw.get(column) is not None and raw[column] not in values:
            problems.append(f"{column}: {raw[column]!r} is not one of {sorted(values)}")
    for name, value in raw.items():
        if name not in table.c:
            continue
        try:
            decode_value(table, name, value)
        except (TransferError, ValueError, TypeError, KeyError) as exc:
            problems.append(f"{name}: {exc}")
    for key in table.foreign_keys:
        value = raw.get(key.parent.name)
        target = key.column.table.name
        if value is not None and target in ids and value not in ids[target]:
            problems.append(f"{key.parent.name}: no {target} row with id {value}")
    return problems


def file_problems(table: Table, path: Path, ids: dict[str, set[Any]]) -> list[str]:
    problems: list[str] = []
    seen: set[Any] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path.name}, line {number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not a JSON row ({exc.msg}); is the file cut short?")
                continue
            if not isinstance(raw, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            problems += [f"{where}: {p}" for p in row_problems(table, raw, ids)]
            if "id" in raw:
                seen.add(raw["id"])
    ids[table.name] = seen
    return problems


def export_problems(folder: Path) -> list[str]:
    """Every problem of the export's rows (file, line, field), checked before any write:
    missing required fields, values outside a closed vocabulary (roles, review states,
    types), unreadable dates and bytes, references to rows the export does not hold."""
    ids: dict[str, set[Any]] = {}
    problems: list[str] = []
    for table in tables():
        path = folder / f"{table.name}.jsonl"
        if path.exists():
            problems += file_problems(table, path, ids)
        else:
            ids[table.name] = set()
    return problems


def import_dataset(conn: Connection, folder: Path) -> dict[str, int]:
    """Load an export into an empty, migrated database, in the caller's transaction; an
    export with any bad row is refused whole, every problem named, nothing written."""
    read_manifest(folder)
    ensure_empty(conn)
    problems = export_problems(folder)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        raise TransferError(
            "the export cannot be imported; nothing was written:\n  "
            + "\n  ".join(shown)
            + (f"\n  ... and {more} more" if more else "")
        )
    counts = {}
    for table in tables():
        path = folder / f"{table.name}.jsonl"
        counts[table.name] = (
            insert_batches(conn, table, read_jsonl(table, path)) if path.exists() else 0
        )
    reset_sequences(conn)
    # The incidents come with their attributes, current when exported: nothing to refresh.
    conn.execute(delete(IncidentDirty))
    return counts

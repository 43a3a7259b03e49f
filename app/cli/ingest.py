"""`python -m app ingest PATH... [--manifest FILE.csv] [--workers N]`: bulk import.

Folders are walked recursively for the formats uploads take (.txt, .html/.htm, .md, .pdf,
.csv exports). Extraction runs in N worker processes (it is pure); the main process stores
the results in batches: one transaction per batch, each article in its own savepoint, so a
failing article loses nothing else. Running it again on the same folder stores nothing
twice (the cleaned text's hash is unique). Ctrl-C stops after the article being stored,
commits what is complete and prints the summary; a second Ctrl-C aborts the open batch
(rolled back: never half an article).
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from sqlalchemy.orm import Session
from tqdm import tqdm

from app.ingestion import Failure, Meta, Outcome, Upload, prepare
from app.ingestion.batch import store_batch
from app.ingestion.formats import SUFFIX_KINDS
from app.ingestion.prepare import Item
from app.ingestion.tables import guess_mapping, normalise_header, parse_loose_date

BATCH_ARTICLES = 250
BATCH_SECONDS = 2.0
MAX_DEFAULT_WORKERS = 8
PATH_COLUMNS = ("path", "file", "filename", "file name")
INTERRUPTED = 130


@dataclass(frozen=True)
class Job:
    path: Path
    meta: Meta = field(default_factory=Meta)
    keep_empty: bool = False  # store it even if nothing is extracted


@dataclass
class Stopper:
    """Ctrl-C: the first asks the loop to stop between articles, the second aborts."""

    requested: bool = False

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)


def default_workers() -> int:
    return max(1, min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1))


# --- what to read --------------------------------------------------------------------------


def find_files(paths: Iterable[Path], *, skip: set[Path]) -> Iterator[Path]:
    """Files given, and files of a known type under folders given (sorted, no hidden)."""
    for path in paths:
        if path.is_dir():
            yield from (f for f in sorted(path.rglob("*")) if _wanted(f, path, skip))
        else:
            yield path


def _wanted(found: Path, root: Path, skip: set[Path]) -> bool:
    hidden = any(part.startswith(".") for part in found.relative_to(root).parts)
    known = bool(found.suffix) and found.suffix.lower() in SUFFIX_KINDS
    return known and not hidden and found.is_file() and found.resolve() not in skip


def read_manifest(manifest: Path) -> list[Job]:
    """Rows of a manifest CSV: a path column, and optional published, title, outlet, url."""
    with manifest.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return []
    header = tuple(rows[0])
    normalised = [normalise_header(c) for c in header]
    path_index = next((i for i, n in enumerate(normalised) if n in PATH_COLUMNS), None)
    if path_index is None:
        raise ValueError(f"{manifest}: the manifest needs a 'path' column")
    rest = tuple(c for i, c in enumerate(header) if i != path_index)
    mapping = {f: header.index(c) for f, c in guess_mapping(rest).items() if c is not None}
    jobs = []
    for cells in rows[1:]:
        raw = cells[path_index].strip() if path_index < len(cells) else ""
        if raw:
            values = {f: (cells[i].strip() or None) if i < len(cells) else None
                      for f, i in mapping.items()}  # fmt: skip
            jobs.append(Job(path=_manifest_path(manifest, raw), meta=_meta(values)))
    return jobs


def _manifest_path(manifest: Path, raw: str) -> Path:
    path = Path(raw)
    if not path.is_absolute() and not path.exists():
        path = manifest.parent / path
    return path


def _meta(values: dict[str, str | None]) -> Meta:
    return Meta(
        title=values.get("title"),
        outlet=values.get("outlet"),
        url=values.get("url"),
        published=parse_loose_date(values.get("published")),
    )


def collect_jobs(paths: list[str], manifest: str | None) -> list[Job]:
    """Every file to read once; a manifest row's metadata wins over a folder walk."""
    listed = read_manifest(Path(manifest)) if manifest else []
    skip = {Path(manifest).resolve()} if manifest else set()
    jobs: dict[Path, Job] = {}
    for path in find_files((Path(p) for p in paths), skip=skip):
        jobs.setdefault(path.resolve(), Job(path=path))
    for job in listed:
        jobs[job.path.resolve()] = job
    return list(jobs.values())


# --- worker side ---------------------------------------------------------------------------


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a Linux process gets when its parent dies


def start_worker() -> None:
    """A worker leaves Ctrl-C to the main process, which stops them in order, and dies
    with it: a main process killed outright (SIGKILL, the OOM killer) leaves no workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()


def watch_parent(parent: int) -> None:
    """Elsewhere (and should the signal be missed): leave once the parent is gone."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def prepare_job(job: Job, max_bytes: int) -> list[Item]:
    """Read and extract one file (in a worker process)."""
    name = str(job.path)
    try:
        if job.path.stat().st_size > max_bytes:
            limit = max_bytes // (1024 * 1024)
            return [Failure(name, f"the file is larger than the limit of {limit} MB", 413)]
        data = job.path.read_bytes()
    except OSError as exc:
        return [Failure(name, exc.strerror or str(exc))]
    upload = Upload(
        name=name, data=data, filename=job.path.name, meta=job.meta, keep_empty=job.keep_empty
    )
    return prepare(upload)


def _prepare_with_limit(args: tuple[Job, int]) -> list[Item]:
    return prepare_job(*args)


def prepared_stream(
    jobs: list[Job], executor: Executor | None, max_bytes: int
) -> Iterator[list[Item]]:
    """The items of each job, in job order (in worker processes when given an executor)."""
    work = [(job, max_bytes) for job in jobs]
    if executor is None:
        return map(_prepare_with_limit, work)
    return executor.map(_prepare_with_limit, work, chunksize=4)


# --- main process: storing -----------------------------------------------------------------


@dataclass
class Batcher:
    """Collects prepared items; stores them together (one savepoint) and commits every
    `size` items or `BATCH_SECONDS`, whichever comes first."""

    session: Session
    size: int = BATCH_ARTICLES
    items: list[Item] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)

    def add(self, items: list[Item]) -> None:
        self.items.extend(items)
        if len(self.items) >= self.size or time.monotonic() - self.since > BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Store what is collected and commit: whole articles only, all of them or none."""
        if self.items:
            self.outcomes += store_batch(session=self.session, items=self.items)
            self.session.commit()
        self.items = []
        self.since = time.monotonic()


def store_stream(
    batcher: Batcher, stream: Iterator[list[Item]], bar: tqdm[Any], stopper: Stopper
) -> int:
    """Store what the workers prepared; returns how many files were done."""
    done = 0
    for items in stream:
        batcher.add(items)
        done += 1
        bar.update(1)
        if stopper.requested:
            break
    batcher.flush()
    return done


def summary_lines(outcomes: list[Outcome], *, total: int, done: int) -> list[str]:
    counts = Counter(o.status for o in outcomes)
    lines = [
        f"stored: {counts['stored']}",
        f"near-duplicate: {counts['near_duplicate']} (stored, linked to their original)",
        f"duplicate: {counts['duplicate']} (already stored, skipped)",
        f"failed: {counts['failed']}",
    ]
    lines += [f"  {o.name}: {o.reason}" for o in outcomes if o.status == "failed"]
    lines += [
        f"  near duplicate {o.name}: article {o.article_id} of original {o.duplicate_of_id}"
        for o in outcomes
        if o.status == "near_duplicate"
    ]
    if done < total:
        lines.append(f"interrupted: {total - done} of {total} files not read (run it again)")
    return lines


def run_ingest(
    paths: list[str],
    *,
    manifest: str | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_ARTICLES,
    keep_empty: bool = False,
    out: TextIO | None = None,
) -> int:
    """Import files and folders; 0 when all went in, 1 when some failed, 130 on Ctrl-C."""
    out = out or sys.stdout
    from app.config import get_settings
    from app.db.engine import get_sessionmaker
    from app.db.migrate import upgrade_database
    from app.incidents.upkeep import incidents_at_the_end

    try:
        jobs = [replace(job, keep_empty=keep_empty) for job in collect_jobs(paths, manifest)]
    except (OSError, ValueError, csv.Error) as exc:
        print(f"error: cannot read the manifest: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    workers = workers or default_workers()
    max_bytes = get_settings().max_upload_bytes
    stopper = Stopper()
    previous = signal.signal(signal.SIGINT, stopper)
    # Workers start (fork) before the main process opens the database.
    executor = ProcessPoolExecutor(workers, initializer=start_worker) if workers > 1 else None
    try:
        stream = prepared_stream(jobs, executor, max_bytes)
        upgrade_database()
        with (
            get_sessionmaker(write=True)() as session,
            tqdm(total=len(jobs), unit="file", file=sys.stderr, disable=None) as bar,
        ):
            batcher = Batcher(session, batch_size)
            with incidents_at_the_end(session):
                done = store_stream(batcher, stream, bar, stopper)
            outcomes = batcher.outcomes
    except KeyboardInterrupt:
        print("aborted: the open batch was rolled back", file=sys.stderr)  # noqa: T201
        return INTERRUPTED
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        signal.signal(signal.SIGINT, previous)
    for line in summary_lines(outcomes, total=len(jobs), done=done):
        print(line, file=out)  # noqa: T201
    if done < len(jobs):
        return INTERRUPTED
    return 1 if any(o.status == "failed" for o in outcomes) else 0

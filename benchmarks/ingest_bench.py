"""End-to-end speed of `python -m app ingest` on generated articles, into a fresh SQLite file.

    .venv/bin/python benchmarks/ingest_bench.py [--articles 5000] [--runs 3] [--workers 1 2]

Each run migrates a new database (not timed), then times the whole command as a user runs
it: start-up, reading the files, extraction (in N worker processes; 1 = in the main
process), duplicate checks and storing. Prints `ingest: N articles/s` per worker count
(median of the runs), then the two halves measured in one process: preparing (extraction,
hashing, MinHash) and storing (checks, inserts, one commit per batch), so a slow figure can
be traced to its side.

Articles are built from templates with varied actors, places, numbers, dates, sentence
choice and order, and a serial number, so no two are the same text and few are near
duplicates of each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ACTORS = [
    "Kata'ib Hezbollah", "Kataib Hezbollah", "Asa'ib Ahl al-Haq", "Harakat al-Nujaba",
    "Kata'ib Sayyid al-Shuhada", "the Badr Organization", "Saraya Awliya al-Dam",
    "the Islamic Resistance in Iraq", "an unnamed armed faction", "a little-known group",
]  # fmt: skip
PLACES = ["Baghdad", "Erbil", "Ain al-Asad", "Camp Taji", "Balad", "Kirkuk", "Basra",
          "Anbar", "Mosul", "Harir", "Victory base", "the Green Zone"]  # fmt: skip
PEOPLE = ["Abu Ali al-Askari", "Jaafar Nuri", "Kareem Mohie", "Akram al-Kaabi",
          "Hadi Saleh", "Faleh Ahmed", "Sara Haddad", "Laith Younis"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Wire One", "Daily Example", "Capital Herald", "River Post", "Evening Ledger"]
HEADLINES = [
    "{actor} threatens foreign forces near {place}",
    "Rockets hit {place} base hosting US troops",
    "Drone attack reported at {place}",
    "US strikes {actor} positions after attack on {place}",
    "{actor} demands withdrawal of US troops",
    "Talks on troop presence resume in {place}",
    "Truce announced by {actor}",
]
SENTENCES = [
    "{actor} warned on {weekday} that it would target US forces if they stayed past {month}.",
    "A spokesman for {actor}, {person}, said the group would answer any strike on its fighters.",
    "{k} rockets struck the base at {place} late on {weekday}, the coalition said.",
    "There are about {n:,} US troops in Iraq, according to officials in {place}.",
    "The US has {n:,} troops in Iraq and {m:,} in Syria, a defence official said.",
    "{person} told reporters in {place} that the campaign would continue until {month}.",
    "The Pentagon said its strikes hit {k} weapons depots used by {actor} near {place}.",
    "Officials said {k} people were wounded and {j} killed in the attack near {place}.",
    "The number of US troops in Iraq will fall to {n:,} by {month}, officials said.",
    "{actor} denied any role, and no group had claimed responsibility by {weekday}.",
    "Washington has blamed {actor} for {k} attacks since {month} {year}.",
    "Delegations met in {place} on {weekday} for a {ordinal} round of talks on the troops.",
    "Police found {k} launch tubes in a field {j} kilometres from {place}.",
    "{actor} announced a pause in attacks on {weekday}, its {ordinal} truce this year.",
    "Residents of {place} said they heard {k} explosions shortly after midnight.",
    "The embassy in {place} sounded its sirens {k} times during the week of {day} {month}.",
    "A drone carrying explosives was shot down near {place} on {day} {month} {year}.",
    "{person} said {n:,} fighters had been moved away from {place} since {month}.",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]


def make_article(rng: random.Random, serial: int) -> str:
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))

    def fill(template: str) -> str:
        return template.format(
            actor=rng.choice(ACTORS),
            place=rng.choice(PLACES),
            person=rng.choice(PEOPLE),
            weekday=rng.choice(WEEKDAYS),
            month=rng.choice(MONTHS),
            year=rng.randrange(2016, 2025),
            day=rng.randrange(1, 29),
            ordinal=rng.choice(ORDINALS),
            n=rng.randrange(500, 6000, 50),
            m=rng.randrange(200, 1200, 50),
            k=rng.randrange(2, 40),
            j=rng.randrange(1, 25),
        )

    title = fill(rng.choice(HEADLINES))
    body = [fill(s) for s in rng.sample(SENTENCES, rng.randrange(5, 10))]
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    outlet = rng.choice(OUTLETS)
    dateline = f"{rng.choice(PLACES).upper()}, {day:%d %B %Y} ({outlet}, report {serial})"
    return f"{title}\n\n{dateline} - " + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for serial in range(count):
        sub = folder / f"{serial // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{serial:05d}.txt").write_text(make_article(rng, serial), encoding="utf-8")


def app_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "TRACKER_DATA_DIR": str(data_dir), "TRACKER_LOAD_SAMPLE": "false"}
    env.pop("DATABASE_URL", None)
    env.pop("TRACKER_DATABASE_URL", None)
    return env


def run_app(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=app_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )


def one_run(corpus: Path, count: int, workers: int, scratch: Path) -> float:
    """Seconds for one `python -m app ingest` of the corpus into a new database."""
    data_dir = Path(tempfile.mkdtemp(dir=scratch))
    run_app("db", "upgrade", data_dir=data_dir).check_returncode()
    start = time.perf_counter()
    # --keep-empty: a generated article may name nothing to code; it is stored all the same,
    # so every run stores the whole corpus.
    done = run_app(
        "ingest", str(corpus), "--workers", str(workers), "--keep-empty", data_dir=data_dir
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ingest failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    new = int(lines["stored"]) + int(lines["near-duplicate"].split()[0])
    if new != count:
        raise SystemExit(f"expected {count} new articles, got:\n{done.stdout}")
    return elapsed


def phases(corpus: Path, scratch: Path) -> tuple[float, float, int]:
    """Articles per second of preparing and of storing, in this process."""
    data_dir = Path(tempfile.mkdtemp(dir=scratch))
    run_app("db", "upgrade", data_dir=data_dir).check_returncode()
    os.environ.update(app_env(data_dir))
    from app.cli.ingest import Batcher
    from app.config import get_settings
    from app.db.engine import get_sessionmaker
    from app.ingestion import Upload, prepare

    get_settings.cache_clear()
    files = sorted(corpus.rglob("*.txt"))
    start = time.perf_counter()
    items = [
        item
        for path in files
        for item in prepare(Upload(name=path.name, data=path.read_bytes(), filename=path.name))
    ]
    prepared = time.perf_counter() - start
    with get_sessionmaker()() as session:
        batcher = Batcher(session)
        start = time.perf_counter()
        for item in items:
            batcher.add([item])
        batcher.flush()
        stored = time.perf_counter() - start
    near = sum(o.status == "near_duplicate" for o in batcher.outcomes)
    return len(files) / prepared, len(items) / stored, near


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        scratch = Path(tmp)
        corpus = scratch / "corpus"
        write_corpus(corpus, args.articles, args.seed)
        print(f"{args.articles} generated articles, {os.cpu_count()} CPUs, SQLite")
        for workers in args.workers:
            times = [one_run(corpus, args.articles, workers, scratch) for _ in range(args.runs)]
            rates = ", ".join(f"{args.articles / t:.0f}" for t in times)
            median = args.articles / statistics.median(times)
            print(f"ingest: {median:.0f} articles/s (workers={workers}; runs: {rates})")
        prepare_rate, store_rate, near = phases(corpus, scratch)
        print(f"  prepare (extract, hash, MinHash), one process: {prepare_rate:.0f} articles/s")
        print(f"  store (checks, inserts, batch commits): {store_rate:.0f} articles/s")
        print(f"  near duplicates among the generated articles: {near}")


if __name__ == "__main__":
    main()

"""`python -m app ingest` on its own database: in-process through `main(argv)`, except Ctrl-C,
which is sent to a real subprocess."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.config import PROJECT_ROOT
from app.db import migrate
from app.ingestion import Prepared, Upload, prepare
from app.ingestion.dedup import BANDS
from app.models import Article, ArticleActor, ArticleBand, Event, TroopLevel
from tests.cli_runner import Done, run_cli
from tests.dbutil import fresh_database_url
from tests.ingestion_samples import (
    DATED_STORY,
    OTHER_STORY,
    WIRE_BODY,
    WIRE_ORIGINAL,
    make_pdf,
    wrap,
)


def app_env(data_dir: Path, url: str) -> dict[str, str]:
    env = {**os.environ, "TRACKER_DATA_DIR": str(data_dir), "DATABASE_URL": url}
    env.pop("TRACKER_DATABASE_URL", None)
    return env


def run_ingest(*args: str, data_dir: Path, url: str) -> Done:
    """`python -m app ingest ARGS...`, in-process (tests/cli_runner.py)."""
    return run_cli("ingest", *args, data_dir=data_dir, database_url=url)


def summary(output: str) -> dict[str, int]:
    counts = {}
    for line in output.splitlines():
        key, _, rest = line.partition(":")
        if key in ("stored", "near-duplicate", "duplicate", "failed"):
            counts[key] = int(rest.split()[0])
    return counts


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = fresh_database_url(tmp_path, "ingest")
    engine = create_engine(url, poolclass=NullPool)
    yield url, engine
    engine.dispose()


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


ROW_ONE = "Asa'ib Ahl al-Haq said on Saturday that its truce with US forces in Iraq still held."
ROW_TWO = "Harakat Hezbollah al-Nujaba claimed a drone attack on a convoy near Baghdad on Sunday."
NOTHING_TO_CODE = "Lentil soup\n\nSoak the lentils overnight, then simmer them with cumin."


def write_corpus(folder: Path) -> None:
    """Every format, in nested folders, with a bad file, a text with nothing to code and
    files that are not articles."""
    (folder / "2020" / "march").mkdir(parents=True)
    (folder / "wire.txt").write_text(WIRE_ORIGINAL)
    (folder / "2020" / "budget.md").write_text("# " + OTHER_STORY)
    (folder / "2020" / "dated.html").write_text(
        "<html><head><title>Militia threatens to expel foreign troops</title></head><body>"
        f"<article><p>{DATED_STORY.split(chr(10), 2)[2]}</p></article></body></html>"
    )
    pdf_lines = ["Rockets hit base near capital", "", *wrap(WIRE_BODY.replace("Three", "Two"))]
    (folder / "2020" / "march" / "scan-with-text.pdf").write_bytes(make_pdf(pdf_lines))
    with (folder / "2020" / "export.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Date", "Source", "Body"])
        writer.writerow(["Row one", "2021-05-01", "Example Times", ROW_ONE])
        writer.writerow(["Row two", "2021-05-02", "Example Times", ROW_TWO])
    (folder / "2020" / "recipe.txt").write_text(NOTHING_TO_CODE)
    (folder / "2020" / "march" / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")
    (folder / ".hidden.txt").write_text("An editor's backup file, not an article.")


def test_a_folder_is_ingested_recursively_and_a_second_run_adds_nothing(
    tmp_path: Path, database: tuple[str, Engine]
) -> None:
    url, engine = database
    folder = tmp_path / "articles"
    write_corpus(folder)
    first = run_ingest(str(folder), "--workers", "2", data_dir=tmp_path, url=url)
    assert first.returncode == 1, first.stderr  # two files failed, the rest went in
    assert summary(first.stdout) == {"stored": 5, "near-duplicate": 1, "duplicate": 0, "failed": 2}
    assert "broken.txt: the file looks binary" in first.stdout
    assert "recipe.txt: nothing was found to code in it" in first.stdout
    assert "photo.jpg" not in first.stdout and "hidden" not in first.stdout
    stored = count(engine, Article), count(engine, Event), count(engine, ArticleBand)
    with Session(engine) as session:
        titles = set(session.scalars(select(Article.title)))
        copy = session.scalars(select(Article).where(Article.duplicate_of_id.is_not(None))).one()
        original = session.get(Article, copy.duplicate_of_id)
        assert original is not None
    assert {"Row one", "Row two", "Rockets hit base hosting US troops"} <= titles
    # The PDF retells the wire story: whichever was read second is linked to the first.
    assert {copy.original_name, original.original_name} == {"wire.txt", "scan-with-text.pdf"}

    second = run_ingest(str(folder), "--workers", "2", data_dir=tmp_path, url=url)
    assert summary(second.stdout) == {"stored": 0, "near-duplicate": 0, "duplicate": 6, "failed": 2}
    assert (count(engine, Article), count(engine, Event), count(engine, ArticleBand)) == stored

    # Asked to, it keeps the text with nothing to code (to be coded by hand).
    kept = run_ingest(str(folder), "--keep-empty", "--workers", "1", data_dir=tmp_path, url=url)
    assert summary(kept.stdout) == {"stored": 1, "near-duplicate": 0, "duplicate": 6, "failed": 1}
    with Session(engine) as session:
        recipe = session.scalars(select(Article).where(Article.original_name == "recipe.txt"))
        assert recipe.one().events == []


def test_a_manifest_gives_each_file_its_metadata(
    tmp_path: Path, database: tuple[str, Engine]
) -> None:
    url, engine = database
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(WIRE_ORIGINAL)
    (tmp_path / "in" / "b.txt").write_text(DATED_STORY)
    manifest = tmp_path / "in" / "manifest.csv"
    manifest.write_text(
        "Path,Published,Outlet,Title\n"
        "a.txt,2020-01-07,Wire Service,Rockets again\n"
        "b.txt,,Daily Example,\n"
        "missing.txt,2020-01-01,,\n"
    )
    done = run_ingest(str(tmp_path / "in"), "--manifest", str(manifest), "--workers", "1",
                      data_dir=tmp_path, url=url)  # fmt: skip
    assert summary(done.stdout)["stored"] == 2
    assert "missing.txt" in done.stdout and "No such file" in done.stdout
    assert "manifest.csv" not in done.stdout  # the manifest itself is not an article
    with Session(engine) as session:
        a = session.scalars(select(Article).where(Article.original_name == "a.txt")).one()
        b = session.scalars(select(Article).where(Article.original_name == "b.txt")).one()
    assert (a.title, a.outlet, str(a.published), a.published_source) == (
        "Rockets again",
        "Wire Service",
        "2020-01-07",
        "given",
    )
    assert (b.outlet, str(b.published), b.published_source) == (
        "Daily Example",
        "2020-01-05",
        "text",
    )


def test_the_dev_corpus_is_stored_as_the_extractor_sees_it(
    tmp_path: Path, database: tuple[str, Engine], dev_corpus: Path
) -> None:
    url, engine = database
    folder = tmp_path / "dev"
    folder.mkdir()
    sources = sorted(dev_corpus.glob("*.txt"))[:6]
    for source in sources:
        shutil.copy(source, folder / source.name)
    done = run_ingest(str(folder), "--workers", "2", data_dir=tmp_path, url=url)
    assert summary(done.stdout)["stored"] + summary(done.stdout)["near-duplicate"] == len(sources)
    with Session(engine) as session:
        for source in sources:
            (item,) = prepare(
                Upload(name=source.name, data=source.read_bytes(), filename=source.name)
            )
            assert isinstance(item, Prepared)
            article = session.scalars(
                select(Article).where(Article.original_name == source.name)
            ).one()
            assert article.text == item.extracted.doc.text
            result = item.extracted.result
            for model, expected in (
                (Event, result.events),
                (TroopLevel, result.troop_levels),
                (ArticleActor, result.actors),
            ):
                where = model.article_id == article.id
                stored = session.scalar(select(func.count()).select_from(model).where(where))
                assert stored == len(expected), (source.name, model.__name__)


def test_bad_arguments_are_refused(tmp_path: Path, database: tuple[str, Engine]) -> None:
    url, _ = database
    assert run_ingest(data_dir=tmp_path, url=url).returncode == 2
    assert run_ingest(str(tmp_path), "--workers", "0", data_dir=tmp_path, url=url).returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("published,title\n2020-01-01,x\n")
    done = run_ingest("--manifest", str(bad), data_dir=tmp_path, url=url)
    assert done.returncode == 2 and "needs a 'path' column" in done.stderr


@pytest.mark.slow
def test_ctrl_c_keeps_whole_articles_only_and_a_rerun_finishes(
    tmp_path: Path, database: tuple[str, Engine]
) -> None:
    url, engine = database
    migrate.upgrade(url)
    folder = tmp_path / "many"
    folder.mkdir()
    total = 600
    for n in range(total):
        (folder / f"{n:05d}.txt").write_text(
            f"Report number {n}\n\nA Kata'ib Hezbollah patrol {n} crossed river {n * 7} near "
            f"checkpoint {n * 13} on day {n % 28 + 1}; officers counted {n * 3} vehicles.\n"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "ingest", str(folder), "--workers", "2",
         "--batch-size", "10"],
        cwd=PROJECT_ROOT, env=app_env(tmp_path, url), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while count(engine, Article) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the run ended before Ctrl-C arrived; nothing to check")
    assert proc.returncode == 130, err
    assert "interrupted:" in out and "Traceback" not in err
    stored = count(engine, Article)
    assert 0 < stored < total
    assert summary(out)["stored"] == stored
    with Session(engine) as session:
        bands = session.execute(
            select(ArticleBand.article_id, func.count()).group_by(ArticleBand.article_id)
        ).all()
    # Bands are the last rows of an article: every stored article has all of them.
    assert len(bands) == stored and {n for _, n in bands} == {BANDS}

    rerun = run_ingest(str(folder), "--workers", "2", data_dir=tmp_path, url=url)
    assert rerun.returncode == 0, rerun.stderr
    assert summary(rerun.stdout) == {
        "stored": total - stored,
        "near-duplicate": 0,
        "duplicate": stored,
        "failed": 0,
    }
    assert count(engine, Article) == total

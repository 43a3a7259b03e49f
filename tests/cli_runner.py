"""The command line in-process: `app.cli.parser.main(argv)` with its own environment, stdin
and output.

As a user runs it, minus the interpreter start-up (a subprocess costs a second or more here):
settings are read afresh from the environment given, and the caches of settings and engine
are cleared before and after, so the test run's own database is untouched.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.parser import main
from app.config import get_settings
from app.db.engine import get_engine, get_sessionmaker


@dataclass(frozen=True)
class Done:
    """What `subprocess.run` would have given: the exit code and both streams."""

    returncode: int
    stdout: str
    stderr: str


def clear_caches() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


def run_cli(*args: str, data_dir: Path, database_url: str | None = None, stdin: str = "") -> Done:
    """`python -m app ARGS...` with TRACKER_DATA_DIR and DATABASE_URL set as given."""
    out, err = io.StringIO(), io.StringIO()
    patch = pytest.MonkeyPatch()
    try:
        patch.setenv("TRACKER_DATA_DIR", str(data_dir))
        patch.delenv("TRACKER_DATABASE_URL", raising=False)
        if database_url:
            patch.setenv("DATABASE_URL", database_url)
        else:
            patch.delenv("DATABASE_URL", raising=False)
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        clear_caches()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refuses bad arguments with exit code 2
            code = exc.code if isinstance(exc.code, int) else 1
        if get_engine.cache_info().currsize:
            get_engine().dispose()
    finally:
        patch.undo()
        clear_caches()
    return Done(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())

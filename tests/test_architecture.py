"""The pipeline is pure: importing it loads no web framework and no database layer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.config import PROJECT_ROOT

pytestmark = pytest.mark.nodb

FORBIDDEN = ("fastapi", "sqlalchemy", "app.db", "app.web", "app.models", "starlette")


def test_importing_the_pipeline_loads_no_web_or_database_module() -> None:
    code = (
        "import sys, app.pipeline, app.extract_cli\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
    )
    assert done.stdout.strip() == ""

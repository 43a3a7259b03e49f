"""README stays true to the tree: its Layout lists every top-level entry of app/ (and nothing
that is gone), and its settings table documents exactly the fields of `Settings`."""

from __future__ import annotations

import re

import pytest

from app.config import PROJECT_ROOT, Settings

pytestmark = pytest.mark.nodb

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
SKIPPED = {"__init__.py", "__pycache__"}


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def layout_app_entries() -> set[str]:
    """Names in the Layout block's lines under `app/` (up to the next top-level line)."""
    block = section("Layout").split("```", 2)[1]
    lines = block.splitlines()
    start = lines.index("app/")
    names: set[str] = set()
    for line in lines[start + 1 :]:
        if line and not line.startswith(" "):
            break
        first_column = line[:40].strip()
        names.update(n.strip() for n in first_column.split(",") if n.strip())
    return names


def test_the_layout_lists_every_top_level_entry_of_app() -> None:
    entries = {
        p.name + ("/" if p.is_dir() else "")
        for p in (PROJECT_ROOT / "app").iterdir()
        if p.name not in SKIPPED and (p.is_dir() or p.suffix == ".py")
    }
    listed = layout_app_entries()
    assert entries - listed == set(), "add these to README's Layout"
    assert listed - entries == set(), "README's Layout names entries that are gone"


def test_the_settings_table_documents_every_setting() -> None:
    table = section("Configuration")
    variables = set(re.findall(r"`((?:TRACKER_)?[A-Z_]+)`", table))
    documented = {v.removeprefix("TRACKER_").lower() for v in variables if v != "TRACKER_"}
    assert documented == set(Settings.model_fields)

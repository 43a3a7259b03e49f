"""The architecture, checked: the pipeline is pure, app modules import no circle, web routes
import helpers and never another route module, and web never imports the command line."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator, Mapping
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

pytestmark = pytest.mark.nodb

FORBIDDEN = ("fastapi", "sqlalchemy", "app.db", "app.web", "app.models", "starlette")
CLI_MODULES = frozenset(
    {
        "app.cli",
        "app.cli.parser",
        "app.cli.commands",
        "app.cli.extract",
        "app.cli.ingest",
        "app.cli.sample",
    }
)
APP = PROJECT_ROOT / "app"


def test_importing_the_pipeline_loads_no_web_or_database_module() -> None:
    code = (
        "import sys, app.pipeline, app.cli.extract\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
    )
    assert done.stdout.strip() == ""


def module_files(root: Path = APP) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package at `root`."""
    names = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every absolute name an import statement of the module names, at any depth (an import
    inside a function counts: it is a dependency all the same)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(modules: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module → the app modules it imports (a name is taken as its longest module prefix)."""

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        found = {owner(name) for name in imported_names(module, path)}
        graph[module] = {m for m in found if m and m != module}
    # A module's own packages are imported before it, whatever it imports from them
    # (`from app.ingestion import dedup` in app/ingestion/service.py): no edge to them.
    for module, deps in graph.items():
        deps -= {m for m in deps if module.startswith(m + ".")}
    return graph


def circle(graph: Mapping[str, set[str]]) -> list[str] | None:
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        return list(exc.args[1])
    return None


def route_modules(modules: Mapping[str, Path]) -> set[str]:
    """Modules of app/web that define a router (the route modules)."""
    return {
        m
        for m, path in modules.items()
        if m.startswith("app.web.") and "APIRouter(" in path.read_text(encoding="utf-8")
    }


GRAPH = import_graph(module_files())
ROUTES = route_modules(module_files())


def test_the_checks_see_what_they_check() -> None:
    assert {"app.web.review", "app.web.account", "app.web.upload"} <= ROUTES
    assert "app.cli.ingest" in GRAPH["app.cli.commands"]  # an import inside a function counts
    # Every module of app/cli is named in CLI_MODULES (a new one must be added there too).
    assert {m for m in GRAPH if m == "app.cli" or m.startswith("app.cli.")} == CLI_MODULES
    assert circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert circle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_among_app_modules() -> None:
    assert circle(GRAPH) is None, " → ".join(circle(GRAPH) or [])


def test_no_route_module_imports_another() -> None:
    bad = sorted(f"{m} → {d}" for m in ROUTES for d in GRAPH[m] & ROUTES)
    assert not bad, "routes import helpers, never other routes: " + ", ".join(bad)


def test_web_never_imports_the_command_line() -> None:
    web = (m for m in GRAPH if m == "app.web" or m.startswith("app.web."))
    bad = sorted(f"{m} → {d}" for m in web for d in GRAPH[m] & CLI_MODULES)
    assert not bad, "web imports the CLI: " + ", ".join(bad)

"""Load the data files of `app/data/` once, validated by pydantic.

Data files ship inside the package and load through importlib.resources, so the working
directory does not matter. A malformed file fails at first use (and in tests), not halfway
through a request.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter

T = TypeVar("T")


@cache
def load_yaml(name: str) -> Any:
    """Parse `app/data/<name>` (cached)."""
    text = files("app.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_validated(name: str, model: type[T]) -> T:
    """Parse `app/data/<name>` and validate it as `model` (e.g. `list[ActorEntry]`)."""
    return TypeAdapter(model).validate_python(load_yaml(name))

"""Passwords are hashed at production cost outside the test suite (which hashes cheaply)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from argon2 import extract_parameters, profiles

from app.config import PROJECT_ROOT

pytestmark = pytest.mark.nodb


def test_outside_the_tests_passwords_are_hashed_at_rfc_9106_cost() -> None:
    code = (
        "from app.accounts.passwords import hash_password; print(hash_password('a long password'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
    )
    parameters = extract_parameters(done.stdout.strip())
    production = profiles.RFC_9106_LOW_MEMORY
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        production.memory_cost,
        production.time_cost,
        production.parallelism,
    )
    assert parameters.memory_cost >= 64 * 1024  # KiB: 64 MiB per hash

"""A real server: uvicorn in a subprocess with its own database (SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.config import PROJECT_ROOT
from tests.cli_runner import Done, run_cli
from tests.dbutil import IS_POSTGRES, fresh_database_url


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    env: dict[str, str]

    def run_app(self, *args: str, stdin: str = "") -> Done:
        """`python -m app ...` against this server's database, in-process (tests/cli_runner.py:
        no interpreter start-up); raises, as `check=True` would, when it fails."""
        done = run_cli(
            *args, data_dir=self.data_dir, database_url=self.env.get("DATABASE_URL"), stdin=stdin
        )
        if done.returncode != 0:
            raise RuntimeError(f"python -m app {' '.join(args)}: {done.stderr or done.stdout}")
        return done

    def create_user(self, email: str, role: str, password: str = "a long password") -> None:
        """A user made with `python -m app users create` (password on stdin)."""
        self.run_app("users", "create", email, "--role", role, "--password-stdin",
                     stdin=password + "\n")  # fmt: skip

    def editor_token(self, email: str = "ed@example.org") -> str:
        """A new editor's API token (`python -m app tokens create`)."""
        self.create_user(email, "editor")
        return self.run_app("tokens", "create", email).stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not become healthy in {timeout}s")


@contextmanager
def run_live_server(data_dir: Path, **extra_env: str) -> Iterator[LiveServer]:
    """Serve the app on a free port until the block ends."""
    port = free_port()
    env = {**os.environ, "TRACKER_DATA_DIR": str(data_dir), "TRACKER_LOAD_SAMPLE": "false"}
    env.pop("DATABASE_URL", None)
    env.pop("TRACKER_DATABASE_URL", None)
    if IS_POSTGRES:
        env["DATABASE_URL"] = fresh_database_url(data_dir, "live")
    env.update(extra_env)
    log = (data_dir / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, proc)
        yield LiveServer(url=url, data_dir=data_dir, env=env)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()

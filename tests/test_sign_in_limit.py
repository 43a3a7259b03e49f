"""The sign-in limit is shared by every app process on one database: two uvicorn servers
on the same database together allow five failures a minute for an email, not five each."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
import pytest

from tests.dbutil import IS_POSTGRES
from tests.live import LiveServer, run_live_server

pytestmark = pytest.mark.live

EMAIL = "ana@example.org"
SECRET = "one secret key shared by both processes"


@pytest.fixture(scope="module")
def two_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, LiveServer]]:
    first_dir = tmp_path_factory.mktemp("first")
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(run_live_server(first_dir, TRACKER_SECRET_KEY=SECRET))
        shared = first.env["DATABASE_URL"] if IS_POSTGRES else f"sqlite:///{first_dir}/tracker.db"
        second = stack.enter_context(
            run_live_server(
                tmp_path_factory.mktemp("second"), TRACKER_SECRET_KEY=SECRET, DATABASE_URL=shared
            )
        )
        first.create_user(EMAIL, "viewer", "the right password")
        yield first, second


def attempt(client: httpx.Client, password: str) -> httpx.Response:
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post("/login", data={"email": EMAIL, "password": password, "csrf_token": token})


def test_failures_on_one_process_count_on_the_other(
    two_servers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = two_servers
    with httpx.Client(base_url=first.url) as a, httpx.Client(base_url=second.url) as b:
        codes = [attempt(a, "wrong guess").status_code for _ in range(3)]
        codes += [attempt(b, "wrong guess").status_code for _ in range(2)]
        assert codes == [401] * 5
        blocked = attempt(a, "the right password")
        assert blocked.status_code == 429 and "Too many sign-in attempts" in blocked.text
        assert attempt(b, "wrong guess").status_code == 429

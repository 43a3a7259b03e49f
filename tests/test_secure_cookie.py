"""The session cookie is Secure whenever the request came over HTTPS: directly, or through a
trusted reverse proxy's X-Forwarded-Proto (checked against uvicorn as `serve` runs it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_user
from tests.live import LiveServer, run_live_server


def session_cookie(response: httpx.Response) -> str:
    cookies = [c for c in response.headers.get_list("set-cookie") if "tracker_session=" in c]
    assert cookies, "no session cookie was set"
    return cookies[0].lower()


def sign_in(client: TestClient, base: str) -> httpx.Response:
    page = client.get(f"{base}/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post(
        f"{base}/login",
        data={"email": "ana@example.org", "password": "pw-12345678", "csrf_token": token},
        follow_redirects=False,
    )


@pytest.mark.parametrize(
    ("base", "secure"), [("https://testserver", True), ("http://testserver", False)]
)
def test_the_cookie_is_secure_exactly_when_the_request_is_https(
    client: TestClient, session: Session, base: str, secure: bool
) -> None:
    make_user(session, email="ana@example.org")
    response = sign_in(client, base)
    assert response.status_code == 303
    cookie = session_cookie(response)
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert ("; secure" in cookie) is secure


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_live_server(tmp_path_factory.mktemp("proxy")) as server:
        yield server


@pytest.fixture(scope="module")
def untrusting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_live_server(
        tmp_path_factory.mktemp("no-proxy"), TRACKER_FORWARDED_ALLOW_IPS=""
    ) as server:
        yield server


def login_cookie(server: LiveServer, headers: dict[str, str]) -> str:
    return session_cookie(httpx.get(f"{server.url}/login", headers=headers))


@pytest.mark.live
def test_behind_a_trusted_proxy_that_terminates_tls_the_cookie_is_secure(
    live: LiveServer,
) -> None:
    assert "; secure" in login_cookie(live, {"X-Forwarded-Proto": "https"})
    assert "; secure" not in login_cookie(live, {})


@pytest.mark.live
def test_a_forwarded_scheme_from_an_untrusted_address_is_ignored(untrusting: LiveServer) -> None:
    assert "; secure" not in login_cookie(untrusting, {"X-Forwarded-Proto": "https"})


@pytest.mark.live
def test_the_setting_makes_the_cookie_secure_on_plain_http(tmp_path: Path) -> None:
    with run_live_server(tmp_path, TRACKER_SECURE_COOKIES="true") as server:
        assert "; secure" in login_cookie(server, {})

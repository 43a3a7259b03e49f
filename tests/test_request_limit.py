"""An upload over the request limit is refused while it streams in, against uvicorn: the
server answers 413 before the client has sent it all, stores nothing, and the next upload
works."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.live import LiveServer, run_live_server

pytestmark = pytest.mark.live

LIMIT = 1_000_000
CHUNK = 64 * 1024
CHUNKS = 400  # 26 MB offered


@pytest.fixture(scope="module")
def small_limit_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, str]]:
    with run_live_server(
        tmp_path_factory.mktemp("limit"), TRACKER_MAX_REQUEST_BYTES=str(LIMIT)
    ) as server:
        yield server, server.editor_token()


def test_oversized_stream_is_refused_before_it_is_read_whole(
    small_limit_server: tuple[LiveServer, str],
) -> None:
    server, token = small_limit_server
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        yield (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n"
        )
        for _ in range(CHUNKS):
            sent += CHUNK
            yield b"word " * (CHUNK // 5) + b"w" * (CHUNK % 5)
        yield b"\r\n--b--\r\n"

    auth = {"Authorization": f"Bearer {token}"}
    response = httpx.post(
        f"{server.url}/api/articles",
        content=body(),
        timeout=60,
        headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 413
    assert "larger than the limit of 1 MB" in response.json()["detail"]
    assert sent < CHUNK * CHUNKS / 2  # the server stopped reading long before the end

    listing = httpx.get(f"{server.url}/api/articles", timeout=30).json()
    assert listing["total"] == 0
    good = httpx.post(
        f"{server.url}/api/articles",
        headers=auth,
        timeout=60,
        data={"text": "A short report\n\nThe militia warned US forces on Monday."},
    )
    assert good.status_code == 201


def test_declared_length_over_the_limit_is_refused_at_once(
    small_limit_server: tuple[LiveServer, str],
) -> None:
    server, token = small_limit_server
    response = httpx.post(
        f"{server.url}/api/extract",
        content=b"x" * (LIMIT + 1),
        timeout=30,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"},
    )
    assert response.status_code == 413

"""The size limit over a real socket: a too-large upload is answered 413 while its body is
still arriving, and the server goes on serving."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ingestion_samples import OTHER_STORY
from tests.live import LiveServer, run_live_server

pytestmark = pytest.mark.live

LIMIT = 64 * 1024
ATTEMPT = 64 * 1024 * 1024  # what the client would send


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    data_dir: Path = tmp_path_factory.mktemp("limits")
    with run_live_server(data_dir, TRACKER_MAX_UPLOAD_BYTES=str(LIMIT)) as live:
        yield live, live.editor_token()


def open_request(live: LiveServer, token: str, headers: str) -> socket.socket:
    host, port = live.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(
        (
            f"POST /api/articles HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary=b\r\n{headers}\r\n"
        ).encode()
    )
    return sock


def read_status(sock: socket.socket) -> int:
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return int(head.split(b" ", 2)[1])


def part_head() -> bytes:
    return b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'


def test_a_declared_size_over_the_limit_is_refused_before_the_body_is_sent(
    server: tuple[LiveServer, str],
) -> None:
    live, token = server
    sock = open_request(live, token, "Content-Length: 50000000\r\n")
    try:
        assert read_status(sock) == 413  # no body byte was sent
    finally:
        sock.close()


def test_a_chunked_upload_is_cut_off_soon_after_it_passes_the_limit(
    server: tuple[LiveServer, str],
) -> None:
    live, token = server
    sock = open_request(live, token, "Transfer-Encoding: chunked\r\n")
    piece = b"x" * 16384
    sent = 0
    status = None
    try:
        sock.sendall(b"%x\r\n%s\r\n" % (len(part_head()), part_head()))
        sock.setblocking(False)
        deadline = time.monotonic() + 20
        while status is None and time.monotonic() < deadline and sent < ATTEMPT:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.01)
            try:
                data = sock.recv(4096)
                status = int(data.split(b" ", 2)[1]) if data else status
            except BlockingIOError:
                pass
    finally:
        sock.close()
    assert status == 413
    # Refused long before the client is done; what was sent includes the kernel's buffers.
    assert sent < ATTEMPT // 3


def test_the_server_goes_on_after_refusing(server: tuple[LiveServer, str]) -> None:
    import urllib.request

    live, token = server
    body = (
        b"--b\r\n"
        + b'Content-Disposition: form-data; name="text"\r\n\r\n'
        + OTHER_STORY.encode()
        + b"\r\n--b--\r\n"
    )
    request = urllib.request.Request(
        f"{live.url}/api/articles",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "multipart/form-data; boundary=b",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201

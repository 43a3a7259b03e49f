"""HEAD works wherever GET does: same status and headers, no body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("path", ["/", "/healthz", "/incidents", "/api/timeline/events-by-month"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_head_of_a_missing_page_is_still_a_404(client: TestClient) -> None:
    assert client.head("/incidents/999999").status_code == 404

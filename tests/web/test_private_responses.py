"""Private pages are never cached, and exports (with password hashes) are readable by their
owner only."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db.transfer import export_dataset
from tests.factories import make_article, sign_in_as


def test_private_pages_say_no_store_and_public_ones_do_not(
    client: TestClient, session: Session
) -> None:
    sign_in_as(client, session, role="admin")
    article = make_article(session)
    for path in ("/upload", "/review", "/admin/users", f"/articles/{article.id}/history"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path
    assert "no-store" not in client.get("/events").headers.get("cache-control", "")


def test_export_files_are_readable_by_their_owner_only(session: Session, tmp_path: Path) -> None:
    make_article(session)
    export_dataset(session.connection(), tmp_path / "export")
    files = list((tmp_path / "export").iterdir())
    assert any(f.name == "users.jsonl" for f in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name

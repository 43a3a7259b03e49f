"""Settings: environment variables, the plain DATABASE_URL and the generated secret key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.config import Settings

pytestmark = pytest.mark.nodb


def test_sqlite_in_the_data_folder_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert settings.db_url == f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/tracker", "postgresql+psycopg://u:p@db/tracker"),
        ("postgresql://u:p@db/tracker", "postgresql+psycopg://u:p@db/tracker"),
        ("sqlite:////srv/t.db", "sqlite:////srv/t.db"),
    ],
    ids=["heroku-style", "postgresql", "sqlite"],
)
def test_plain_database_url_is_read_and_normalised(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert Settings().db_url == expected


def test_secret_key_is_generated_once_with_private_permissions(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    key = settings.get_secret_key()
    again = Settings(data_dir=tmp_path).get_secret_key()
    assert key == again and len(key) >= 40
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_environment_prefix_sets_upload_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_BYTES", "1234")
    monkeypatch.setenv("TRACKER_PORT", "9001")
    settings = Settings()
    assert (settings.max_upload_bytes, settings.port) == (1234, 9001)

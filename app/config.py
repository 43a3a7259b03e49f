"""Configuration: one `Settings` object, read from the environment (prefix `TRACKER_`).

`DATABASE_URL` is also read without the prefix, as hosting platforms set it.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRACKER_", env_file=".env", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "TRACKER_DATABASE_URL")
    )
    secret_key: str | None = None
    max_upload_bytes: int = 10 * 1024 * 1024
    max_request_bytes: int = 50 * 1024 * 1024
    host: str = "127.0.0.1"
    port: int = 8000
    anonymous_browse: bool = True
    secure_cookies: bool = False
    # Reverse proxies whose X-Forwarded-Proto/For uvicorn believes ("*": any; "" : none)
    forwarded_allow_ips: str = "127.0.0.1"
    load_sample: bool = True
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"

    @property
    def db_url(self) -> str:
        """The SQLAlchemy URL: `DATABASE_URL` if set, else SQLite in the data folder."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'tracker.db'}"

    def get_secret_key(self) -> str:
        """The configured key, else one generated once and kept in the data folder (0600)."""
        if self.secret_key:
            return self.secret_key
        return load_or_create_secret(self.data_dir / "secret_key")


def normalise_database_url(url: str) -> str:
    """Accept `postgres://` and `postgresql://` and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""A real server (uvicorn in a subprocess, its own SQLite file) and headless Chromium.

Browser tests are marked `browser`. In CI a missing Chromium is a failure, not a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from app.config import PROJECT_ROOT
from tests.live import LiveServer, run_live_server

__all__ = ["LiveServer"]  # browser tests import it from here

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_live_server(tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserPage:
    """A fresh page, plus what it logged and which hosts it asked for."""

    page: Page
    console_errors: list[str]
    requested_urls: list[str]


@pytest.fixture
def browser_page(browser: Browser, live_server: LiveServer) -> Iterator[BrowserPage]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    urls: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))
    yield BrowserPage(page=page, console_errors=errors, requested_urls=urls)
    context.close()


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """Where a test saves its screenshots: test-results/<test name>/ in the project."""
    folder = PROJECT_ROOT / "test-results" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder

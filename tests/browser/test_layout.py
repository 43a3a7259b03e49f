"""The served app in a real browser: layout, sign-in, no outside requests, no console errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import BrowserPage, LiveServer

pytestmark = pytest.mark.browser


def test_sign_in_through_the_form(
    browser_page: BrowserPage, live_server: LiveServer, screenshot_dir: Path
) -> None:
    live_server.create_user("reader@example.org", "viewer")
    page = browser_page.page
    page.goto("/login")
    page.fill("input[name=email]", "reader@example.org")
    page.fill("input[name=password]", "a long password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "reader@example.org (viewer)" in page.inner_text("header")
    assert page.locator("nav a").all_inner_texts() == [
        "Dashboard",
        "Articles",
        "Incidents",
        "Events",
        "Upload",
    ]
    page.screenshot(path=str(screenshot_dir / "signed-in.png"), full_page=True)
    assert browser_page.console_errors == []
    assert all(url.startswith(live_server.url) for url in browser_page.requested_urls)
    assert "a long password" not in (live_server.data_dir / "server.log").read_text()

"""Stored XSS: an article whose title, outlet, URL and text carry script is shown inert on
every page, in a real browser (no script runs, no dialog opens, no javascript: link)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser

from tests.live import LiveServer, run_live_server

pytestmark = pytest.mark.browser

HOSTILE_TITLE = '<script>window.__xss="title"</script>Rockets "hit" base'
HOSTILE_OUTLET = "<img src=x onerror=\"window.__xss='outlet'\">Wire"
JAVASCRIPT_URL = "javascript:window.__xss='url'"
HOSTILE_URL = "https://example.org/\"><script>window.__xss='url'</script>"
HOSTILE_TEXT = (
    "Militia report <em unclosed\n\n"
    "Kata'ib Hezbollah fired rockets at Ain al-Asad air base on Monday, officials said "
    "<script>window.__xss='text'</script>.\n\n"
    "The group threatened to attack US forces again <svg onload=window.__xss='svg'> "
    "unless they leave Iraq.\n\n"
    "There are about 2,500 US troops in Iraq (see javascript:window.__xss='a')."
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, int]]:
    with run_live_server(tmp_path_factory.mktemp("xss")) as server:
        token = server.editor_token()
        response = httpx.post(
            f"{server.url}/api/articles",
            headers={"Authorization": f"Bearer {token}"},
            data={
                "text": HOSTILE_TEXT,
                "title": HOSTILE_TITLE,
                "outlet": HOSTILE_OUTLET,
                "url": HOSTILE_URL,
                "published": "2020-03-10",
            },
            timeout=60,
        )
        assert response.status_code == 201, response.text
        article_id = response.json()["results"][0]["article_id"]
        yield server, article_id


def pages_to_visit(article_id: int) -> list[str]:
    return [
        "/",
        "/articles",
        f"/articles?q={quote(HOSTILE_TITLE)}",
        f"/articles/{article_id}",
        f"/articles/{article_id}/history",
        "/events",
        "/troop-levels",
        f"/actors/{quote(chr(0x4B) + 'ata' + chr(39) + 'ib Hezbollah')}",
        "/review",
        "/upload",
    ]


def test_hostile_article_is_inert_on_every_page(
    browser: Browser, hostile_server: tuple[LiveServer, int], screenshot_dir: Path
) -> None:
    server, article_id = hostile_server
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/login")
    page.fill("input[name=email]", "ed@example.org")
    page.fill("input[name=password]", "a long password")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    for path in pages_to_visit(article_id):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") is None, f"script ran on {path}"
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
        assert page.locator("main svg[onload], main img[onerror]").count() == 0, path

    page.goto(f"/articles/{article_id}")
    body = page.inner_text("main")
    assert "<script>window.__xss='text'</script>" in body  # shown as text, not run
    assert json.dumps(HOSTILE_TITLE)[1:8] in json.dumps(page.inner_text("body"))
    page.screenshot(path=str(screenshot_dir / "hostile-article.png"), full_page=True)
    assert dialogs == [] and errors == []
    context.close()

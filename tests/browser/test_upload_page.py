"""The upload page in a real browser: the date found in the text, a batch with progress and
a summary, and a CSV's column mapping shown (and corrected) before import."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserPage, LiveServer
from tests.ingestion_samples import DATED_STORY, OTHER_STORY, WIRE_ORIGINAL, WIRE_REPUBLISHED

pytestmark = pytest.mark.browser

FLOODS = (
    "Heavy rain flooded low-lying districts of the southern city on Monday; Popular "
    "Mobilization Forces units helped civil defence teams pump water from homes overnight."
)
PORT = (
    "Asa'ib Ahl al-Haq said on Thursday that its fighters would guard the northern river port, "
    "which reopened to barges after three weeks of dredging."
)
HARVEST = (
    "Dates harvest\n\nFarmers in Basra province began the date harvest on Sunday and expect "
    "a better crop than last year, the agriculture directorate said."
)
EDITOR = "upload-editor@example.org"
PASSWORD = "a long upload password"


@pytest.fixture(scope="module")
def editor(live_server: LiveServer) -> str:
    live_server.create_user(EDITOR, "editor", PASSWORD)
    return EDITOR


def sign_in(page: Page, live_server: LiveServer) -> None:
    """Sign in from the upload page's redirect, as an editor following a link would."""
    page.goto("/upload")
    page.fill("input[name=email]", EDITOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{live_server.url}/upload")


@pytest.mark.usefixtures("editor")
def test_pasted_text_shows_the_date_found_and_opens_the_stored_article(
    browser_page: BrowserPage, live_server: LiveServer
) -> None:
    page = browser_page.page
    sign_in(page, live_server)
    page.goto("/upload")
    page.fill("#upload-text", DATED_STORY)
    expect(page.locator("#published-note")).to_contain_text("found in the text: 2020-01-05")
    expect(page.locator("#upload-published")).to_have_value("2020-01-05")
    expect(page.locator("#upload-title")).to_have_attribute(
        "placeholder", "Militia threatens to expel foreign troops"
    )
    page.click("#upload-submit")
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert browser_page.console_errors == []


@pytest.mark.usefixtures("editor")
def test_a_batch_shows_progress_and_ends_on_a_summary(
    browser_page: BrowserPage, live_server: LiveServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    page = browser_page.page
    sign_in(page, live_server)
    files = {
        "wire.txt": WIRE_ORIGINAL.encode(),
        "copy.txt": WIRE_REPUBLISHED.encode(),
        "budget.txt": OTHER_STORY.encode(),
        "broken.txt": b"\x00\x01binary\x00" * 40,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    page.goto("/upload")
    page.set_input_files("#upload-files", [str(tmp_path / name) for name in files])
    rows = page.locator("#file-rows tr.file-row")
    expect(rows).to_have_count(4)
    expect(rows.nth(3).locator(".status")).to_contain_text("binary")
    expect(rows.nth(0).locator(".status")).to_contain_text("no date in the text")
    page.fill("#upload-outlet", "Batch Wire")
    page.click("#upload-submit")
    summary = page.locator("#upload-summary")
    expect(summary).to_be_visible(timeout=60_000)
    expect(page.locator("#upload-status")).to_have_text("4 of 4 done.")
    expect(page.locator("#upload-progress")).to_have_attribute("value", "4")
    expect(summary.locator("#stored a")).to_have_text(["wire.txt", "budget.txt"])
    near = summary.locator("#near-duplicates li")
    expect(near).to_contain_text("copy.txt")
    original = summary.locator("#stored a").first.get_attribute("href")
    expect(near.locator("a").nth(1)).to_have_attribute("href", str(original))
    expect(summary.locator("#failed")).to_contain_text("broken.txt: the file looks binary")
    page.screenshot(path=str(screenshot_dir / "upload-summary.png"), full_page=True)

    # The same files again: nothing new, each links to the article already stored.
    page.goto("/upload")
    page.set_input_files("#upload-files", [str(tmp_path / "wire.txt")])
    page.click("#upload-submit")
    expect(summary.locator("#duplicates a")).to_have_attribute("href", str(original))
    # The refused file's answer (422) is the only thing the browser logs.
    assert [e for e in browser_page.console_errors if "status of 422" not in e] == []
    assert all(url.startswith(live_server.url) for url in browser_page.requested_urls)


@pytest.mark.usefixtures("editor")
def test_a_csv_mapping_is_shown_and_can_be_corrected_before_import(
    browser_page: BrowserPage, live_server: LiveServer, tmp_path: Path
) -> None:
    page = browser_page.page
    sign_in(page, live_server)
    export = tmp_path / "export.csv"
    with export.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Summary", "Story", "Date"])
        writer.writerow(["Floods close roads", "short", FLOODS, ""])
        writer.writerow(["Port reopens", "short", PORT, ""])
    page.goto("/upload")
    page.set_input_files("#upload-files", str(export))
    text_choice = page.locator("select[name=map-text]")
    expect(text_choice).to_have_value("Story")
    expect(page.locator("select[name=map-title]")).to_have_value("Headline")
    expect(page.locator(".csv-rows")).to_contain_text("2 rows")
    expect(page.locator(".csv-sample tbody tr")).to_have_count(2)
    text_choice.select_option("Summary")  # wrong on purpose, then put right again
    expect(page.locator(".csv-sample tbody tr").first).to_contain_text("short")
    text_choice.select_option("Story")
    page.click("#upload-submit")
    summary = page.locator("#upload-summary")
    expect(summary).to_be_visible(timeout=60_000)
    expect(summary.locator("#stored a")).to_have_text(["export.csv row 2", "export.csv row 3"])
    assert browser_page.console_errors == []


@pytest.mark.usefixtures("editor")
def test_an_article_with_nothing_to_code_is_kept_only_when_asked(
    browser_page: BrowserPage, live_server: LiveServer
) -> None:
    page = browser_page.page
    sign_in(page, live_server)
    page.goto("/upload")
    page.fill("#upload-text", HARVEST)
    expect(page.locator("#published-note")).to_contain_text("Nothing to code was found")
    page.click("#upload-submit")
    summary = page.locator("#upload-summary")
    expect(summary.locator("#failed")).to_contain_text("nothing was found to code in it")

    page.goto("/upload")
    page.fill("#upload-text", HARVEST)
    page.check("#upload-keep-empty")
    page.click("#upload-submit")
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    expect(page.locator("body")).to_contain_text("Farmers in Basra province")
    assert [e for e in browser_page.console_errors if "status of 422" not in e] == []

"""An editor's review session in a real browser: upload two files, open an article, see its
evidence highlighted, correct an event's actor, find the correction in /events, and add a
missed event by selecting its sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserPage, LiveServer

pytestmark = pytest.mark.browser

EDITOR = "review-editor@example.org"
PASSWORD = "a long editor password"
ATTACK = """Rocket attack on Ain al-Asad air base

BAGHDAD, 6 January 2020 - Three rockets struck Ain al-Asad air base, which hosts US troops, \
on Sunday, officials said. Kata'ib Hezbollah claimed the attack. Nobody was hurt.

There are about 5,000 US troops in Iraq.
"""
THREAT = """Militia warns US forces

BAGHDAD, 8 January 2020 - Asa'ib Ahl al-Haq warned that it would attack American forces \
if they did not leave Iraq, its leader said on Tuesday.

The group's spokesman later said the Zubaydi Front would hold a rally in Basra on Friday.
"""
CORRECTED_ACTOR = "Kata'ib Sayyid al-Shuhada"


@pytest.fixture(scope="module")
def editor(live_server: LiveServer) -> str:
    live_server.create_user(EDITOR, "editor", PASSWORD)
    return EDITOR


def sign_in(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def upload_two_files(page: Page, folder: Path) -> list[str]:
    """Upload through the /upload form; returns the stored articles' links."""
    files = [folder / "attack.txt", folder / "threat.txt"]
    files[0].write_text(ATTACK, encoding="utf-8")
    files[1].write_text(THREAT, encoding="utf-8")
    page.goto("/upload")
    page.set_input_files("#upload-files", [str(f) for f in files])
    page.fill("#upload-outlet", "Browser Wire")
    page.click("#upload-submit")
    summary = page.locator("#upload-summary")
    expect(summary).to_be_visible(timeout=60_000)
    links = summary.locator("#stored a, #near-duplicates a:first-child")
    expect(links).to_have_count(2)
    return [str(links.nth(i).get_attribute("href")) for i in range(2)]


def test_upload_review_and_see_the_correction_in_events(
    browser_page: BrowserPage,
    live_server: LiveServer,
    editor: str,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    page = browser_page.page
    sign_in(page, live_server, editor)
    links = upload_two_files(page, tmp_path)

    page.goto(links[0])
    text = page.locator("#article-text")
    expect(text).to_contain_text("Three rockets struck Ain al-Asad air base")
    marks = text.locator("mark.hl-event")
    expect(marks.first).to_be_visible()
    events = page.locator("#side-events li[data-event-id]")
    assert events.count() >= 1, "the extractor found no event in the attack story"
    page.screenshot(path=str(screenshot_dir / "article-highlighted.png"), full_page=True)

    item = events.first
    event_id = item.get_attribute("data-event-id")
    item.locator("a.jump").click()
    expect(page).to_have_url(re.compile(rf"#event-{event_id}$"))
    item.locator("details.review summary").click()
    correct = item.locator("form.correct")
    correct.locator("input[name=actor]").fill(CORRECTED_ACTOR)
    correct.locator("input[name=reason]").fill("named in the claim")
    correct.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/articles/\d+#event-{event_id}$"))
    expect(page.locator(".flash")).to_contain_text("correct event")
    corrected = page.locator(f"#side-events li[data-event-id='{event_id}']")
    expect(corrected.locator(".actor")).to_have_text(CORRECTED_ACTOR)
    expect(corrected.locator(".state")).to_have_text("corrected")

    page.goto("/events?outlet=Browser+Wire")
    row = page.locator(f"#events tr[data-event-id='{event_id}']")
    expect(row.locator("td.actor")).to_have_text(CORRECTED_ACTOR)
    expect(row.locator(".state")).to_have_text("corrected")
    page.screenshot(path=str(screenshot_dir / "events-after-correction.png"), full_page=True)

    history = links[0].split("#")[0] + "/history"
    page.goto(history)
    change = page.locator("#history tr[data-field=actor]").first
    expect(change.locator(".after")).to_have_text(CORRECTED_ACTOR)
    assert browser_page.console_errors == []
    assert all(url.startswith(live_server.url) for url in browser_page.requested_urls)


def select_text(page: Page, phrase: str) -> None:
    """Select `phrase` inside the article text as a user dragging the mouse would."""
    page.evaluate(
        """(phrase) => {
            const root = document.getElementById("article-text");
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.textContent.indexOf(phrase);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + phrase.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
                    return;
                }
            }
            throw new Error("phrase not in a single text node: " + phrase);
        }""",
        phrase,
    )


def test_add_a_missed_event_by_selecting_its_sentence(
    browser_page: BrowserPage, live_server: LiveServer, editor: str, screenshot_dir: Path
) -> None:
    page = browser_page.page
    sign_in(page, live_server, editor)
    page.goto("/articles?q=Zubaydi")
    page.locator("#articles tr[data-article-id] a").first.click()
    form = page.locator("#add-event")
    expect(form).to_be_hidden()
    select_text(page, "would hold a rally")
    expect(form).to_be_visible()
    sentence = (
        "The group's spokesman later said the Zubaydi Front would hold a rally in Basra on Friday."
    )
    expect(page.locator("#selected-sentence")).to_have_text(sentence)
    form.locator("select[name=type]").select_option("threat")
    form.locator("input[name=actor]").fill("Zubaydi Front")
    page.screenshot(path=str(screenshot_dir / "add-event-form.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"#event-\d+$"))

    added = page.locator("#side-events li", has_text="Zubaydi Front")
    expect(added).to_contain_text("added by an editor")
    event_id = added.get_attribute("data-event-id")
    marked = page.locator(f"#article-text mark[data-spans~='event-{event_id}']")
    assert "".join(marked.all_inner_texts()) == sentence
    assert browser_page.console_errors == []

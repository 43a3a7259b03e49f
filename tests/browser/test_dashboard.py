"""The dashboard in a real browser, on the bundled sample corpus: every chart drawn with
data, a filter change redraws them and puts the filters in the address, hover shows the
evidence, a click opens the article, nothing is fetched from outside, no console errors."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import BrowserPage, LiveServer

pytestmark = pytest.mark.browser

CHARTS = ["troops", "events-by-month", "actors", "tension", "attacks-vs-strikes"]

# Page coordinates of one data point of a Plotly chart (for a real mouse hover or click).
POINT_POSITION = """([chart, trace, index]) => {
  const gd = document.getElementById(chart);
  const t = gd.data[trace];
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  return {x: box.left + xa.d2p(t.x[index]), y: box.top + ya.d2p(t.y[index])};
}"""


@pytest.fixture(scope="module")
def sample_loaded(live_server: LiveServer) -> LiveServer:
    live_server.run_app("sample", "load")
    return live_server


def api(server: LiveServer, path: str) -> Any:
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return json.load(response)


def trace_count(page: Page, chart: str) -> int:
    return int(page.evaluate("id => document.getElementById(id).data.length", f"chart-{chart}"))


def wait_for_charts(page: Page) -> None:
    for chart in CHARTS:
        page.wait_for_selector(f"#chart-{chart} .main-svg", state="attached")


def point_position(page: Page, chart: str, trace: int, index: int) -> dict[str, float]:
    page.locator(f"#chart-{chart}").scroll_into_view_if_needed()
    position: dict[str, float] = page.evaluate(POINT_POSITION, [f"chart-{chart}", trace, index])
    return position


def hover_label_at(page: Page, chart: str, trace: int, index: int) -> str:
    point = point_position(page, chart, trace, index)
    page.mouse.move(point["x"], point["y"])
    label = page.locator(f"#chart-{chart} .hoverlayer .hovertext")
    label.first.wait_for(state="attached", timeout=5000)
    return " ".join(label.first.text_content().split())


def test_dashboard_charts_filters_hover_and_click(
    browser_page: BrowserPage, sample_loaded: LiveServer, screenshot_dir: Path
) -> None:
    page = browser_page.page
    page.goto("/")
    wait_for_charts(page)
    for chart in CHARTS:
        assert trace_count(page, chart) > 0, f"{chart} has no data"
    assert page.locator("#section-factions tbody tr").count() > 0
    page.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=True)

    # Hover: the mark of an incident shows a report's sentence (as the API reports it) and
    # how many reports tell it; a click opens the incident.
    newest = api(sample_loaded, "/api/timeline/actors")["rows"]
    first_trace = page.evaluate("() => document.getElementById('chart-actors').data[0]")
    url = first_trace["customdata"][0][0]
    event = next(e for e in newest if url == f"/incidents/{e['incident_id']}")
    label = hover_label_at(page, "actors", 0, 0)
    assert " ".join(event["evidence"].split())[:40] in label
    assert "report" in label
    point = point_position(page, "actors", 0, 0)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**/incidents/{event['incident_id']}")
    assert page.locator("#reports li").count() == event["reports"]
    page.goto("/")
    wait_for_charts(page)

    # Filter: attacks only. The charts redraw and the address carries the filter.
    page.get_by_label("Attack on US forces").check()
    page.wait_for_url("**/?event_type=attack")
    page.wait_for_function(
        """() => {
          const bars = document.getElementById('chart-events-by-month').data;
          return bars.length === 1 && bars[0].name === 'Attack on US forces';
        }"""
    )
    attacks = api(sample_loaded, "/api/timeline/events-by-month?event_type=attack")["total"]
    drawn = page.evaluate(
        "() => document.getElementById('chart-events-by-month').data[0].y.reduce((a, b) => a + b)"
    )
    assert drawn == attacks > 0
    assert "event_type=attack" in page.get_attribute(
        '#section-factions a[data-format="csv"]', "href"
    )
    page.screenshot(path=str(screenshot_dir / "dashboard-attacks.png"), full_page=True)

    # The filtered address, opened afresh, shows the same view (a view can be shared).
    page.goto("/?event_type=attack")
    wait_for_charts(page)
    assert page.is_checked("input[name=event_type][value=attack]")
    assert trace_count(page, "events-by-month") == 1

    # A tablet: the same view fits the screen's width.
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto("/?event_type=attack")
    wait_for_charts(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 820
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.chart .main-svg')]"
        ".map(svg => svg.getBoundingClientRect().right)"
    )
    assert max(widths) <= 820
    page.screenshot(path=str(screenshot_dir / "dashboard-tablet.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?event_type=attack")
    wait_for_charts(page)

    # Click a troop figure: its article opens.
    troops = page.evaluate("() => document.getElementById('chart-troops').data")
    marker = next(i for i, t in enumerate(troops) if t["mode"] == "markers")
    label = hover_label_at(page, "troops", marker, 0)
    assert "US troops" in label
    point = point_position(page, "troops", marker, 0)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/articles/*")

    assert browser_page.console_errors == []
    outside = [u for u in browser_page.requested_urls if not u.startswith(sample_loaded.url)]
    assert outside == []

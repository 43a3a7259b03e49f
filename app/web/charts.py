"""Plotly figures as plain dicts (no figure objects: they are slow), from timeline results.

One builder per chart: service result in, `{"data", "layout", "config"}` out, no request or
session. Text from articles (evidence, titles, outlets) is untrusted: it is HTML-escaped
before it goes into hover text, so Plotly shows it literally, and `island_json` escapes
`<`, `>` and `&` when a figure is embedded in a `<script type="application/json">` element.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

import orjson

from app.schemas import EVENT_TYPES
from app.timeline import (
    ANNOTATED_TYPES,
    ActorTimeline,
    AttacksVsStrikes,
    EventsByMonth,
    TensionIndex,
    TroopLevels,
)
from app.vocabulary import EVENT_TYPE_SPECS

Figure = dict[str, Any]

# One colour per event type on every page (Okabe–Ito palette, distinguishable with the
# common colour-vision deficiencies). static/css/app.css repeats them as `.type-<type>`;
# tests/web/test_charts.py checks that the two agree.
EVENT_TYPE_COLOURS: dict[str, str] = {t.name: t.colour for t in EVENT_TYPE_SPECS}
EVENT_TYPE_LABELS: dict[str, str] = {t.name: t.label for t in EVENT_TYPE_SPECS}
SERIES_COLOURS = {"threats": "#E69F00", "acts": "#B2182B"}
COUNTRY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

# Troop figures: the qualifier is the marker's shape, the figure type its fill.
QUALIFIER_SYMBOLS = {
    "exact": "circle",
    "about": "diamond",
    "over": "triangle-up",
    "under": "triangle-down",
    "up_to": "square",
}
QUALIFIER_LABELS = {
    "exact": "exactly",
    "about": "about",
    "over": "over",
    "under": "under",
    "up_to": "up to",
}
FIGURE_TYPE_SUFFIX = {"reported": "", "official_cap": "-open", "planned": "-open-dot"}
FIGURE_TYPE_LABELS = {
    "reported": "reported",
    "official_cap": "official cap",
    "planned": "planned",
}
# Figures on the step line: what was there (reported) or allowed (cap), not plans.
STEP_FIGURE_TYPES = ("reported", "official_cap")

CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}
HOVER_WIDTH = 70
HOVER_MAX_CHARS = 420
MAX_ANNOTATIONS = 48


def article_url(article_id: int, anchor: str | None = None) -> str:
    return f"/articles/{article_id}" + (f"#{anchor}" if anchor else "")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most about `width` characters, broken between words (textwrap is slow
    for the thousands of hover labels a chart can carry)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def hover_text(text: str | None) -> str:
    """Untrusted text for a Plotly hover label: shortened, escaped, wrapped with <br>."""
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) > HOVER_MAX_CHARS:
        text = text[: HOVER_MAX_CHARS - 1].rstrip() + "…"
    return "<br>".join(html.escape(line, quote=False) for line in wrap(text, HOVER_WIDTH))


def plain(label: str) -> str:
    """A name (actor, location) as a Plotly label or legend entry: Plotly reads labels as a
    little HTML (`<a href>` becomes a link), so markup in a name is shown as text."""
    return html.escape(label, quote=False)


def month_label(month: dt.date) -> str:
    return month.strftime("%b %Y")


def base_layout(*, x_title: str, y_title: str, height: int = 380) -> dict[str, Any]:
    """Shared layout. The chart's title is the section heading above it on the page."""
    return {
        "font": FONT,
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "xaxis": {"title": {"text": x_title}, "automargin": True},
        "yaxis": {"title": {"text": y_title}, "automargin": True, "rangemode": "tozero"},
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        "hoverlabel": {"align": "left", "font": {"size": 12}},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }


def count_axis(layout: dict[str, Any], largest: int) -> None:
    """A y axis of whole numbers (counts): ticks at integer steps, never "0.5 incidents"."""
    step = max(1, math.ceil(largest / 8))
    layout["yaxis"] |= {"tick0": 0, "dtick": step, "tickformat": ",d"}


def nonzero(values: list[int]) -> list[int | None]:
    """Zero counts as gaps, so a unified hover lists only the series with something in them."""
    return [v if v else None for v in values]


def empty_figure(message: str) -> Figure:
    layout = base_layout(x_title="", y_title="", height=200)
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    layout["annotations"] = [
        {
            "text": html.escape(message, quote=False),
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "showarrow": False,
            "font": {"size": 14, "color": "#5b6670"},
        }
    ]
    return {"data": [], "layout": layout, "config": CONFIG}


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    return {"data": data, "layout": layout, "config": CONFIG}


# --- 1. US troop levels ----------------------------------------------------------------------


def troop_symbol(qualifier: str, figure_type: str) -> str:
    return QUALIFIER_SYMBOLS.get(qualifier, "circle") + FIGURE_TYPE_SUFFIX.get(figure_type, "")


def troop_hover(point: Any) -> str:
    figure_words = f"{QUALIFIER_LABELS.get(point.qualifier, '')} {point.count:,}".strip()
    return (
        f"<b>{html.escape(point.location, quote=False)}: {figure_words} US troops</b>"
        f" ({FIGURE_TYPE_LABELS.get(point.figure_type, point.figure_type)})<br>"
        f"{point.date.isoformat()} · {html.escape(point.outlet or 'unknown outlet', quote=False)}"
        f"<br><i>“{hover_text(point.evidence)}”</i>"
    )


def troop_traces(location: str, points: list[Any], colour: str) -> list[dict[str, Any]]:
    stepped = [p for p in points if p.figure_type in STEP_FIGURE_TYPES]
    line = {
        "type": "scatter",
        "mode": "lines",
        "name": plain(f"{location} (step)"),
        "legendgroup": location,
        "showlegend": False,
        "x": [p.date for p in stepped],
        "y": [p.count for p in stepped],
        "line": {"shape": "hv", "color": colour, "width": 2},
        "hoverinfo": "skip",
    }
    markers = {
        "type": "scatter",
        "mode": "markers",
        "name": plain(location),
        "legendgroup": location,
        "x": [p.date for p in points],
        "y": [p.count for p in points],
        "marker": {
            "color": colour,
            "size": 10,
            "symbol": [troop_symbol(p.qualifier, p.figure_type) for p in points],
            "line": {"color": colour, "width": 2},
        },
        "text": [troop_hover(p) for p in points],
        "customdata": [[article_url(p.article_id, f"troop-{p.id}")] for p in points],
        "hovertemplate": "%{text}<extra></extra>",
    }
    return [line, markers]


def troop_levels_figure(result: TroopLevels) -> Figure:
    if not result.rows:
        return empty_figure("No troop figures for these filters.")
    data: list[dict[str, Any]] = []
    for i, location in enumerate(result.locations):
        points = [p for p in result.rows if p.location == location]
        data.extend(troop_traces(location, points, COUNTRY_COLOURS[i % len(COUNTRY_COLOURS)]))
    layout = base_layout(x_title="Date of the figure", y_title="US troops")
    layout["yaxis"]["tickformat"] = ","
    layout["hovermode"] = "closest"
    return figure(data, layout)


# --- 2. Events by month ----------------------------------------------------------------------


def incidents_url(event_type: str, month: dt.date) -> str:
    """The incidents a bar counts: `/incidents` for one type and month (a click opens it)."""
    last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return f"/incidents?event_type={event_type}&date_from={month.isoformat()}&date_to={last}"


def events_by_month_figure(result: EventsByMonth) -> Figure:
    if not result.rows:
        return empty_figure("No events for these filters.")
    counts = {(r.month, r.type): r.events for r in result.rows}
    data = [
        {
            "type": "bar",
            "name": EVENT_TYPE_LABELS[t],
            "x": result.months,
            "y": nonzero([counts.get((m, t), 0) for m in result.months]),
            "customdata": [[incidents_url(t, m)] for m in result.months],
            "marker": {"color": EVENT_TYPE_COLOURS[t]},
            "hovertemplate": f"%{{x|%b %Y}}: %{{y}} {html.escape(EVENT_TYPE_LABELS[t])}"
            "<extra></extra>",
        }
        for t in EVENT_TYPES
        if t in result.totals
    ]
    layout = base_layout(x_title="Month", y_title="Incidents (each happening once)")
    monthly = [sum(counts.get((m, t), 0) for t in EVENT_TYPES) for m in result.months]
    count_axis(layout, max(monthly, default=1))
    layout["barmode"] = "stack"
    layout["hovermode"] = "x unified"
    return figure(data, layout)


# --- 3. Event timeline by actor ------------------------------------------------------------


UNATTRIBUTED = "Unattributed"


def plural_reports(count: int) -> str:
    return f"{count:,} report" + ("" if count == 1 else "s")


def incident_url(event: Any) -> str:
    """Where a mark of the actor timeline leads: its incident (else the report's sentence)."""
    if event.incident_id is None:
        return article_url(event.article_id, f"event-{event.id}")
    return f"/incidents/{event.incident_id}"


def event_hover(event: Any) -> str:
    return (
        f"<b>{html.escape(EVENT_TYPE_LABELS.get(event.type, event.type))}</b> · "
        f"{html.escape(event.actor or UNATTRIBUTED, quote=False)}<br>"
        f"{event.date.isoformat()} · {plural_reports(event.reports)}, one from "
        f"{html.escape(event.outlet or 'an unknown outlet', quote=False)}"
        f"<br><i>“{hover_text(event.evidence)}”</i>"
    )


def actor_order(result: ActorTimeline) -> list[str]:
    """Actors with most events at the top (Plotly draws categories bottom-up)."""
    counts: dict[str, int] = {}
    for event in result.rows:
        name = event.actor or UNATTRIBUTED
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: (counts[n], n.casefold()))


def actor_timeline_figure(result: ActorTimeline) -> Figure:
    if not result.rows:
        return empty_figure("No events for these filters.")
    data = []
    for t in EVENT_TYPES:
        events = [e for e in result.rows if e.type == t]
        if not events:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": EVENT_TYPE_LABELS[t],
                "x": [e.date for e in events],
                "y": [plain(e.actor or UNATTRIBUTED) for e in events],
                "marker": {"color": EVENT_TYPE_COLOURS[t], "size": 10, "opacity": 0.85},
                "text": [event_hover(e) for e in events],
                "customdata": [[incident_url(e)] for e in events],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    order = actor_order(result)
    layout = base_layout(x_title="Date", y_title="", height=max(300, 110 + 34 * len(order)))
    layout["yaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": [plain(name) for name in order],
        "automargin": True,
    }
    layout["hovermode"] = "closest"
    return figure(data, layout)


# --- 4. Tension index ------------------------------------------------------------------------


ANNOTATION_LANE = 0.78  # the plot's top; ceasefire and talks labels stand above it


def tension_annotations(result: TensionIndex) -> list[dict[str, Any]]:
    """An upright label above the plot for each month with ceasefires or talks."""
    notes: list[dict[str, Any]] = []
    for row in result.rows:
        for t in ANNOTATED_TYPES:
            n = row.counts.get(t, 0)
            if not n:
                continue
            notes.append(
                {
                    "x": row.month,
                    "y": ANNOTATION_LANE + 0.01,
                    "xref": "x",
                    "yref": "paper",
                    "yanchor": "bottom",
                    "textangle": -90,
                    "text": EVENT_TYPE_LABELS[t] + (f" ×{n}" if n > 1 else ""),
                    "hovertext": f"{month_label(row.month)}: {n} × {EVENT_TYPE_LABELS[t]}",
                    "showarrow": False,
                    "xshift": -7 if t == "ceasefire" else 7,
                    "font": {"size": 11, "color": "#1d2329"},
                    "bgcolor": "rgba(255,255,255,0.9)",
                    "bordercolor": EVENT_TYPE_COLOURS[t],
                }
            )
    return notes[:MAX_ANNOTATIONS]


def annotation_line(note: dict[str, Any]) -> dict[str, Any]:
    """A dotted vertical line through the plot at an annotated month."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": note["x"],
        "x1": note["x"],
        "y0": 0,
        "y1": ANNOTATION_LANE,
        "line": {"color": note["bordercolor"], "width": 1, "dash": "dot"},
        "layer": "below",
    }


def tension_figure(result: TensionIndex) -> Figure:
    if not any(r.threats or r.acts or any(r.counts.values()) for r in result.rows):
        return empty_figure("No events for these filters.")
    x = [r.month for r in result.rows]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Threats",
            "x": x,
            "y": [r.threats for r in result.rows],
            "line": {"color": SERIES_COLOURS["threats"], "width": 2, "dash": "dot"},
            "hovertemplate": "%{x|%b %Y}: threats %{y}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Acts (attacks and US strikes)",
            "x": x,
            "y": [r.acts for r in result.rows],
            "line": {"color": SERIES_COLOURS["acts"], "width": 2},
            "hovertemplate": "%{x|%b %Y}: acts %{y}<extra></extra>",
        },
    ]
    layout = base_layout(x_title="Month", y_title="Weighted events", height=440)
    layout["yaxis"]["domain"] = [0, ANNOTATION_LANE]
    layout["legend"]["y"] = 1.0
    notes = tension_annotations(result)
    layout["annotations"] = notes
    layout["shapes"] = [annotation_line(note) for note in notes]
    layout["hovermode"] = "x unified"
    return figure(data, layout)


# --- 5. Attacks versus US strikes ------------------------------------------------------------


def attacks_vs_strikes_figure(result: AttacksVsStrikes) -> Figure:
    if not (result.attacks or result.us_strikes):
        return empty_figure("No attacks or US strikes for these filters.")
    x = [r.month for r in result.rows]
    data = [
        {
            "type": "bar",
            "name": EVENT_TYPE_LABELS[t],
            "x": x,
            "y": nonzero([getattr(r, field) for r in result.rows]),
            "customdata": [[incidents_url(t, r.month)] for r in result.rows],
            "marker": {"color": EVENT_TYPE_COLOURS[t]},
            "hovertemplate": f"%{{x|%b %Y}}: %{{y}} {EVENT_TYPE_LABELS[t]}<extra></extra>",
        }
        for t, field in (("attack", "attacks"), ("us_strike", "us_strikes"))
    ]
    layout = base_layout(x_title="Month", y_title="Incidents")
    count_axis(layout, max((max(r.attacks, r.us_strikes) for r in result.rows), default=1))
    layout["barmode"] = "group"
    layout["hovermode"] = "x unified"
    return figure(data, layout)


# --- Embedding -------------------------------------------------------------------------------


def dumps(value: Any) -> bytes:
    """JSON for responses: dates as ISO strings, non-ASCII kept."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def island_json(value: Any) -> str:
    """JSON safe inside `<script type="application/json">`: `<`, `>`, `&` as \\u escapes,
    so untrusted text cannot close the element (`</script>`) or open a comment."""
    text = dumps(value).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""Article text with evidence spans marked, built from offsets over escaped text.

The text is cut at every span boundary; each piece is escaped with markupsafe on its own
and, when spans cover it, wrapped in one `<mark>` naming all of them (so overlapping and
nested spans need no nested markup). An empty anchor (`<span id="event-7">`) is put
where each span starts, so `#event-7` scrolls to its sentence. The result's plain text
(the DOM's textContent) is exactly the stored text, which lets the page turn a selection
back into offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of the text, with its anchor id and CSS classes."""

    start: int
    end: int
    anchor: str
    classes: tuple[str, ...]
    label: str = ""


def clamp(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans cut to the text; empty or reversed ones are dropped."""
    kept = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            kept.append(Span(start, end, span.anchor, span.classes, span.label))
    return kept


def boundaries(spans: Sequence[Span], length: int) -> list[int]:
    points = {0, length}
    for span in spans:
        points.update((span.start, span.end))
    return sorted(points)


def _mark(piece: str, covering: list[Span]) -> Markup:
    classes = sorted({cls for span in covering for cls in span.classes})
    anchors = " ".join(span.anchor for span in covering)
    titles = "; ".join(dict.fromkeys(span.label for span in covering if span.label))
    return Markup('<mark class="{}" data-spans="{}" title="{}">{}</mark>').format(
        " ".join(["hl", *classes]), anchors, titles, piece
    )


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """`text` as safe HTML with every span marked (see the module docstring)."""
    kept = clamp(spans, len(text))
    starts: dict[int, list[Span]] = {}
    for span in kept:
        starts.setdefault(span.start, []).append(span)
    points = boundaries(kept, len(text))
    parts: list[Markup] = []
    for left, right in zip(points, points[1:], strict=False):
        for span in starts.get(left, []):
            parts.append(Markup('<span class="anchor" id="{}"></span>').format(span.anchor))
        covering = [span for span in kept if span.start <= left and right <= span.end]
        piece = escape(text[left:right])
        parts.append(_mark(piece, covering) if covering else piece)
    return Markup("").join(parts)

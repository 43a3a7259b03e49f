"""File formats: which kind a file is, and its text (Markdown and PDF) before the pipeline.

Pure functions, no database: they run in the CLI's worker processes. `.txt` and `.html`
bytes go to the pipeline as they are (it decodes them and cleans HTML); Markdown loses its
markup here; a PDF gives its text layer (pypdf), re-flowed into paragraphs. CSV exports are
in `app/ingestion/tables.py`.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from pathlib import PurePath
from typing import Literal

from pypdf import PdfReader

from app.pipeline.ingest import UnreadableInput

Kind = Literal["text", "html", "markdown", "pdf", "csv"]
SUFFIX_KINDS: dict[str, Kind] = {
    "": "text",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".csv": "csv",
}
MEDIA_TYPES: dict[Kind, str] = {
    "text": "text/plain",
    "html": "text/html",
    "markdown": "text/markdown",
    "pdf": "application/pdf",
    "csv": "text/csv",
}
SUPPORTED = ".txt, .html, .htm, .md, .pdf or .csv"
MAX_NAME_CHARS = 255
RE_CONTROL_CHAR = re.compile(r"[\x00-\x1f\x7f]")

log = logging.getLogger(__name__)


def check_filename(name: str) -> str:
    """The name, if it is a plain file name; `UnreadableInput` saying what is wrong with it."""
    if RE_CONTROL_CHAR.search(name):
        raise UnreadableInput("the file name holds a NUL or another control character")
    if "/" in name or "\\" in name:
        raise UnreadableInput("the file name holds a path ('/' or '\\'); send the name only")
    if len(name) > MAX_NAME_CHARS:
        raise UnreadableInput(f"the file name is longer than {MAX_NAME_CHARS} characters")
    if not name.strip() or name.strip(". ") == "":
        raise UnreadableInput("the file name is empty")
    return name


def kind_of(name: str) -> Kind:
    """The kind of a file from its suffix; `UnreadableInput` for a kind we do not read."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIX_KINDS:
        raise UnreadableInput(f"files of type {suffix} are not read; upload {SUPPORTED}")
    return SUFFIX_KINDS[suffix]


# --- Markdown ----------------------------------------------------------------------------

MARKDOWN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\A---\n.*?\n---\n", re.DOTALL), ""),  # front matter
    (re.compile(r"^[ \t]*(```|~~~).*$", re.MULTILINE), ""),  # code fences
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE), ""),  # horizontal rules
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE), r"\1"),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^([ \t]*)[-*+][ \t]+", re.MULTILINE), r"\1"),  # bullets
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"(?<!\w)_(\S(?:[^_]*?\S)?)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
)


def markdown_to_text(markdown: str) -> str:
    """Markdown without its markup: headings, emphasis, links and bullets become plain text."""
    text = markdown.replace("\r\n", "\n")
    for pattern, replacement in MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return text


# --- PDF ---------------------------------------------------------------------------------

FULL_LINE_SHARE = 0.75  # a line at least this share of a full line continues its paragraph


def pdf_to_text(data: bytes) -> str:
    """The PDF's text layer, re-flowed; `UnreadableInput` for a scan or a broken file."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableInput("the PDF is password-protected; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableInput:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        log.info("unreadable PDF: %r", exc)
        raise UnreadableInput(f"the PDF could not be read ({exc.__class__.__name__})") from exc
    text = reflow("\n".join(pages))
    if not text.strip():
        raise UnreadableInput(
            "the PDF has no text layer (probably a scan): run OCR on it, or paste its text"
        )
    return text


def reflow(text: str) -> str:
    """Join a PDF's visual lines into paragraphs (one per line, blank line between).

    A line as long as most full lines continues into the next one; a shorter line (a
    headline, the last line of a paragraph) ends its paragraph. A line that ends in a hyphen
    joins the next without a space ("Iran-" + "backed").
    """
    lines = [line.strip() for line in text.splitlines()]
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return ""
    full = float(lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else lengths[-1])
    full = max(full, statistics.median(lengths))
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            paragraphs.append(current)
            current = ""
            continue
        current = _join(current, line)
        if len(line) < FULL_LINE_SHARE * full:
            paragraphs.append(current)
            current = ""
    paragraphs.append(current)
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if current.endswith("-") and line[:1].islower():
        return current + line
    return current + " " + line

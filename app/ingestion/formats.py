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
import time
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
# A news article is a few pages; these bound the work one PDF can ask for, whatever it holds.
MAX_PDF_PAGES = 200
MAX_PDF_CONTENT_BYTES = 8 * 1024 * 1024  # drawing instructions, decompressed, all pages
MAX_PDF_SECONDS = 20.0


def pdf_pages(reader: PdfReader) -> list[str]:
    """Each page's text, within the limits on pages, content and time (else refused)."""
    if len(reader.pages) > MAX_PDF_PAGES:
        raise UnreadableInput(
            f"the PDF has {len(reader.pages):,} pages; the tracker reads articles of at most "
            f"{MAX_PDF_PAGES} pages: split it, or paste the article's text"
        )
    started, content, pages = time.monotonic(), 0, []
    for page in reader.pages:
        stream = page.get_contents()
        content += len(stream.get_data()) if stream is not None else 0
        if content > MAX_PDF_CONTENT_BYTES:
            raise UnreadableInput(
                "the PDF's pages hold more than "
                f"{MAX_PDF_CONTENT_BYTES // (1024 * 1024)} MB of drawing instructions, far "
                "more than an article's text needs: paste the article's text instead"
            )
        pages.append(page.extract_text() or "")
        if time.monotonic() - started > MAX_PDF_SECONDS:
            raise UnreadableInput(
                f"reading the PDF took over {MAX_PDF_SECONDS:.0f} s: paste the article's text"
            )
    return pages


def pdf_to_text(data: bytes) -> str:
    """The PDF's text layer, re-flowed; `UnreadableInput` for a scan, a broken file, or one
    over the limits (pages, content, time)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableInput("the PDF is password-protected; save an unprotected copy")
        pages = pdf_pages(reader)
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

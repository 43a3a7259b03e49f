"""Bytes or text in, `RawDoc` out: decode, refuse what is not text, detect HTML.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32) wins; then strict UTF-8; then the
two single-byte code pages news files still come in, cp1256 (Arabic Windows) when the result
holds Arabic letters, else cp1252 (Western Windows). Binary files (NUL bytes, archives, PDFs,
images, many control characters) and empty files are refused with `UnreadableInput`, whose
message is meant for the person who uploaded the file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from app.pipeline.types import RawDoc

# Magic numbers of formats people upload by mistake, with a readable name.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_CONTROL_RATIO = 0.02
RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
RE_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
RE_MIXED_SCRIPT_WORD = re.compile(r"[A-Za-z][\u0600-\u06ff]|[\u0600-\u06ff][A-Za-z]")
RE_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
RE_HTML_STRONG = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<meta\s|<article[\s>]", re.IGNORECASE
)
RE_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|li|ul|ol|table|tr|td|section|strong|em|b|i|img|script)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
HTML_SNIFF_CHARS = 5000


class UnreadableInput(ValueError):
    """Input that cannot be read as an article; the message is for a person."""

    status_code = 422  # what a web route answers for it


class TooLarge(UnreadableInput):
    """Input over one of the work limits (article length, PDF pages or streams, time)."""

    status_code = 413


def looks_like_html(text: str) -> bool:
    """True for a web page or an HTML fragment (a few tags), false for plain text."""
    head = text[:HTML_SNIFF_CHARS]
    if RE_HTML_STRONG.search(head):
        return True
    return len(RE_HTML_TAG.findall(head)) >= 3


def from_text(text: str, *, name: str | None = None, is_html: bool | None = None) -> RawDoc:
    """Wrap text that is already decoded; HTML is sniffed when `is_html` is None."""
    if is_html is None:
        is_html = looks_like_html(text)
    return RawDoc(text=text, is_html=is_html, name=name)


def decode_upload(data: bytes, *, filename: str | None = None) -> RawDoc:
    """Decode uploaded bytes to a `RawDoc`; `UnreadableInput` when they are not an article."""
    if not data.strip():
        raise UnreadableInput("the file is empty")
    text = decode_bytes(data)
    if not text.strip():
        raise UnreadableInput("the file holds no text, only blank space")
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise UnreadableInput("the file looks binary (many control characters), not text")
    is_html = True if _has_html_suffix(filename) else None
    return from_text(text, name=filename, is_html=is_html)


def read_path(path: Path) -> RawDoc:
    """Read and decode a file (`OSError` if it cannot be read, `UnreadableInput` if not text)."""
    return decode_upload(path.read_bytes(), filename=str(path))


def decode_bytes(data: bytes) -> str:
    """Bytes to text: BOM, then UTF-8, then cp1256/cp1252; `UnreadableInput` for binary."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"the file starts as {codec} but is not valid") from exc
    _refuse_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_code_page(data)


def _refuse_binary(data: bytes) -> None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise UnreadableInput(f"the file is {what}, not text; save the article as text")
    if b"\x00" in data[:4096]:
        raise UnreadableInput("the file looks binary (it holds NUL bytes), not text")


def _decode_code_page(data: bytes) -> str:
    arabic = data.decode("cp1256", errors="replace")
    if _is_mostly_arabic(arabic):
        return arabic
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            "the file is not UTF-8 text and does not read as Windows-1252 or -1256 either"
        ) from exc


def _is_mostly_arabic(text: str) -> bool:
    """Arabic letters make up most non-ASCII letters and never share a word with Latin ones."""
    arabic = len(RE_ARABIC_LETTER.findall(text))
    if arabic == 0 or RE_MIXED_SCRIPT_WORD.search(text):
        return False
    return arabic * 2 >= len(RE_NON_ASCII_LETTER.findall(text))


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    return len(RE_CONTROL.findall(sample)) / max(1, len(sample))


def _has_html_suffix(filename: str | None) -> bool:
    return filename is not None and Path(filename).suffix.lower() in HTML_SUFFIXES

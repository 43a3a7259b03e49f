"""HTML to text; normalise quotes and whitespace. The cleaned text IS the offset space.

Plain text keeps its length wherever it can: curly quotes become straight ones and odd
spaces (NBSP, thin spaces, tabs, control characters) become a plain space, one character for
one. Only zero-width characters, soft hyphens and the CR of CRLF are dropped; their positions
go into `CleanDoc.shifts`, so `source_offset` maps a cleaned offset back to the input.

HTML goes through trafilatura (main text only: menus, sidebars of other headlines, footers
and scripts stay out), with the page's title (h1, og:title or <title>) as the first line and
the page's published-date metadata in `CleanDoc.meta_published`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from bisect import bisect_right

import lxml.etree
import lxml.html
import trafilatura
from lxml_html_clean import Cleaner

from app.pipeline.date_phrases import parse_date_phrase
from app.pipeline.types import CleanDoc, RawDoc

ONE_TO_ONE: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′ʼ`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys(
        "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000",
        " ",
    ),
    **dict.fromkeys("\r\x0b\x0c\x85\u2028\u2029", "\n"),
    **dict.fromkeys([chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"], " "),
    **dict.fromkeys([chr(c) for c in range(0x7F, 0xA0) if c != 0x85], " "),
}
# Replacing only the characters that need it is far cheaper than str.translate on every one.
RE_ONE_TO_ONE = re.compile("[" + re.escape("".join(ONE_TO_ONE)) + "]")
# Zero-width spaces, joiners and non-joiners, word joiner, BOM, soft hyphen: invisible, and
# inside a name ("Kata\u200dib") they would hide it from matching.
RE_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\r(?=\n)")

RE_TITLE_TAG = re.compile(r"<title[^>]*>(?P<v>.*?)</title>", re.IGNORECASE | re.DOTALL)
RE_H1 = re.compile(r"<h1[^>]*>(?P<v>.*?)</h1>", re.IGNORECASE | re.DOTALL)
RE_TAG = re.compile(r"<[^>]+>")
RE_META = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
RE_ATTR = re.compile(r"""(?P<k>[\w:.\-]+)\s*=\s*(?:"(?P<v1>[^"]*)"|'(?P<v2>[^']*)')""")
RE_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"(?P<v>[^"]{8,40})"')
RE_TIME_PUBDATE = re.compile(r"<time\b[^>]*\bdatetime=\"(?P<v>[^\"]{8,40})\"[^>]*\bpubdate")
RE_TITLE_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
RE_DATE_LINE_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*", re.IGNORECASE)
META_PUBLISHED_KEYS = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "published_date",
        "publication_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.issued",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "original-publish-date",
    }
)
TITLE_MIN_WORDS = 4
TITLE_MAX_CHARS = 200

FRAGMENT_CLEANER = Cleaner(scripts=True, javascript=True, style=True, comments=True, forms=False)


def clean_document(raw: RawDoc) -> CleanDoc:
    """Clean a decoded input into the text every later stage indexes into."""
    if raw.is_html:
        return _clean_html(raw.text)
    text, shifts = normalise_text(raw.text)
    return CleanDoc(text=text, title=find_title(text), shifts=shifts)


def normalise_text(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Straight quotes, plain spaces and newlines; returns the text and its shift map
    (cleaned offset where a run of dropped characters ended, characters dropped so far)."""
    shifts: list[tuple[int, int]] = []
    if RE_DROP.search(text):
        pieces: list[str] = []
        last = dropped = length = 0
        for m in RE_DROP.finditer(text):
            pieces.append(text[last : m.start()])
            length += m.start() - last
            dropped += m.end() - m.start()
            last = m.end()
            shifts.append((length, dropped))
        pieces.append(text[last:])
        text = "".join(pieces)
    return RE_ONE_TO_ONE.sub(_replace_one, text), tuple(shifts)


def _replace_one(m: re.Match[str]) -> str:
    return ONE_TO_ONE[m.group()]


def source_offset(doc: CleanDoc, offset: int) -> int:
    """Map an offset of the cleaned plain text back to the decoded input."""
    if not doc.shifts:
        return offset
    i = bisect_right([pos for pos, _ in doc.shifts], offset) - 1
    return offset + (doc.shifts[i][1] if i >= 0 else 0)


def find_title(text: str) -> str | None:
    """The first line that reads like a headline (skips date lines and short furniture)."""
    fallback: str | None = None
    for line in text.splitlines():
        candidate = RE_DATE_LINE_PREFIX.sub("", line).strip()
        if not candidate:
            continue
        fallback = fallback or candidate
        if len(candidate.split()) >= TITLE_MIN_WORDS and parse_date_phrase(candidate) is None:
            return _shorten(candidate)
    return _shorten(fallback) if fallback else None


def _shorten(title: str) -> str:
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title.rfind(" ", 0, TITLE_MAX_CHARS)
    return title[: cut if cut > 0 else TITLE_MAX_CHARS].rstrip(" ,;:") + "..."


def _clean_html(page: str) -> CleanDoc:
    title = _html_title(page)
    body = _main_text(page)
    if not body.strip():  # a page with no body text is no article, whatever its title
        return CleanDoc(text="", title=title, meta_published=find_meta_published(page))
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body}"
    text, shifts = normalise_text(body)
    title = normalise_text(title)[0] if title else find_title(text)
    return CleanDoc(text=text, title=title, meta_published=find_meta_published(page), shifts=shifts)


def _main_text(page: str) -> str:
    extracted = trafilatura.extract(
        page,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        deduplicate=False,
    )
    if extracted and extracted.strip():
        return str(extracted)
    _, text, _ = trafilatura.baseline(page)
    if text and text.strip():
        return str(text)
    return _fragment_text(page)


def _fragment_text(page: str) -> str:
    """Last resort for a pasted fragment (a few tags in plain prose) that the main-text
    extractors find no article in: the text with scripts, styles and tags removed."""
    try:
        tree = lxml.html.document_fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for head in tree.findall("head"):  # the page title is not body text
        head.drop_tree()
    return str(FRAGMENT_CLEANER.clean_html(tree).text_content())


def _html_title(page: str) -> str | None:
    for pattern in (RE_H1, RE_TITLE_TAG):
        m = pattern.search(page)
        if m:
            value = " ".join(html.unescape(RE_TAG.sub(" ", m["v"])).split())
            if pattern is RE_TITLE_TAG:
                value = RE_TITLE_SITE_SUFFIX.sub("", value)
            if value:
                return value
    meta = _meta_values(page)
    return meta.get("og:title") or None


def find_meta_published(page: str) -> dt.date | None:
    """The published date a page's metadata states (meta tags, JSON-LD, <time pubdate>)."""
    values = [v for k, v in _meta_values(page).items() if k in META_PUBLISHED_KEYS]
    values += [m["v"] for m in RE_JSONLD_PUBLISHED.finditer(page)]
    values += [m["v"] for m in RE_TIME_PUBDATE.finditer(page)]
    for value in values:
        parsed = parse_date_phrase(value)
        if parsed is not None and parsed[1] == "day":
            return parsed[0]
    return None


def _meta_values(page: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in RE_META.finditer(page):
        attrs = {
            m["k"].lower(): html.unescape(m["v1"] if m["v1"] is not None else m["v2"] or "")
            for m in RE_ATTR.finditer(tag.group())
        }
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and "content" in attrs:
            out.setdefault(key.lower(), attrs["content"].strip())
    return out

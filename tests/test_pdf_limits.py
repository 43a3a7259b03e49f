"""PDFs that ask for unbounded work are refused with a sentence, before the work: too many
pages, or pages holding megabytes of drawing instructions (compressed to a small file)."""

from __future__ import annotations

import io
import time
import zlib

import pytest
from pypdf import PdfWriter

from app.ingestion.formats import MAX_PDF_PAGES, pdf_to_text
from app.pipeline.ingest import UnreadableInput
from tests.ingestion_samples import make_pdf, pdf_of

pytestmark = pytest.mark.nodb


def blank_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def compressed_content_page(content: bytes) -> bytes:
    """One page whose content stream (Flate-compressed) holds `content`."""
    packed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    return pdf_of(objects)


def test_a_pdf_of_too_many_pages_is_refused_with_the_limit() -> None:
    with pytest.raises(UnreadableInput, match=f"{MAX_PDF_PAGES + 50} pages.*at most"):
        pdf_to_text(blank_pages(MAX_PDF_PAGES + 50))


def test_a_page_of_megabytes_of_drawing_is_refused_faster_than_it_could_be_read() -> None:
    drawing = b"0 0 m 612 792 l S\n" * 600_000  # 10.8 MB of lines, about 30 KB compressed
    data = compressed_content_page(drawing)
    assert len(data) < 100_000
    normal = make_pdf(["Rockets struck a base hosting US troops on Monday, officials said."])
    started = time.perf_counter()
    pdf_to_text(normal)
    one_article = time.perf_counter() - started
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="MB of drawing instructions"):
        pdf_to_text(data)
    refused = time.perf_counter() - started
    assert refused < max(50 * one_article, 2.0)  # decompressing, never interpreting, it

"""Decoding uploads: encodings, refusals with readable messages, HTML sniffing."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.pipeline.ingest import (
    UnreadableInput,
    decode_upload,
    from_text,
    looks_like_html,
    read_path,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Rockets hit the base.", "Rockets hit the base."),
        (codecs.BOM_UTF8 + b"Rockets hit the base.", "Rockets hit the base."),
        (codecs.BOM_UTF16_LE + "Kata’ib Hezbollah".encode("utf-16-le"), "Kata’ib Hezbollah"),
        (codecs.BOM_UTF16_BE + "Kata’ib Hezbollah".encode("utf-16-be"), "Kata’ib Hezbollah"),
        (codecs.BOM_UTF32_LE + "Badr".encode("utf-32-le"), "Badr"),
        ("كتائب حزب الله".encode("cp1256"), "كتائب حزب الله"),
        (b"\x93Truce\x94 in caf\xe9s", "“Truce” in cafés"),
        ("Asa’ib Ahl al-Haq".encode(), "Asa’ib Ahl al-Haq"),
    ],
    ids=[
        "utf8",
        "utf8-bom-dropped",
        "utf16-le-bom",
        "utf16-be-bom",
        "utf32-le-bom",
        "cp1256-arabic",
        "cp1252-western",
        "utf8-curly-apostrophe",
    ],
)
def test_decode_upload_reads_text_encodings(data: bytes, expected: str) -> None:
    raw = decode_upload(data, filename="a.txt")
    assert raw.text == expected
    assert raw.is_html is False
    assert raw.name == "a.txt"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "the file is a PDF document, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "the file is a zip archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "the file is a gzip archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is a PNG image"),
        (b"text\x00with\x00nul\x00bytes", "the file looks binary (it holds NUL bytes)"),
        (b"\x01\x02\x03\x04\x05abc\x06\x07\x08", "the file looks binary (many control characters)"),
        (b"", "the file is empty"),
        (b"  \n\t \r\n", "the file is empty"),
        (codecs.BOM_UTF8 + b"   \n", "the file holds no text, only blank space"),
        (b"caf\x81\x8d", "does not read as Windows-1252 or -1256"),
    ],
    ids=[
        "pdf",
        "zip",
        "gzip",
        "png",
        "nul-bytes",
        "control-characters",
        "empty",
        "whitespace-only",
        "bom-then-blank",
        "undecodable",
    ],
)
def test_decode_upload_refuses_non_text_with_a_readable_message(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableInput) as info:
        decode_upload(data)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
        ("<html lang='en'><head><title>T</title></head></html>", True),
        ("<p>One</p><p>Two</p><p>Three</p>", True),
        ("<p>Only one paragraph tag</p> and text", False),
        ("Troops <3 and a > b; plain text about Iraq.", False),
        ("Kata'ib Hezbollah warned US forces on Monday.", False),
    ],
    ids=["doctype", "html-tag", "fragment", "single-tag", "angle-brackets", "plain"],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_html_file_suffix_forces_html() -> None:
    assert decode_upload(b"Just words", filename="page.HTML").is_html is True


def test_from_text_sniffs_html_unless_told() -> None:
    page = "<!doctype html><p>x</p>"
    assert from_text(page).is_html is True
    assert from_text(page, is_html=False).is_html is False


def test_read_path_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Saraya Awliya al-Dam claimed it.")
    raw = read_path(path)
    assert raw.text == "Saraya Awliya al-Dam claimed it."
    assert raw.name == str(path)

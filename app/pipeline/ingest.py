"""Bytes or text in, `RawDoc` out: decode, detect HTML. (STUB: to be completed.)"""

from __future__ import annotations

from pathlib import Path

from app.pipeline.types import RawDoc


class UnreadableInput(ValueError):
    """Input that cannot be read as an article; the message is for a person."""


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<!doctype html" in head


def from_text(text: str, *, name: str | None = None, is_html: bool | None = None) -> RawDoc:
    return RawDoc(text=text, is_html=looks_like_html(text) if is_html is None else is_html, name=name)


def decode_upload(data: bytes, *, filename: str | None = None) -> RawDoc:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput("the file is not UTF-8 text") from exc
    return from_text(text, name=filename)


def read_path(path: Path) -> RawDoc:
    return decode_upload(path.read_bytes(), filename=str(path))

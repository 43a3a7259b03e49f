"""Where a browser goes after a form, and what it is told there: one-shot flash messages kept in
the session, and `safe_next`, which only ever returns a same-site path."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

FLASH_KEY = "flash"


def flash(request: Request, message: str) -> None:
    request.session[FLASH_KEY] = [*request.session.get(FLASH_KEY, []), message][-5:]


def pop_flashes(request: Request) -> list[str]:
    messages = request.session.pop(FLASH_KEY, [])
    return [str(m) for m in messages] if isinstance(messages, list) else []


def safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in user to another host."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target

"""Jinja2 templates (autoescape on) and display filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from app.config import get_settings
from app.web.auth import csrf_token
from app.web.links import actor_url


def format_thousands(value: int | float | None) -> str:
    return "" if value is None else f"{value:,}"


def format_isodate(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def pluralise(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def request_globals(request: Request) -> dict[str, Any]:
    """Available in every template: the signed-in user and the session's CSRF token."""
    return {
        "current_user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
    }


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(
        directory=str(get_settings().templates_dir), context_processors=[request_globals]
    )
    templates.env.filters["thousands"] = format_thousands
    templates.env.filters["isodate"] = format_isodate
    templates.env.filters["plural"] = pluralise
    templates.env.globals["actor_url"] = actor_url
    return templates


templates = build_templates()

"""Malformed parameters are the client's error (4xx), never the server's (5xx).

- A NUL anywhere in the path or the query string: 400 (SQLite's full-text search and
  PostgreSQL both fail on one deep inside a query).
- A number too large for the database's integers (`page=100000000000000000000`,
  `/articles/99999999999999999999`): 422, whichever query meets it first.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.types import ASGIApp, Receive, Scope, Send

NUL_MESSAGE = "a NUL character is not allowed in a web address"


class RefuseNulMiddleware:
    """400 for a request whose path or query string carries a NUL character."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = bytes(scope.get("query_string", b"")).lower()
            if "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query:
                response = JSONResponse({"detail": NUL_MESSAGE}, status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def too_large_number(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"detail": "a number in the request is out of range (too large or too small)"},
        status_code=422,
    )


HANDLED = (OverflowError, DataError)

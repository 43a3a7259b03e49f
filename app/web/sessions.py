"""The session cookie: signed, HttpOnly, SameSite=Lax, and Secure whenever the request came
over HTTPS.

"Over HTTPS" is the request's scheme as uvicorn reports it: the socket's own, or, behind a
reverse proxy that terminates TLS, the proxy's `X-Forwarded-Proto` when the proxy's address
is trusted (`TRACKER_FORWARDED_ALLOW_IPS`, passed to uvicorn by `python -m app serve`).
`TRACKER_SECURE_COOKIES=true` marks the cookie Secure on every request.
"""

from __future__ import annotations

from typing import Any, Literal

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

SECURE_SCHEMES = frozenset({"https", "wss"})


class SessionCookieMiddleware:
    """Starlette's session middleware, with the Secure flag chosen per request."""

    def __init__(
        self,
        app: ASGIApp,
        /,
        *,
        secret_key: str,
        session_cookie: str,
        max_age: int,
        same_site: Literal["lax", "strict", "none"] = "lax",
        always_secure: bool = False,
    ) -> None:
        options: dict[str, Any] = {
            "secret_key": secret_key,
            "session_cookie": session_cookie,
            "max_age": max_age,
            "same_site": same_site,
        }
        self.plain = SessionMiddleware(app, https_only=always_secure, **options)
        self.secure = SessionMiddleware(app, https_only=True, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        over_tls = scope.get("scheme") in SECURE_SCHEMES
        await (self.secure if over_tls else self.plain)(scope, receive, send)

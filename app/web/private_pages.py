"""`Cache-Control: no-store` on private pages (the upload form, the review queue, user
administration, an article's history): a shared or back-button cache never keeps them."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PRIVATE_PATHS = re.compile(r"^/(upload|review|admin|login)(/|$)|^/articles/[^/]+/history$")


class NoStorePrivateMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not PRIVATE_PATHS.match(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                message["headers"] = [*headers, (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, send_no_store)

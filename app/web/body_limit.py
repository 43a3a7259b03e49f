"""Refuse a request body over the limit while it streams in, before it is read whole.

A declared Content-Length over the limit is refused at once; a chunked body is counted as
it arrives and cut off with 413 as soon as it passes the limit. Per-file limits are checked
again where uploads are read (app/web/uploads.py).
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large_message(limit: int) -> bytes:
    megabytes = round(limit / (1024 * 1024), 1)
    return orjson.dumps(
        {"detail": f"the upload is larger than the limit of {megabytes:g} MB for one request"}
    )


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def reply_413(self, send: Send) -> None:
        body = too_large_message(self.limit)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self.reply_413(send)
            return
        received = 0
        state = {"started": False, "refused": False}

        async def counting_receive() -> Message:
            nonlocal received
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit and not state["started"]:
                    state["refused"] = True
                    await self.reply_413(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # the 413 has been sent; the app's own answer is dropped
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, guarded_send)

"""Request bodies are counted while they arrive: a body over its route's limit is refused with
413 before it is held in memory, whether or not it declares a Content-Length."""

from collections.abc import Mapping

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uplift.kit.errors import BodyTooLargeError, too_large_response


class BodyLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, default_bytes: int, by_path: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.by_path = dict(by_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(scope["path"], self.default_bytes)
        if _declared_length(scope) > limit:
            await _refuse(scope, receive, send, limit)
            return
        await self.app(scope, _counted(receive, limit), send)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0  # the server refuses a malformed length before we see it
    return 0


def _counted(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLargeError(limit)
        return message

    return counted_receive


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = too_large_response(Request(scope, receive), limit)
    await response(scope, receive, send)

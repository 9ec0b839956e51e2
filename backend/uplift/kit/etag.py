"""ETags on every successful read, 304 Not Modified when the client has it already, and
If-Match on writes so that nobody silently overwrites a change they have not seen.

A pure ASGI middleware hashes the body of GET responses, so any read gets revalidation for
free; a write computes the same tag from the resource as it stands and compares
(kit/if_match.py).
"""

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uplift.kit.responses import etag_for


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


class ETagMiddleware:
    def __init__(self, app: ASGIApp, path_prefix: str = "/api/") -> None:
        self.app = app
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(self.path_prefix)
        ):
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        start: Message | None = None
        chunks: list[bytes] = []
        streamed = False

        async def buffer(message: Message) -> None:
            nonlocal start, streamed
            if message["type"] == "http.response.start":
                start = message
                # A response that brings its own tag (a stored file, tagged by its SHA-256)
                # streams through: its body is not held in memory to be hashed again.
                tagged = MutableHeaders(scope=start).get("etag")
                if start["status"] == 200 and tagged is not None:
                    if etag_matches(if_none_match, tagged):
                        await ETagMiddleware._finish(start, b"", if_none_match, send)
                        start = None
                    else:
                        await send(start)
                    streamed = True
                return
            if streamed:
                if start is not None:
                    await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._finish(start, b"".join(chunks), if_none_match, send)

        await self.app(scope, receive, buffer)

    @staticmethod
    async def _finish(start: Message, body: bytes, if_none_match: str | None, send: Send) -> None:
        headers = MutableHeaders(scope=start)
        if start["status"] != 200:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        etag = headers.get("etag") or etag_for(body)
        headers["ETag"] = etag
        headers.setdefault("Cache-Control", "no-cache")
        if etag_matches(if_none_match, etag):
            not_modified = {
                "type": "http.response.start",
                "status": 304,
                "headers": [
                    (k, v)
                    for k, v in start["headers"]
                    if k.lower() not in (b"content-length", b"content-type")
                ],
            }
            await send(not_modified)
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})

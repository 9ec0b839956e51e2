"""ETags on every successful read, 304 Not Modified when the client has it already, and
If-Match on writes so that nobody silently overwrites a change they have not seen.

A pure ASGI middleware hashes the body of GET responses, so any read gets revalidation for
free; a write computes the same tag from the resource as it stands and compares.
"""

from pydantic import BaseModel
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uplift.kit.errors import UpliftError
from uplift.kit.responses import etag_for, json_response


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


class PreconditionRequiredError(UpliftError):
    status = 428
    slug = "precondition-required"


class PreconditionFailedError(UpliftError):
    status = 412
    slug = "precondition-failed"


def etag_of(representation: BaseModel) -> str:
    """The ETag a GET of this representation carries."""
    return etag_for(bytes(json_response(representation).body))


def check_if_match(request: Request, current: BaseModel) -> None:
    """A write must name the version it changes: 428 without If-Match, 412 when stale."""
    header = request.headers.get("if-match")
    if header is None:
        raise PreconditionRequiredError(
            "Send If-Match with the ETag of what you read, so no change is silently lost",
            "請附上 If-Match（讀取時取得的 ETag），以免覆蓋他人的修改",
        )
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" not in tags and etag_of(current) not in tags:
        raise PreconditionFailedError(
            "Someone changed this since you read it: reload, then apply your change again",
            "此資料在您讀取後已被他人修改，請重新載入後再修改",
        )


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

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
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

"""Browser hygiene on every response: what a page may load, no sniffing, no framing, no
referrer leaking a plan's address to another site."""

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_EXTERNAL_ORIGIN = re.compile(r'(?:src|href)="(https://[^/"]+)/')


def page_sources(html: str) -> list[str]:
    """CSP sources for what a page we serve needs (Swagger UI): its inline start-up script by
    hash, so script-src never needs 'unsafe-inline', and the CDN it loads from when the
    frontend build has not shipped a local copy."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    ]
    return hashes + sorted(set(_EXTERNAL_ORIGIN.findall(html)))


def content_security_policy(page_sources: list[str]) -> str:
    origins = [source for source in page_sources if source.startswith("https://")]
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *page_sources]),
        # React and Swagger UI set style attributes; a style cannot run code.
        "style-src": " ".join(["'self'", "'unsafe-inline'", *origins]),
        "img-src": " ".join(["'self'", "data:", *origins]),  # Swagger UI's icons are data: URLs
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, page_sources: list[str]) -> None:
        self.app = app
        headers = {
            "content-security-policy": content_security_policy(page_sources),
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",  # frame-ancestors for browsers that predate it
            "referrer-policy": "no-referrer",
            "cross-origin-opener-policy": "same-origin",
        }
        # Encoded once: a response gets each header the route has not set itself.
        self.raw = [(name.encode(), value.encode()) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", ())}
                added = [(name, value) for name, value in self.raw if name not in present]
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        await self.app(scope, receive, with_headers)

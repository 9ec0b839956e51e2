"""Webhooks: each event another system subscribed to, POSTed as JSON and signed per the
Standard Webhooks specification (the `standardwebhooks` package).

A delivery's `message_id` is the `webhook-id` of every try, retries and replays included,
so a receiver that already has it can drop the duplicate; `webhook-timestamp` is the try's
own time, and `webhook-signature` signs id, timestamp and body with the subscription's
secret. A 2xx answer is delivered; any other answer, a redirect (never followed), a refused
connection or no answer within UPLIFT_DELIVERY_TIMEOUT_SECONDS is a failed try.
"""

import asyncio
import base64
import ipaddress
import json
import secrets
import socket
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from standardwebhooks.webhooks import Webhook

from uplift.config import Settings
from uplift.deliveries.errors import DeliveryFailed
from uplift.kit.errors import InvalidParameter
from uplift.models import Delivery

USER_AGENT = "Uplift-Webhooks/1"


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def body_of(content: dict[str, Any]) -> str:
    """The exact text sent and signed."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def headers_for(message_id: str, secret: str, body: str, now: datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(message_id, now, body)
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }


async def send_webhook(delivery: Delivery, settings: Settings, secret: str | None) -> int:
    """POST the delivery's body to its URL; the HTTP status of a 2xx, or DeliveryFailed."""
    if secret is None:
        raise DeliveryFailed("the subscription was deleted")
    timeout = settings.delivery_timeout_seconds
    body = body_of(delivery.content)
    headers = headers_for(delivery.message_id, secret, body, datetime.now(UTC))
    try:
        # httpx's timeout bounds each read; the outer one the whole try (a receiver that
        # trickles a byte a second would pass the first).
        async with asyncio.timeout(timeout):
            response = await _client(public_only=settings.production).post(
                delivery.recipient, content=body.encode(), headers=headers, timeout=timeout
            )
    except (TimeoutError, httpx.TimeoutException) as error:
        raise DeliveryFailed(f"no answer within {timeout:g} s") from error
    except httpx.HTTPError as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}") from error
    if not response.is_success:
        reply = response.text[:200].strip()
        raise DeliveryFailed(
            f"HTTP {response.status_code}" + (f": {reply}" if reply else ""),
            response.status_code,
        )
    return response.status_code


# One client per event loop (a worker's, or the server's runner) and kind: its connections
# and TLS set-up are kept from one try to the next, where a client per try built both.
_CLIENTS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[bool, httpx.AsyncClient]]" = (
    weakref.WeakKeyDictionary()
)


def _client(*, public_only: bool) -> httpx.AsyncClient:
    """In production (`public_only`) every connection goes through `_PublicOnly`, directly:
    through a proxy named in the environment, the proxy's address would be the one checked.
    Certificates are checked as before (SSL_CERT_FILE and SSL_CERT_DIR are still read)."""
    clients = _CLIENTS.setdefault(asyncio.get_running_loop(), {})
    client = clients.get(public_only)
    if client is None or client.is_closed:
        if public_only:
            transport = httpx.AsyncHTTPTransport()
            # httpx takes no network backend of its own; its pool is httpcore's, which does.
            # The limits are httpx's defaults, as the other client has them.
            transport._pool = httpcore.AsyncConnectionPool(
                ssl_context=httpx.create_ssl_context(),
                max_connections=100,
                max_keepalive_connections=20,
                keepalive_expiry=5.0,
                network_backend=_PublicOnly(),
            )
            client = httpx.AsyncClient(transport=transport, follow_redirects=False)
        else:
            client = httpx.AsyncClient(follow_redirects=False)
        clients[public_only] = client
    return client


async def _addresses(host: str, port: int) -> list[str]:
    """Every address the name has now, as the system's resolver gives them."""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise DeliveryFailed(f"cannot resolve {host}: {error}") from error
    return [str(address[0]) for *_, address in found]


class _PublicOnly(httpcore.AsyncNetworkBackend):
    """Connects only to public addresses, and to the very addresses it checked.

    A name can point anywhere, whatever check_url saw of it when it was subscribed, and can
    change between a check and a connection (DNS rebinding): so the name is resolved here,
    once, refused if any of its addresses is loopback, private or link-local, and the
    connection is opened to those addresses in turn. TLS still verifies the certificate
    against the name, which httpcore passes to start_tls.
    """

    def __init__(self) -> None:
        self._network = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's own signature)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _addresses(host, port)
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:  # fe80::1%eth0
                raise DeliveryFailed(f"refused: {host} resolves to {address}, not public")
        *others, last = addresses  # getaddrinfo answers at least one, or raises
        for address in others:
            try:
                return await self._network.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError:
                continue  # the next of the name's addresses, as a resolver's client would
        return await self._network.connect_tcp(last, port, timeout, local_address, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


def _refused(en: str, zh: str) -> InvalidParameter:
    return InvalidParameter("url", "body", en, zh)


def check_url(url: str, settings: Settings) -> str:
    """A receiver's URL: https, or http outside production; in production never a loopback,
    private or link-local address given as such (a receiver on another system's network)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        host = None
    if host is None or parts.scheme not in ("https", "http"):
        raise _refused("Give an https:// URL", "請填寫 https:// 開頭的網址")
    if parts.username or parts.password:
        raise _refused("Leave credentials out of the URL", "網址不可包含帳號密碼")
    if not settings.production:
        return url
    if parts.scheme != "https":
        raise _refused("Receivers must use https", "接收端須使用 https")
    host = host.rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    internal = host == "localhost" or host.endswith(".localhost")
    if address is not None:
        internal = not address.is_global
    if internal:
        raise _refused(
            "A receiver on this machine or a private address is not allowed",
            "接收端不可為本機或內部網路位址",
        )
    return url

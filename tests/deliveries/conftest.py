"""Real receivers on loopback (an HTTP server that records what it gets and answers as told,
an SMTP server), the workers' sessions, and short delivery settings for the tasks."""

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures import factories
from uplift.auth.subject import ROLE_SCOPES
from uplift.config import get_settings
from uplift.kit import outbox
from uplift.kit.db import utcnow
from uplift.models import Role

POLICY = outbox.RetryPolicy(max_attempts=3, backoff_seconds=1)
HANG = 0  # a script entry: read the request, never answer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An HTTP/1.1 server on 127.0.0.1: answers each request with the next status of
    `script` (200 once it runs out; HANG never answers) and keeps every request."""

    script: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    port: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)  # set by every request

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readline()  # POST /hook HTTP/1.1
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", 0)))
            self.received.append(Received(headers, body))
            self.arrived.set()
            status = self.script.pop(0) if self.script else 200
            if status == HANG:
                await self.release.wait()
                return
            writer.write(
                f"HTTP/1.1 {status} Status\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"
                f"{'ok' if status < 300 else 'nope':4}".encode()
            )
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def receivers() -> AsyncIterator[Any]:
    """`await receivers(500, 200)`: a running Receiver with that script."""
    servers: list[tuple[asyncio.Server, Receiver]] = []

    async def start(*script: int) -> Receiver:
        receiver = Receiver(list(script))
        server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
        receiver.port = server.sockets[0].getsockname()[1]
        servers.append((server, receiver))
        return receiver

    yield start
    for server, receiver in servers:
        receiver.release.set()
        server.close()


@pytest.fixture
def worker_sessions(session: AsyncSession) -> async_sessionmaker[AsyncSession]:
    """The workers' own sessions, on the test's connection: each commits a savepoint."""
    return async_sessionmaker(
        bind=session.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture(autouse=True)
def delivery_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tasks read get_settings(): a short timeout and backoff, three tries."""
    monkeypatch.setenv("UPLIFT_DELIVERY_TIMEOUT_SECONDS", "0.5")
    monkeypatch.setenv("UPLIFT_DELIVERY_BACKOFF_SECONDS", "1")
    monkeypatch.setenv("UPLIFT_DELIVERY_MAX_ATTEMPTS", "3")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def run_jobs(
    maker: async_sessionmaker[AsyncSession], *, later: timedelta = timedelta(0)
) -> int:
    """Run every job due `later` from now (retries' backoff included when later is long),
    those the jobs enqueue included (an event's dispatch queues its deliveries)."""
    total = 0
    while ran := await outbox.run_due(maker, POLICY, utcnow() + later):
        total += ran
    return total


SCOPES = ["webhooks:read", "webhooks:write", "deliveries:read", "deliveries:write"]


async def bearer(
    session: AsyncSession, role: Role, organization_id: int | None = None
) -> dict[str, str]:
    owner = await factories.user(session, role=role, organization_id=organization_id)
    granted = [s for s in SCOPES if s in ROLE_SCOPES[role]]
    _, secret = await factories.token(session, owner, granted)
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


@pytest.fixture
async def admin_headers(session: AsyncSession) -> dict[str, str]:
    return await bearer(session, Role.administrator)

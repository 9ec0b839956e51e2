"""X-Forwarded-For is believed only from the proxies the configuration names."""

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.auth.test_login import login
from tests.conftest import DEMO_PASSWORDS
from uplift.config import Settings
from uplift.main import create_app
from uplift.models import AuditEvent

PROXY = "10.0.0.2"


def app_behind(app: FastAPI, settings: Settings, trusted: str) -> FastAPI:
    proxies = Settings(trusted_proxies=trusted).trusted_proxies
    configured = create_app(settings.model_copy(update={"trusted_proxies": proxies}))
    configured.dependency_overrides = app.dependency_overrides
    return configured


async def signed_in_from(application: FastAPI, forwarded: str) -> Any:
    transport = ASGITransport(app=application, client=(PROXY, 50000))
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        http.headers["X-Forwarded-For"] = forwarded
        return await login(http, "reviewer", DEMO_PASSWORDS["reviewer"])


async def last_address(session: AsyncSession) -> str | None:
    return await session.scalar(select(AuditEvent.address).order_by(AuditEvent.id.desc()).limit(1))


async def test_by_default_the_header_proves_nothing(app: FastAPI, session: AsyncSession) -> None:
    assert (await signed_in_from(app, "198.51.100.7")).status_code == 200
    assert await last_address(session) == PROXY


@pytest.mark.parametrize(
    ("trusted", "forwarded", "client"),
    [
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
        # Whatever the client wrote before the proxy appended the real peer is ignored.
        ("10.0.0.0/8", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        # Two trusted proxies in a row: the first untrusted hop from the right is the client.
        ("10.0.0.0/8,192.168.1.1", "6.6.6.6, 198.51.100.7, 192.168.1.1", "198.51.100.7"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
        # A hop that is not an address: the proxy that reported it is the last word.
        ("10.0.0.2", "not-an-address", PROXY),
        # A proxy that is not named is not believed, even with a trusted-looking chain.
        ("192.168.1.1", "198.51.100.7", PROXY),
    ],
)
async def test_the_audit_log_records_the_client_behind_a_trusted_proxy(
    app: FastAPI,
    settings: Settings,
    session: AsyncSession,
    trusted: str,
    forwarded: str,
    client: str,
) -> None:
    behind = app_behind(app, settings, trusted)
    assert (await signed_in_from(behind, forwarded)).status_code == 200
    assert await last_address(session) == client


def test_trusted_proxies_are_read_as_ips_and_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLIFT_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16,::1")
    assert [str(network) for network in Settings().trusted_proxies] == [
        "10.0.0.1/32",
        "192.168.0.0/16",
        "::1/128",
    ]
    monkeypatch.delenv("UPLIFT_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == []

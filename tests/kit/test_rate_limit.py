"""Exports are rate limited per anonymous address, counted in the database every worker shares."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.database import recreate_database, sibling_database_url
from tests.plans.test_authoring import SignIn
from uplift.config import Settings
from uplift.kit import migrations
from uplift.kit.db import get_session
from uplift.kit.rate_limit import counter_session
from uplift.main import create_app
from uplift.models import AuditEvent

EXPORT = "/api/v1/plans/1/export"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        frontend_dist=tmp_path / "no-frontend",
        exports_per_window=2,
        export_window_seconds=3600,
    )


def another_worker(settings: Settings, session: AsyncSession) -> FastAPI:
    """A second app process on the same database, as a second uvicorn worker would be."""
    application = create_app(settings)

    async def test_session() -> AsyncIterator[AsyncSession]:
        yield session

    application.dependency_overrides[get_session] = test_session
    application.dependency_overrides[counter_session] = test_session
    return application


async def test_the_export_past_the_limit_is_429_with_retry_after(
    client: AsyncClient, session: AsyncSession
) -> None:
    events = select(func.count()).select_from(AuditEvent)
    before = await session.scalar(events)
    allowed = [await client.get(EXPORT), await client.get(EXPORT, params={"format": "xlsx"})]
    refused = await client.get(EXPORT, headers={"Accept-Language": "en"})
    assert [response.status_code for response in allowed] == [200, 200]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 3600
    problem = refused.json()
    assert (problem["type"], problem["status"]) == ("urn:uplift:problem:too-many-requests", 429)
    assert problem["detail"].startswith("Too many requests of this kind: try again in ")
    assert await session.scalar(events) == before


async def test_the_limit_holds_across_workers(
    client: AsyncClient, settings: Settings, session: AsyncSession
) -> None:
    assert (await client.get(EXPORT)).status_code == 200
    assert (await client.get(EXPORT)).status_code == 200
    transport = ASGITransport(app=another_worker(settings, session), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as other:
        response = await other.get(EXPORT)
    assert response.status_code == 429
    assert response.json()["title"] == "請求過於頻繁"


async def test_signed_in_callers_are_not_counted(sign_in: SignIn) -> None:
    async with sign_in("reviewer") as http:
        statuses = [(await http.get(EXPORT)).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


async def test_counts_are_committed_on_their_own_in_a_running_app(database_url: str) -> None:
    """Without the test's shared session: the count commits apart from the request, which
    here fails (an empty database has no plan 1) and still counts."""
    url = sibling_database_url(database_url, "limits")
    recreate_database(url)
    migrations.upgrade(url)
    app = create_app(Settings(database_url=url, exports_per_window=2))
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            statuses = [(await http.get(EXPORT)).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]

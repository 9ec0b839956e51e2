"""Fixtures: a migrated, seeded database; each test runs in a transaction rolled back after it."""

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.fixtures.database import recreate_database, test_database_url
from uplift.config import Settings
from uplift.kit import migrations
from uplift.kit.db import Probe, create_engine, database_probe, get_session
from uplift.kit.rate_limit import counter_session
from uplift.main import create_app
from uplift.plans.page_cache import PageCache
from uplift.seed.accounts import DEMO_ACCOUNTS, load_demo, read_accounts
from uplift.seed.calendars import SHIPPED, load_calendars
from uplift.seed.loader import BUILT_IN, load, read_seed_file
from uplift.seed.rounds import open_rounds

REPO_ROOT = Path(__file__).resolve().parents[1]
# The apps tests create run no outbox runner of their own (tests run jobs with run_due); the
# tests of the runner itself turn it on (tests/workers).
os.environ.setdefault("UPLIFT_JOBS_IN_PROCESS", "false")


@pytest.fixture(scope="session")
def database_url() -> str:
    url = test_database_url()
    recreate_database(url)
    migrations.upgrade(url)
    return url


async def load_plan_and_demo_accounts(engine: AsyncEngine) -> None:
    async with engine.begin() as connection, AsyncSession(bind=connection) as session:
        await load(session, read_seed_file(BUILT_IN))
        await load_calendars(session, SHIPPED)
        await open_rounds(session)
        await load_demo(session)


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await load_plan_and_demo_accounts(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back: tests never see each other."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, frontend_dist=tmp_path / "no-frontend")


# Building the app costs half a second (its routes, their schemas, the OpenAPI); most tests
# only send it requests, so tests with equal settings share one. A test that changes the app
# itself (adds a route) is marked own_app and gets its own. Dependency overrides and the
# settings object are the test's: replaced before each.
_SHARED_APPS: dict[str, FastAPI] = {}


def _app_for(settings: Settings, own: bool) -> FastAPI:
    if own:
        return create_app(settings)
    served = settings.frontend_dist if (settings.frontend_dist / "index.html").is_file() else None
    key = settings.model_dump_json(exclude={"frontend_dist"}) + f"|{served}"
    if key not in _SHARED_APPS:
        _SHARED_APPS[key] = create_app(settings)
    application = _SHARED_APPS[key]
    application.dependency_overrides.clear()
    # A test starts with nothing kept, as a new worker does (another test's constants differ).
    application.state.page_cache = PageCache(settings.page_cache_bytes)
    # The test's own settings object: what it changes later, requests read (state.settings)
    application.state.settings = settings
    return application


@pytest.fixture
def app(settings: Settings, session: AsyncSession, request: pytest.FixtureRequest) -> FastAPI:
    application = _app_for(settings, own=request.node.get_closest_marker("own_app") is not None)

    async def test_session() -> AsyncIterator[AsyncSession]:
        yield session
        await session.commit()  # releases the test's savepoint, like a request's commit

    async def test_probe() -> Probe:
        return partial(session.execute, text("SELECT 1"))

    application.dependency_overrides[get_session] = test_session
    application.dependency_overrides[database_probe] = test_probe
    application.dependency_overrides[counter_session] = test_session
    return application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def count_queries(engine: AsyncEngine) -> Callable[[], Any]:
    """``with count_queries() as queries: …`` then ``len(queries)`` is the SQL sent."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(*args: Any) -> None:
            statement: str = args[2]
            if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                statements.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)

    return counting


DEMO_PASSWORDS = {account.username: account.password for account in read_accounts(DEMO_ACCOUNTS)}


@pytest.fixture
def sign_in(app: FastAPI) -> Callable[[str], Any]:
    """``async with sign_in("reviewer") as http:`` a client with that demo account's session,
    sending its CSRF token on every request as the web app does."""

    @asynccontextmanager
    async def signed_in(username: str) -> AsyncIterator[AsyncClient]:
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.post(
                "/api/v1/auth/login",
                json={"username": username, "password": DEMO_PASSWORDS[username]},
            )
            assert response.status_code == 200, response.text
            http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
            yield http

    return signed_in

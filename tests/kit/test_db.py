"""One transaction per request, committed before the response leaves."""

import asyncio
from typing import Any

import psycopg
import pytest
from httpx import ASGITransport, AsyncClient
from psycopg.pq import Format
from sqlalchemy import LargeBinary, event, func, literal, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.committed import CommittedApp
from tests.fixtures.database import recreate_database, sibling_database_url
from uplift.config import Settings
from uplift.kit import migrations
from uplift.kit.db import BINARY_RESULTS, create_engine
from uplift.kit.db_url import sync_url
from uplift.main import create_app
from uplift.models import LoginAttempt
from uplift.plans.page_cache import PageCache


async def test_a_write_is_committed_before_its_response_starts(database_url: str) -> None:
    url = sibling_database_url(database_url, "commit")
    recreate_database(url)
    migrations.upgrade(url)
    app = create_app(Settings(database_url=url))
    observer = create_engine(url)
    committed_when_answered: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            async with observer.connect() as connection:
                attempts = select(func.count()).select_from(LoginAttempt)
                committed_when_answered.append((await connection.execute(attempts)).scalar_one())

    async def receive() -> dict[str, Any]:
        body = b'{"username": "nobody", "password": "wrong-password"}'
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/auth/login",
        "raw_path": b"/api/v1/auth/login",
        "query_string": b"",
        "root_path": "",
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "headers": [(b"content-type", b"application/json")],
    }
    try:
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)  # type: ignore[arg-type]
    finally:
        await observer.dispose()
    assert committed_when_answered == [1]  # the failed attempt was already in the database


async def test_a_request_that_finds_every_connection_taken_is_503_with_retry_after(
    database_url: str,
) -> None:
    settings = Settings(
        database_url=database_url,
        database_pool_size=1,
        database_max_overflow=0,
        database_pool_timeout_seconds=0.1,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            # The readers' pool's one connection (on PostgreSQL reads have a pool of their own).
            async with app.state.read_engine.connect():
                busy = await http.get("/api/v1/plans", headers={"Accept-Language": "en"})
            free = await http.get("/api/v1/plans")
    assert busy.status_code == 503
    assert busy.headers["content-type"] == "application/problem+json"
    assert busy.headers["retry-after"] == "2"
    assert busy.json()["detail"] == "The database is busy or unreachable: try again shortly"
    assert free.status_code == 200


def postgresql_only(url: str) -> None:
    if make_url(url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's connections and transactions")


async def test_a_connection_the_server_closed_is_replaced_without_a_pre_ping(
    committed: CommittedApp,
) -> None:
    url = committed.settings.database_url
    postgresql_only(url)
    engine = committed.app.state.sessionmaker.kw["bind"]
    assert not engine.pool._pre_ping  # no round trip on every checkout
    async with committed.client() as http:
        assert (await http.get("/api/v1/healthz")).status_code == 200
        admin = sync_url(url).set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False)) as connection:
            terminated = connection.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                (make_url(url).database,),
            ).fetchone()
        assert terminated is not None and terminated[0] >= 1  # the pooled connection is gone
        await asyncio.sleep(0.2)  # the server's goodbye reaches our socket
        answers = [await http.get("/api/v1/healthz") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]


async def test_reads_run_in_autocommit_and_writes_in_one_transaction_on_postgresql(
    committed: CommittedApp,
) -> None:
    postgresql_only(committed.settings.database_url)
    engines = {committed.app.state.read_engine, committed.app.state.sessionmaker.kw["bind"]}
    assert len(engines) == 2  # reads have a pool of their own, in autocommit from the start
    in_transaction: dict[str, set[bool]] = {"GET": set(), "POST": set()}
    method = ["GET"]

    def record(connection: Any, *_: Any) -> None:
        autocommit = connection.connection.dbapi_connection.autocommit
        in_transaction[method[0]].add(not autocommit)

    for engine in engines:
        event.listen(engine.sync_engine, "before_cursor_execute", record)
    async with committed.client() as http:
        assert (await http.get("/api/v1/plans")).status_code == 200
        method[0] = "POST"
        wrong = {"username": "nobody", "password": "wrong-password"}
        assert (await http.post("/api/v1/auth/login", json=wrong)).status_code == 401
    assert in_transaction == {"GET": {False}, "POST": {True}}


async def test_postgresql_plans_each_search_for_its_own_pattern(committed: CommittedApp) -> None:
    """A generic plan cannot use the trigram index for `LIKE '%' || $1 || '%'`: after ten
    runs on one connection (psycopg prepares, the server keeps a plan for any parameters) a
    search would read every measure. So the pattern is in the statement, and each search's
    statement is planned for it however often it runs (kit/search.py `contains`)."""
    postgresql_only(committed.settings.database_url)
    engine = committed.app.state.read_engine
    committed.app.state.page_cache = PageCache(0)  # each search is run, not kept
    searched: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if " LIKE " in statement:
            searched.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with committed.client() as http:
            for _ in range(12):
                response = await http.get("/api/v1/measures", params={"q": "電子發票"})
                assert response.status_code == 200
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert len(searched) >= 12
    for statement, parameters in searched:
        assert "LIKE '%%電子發票%%'" in statement  # psycopg's escaped percent signs
        assert "電子發票" not in str(parameters)


async def test_postgresql_sessions_compile_no_query(committed: CommittedApp) -> None:
    """JIT compilation costs a read more than it saves (kit/db.py: the progress matrix)."""
    postgresql_only(committed.settings.database_url)
    async with committed.sessionmaker() as session:
        assert await session.scalar(text("SHOW jit")) == "off"


async def test_a_statement_marked_for_binary_results_reads_bytea_as_stored(
    session: AsyncSession,
) -> None:
    """A kept plan body (plans/snapshots.py) comes in PostgreSQL's binary format rather than
    as hex text twice its size."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's result formats")
    formats: list[object] = []

    def record(_connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("SELECT"):
            formats.append(cursor._cursor.format)

    stored = bytes(range(256)) * 400
    read = select(literal(stored, LargeBinary))
    engine = session.get_bind()
    event.listen(engine, "after_cursor_execute", record)
    try:
        as_text = await session.scalar(read)
        as_stored = await session.scalar(read.execution_options(**{BINARY_RESULTS: True}))
    finally:
        event.remove(engine, "after_cursor_execute", record)
    assert as_text == as_stored == stored
    assert formats == [Format.TEXT, Format.BINARY]

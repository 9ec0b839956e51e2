"""SQLite runs on the event loop: a writer waiting for the lock must not stop the server, and
the pool keeps its connections (on both databases)."""

import asyncio
import sqlite3

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from tests.fixtures.committed import CommittedApp


def sqlite_only(committed: CommittedApp) -> str:
    url = make_url(committed.settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        pytest.skip("SQLite's own locking")
    return url.database


async def test_a_writer_waiting_for_the_lock_does_not_stop_other_requests(
    committed: CommittedApp,
) -> None:
    path = sqlite_only(committed)
    wrong = {"username": "nobody", "password": "wrong-password"}
    async with committed.client() as http:
        assert (await http.get("/api/v1/healthz")).status_code == 200  # the server is up
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            writer = asyncio.create_task(http.post("/api/v1/auth/login", json=wrong))
            await asyncio.sleep(0.2)  # the sign-in attempt is now waiting for the lock
            health = await asyncio.wait_for(http.get("/api/v1/healthz"), timeout=3)
            waiting = not writer.done()
            holder.execute("COMMIT")
            answer = await asyncio.wait_for(writer, timeout=5)
        finally:
            holder.close()
    assert health.status_code == 200
    assert waiting
    assert answer.status_code == 401  # it waited, then wrote its failed attempt


async def test_sixteen_requests_at_once_open_no_new_connections_the_second_time(
    committed: CommittedApp,
) -> None:
    engine = committed.app.state.sessionmaker.kw["bind"]
    opened: list[object] = []
    event.listen(engine.sync_engine, "connect", lambda *_: opened.append(object()))
    burst = 16  # as many at once as the benchmark sends to one worker
    async with committed.client() as http:
        for _ in range(2):
            opened.clear()
            answers = await asyncio.gather(*(http.get("/api/v1/plans") for _ in range(burst)))
            assert {answer.status_code for answer in answers} == {200}
    assert opened == []  # the second burst found every connection it needed in the pool

"""SQLite: the server runs the outbox's jobs itself, so `make run` delivers with no other
process; and the periodic tasks come round on a timer."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.committed import CommittedApp, committed_app
from tests.fixtures.smtp import SmtpServer
from tests.workers.conftest import ticks, undelivered, wait_until
from uplift.deliveries.service import queue_email
from uplift.kit import outbox
from uplift.kit.db import SessionDep, create_sessionmaker
from uplift.kit.errors import ConflictError
from uplift.models import Delivery

router = APIRouter(prefix="/test")


@router.post("/mail", status_code=202)
async def ask_for_mail(session: SessionDep, key: str, fail: bool = False) -> None:
    await queue_email(session, key=key, kind="test", to="a@example.org", subject="測試", text="…")
    if fail:
        raise ConflictError("refused after the e-mail was queued", "佇列後拒絕")


@pytest.fixture
def sqlite_only(workers_database_url: str) -> None:
    if not workers_database_url.startswith("sqlite"):
        pytest.skip("the in-process runner is SQLite's; PostgreSQL's jobs are procrastinate's")


async def _deliveries(engine: AsyncEngine, key: str) -> list[Delivery]:
    async with create_sessionmaker(engine)() as session:
        return list(await session.scalars(select(Delivery).where(Delivery.key == key)))


@pytest.fixture
def serve(workers_database_url: str, tmp_path: Path) -> Callable[[bool], Any]:
    """`async with serve(in_process) as committed:` the app on the workers' database, its
    runner on or off, answering POST /test/mail."""

    @asynccontextmanager
    async def serving(in_process: bool) -> AsyncIterator[CommittedApp]:
        running = committed_app(
            workers_database_url, tmp_path, jobs_in_process=in_process, worker_poll_seconds=0.1
        )
        async with running as committed:
            committed.app.include_router(router)
            yield committed

    return serving


async def _ask_for_mail(committed: CommittedApp, key: str, fail: bool = False) -> int:
    async with committed.client() as http:
        response = await http.post("/test/mail", params={"key": key, "fail": fail})
        return response.status_code


async def test_the_server_delivers_what_a_request_committed_and_nothing_it_rolled_back(
    sqlite_only: None, smtp_settings: SmtpServer, workers_engine: AsyncEngine, serve: Any
) -> None:
    kept, dropped = f"test:{uuid4().hex}", f"test:{uuid4().hex}"
    async with serve(True) as committed:
        assert await _ask_for_mail(committed, kept) == 202
        assert await _ask_for_mail(committed, dropped, fail=True) == 409
        [delivery] = await _deliveries(workers_engine, kept)

        async def delivered() -> bool:
            return await undelivered(workers_engine, {delivery.message_id}) == 0

        await wait_until(delivered, 10, "the committed e-mail delivered")
    assert smtp_settings.counts()[delivery.message_id] == 1
    assert await _deliveries(workers_engine, dropped) == []


async def test_the_runner_enqueues_periodic_tasks_on_their_timer(
    sqlite_only: None, workers_engine: AsyncEngine, serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(outbox.PERIODIC, "tests.tick", 0.5)
    before = await ticks(workers_engine)
    async with serve(True):
        started = time.monotonic()

        async def ticked_twice() -> bool:
            return await ticks(workers_engine) >= before + 2

        await wait_until(ticked_twice, 10, "two ticks")  # at once, then 0.5 s later
        assert time.monotonic() - started >= 0.4
    assert await ticks(workers_engine) <= before + 3  # on its timer, not at every look


async def test_without_the_setting_the_server_runs_no_jobs(
    sqlite_only: None, smtp_settings: SmtpServer, workers_engine: AsyncEngine, serve: Any
) -> None:
    key = f"test:{uuid4().hex}"
    async with serve(False) as committed:
        assert await _ask_for_mail(committed, key) == 202
        [delivery] = await _deliveries(workers_engine, key)
        await asyncio.sleep(0.5)  # a runner would have sent it by now (the first test)
    assert await undelivered(workers_engine, {delivery.message_id}) == 1


async def test_a_slow_receiver_never_holds_up_a_request(
    sqlite_only: None, smtp_settings: SmtpServer, workers_engine: AsyncEngine, serve: Any
) -> None:
    """The runner shares SQLite's one writer with the requests: it sends with no
    transaction open, so a write request goes through while an e-mail hangs."""
    smtp_settings.pause = 2.0
    hanging, meanwhile = f"test:{uuid4().hex}", f"test:{uuid4().hex}"
    async with serve(True) as committed:
        assert await _ask_for_mail(committed, hanging) == 202

        async def in_flight() -> bool:
            [delivery] = await _deliveries(workers_engine, hanging)
            return delivery.attempts == 1  # claimed and committed; now at the SMTP server

        await wait_until(in_flight, 10, "the e-mail being sent")
        started = time.monotonic()
        assert await _ask_for_mail(committed, meanwhile) == 202
        assert time.monotonic() - started < 1.0
        [delivery] = await _deliveries(workers_engine, hanging)
        assert delivery.message_id not in smtp_settings.counts()  # it still hangs

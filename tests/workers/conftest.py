"""Workers for real: a loopback SMTP server (aiosmtpd), a database of their own, and
`uplift worker` processes started and killed as on a server."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tests.fixtures.database import recreate_database, sibling_database_url
from tests.fixtures.smtp import SmtpServer, send_to, smtp_server
from uplift.config import get_settings
from uplift.deliveries.service import queue_email
from uplift.kit import migrations, outbox
from uplift.kit.db import create_engine, create_sessionmaker
from uplift.models import Delivery, DeliveryStatus, RequestCount


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A loopback SMTP server; worker processes are pointed at it by their environment."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def smtp_settings(smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """The tasks in this process send to the loopback server too."""
    send_to(monkeypatch, smtp)
    yield smtp
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def workers_database_url(database_url: str) -> str:
    """A database of the workers' own: what other tests commit is no job of theirs."""
    url = sibling_database_url(database_url, "workers")
    recreate_database(url)
    migrations.upgrade(url)
    return url


@pytest.fixture
async def workers_engine(workers_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(workers_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def postgres_only(workers_database_url: str) -> None:
    if not workers_database_url.startswith("postgresql"):
        pytest.skip("procrastinate's workers run on PostgreSQL (UPLIFT_TEST_DATABASE_URL)")


async def queue_emails(engine: AsyncEngine, count: int) -> set[str]:
    """`count` e-mails queued and committed; their message ids."""
    batch = uuid4().hex[:12]
    async with create_sessionmaker(engine).begin() as session:
        deliveries = [
            await queue_email(
                session,
                key=f"test:{batch}:{number}",
                kind="test",
                to=f"person{number}@example.org",
                subject=f"測試 {number}",
                text=f"Message {number} of {count}.",
            )
            for number in range(count)
        ]
    return {delivery.message_id for delivery in deliveries if delivery is not None}


async def undelivered(engine: AsyncEngine, message_ids: set[str]) -> int:
    sessions: async_sessionmaker[AsyncSession] = create_sessionmaker(engine)
    async with sessions() as session:
        query = select(func.count()).where(
            Delivery.message_id.in_(message_ids), Delivery.status != DeliveryStatus.delivered
        )
        return int(await session.scalar(query) or 0)


@outbox.task("tests.tick")
async def tick(session: AsyncSession, payload: dict[str, Any]) -> None:
    """A periodic task's run leaves a row."""
    session.add(RequestCount(bucket="tick", window_start=time.time_ns(), hits=1))


async def ticks(engine: AsyncEngine) -> int:
    async with create_sessionmaker(engine)() as session:
        query = select(func.count()).where(RequestCount.bucket == "tick")
        return int(await session.scalar(query) or 0)


async def wait_until(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        await asyncio.sleep(0.1)


class Workers:
    """`uplift worker` processes on the workers' database, sending to the SMTP server."""

    def __init__(self, database_url: str, smtp: SmtpServer, log_dir: Path) -> None:
        self.environment = {
            **os.environ,
            **smtp.environment(),
            "UPLIFT_DATABASE_URL": database_url,
            "UPLIFT_WORKER_CONCURRENCY": "8",
            "UPLIFT_WORKER_POLL_SECONDS": "1",
            "UPLIFT_WORKER_HEARTBEAT_SECONDS": "0.5",
            "UPLIFT_WORKER_STALLED_SECONDS": "2",
            "UPLIFT_DELIVERY_TIMEOUT_SECONDS": "10",
            "UPLIFT_DELIVERY_BACKOFF_SECONDS": "1",  # a try that fails is not waited on long
        }
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, *command: str) -> subprocess.Popen[bytes]:
        """`uplift worker`, or another `uplift` command in the workers' environment."""
        log = (self.log_dir / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "uplift", *(command or ("worker",))],
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.log_dir.glob("worker-*.log")))

    async def wait_until(self, condition: Any, seconds: float, what: str) -> None:
        """wait_until, with what the workers said when it fails."""
        try:
            await wait_until(condition, seconds, what)
        except AssertionError as failure:
            raise AssertionError(f"{failure}\n{self.logs()[-6000:]}") from None

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(
    postgres_only: None, workers_database_url: str, smtp: SmtpServer, tmp_path: Path
) -> Iterator[Workers]:
    running = Workers(workers_database_url, smtp, tmp_path)
    try:
        yield running
    finally:
        running.stop()

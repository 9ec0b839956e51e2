"""Workers for real: a loopback SMTP server (aiosmtpd), a database of their own, and
`uplift worker` processes started and killed as on a server."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tests.fixtures.database import recreate_database, sibling_database_url
from tests.fixtures.smtp import free_port
from uplift.config import get_settings
from uplift.deliveries.service import queue_email
from uplift.kit import migrations, outbox
from uplift.kit.db import create_engine, create_sessionmaker
from uplift.models import Delivery, DeliveryStatus, RequestCount


@dataclass
class Inbox:
    """What the SMTP server received: each e-mail's Message-ID, in arrival order."""

    pause: float = 0.0  # seconds each DATA takes, so that deliveries are in flight for long
    message_ids: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.pause:
            await asyncio.sleep(self.pause)
        content = envelope.original_content or b""
        message_id = str(message_from_bytes(content)["Message-ID"]).strip("<>").split("@")[0]
        with self.lock:
            self.message_ids.append(message_id)
        return "250 OK"

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(self.message_ids)


@dataclass(frozen=True)
class Smtp:
    inbox: Inbox
    port: int

    def environment(self) -> dict[str, str]:
        return {
            "UPLIFT_SMTP_HOST": "127.0.0.1",
            "UPLIFT_SMTP_PORT": str(self.port),
            "UPLIFT_SMTP_SECURITY": "none",
        }


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    inbox = Inbox()
    port = free_port()  # the Controller cannot be given port 0
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Smtp(inbox, port)
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(smtp: Smtp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Smtp]:
    """The tasks in this process send to the loopback server (they read get_settings())."""
    for name, value in smtp.environment().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
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

    def __init__(self, database_url: str, smtp: Smtp, log_dir: Path) -> None:
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
    postgres_only: None, workers_database_url: str, smtp: Smtp, tmp_path: Path
) -> Iterator[Workers]:
    running = Workers(workers_database_url, smtp, tmp_path)
    try:
        yield running
    finally:
        running.stop()

"""`uplift worker` on PostgreSQL: procrastinate's workers, as separate processes, deliver
real e-mail to a loopback SMTP server; none twice, and none lost when one is killed."""

import asyncio
import contextlib
import signal
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.fixtures.smtp import SmtpServer, free_port
from tests.workers.conftest import Workers, queue_emails, ticks, undelivered, wait_until
from uplift.config import Settings
from uplift.kit import outbox, queue
from uplift.kit.db import create_sessionmaker, utcnow
from uplift.kit.events import DISPATCH
from uplift.models import JobStatus, OutboxJob


async def _live_workers(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = text(
            "SELECT count(*) FROM procrastinate_workers "
            "WHERE last_heartbeat > now() - interval '1 second'"
        )
        return int((await connection.execute(query)).scalar_one())


async def _wait_for_workers(engine: AsyncEngine, count: int, workers: Workers) -> None:
    async def ready() -> bool:
        return await _live_workers(engine) >= count

    await workers.wait_until(ready, 30, f"{count} workers registered")


async def test_two_workers_deliver_a_thousand_messages_each_once(
    workers: Workers, smtp: SmtpServer, workers_engine: AsyncEngine
) -> None:
    workers.start()
    workers.start()
    await _wait_for_workers(workers_engine, 2, workers)

    sent = await queue_emails(workers_engine, 1000)  # one commit: both hear of it at once

    async def all_delivered() -> bool:
        return await undelivered(workers_engine, sent) == 0

    await workers.wait_until(all_delivered, 120, "1,000 e-mails delivered")  # ~20 s when idle
    received = smtp.counts()
    assert set(received) == sent
    assert [message for message, times in received.items() if times > 1] == []
    async with workers_engine.connect() as connection:
        query = text(
            "SELECT count(DISTINCT a.worker) FROM delivery_attempts a "
            "JOIN deliveries d ON d.id = a.delivery_id WHERE d.message_id = ANY(:ids)"
        )
        senders = (await connection.execute(query, {"ids": list(sent)})).scalar_one()
    assert senders == 2  # both workers took their share


async def test_a_worker_killed_mid_batch_loses_nothing(
    workers: Workers, smtp: SmtpServer, workers_engine: AsyncEngine
) -> None:
    smtp.pause = 0.05  # deliveries in flight when the worker dies
    doomed = workers.start()
    await _wait_for_workers(workers_engine, 1, workers)
    sent = await queue_emails(workers_engine, 300)

    async def some_arrived() -> bool:
        return sum(smtp.counts().values()) >= 40

    await workers.wait_until(some_arrived, 30, "the first e-mails arrived")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    in_flight = await undelivered(workers_engine, sent)
    assert in_flight > 0  # it died mid-batch

    workers.start()  # finishes the batch, and hands out again what the dead one held

    async def all_delivered() -> bool:
        return await undelivered(workers_engine, sent) == 0

    await workers.wait_until(all_delivered, 90, "every e-mail delivered after the kill")
    received = smtp.counts()
    assert set(received) == sent  # none lost; a duplicate carries its first Message-ID
    async with workers_engine.connect() as connection:
        pending = text(
            "SELECT count(*) FROM outbox_jobs WHERE status <> 'done' AND task = 'deliveries.send'"
        )
        assert (await connection.execute(pending)).scalar_one() == 0
        handed_out_again = text(
            "SELECT count(*) FROM procrastinate_jobs p "
            "JOIN outbox_jobs o ON o.id = (p.args->>'job_id')::int "
            "JOIN deliveries d ON d.id = (o.payload->>'delivery_id')::int "
            "WHERE d.message_id = ANY(:ids) AND p.attempts > 0"
        )
        retried = await connection.execute(handed_out_again, {"ids": list(sent)})
        assert retried.scalar_one() > 0  # the dead worker's jobs, run by the other


def test_periods_become_cron_schedules() -> None:
    assert queue.cron(5) == "* * * * * */5"
    assert queue.cron(900) == "*/15 * * * *"
    assert queue.cron(7200) == "0 */2 * * *"
    for wrong in (7, 0, 1.5, 25 * 3600):
        try:
            queue.cron(wrong)
        except ValueError:
            continue
        raise AssertionError(f"{wrong} s accepted")


@outbox.task("tests.always_fails")
async def always_fails(session: AsyncSession, payload: dict[str, Any]) -> None:
    raise RuntimeError("the receiver is down")


async def test_the_worker_retries_through_procrastinate_and_runs_periodic_tasks(
    postgres_only: None,
    workers_database_url: str,
    workers_engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In this process: a failing job comes back (a new procrastinate job at its run_after)
    until it is dead; a periodic task is enqueued on its cron and runs."""
    monkeypatch.setitem(outbox.PERIODIC, "tests.tick", 1)
    sessions = create_sessionmaker(workers_engine)
    async with sessions.begin() as session:
        failing = (await outbox.enqueue(session, "tests.always_fails")).id
    before = await ticks(workers_engine)
    settings = Settings(
        database_url=workers_database_url, worker_heartbeat_seconds=0.5, worker_poll_seconds=0.2
    )
    policy = outbox.RetryPolicy(max_attempts=2, backoff_seconds=1)
    worker = asyncio.create_task(
        queue.run_worker(settings, sessions, policy, install_signal_handlers=False)
    )

    async def settled() -> bool:
        async with sessions() as session:
            job = await session.get_one(OutboxJob, failing, populate_existing=True)
            return job.status == JobStatus.dead and await ticks(workers_engine) >= before + 2

    try:
        await wait_until(settled, 20, "the failing job dead, two ticks")
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    async with sessions() as session:
        job = await session.get_one(OutboxJob, failing)
        assert (job.attempts, job.last_error) == (2, "RuntimeError: the receiver is down")
    async with workers_engine.connect() as connection:
        query = text(
            "SELECT status FROM procrastinate_jobs WHERE task_name = :task "
            "AND (args->>'job_id')::int = :id"
        )
        runs = (await connection.execute(query, {"task": outbox.QUEUE_TASK, "id": failing})).all()
    assert [status for (status,) in runs] == ["succeeded", "succeeded"]


async def _procrastinate_jobs(engine: AsyncEngine, outbox_job_id: int) -> int:
    async with engine.connect() as connection:
        query = text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = :task "
            "AND (args->>'job_id')::int = :id"
        )
        count = await connection.execute(query, {"task": outbox.QUEUE_TASK, "id": outbox_job_id})
        return int(count.scalar_one())


async def test_an_outbox_job_left_with_no_procrastinate_job_is_deferred_again(
    postgres_only: None, workers_engine: AsyncEngine
) -> None:
    sessions = create_sessionmaker(workers_engine)
    a_minute_ago = utcnow() - timedelta(minutes=1)
    async with sessions.begin() as session:
        orphan = OutboxJob(task=DISPATCH, payload={"event_id": -1}, run_after=a_minute_ago)
        session.add(orphan)  # past enqueue: as if its procrastinate job had given up
        waited_for = await outbox.enqueue(session, DISPATCH, run_after=a_minute_ago, event_id=-1)
        await session.flush()
    assert await _procrastinate_jobs(workers_engine, orphan.id) == 0

    async with sessions.begin() as session:
        assert await outbox.defer_orphans(session, timedelta(seconds=30)) >= 1
    assert await _procrastinate_jobs(workers_engine, orphan.id) == 1
    assert await _procrastinate_jobs(workers_engine, waited_for.id) == 1  # had one already
    async with sessions.begin() as session:
        await outbox.defer_orphans(session, timedelta(seconds=30))
    assert await _procrastinate_jobs(workers_engine, orphan.id) == 1  # once is enough


async def test_serve_with_worker_starts_one_beside_the_server_and_stops_it(
    workers: Workers, workers_engine: AsyncEngine
) -> None:
    """What `make run` does on PostgreSQL: the worker goes when the server is stopped."""
    server = workers.start("serve", "--port", str(free_port()), "--with-worker")
    try:
        await _wait_for_workers(workers_engine, 1, workers)
        sent = await queue_emails(workers_engine, 3)

        async def delivered() -> bool:
            return await undelivered(workers_engine, sent) == 0

        await workers.wait_until(delivered, 30, "the e-mails delivered by the server's worker")
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) != 0  # stopped by SIGTERM, its worker with it

    async def unregistered() -> bool:  # a worker that stops cleanly says so
        async with workers_engine.connect() as connection:
            query = text("SELECT count(*) FROM procrastinate_workers")
            return (await connection.execute(query)).scalar_one() == 0

    await wait_until(unregistered, 10, "the worker stopped")

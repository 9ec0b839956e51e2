"""procrastinate, the job queue on PostgreSQL: how `uplift worker` runs the outbox there.

Each outbox job has a procrastinate job (deferred beside it, kit/outbox.py) whose one task
runs it with `outbox.run_job`. procrastinate's worker waits on LISTEN/NOTIFY (a job is
picked up as its request commits), runs `worker_concurrency` jobs at once and beats a
heartbeat; a worker silent for `worker_stalled_seconds` is presumed dead (killed, its
machine gone) and every worker looks, twice in that time, for such jobs and hands them out
again. An outbox job due for ORPHAN_AFTER with no procrastinate job waiting for it (its
procrastinate job gave up while the database was away) gets one again. The outbox row, not
procrastinate, decides whether a job still has to run.
"""

import asyncio
import contextlib
import logging
import os
import socket
import time
from datetime import timedelta

import procrastinate
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uplift.config import Settings
from uplift.kit import outbox
from uplift.kit.db_url import sync_url

logger = logging.getLogger(__name__)

# Finished procrastinate jobs are kept this long (the outbox keeps the record), and looked
# for this often.
KEEP_FINISHED_HOURS = 24
PURGE_SECONDS = 3600.0
# A procrastinate job whose run failed before the outbox row could say so (the database
# went away): tried again after 2, 4, 8 … seconds.
INFRASTRUCTURE_RETRY = procrastinate.RetryStrategy(max_attempts=12, exponential_wait=2)
# An outbox job due this long with no procrastinate job waiting for it is deferred again.
ORPHAN_AFTER = timedelta(minutes=10)


def conninfo(database_url: str) -> str:
    """The libpq connection string procrastinate's psycopg pool wants."""
    return sync_url(database_url).set(drivername="postgresql").render_as_string(False)


def cron(seconds: float) -> str:
    """A period as procrastinate's cron (a sixth field is seconds): it must divide a minute,
    an hour or a day evenly, as a cron schedule does."""
    whole = int(seconds)
    if whole != seconds or whole <= 0:
        raise ValueError(f"a period of {seconds} s is not a whole number of seconds")
    if whole < 60 and 60 % whole == 0:
        return f"* * * * * */{whole}"
    if whole % 60 == 0 and whole < 3600 and 60 % (whole // 60) == 0:
        return f"*/{whole // 60} * * * *"
    if whole % 3600 == 0 and whole <= 86_400 and 24 % (whole // 3600) == 0:
        return f"0 */{whole // 3600} * * *"
    raise ValueError(f"a period of {seconds} s does not divide a minute, an hour or a day")


def build_app(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    policy: outbox.RetryPolicy,
) -> procrastinate.App:
    """A procrastinate app whose task runs outbox jobs, with the periodic tasks scheduled."""
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(settings.database_url),
        min_size=1,
        max_size=settings.worker_concurrency + 2,  # the listener, the heartbeat
    )
    app = procrastinate.App(connector=connector)

    @app.task(name=outbox.QUEUE_TASK, queue=outbox.QUEUE_NAME, retry=INFRASTRUCTURE_RETRY)
    async def run(job_id: int) -> None:
        await outbox.run_job(sessionmaker, policy, job_id)

    for name, seconds in outbox.PERIODIC.items():
        if name in outbox.TASKS:
            _schedule(app, sessionmaker, name, seconds)
    return app


def _schedule(
    app: procrastinate.App,
    sessionmaker: async_sessionmaker[AsyncSession],
    name: str,
    seconds: float,
) -> None:
    """procrastinate defers a periodic job once per tick however many workers run (its
    procrastinate_periodic_defers table); the job enqueues outbox task `name`."""

    async def enqueue(timestamp: int) -> None:
        async with sessionmaker.begin() as session:
            await outbox.enqueue(session, name)

    task = app.task(name=f"uplift.periodic.{name}", queue=outbox.QUEUE_NAME)(enqueue)
    app.periodic(cron=cron(seconds), periodic_id=name)(task)


async def _look_after(
    app: procrastinate.App,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    stop: asyncio.Event,
) -> None:
    """Hand out again the jobs of workers presumed dead, and outbox jobs left with no
    procrastinate job; drop old finished procrastinate jobs."""
    manager = app.job_manager
    purged_at = 0.0
    while not stop.is_set():
        try:
            stalled = await manager.get_stalled_jobs(
                seconds_since_heartbeat=settings.worker_stalled_seconds
            )
            for job in stalled:
                logger.warning("job %s was a dead worker's: handed out again", job.id)
                with contextlib.suppress(procrastinate.exceptions.ConnectorException):
                    await manager.retry_job(job)  # unless another worker did first
            async with sessionmaker.begin() as session:
                orphans = await outbox.defer_orphans(session, ORPHAN_AFTER)
            if orphans:
                logger.warning("%s outbox jobs had no procrastinate job: deferred again", orphans)
            if time.monotonic() - purged_at > PURGE_SECONDS:
                await manager.delete_old_jobs(nb_hours=KEEP_FINISHED_HOURS)
                purged_at = time.monotonic()
        except (procrastinate.exceptions.ConnectorException, SQLAlchemyError):
            logger.exception("looking for dead workers' jobs failed; trying again later")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.worker_stalled_seconds / 2)


async def run_worker(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    policy: outbox.RetryPolicy,
    *,
    install_signal_handlers: bool = True,
) -> None:
    """procrastinate's worker until SIGINT or SIGTERM, or until cancelled (either lets the
    running jobs finish)."""
    app = build_app(settings, sessionmaker, policy)
    async with app.open_async():
        stop = asyncio.Event()
        keeper = asyncio.create_task(_look_after(app, settings, sessionmaker, stop))
        try:
            await app.run_worker_async(
                name=f"{socket.gethostname()}:{os.getpid()}",
                queues=[outbox.QUEUE_NAME],
                concurrency=settings.worker_concurrency,
                fetch_job_polling_interval=settings.worker_poll_seconds,
                update_heartbeat_interval=settings.worker_heartbeat_seconds,
                stalled_worker_timeout=settings.worker_stalled_seconds,
                install_signal_handlers=install_signal_handlers,
            )
        finally:
            stop.set()
            await keeper

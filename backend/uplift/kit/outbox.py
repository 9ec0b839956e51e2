"""The outbox: work to do after a request commits, run by `uplift worker`.

A service calls `enqueue(session, "reminders.send", follow_up_id=7)`: the job is a row in
the request's own transaction, so a request that rolls back leaves no job and one that
commits cannot lose it. `uplift worker` (one or several, on any machine) claims due jobs,
runs each task in a transaction of its own, and marks the job done in that same
transaction; a task that raises is retried after a growing pause and is `dead` after
UPLIFT_OUTBOX_MAX_ATTEMPTS, kept with its last error for a person to look at.

No job runs twice at once: on PostgreSQL a worker claims with `FOR UPDATE SKIP LOCKED`, so
workers pass each other's claims by; on SQLite writers take turns (BEGIN IMMEDIATE), which
serialises claims the same way. A worker that dies mid-job loses its lease
(locked_until) and the job is claimed again: tasks must be safe to run again after a crash.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uplift.kit.db import WRITE_INTENT, utcnow
from uplift.models import JobStatus, OutboxJob

logger = logging.getLogger(__name__)

Task = Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]
TASKS: dict[str, Task] = {}
# How long a claimed job is a worker's before another may take it: longer than any task.
LEASE = timedelta(minutes=10)


def task(name: str) -> Callable[[Task], Task]:
    """Register a task under a stable name (the name is stored in jobs, so never rename)."""

    def register(function: Task) -> Task:
        if TASKS.get(name, function) is not function:
            raise ValueError(f"a task named {name!r} is registered already")
        TASKS[name] = function
        return function

    return register


async def enqueue(
    session: AsyncSession, name: str, *, run_after: datetime | None = None, **payload: Any
) -> OutboxJob:
    """A job in the caller's transaction; flushed, never committed. Payload: JSON values."""
    if name not in TASKS:
        raise ValueError(f"no task named {name!r}")
    job = OutboxJob(task=name, payload=payload, run_after=run_after or utcnow())
    session.add(job)
    await session.flush()
    return job


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: int = 30

    def delay(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min … after the 1st, 2nd, 3rd failure; capped at a day."""
        return timedelta(seconds=min(self.backoff_seconds * 2 ** (attempts - 1), 86_400))


async def claim(session: AsyncSession, now: datetime) -> OutboxJob | None:
    """Take the oldest due job, lease it, and commit: other workers now pass it by."""
    if not session.in_transaction():  # SQLite: take the write lock first, so claims queue
        await session.connection(execution_options={WRITE_INTENT: True})
    due = or_(
        and_(OutboxJob.status == JobStatus.pending, OutboxJob.run_after <= now),
        and_(OutboxJob.status == JobStatus.running, OutboxJob.locked_until < now),
    )
    statement = select(OutboxJob).where(due).order_by(OutboxJob.run_after, OutboxJob.id).limit(1)
    job = await session.scalar(statement.with_for_update(skip_locked=True))
    if job is not None:
        job.status = JobStatus.running
        job.attempts += 1
        job.locked_until = now + LEASE
    await session.commit()
    return job


async def run_one(
    sessionmaker: async_sessionmaker[AsyncSession],
    policy: RetryPolicy,
    now: datetime | None = None,
) -> bool:
    """Claim and run one due job; False when none is due."""
    now = now or utcnow()
    async with sessionmaker() as session:
        job = await claim(session, now)
    if job is None:
        return False
    try:
        async with sessionmaker() as session:
            await session.connection(execution_options={WRITE_INTENT: True})
            await TASKS[job.task](session, job.payload)
            await _settle(session, job.id, JobStatus.done, finished_at=utcnow())
            await session.commit()  # the task's writes and "done" together
    except Exception as error:
        logger.warning("job %s (%s) failed: %r", job.id, job.task, error)
        dead = job.attempts >= policy.max_attempts
        async with sessionmaker() as session:
            await session.connection(execution_options={WRITE_INTENT: True})
            await _settle(
                session,
                job.id,
                JobStatus.dead if dead else JobStatus.pending,
                run_after=now + policy.delay(job.attempts),
                last_error=f"{type(error).__name__}: {error}"[:4000],
                finished_at=utcnow() if dead else None,
            )
            await session.commit()
    return True


async def _settle(session: AsyncSession, job_id: int, status: JobStatus, **values: Any) -> None:
    job = await session.get_one(OutboxJob, job_id)
    job.status = status
    job.locked_until = None
    for name, value in values.items():
        setattr(job, name, value)
    await session.flush()


async def run_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    policy: RetryPolicy,
    now: datetime | None = None,
) -> int:
    """Run jobs until none is due; how many ran (the SQLite runner, and `worker --once`)."""
    ran = 0
    while await run_one(sessionmaker, policy, now):
        ran += 1
    return ran


async def work(
    sessionmaker: async_sessionmaker[AsyncSession],
    policy: RetryPolicy,
    poll_seconds: float,
    stop: asyncio.Event,
) -> None:
    """Run due jobs until `stop` is set, looking again every `poll_seconds` when idle."""
    while not stop.is_set():
        if await run_due(sessionmaker, policy):
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll_seconds)

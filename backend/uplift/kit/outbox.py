"""The outbox: work to do after a request commits, run by workers.

A service calls `enqueue(session, "reminders.send", follow_up_id=7)`: the job is a row in
the request's own transaction, so a request that rolls back leaves no job and one that
commits cannot lose it. `uplift worker` (one or several, on any machine) claims due jobs,
runs each task in a transaction of its own, and marks the job done in that same
transaction; a task that raises is retried after a growing pause and is `dead` after
UPLIFT_OUTBOX_MAX_ATTEMPTS, kept with its last error for a person to look at.

The outbox_jobs table is the one record of jobs on both databases (what ran, how often,
its last error). Who runs them:
- PostgreSQL: `enqueue` also defers a procrastinate job carrying the outbox job's id, in the
  same transaction (`procrastinate_defer_jobs_v1`, procrastinate's own SQL function), so its
  NOTIFY wakes a worker at commit and a rollback leaves neither. `uplift worker` runs
  procrastinate's worker (kit/queue.py): `run_job` locks the outbox row for as long as its
  task runs (FOR UPDATE SKIP LOCKED, on a connection of its own), so a job never runs twice
  at once, and a job procrastinate hands out again (its worker died) finds it done, or
  finds it pending and runs it: the dead worker's lock went with its connection.
- SQLite: the server's in-process runner (`work`, started by main.py) or `uplift worker`
  claim due jobs with `run_one`: writers take turns (BEGIN IMMEDIATE), a claim leases the
  job (locked_until) and commits; a runner that dies loses its lease and the job is claimed
  again.
`enqueue_many` writes a sweep's thousands of jobs (and their procrastinate jobs) in a few
statements. `run_due` runs every due job with `run_one` on either database (tests,
`worker --once`).
Tasks must be safe to run again after a crash; a task may commit part-way (deliveries.send
commits its claim before it waits on a receiver).

`periodic(name, seconds)` asks the workers to enqueue a task every so often (a procrastinate
periodic task on PostgreSQL, a timer in `work` on SQLite); the task must be idempotent.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uplift.kit.db import WRITE_INTENT, utcnow
from uplift.models import JobStatus, OutboxJob

logger = logging.getLogger(__name__)

Task = Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]
TASKS: dict[str, Task] = {}
# How long a claimed job is a worker's before another may take it: longer than any task.
LEASE = timedelta(minutes=10)
# Task name → how often (seconds) the workers enqueue it, when it is registered.
PERIODIC: dict[str, float] = {}
# The procrastinate task and queue that run outbox jobs on PostgreSQL (kit/queue.py).
QUEUE_TASK = "uplift.outbox.run"
QUEUE_NAME = "outbox"
_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY(SELECT ROW(:queue, :task, 0, NULL, NULL, "
    "jsonb_build_object('job_id', id), :scheduled_at)::procrastinate_job_to_defer_v1 "
    "FROM unnest(CAST(:ids AS bigint[])) AS id))"
)


def task(name: str) -> Callable[[Task], Task]:
    """Register a task under a stable name (the name is stored in jobs, so never rename)."""

    def register(function: Task) -> Task:
        if TASKS.get(name, function) is not function:
            raise ValueError(f"a task named {name!r} is registered already")
        TASKS[name] = function
        return function

    return register


def periodic(name: str, seconds: float) -> None:
    """Have the workers enqueue task `name` every `seconds` (when it is registered)."""
    if seconds <= 0:
        raise ValueError("a period is a positive number of seconds")
    PERIODIC[name] = seconds


def _on_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def _defer(session: AsyncSession, job_ids: Sequence[int], when: datetime) -> None:
    """On PostgreSQL, the procrastinate jobs that run these outbox jobs from `when`, in the
    caller's transaction, in one statement however many."""
    if job_ids and _on_postgres(session):
        await session.execute(
            _DEFER,
            {"queue": QUEUE_NAME, "task": QUEUE_TASK, "ids": list(job_ids), "scheduled_at": when},
        )


async def defer_orphans(session: AsyncSession, older_than: timedelta, limit: int = 500) -> int:
    """PostgreSQL: a procrastinate job again for each outbox job due for `older_than` that
    has none waiting or running (its procrastinate job gave up while the database was away,
    or a `worker --once` that claimed it died): nothing stays queued with no one to run it.
    How many; flushed, not committed."""
    now = utcnow()
    none_waiting = text(
        "NOT EXISTS (SELECT 1 FROM procrastinate_jobs WHERE task_name = :task AND status IN "
        "('todo', 'doing') AND args @> jsonb_build_object('job_id', outbox_jobs.id))"
    ).bindparams(task=QUEUE_TASK)
    orphans = list(
        await session.scalars(
            select(OutboxJob.id)
            .where(_due(now - older_than), none_waiting)
            .order_by(OutboxJob.run_after)
            .limit(limit)
        )
    )
    await _defer(session, orphans, now)  # each is overdue: due now
    return len(orphans)


async def enqueue(
    session: AsyncSession, name: str, *, run_after: datetime | None = None, **payload: Any
) -> OutboxJob:
    """A job in the caller's transaction; flushed, never committed. Payload: JSON values."""
    if name not in TASKS:
        raise ValueError(f"no task named {name!r}")
    job = OutboxJob(task=name, payload=payload, run_after=run_after or utcnow())
    session.add(job)
    await session.flush()
    await _defer(session, [job.id], job.run_after)
    return job


async def enqueue_many(
    session: AsyncSession,
    name: str,
    payloads: Sequence[dict[str, Any]],
    *,
    run_after: datetime | None = None,
) -> list[int]:
    """Jobs of one task, one per payload, in a few statements however many (a sweep's
    thousands): in the caller's transaction, flushed, never committed. Their ids."""
    if name not in TASKS:
        raise ValueError(f"no task named {name!r}")
    if not payloads:
        return []
    when, now = run_after or utcnow(), utcnow()
    rows = [
        {
            "task": name,
            "payload": payload,
            "status": JobStatus.pending,
            "attempts": 0,
            "run_after": when,
            "created_at": now,
        }
        for payload in payloads
    ]
    ids = list(await session.scalars(insert(OutboxJob).returning(OutboxJob.id), rows))
    await _defer(session, ids, when)
    return ids


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: int = 30

    def delay(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min … after the 1st, 2nd, 3rd failure; capped at a day."""
        return timedelta(seconds=min(self.backoff_seconds * 2 ** (attempts - 1), 86_400))


def _due(now: datetime) -> Any:
    """Pending and due, or running past its lease (its runner died)."""
    return or_(
        and_(OutboxJob.status == JobStatus.pending, OutboxJob.run_after <= now),
        and_(OutboxJob.status == JobStatus.running, OutboxJob.locked_until < now),
    )


async def claim(session: AsyncSession, now: datetime) -> OutboxJob | None:
    """Take the oldest due job, lease it, and commit: other workers now pass it by."""
    if not session.in_transaction():  # SQLite: take the write lock first, so claims queue
        await session.connection(execution_options={WRITE_INTENT: True})
    oldest = (OutboxJob.run_after, OutboxJob.id)
    statement = select(OutboxJob).where(_due(now)).order_by(*oldest).limit(1)
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
        async with sessionmaker() as session:
            await session.connection(execution_options={WRITE_INTENT: True})
            await _failed(session, await session.get_one(OutboxJob, job.id), error, policy, now)
            await session.commit()
    return True


async def _settle(session: AsyncSession, job_id: int, status: JobStatus, **values: Any) -> None:
    job = await session.get_one(OutboxJob, job_id)
    job.status = status
    job.locked_until = None
    for name, value in values.items():
        setattr(job, name, value)
    await session.flush()


async def _failed(
    session: AsyncSession,
    job: OutboxJob,
    error: Exception,
    policy: RetryPolicy,
    now: datetime,
) -> None:
    """Again after the policy's pause (a new procrastinate job on PostgreSQL), or dead."""
    logger.warning("job %s (%s) failed: %r", job.id, job.task, error)
    dead = job.attempts >= policy.max_attempts
    again = now + policy.delay(job.attempts)
    await _settle(
        session,
        job.id,
        JobStatus.dead if dead else JobStatus.pending,
        run_after=again,
        last_error=f"{type(error).__name__}: {error}"[:4000],
        finished_at=utcnow() if dead else None,
    )
    if not dead:
        await _defer(session, [job.id], again)


async def run_job(
    sessionmaker: async_sessionmaker[AsyncSession], policy: RetryPolicy, job_id: int
) -> bool:
    """Run outbox job `job_id` if it is due and nobody runs it now; False otherwise (done,
    dead, not due yet, or in another worker's hands). PostgreSQL (procrastinate's task).

    The row stays locked by a transaction of its own while the task runs in another, so
    the task may commit as it goes; the row is settled once the task is over. A worker that
    dies leaves the row pending and unlocked, for procrastinate to hand the job out again."""
    async with sessionmaker() as holder:
        now = utcnow()
        statement = select(OutboxJob).where(OutboxJob.id == job_id, _due(now))
        job = await holder.scalar(statement.with_for_update(skip_locked=True))
        if job is None:
            return False
        job.attempts += 1
        try:
            async with sessionmaker() as session:
                await TASKS[job.task](session, job.payload)
                await session.commit()
        except Exception as error:
            await _failed(holder, job, error, policy, now)
        else:
            await _settle(holder, job.id, JobStatus.done, finished_at=utcnow())
        await holder.commit()
    return True


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
    """Run due jobs until `stop` is set, looking again every `poll_seconds` when idle, and
    enqueue the periodic tasks when their time comes (the first time at once)."""
    next_at: dict[str, float] = {}
    while not stop.is_set():
        await _enqueue_periodic(sessionmaker, next_at)
        if await run_due(sessionmaker, policy):
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll_seconds)


async def _enqueue_periodic(
    sessionmaker: async_sessionmaker[AsyncSession], next_at: dict[str, float]
) -> None:
    """The registered periodic tasks whose time has come, each as one job."""
    clock = time.monotonic()
    due = [
        name
        for name, seconds in PERIODIC.items()
        if name in TASKS and next_at.setdefault(name, clock) <= clock
    ]
    if not due:
        return
    async with sessionmaker() as session:
        await session.connection(execution_options={WRITE_INTENT: True})
        for name in due:
            await enqueue(session, name)
            next_at[name] = clock + PERIODIC[name]
        await session.commit()

"""The outbox: jobs commit with their request, run once after it, retry, then die."""

import asyncio
import time
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from fastapi import APIRouter
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from tests.fixtures.committed import CommittedApp
from uplift import cli
from uplift.kit import outbox
from uplift.kit.db import SessionDep, utcnow
from uplift.kit.errors import ConflictError
from uplift.models import JobStatus, OutboxJob, RequestCount

POLICY = outbox.RetryPolicy(max_attempts=3, backoff_seconds=10)


@outbox.task("tests.ping")
async def ping(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Leaves a row per run, so a test counts the runs."""
    await asyncio.sleep(payload.get("pause", 0))
    session.add(RequestCount(bucket=f"ping:{payload['mark']}", window_start=time.time_ns(), hits=1))


@outbox.task("tests.fail")
async def always_fails(session: AsyncSession, payload: dict[str, Any]) -> None:
    raise RuntimeError("the mail server is down")


async def _runs(session: AsyncSession, mark: str) -> int:
    query = select(func.count()).where(RequestCount.bucket == f"ping:{mark}")
    return int(await session.scalar(query) or 0)


@pytest.fixture
def worker_sessions(session: AsyncSession) -> async_sessionmaker[AsyncSession]:
    """The worker's own sessions, on the test's connection: each commits a savepoint."""
    return async_sessionmaker(
        bind=session.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


async def _job(session: AsyncSession, job_id: int) -> OutboxJob:
    return await session.get_one(OutboxJob, job_id, populate_existing=True)


async def test_a_job_runs_after_commit_in_its_own_session(
    session: AsyncSession, worker_sessions: async_sessionmaker[AsyncSession]
) -> None:
    job = await outbox.enqueue(session, "tests.ping", mark="once")
    assert job.status == JobStatus.pending
    assert await _runs(session, "once") == 0  # nothing runs inside the request

    assert await outbox.run_due(worker_sessions, POLICY) == 1
    assert await _runs(session, "once") == 1
    done = await _job(session, job.id)
    assert (done.status, done.attempts, done.finished_at is not None) == (JobStatus.done, 1, True)
    assert await outbox.run_due(worker_sessions, POLICY) == 0  # done is done


async def test_a_failing_job_is_retried_with_backoff_then_dead(
    session: AsyncSession, worker_sessions: async_sessionmaker[AsyncSession]
) -> None:
    job = await outbox.enqueue(session, "tests.fail")
    start = utcnow()

    assert await outbox.run_one(worker_sessions, POLICY, start)
    failed = await _job(session, job.id)
    assert (failed.status, failed.attempts) == (JobStatus.pending, 1)
    assert failed.run_after == start + timedelta(seconds=10)
    assert failed.last_error == "RuntimeError: the mail server is down"
    assert not await outbox.run_one(worker_sessions, POLICY, start + timedelta(seconds=9))

    assert await outbox.run_one(worker_sessions, POLICY, start + timedelta(seconds=10))
    assert (await _job(session, job.id)).run_after == start + timedelta(seconds=30)  # 10 + 20
    assert await outbox.run_one(worker_sessions, POLICY, start + timedelta(seconds=30))
    dead = await _job(session, job.id)
    assert (dead.status, dead.attempts) == (JobStatus.dead, 3)
    assert not await outbox.run_one(worker_sessions, POLICY, start + timedelta(days=2))


async def test_a_job_whose_worker_died_is_claimed_again_after_its_lease(
    session: AsyncSession, worker_sessions: async_sessionmaker[AsyncSession]
) -> None:
    job = await outbox.enqueue(session, "tests.ping", mark="lease")
    async with worker_sessions() as claiming:
        claimed = await outbox.claim(claiming, utcnow())
    assert claimed is not None and claimed.id == job.id  # …and the worker dies here

    assert not await outbox.run_one(worker_sessions, POLICY, utcnow())
    later = utcnow() + outbox.LEASE + timedelta(seconds=1)
    assert await outbox.run_one(worker_sessions, POLICY, later)
    again = await _job(session, job.id)
    assert (again.status, again.attempts) == (JobStatus.done, 2)


async def test_many_jobs_are_enqueued_in_one_go_and_each_runs_once(
    session: AsyncSession, worker_sessions: async_sessionmaker[AsyncSession]
) -> None:
    marks = [uuid4().hex for _ in range(3)]
    ids = await outbox.enqueue_many(session, "tests.ping", [{"mark": mark} for mark in marks])
    assert len(set(ids)) == 3
    if session.get_bind().dialect.name == "postgresql":  # each with its procrastinate job
        query = text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = :task "
            "AND (args->>'job_id')::bigint = ANY(:ids)"
        )
        deferred = await session.scalar(query, {"task": outbox.QUEUE_TASK, "ids": ids})
        assert deferred == 3

    assert await outbox.run_due(worker_sessions, POLICY) == 3
    assert [await _runs(session, mark) for mark in marks] == [1, 1, 1]
    assert await outbox.enqueue_many(session, "tests.ping", []) == []


async def test_only_registered_tasks_are_enqueued(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="no task"):
        await outbox.enqueue(session, "tests.nothing")
    with pytest.raises(ValueError, match="no task"):
        await outbox.enqueue_many(session, "tests.nothing", [{}])
    with pytest.raises(ValueError, match="registered already"):
        outbox.task("tests.ping")(always_fails)


# --- with real commits: requests, several workers, the command ---------------------------

router = APIRouter(prefix="/test")


@router.post("/jobs", status_code=202)
async def ask_for_a_job(session: SessionDep, mark: str, fail: bool = False) -> None:
    await outbox.enqueue(session, "tests.ping", mark=mark)
    if fail:
        raise ConflictError("refused after the job was queued", "佇列後拒絕")


async def _committed_jobs(committed: CommittedApp, mark: str) -> list[OutboxJob]:
    async with committed.sessionmaker() as session:
        jobs = await session.scalars(
            select(OutboxJob).where(OutboxJob.payload["mark"].as_string() == mark)
        )
        return list(jobs)


async def test_a_request_that_rolls_back_leaves_no_job(committed: CommittedApp) -> None:
    committed.app.include_router(router)
    kept, dropped = uuid4().hex, uuid4().hex
    async with committed.client() as http:
        assert (await http.post(f"/test/jobs?mark={kept}")).status_code == 202
        assert (await http.post(f"/test/jobs?mark={dropped}&fail=true")).status_code == 409
    assert [job.status for job in await _committed_jobs(committed, kept)] == [JobStatus.pending]
    assert await _committed_jobs(committed, dropped) == []


async def test_two_workers_never_run_one_job_twice(committed: CommittedApp) -> None:
    marks = [uuid4().hex for _ in range(12)]
    async with committed.sessionmaker.begin() as session:
        for mark in marks:
            await outbox.enqueue(session, "tests.ping", mark=mark, pause=0.01)

    await asyncio.gather(*(outbox.run_due(committed.sessionmaker, POLICY) for _ in range(2)))

    async with committed.sessionmaker() as session:
        assert [await _runs(session, mark) for mark in marks] == [1] * len(marks)
    for mark in marks:
        assert [job.status for job in await _committed_jobs(committed, mark)] == [JobStatus.done]


async def test_uplift_worker_once_runs_the_due_jobs(
    committed: CommittedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    mark = uuid4().hex
    async with committed.sessionmaker.begin() as session:
        await outbox.enqueue(session, "tests.ping", mark=mark)
    monkeypatch.setenv("UPLIFT_DATABASE_URL", committed.settings.database_url)
    cli.get_settings.cache_clear()
    try:  # in a thread: the command runs its own event loop, as from a shell
        result = await asyncio.to_thread(CliRunner().invoke, cli.app, ["worker", "--once"])
    finally:
        cli.get_settings.cache_clear()

    assert result.exit_code == 0, result.output
    assert "jobs run" in result.output
    assert [job.status for job in await _committed_jobs(committed, mark)] == [JobStatus.done]

"""What runs the outbox's jobs, and where (README, "Workers: what runs where").

- SQLite (the default): the server runs them itself (`in_process`, started by main.py's
  lifespan when settings.jobs_in_process), polling the outbox; `uplift worker` may run too.
- PostgreSQL: `uplift worker` runs procrastinate's worker (kit/queue.py), on as many
  machines as you like; `uplift serve --with-worker` (what `make run` does) starts one
  beside the server.
"""

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uplift.config import Settings
from uplift.kit import outbox
from uplift.kit.db_url import async_url

logger = logging.getLogger(__name__)

# Modules whose @outbox.task functions the workers run; a domain with background work adds
# its own.
TASK_MODULES: tuple[str, ...] = (
    "uplift.kit.events",
    "uplift.deliveries.tasks",
    "uplift.notifications.tasks",
)
# The reminders' sweep (notifications/tasks.py; idempotent: a stage goes out once however
# often it runs, and a sweep after a missed day catches up).
REMINDER_SWEEP = "reminders.sweep"
REMINDER_SWEEP_SECONDS = 15 * 60


def load_tasks() -> None:
    """Import every task module and schedule the periodic tasks (those registered run)."""
    for module in TASK_MODULES:
        importlib.import_module(module)
    outbox.periodic(REMINDER_SWEEP, REMINDER_SWEEP_SECONDS)


def retry_policy(settings: Settings) -> outbox.RetryPolicy:
    return outbox.RetryPolicy(settings.outbox_max_attempts, settings.outbox_backoff_seconds)


def on_postgres(settings: Settings) -> bool:
    return async_url(settings.database_url).get_backend_name() == "postgresql"


@contextlib.asynccontextmanager
async def in_process(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    """The server's own runner on SQLite, for as long as the server runs. Claims take the
    write lock briefly and commit; a delivery waits on its receiver with no transaction
    open, so requests never wait on a slow receiver."""
    if on_postgres(settings) or not settings.jobs_in_process:
        yield
        return
    load_tasks()
    stop = asyncio.Event()
    runner = asyncio.create_task(
        _keep_working(sessionmaker, retry_policy(settings), settings.worker_poll_seconds, stop),
        name="outbox runner",
    )
    try:
        yield
    finally:
        stop.set()
        await runner


async def _keep_working(
    sessionmaker: async_sessionmaker[AsyncSession],
    policy: outbox.RetryPolicy,
    poll_seconds: float,
    stop: asyncio.Event,
) -> None:
    """outbox.work, started again after an error of its own (a job's error is the job's)."""
    while not stop.is_set():
        try:
            await outbox.work(sessionmaker, policy, poll_seconds, stop)
        except Exception:
            logger.exception("the outbox runner failed; starting again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll_seconds)

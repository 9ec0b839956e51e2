"""Rate limits counted in the database: several workers or containers share one PostgreSQL,
so a count in process memory would let each of them allow the limit again."""

import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from uplift.kit.db import WRITE_INTENT
from uplift.kit.errors import UpliftError
from uplift.models import RequestCount


class TooManyRequestsError(UpliftError):
    status = 429
    slug = "too-many-requests"

    def __init__(self, wait: int) -> None:
        super().__init__(
            f"Too many requests of this kind: try again in {wait} seconds",
            f"此類請求過於頻繁，請於 {wait} 秒後再試",
        )
        self.headers = {"Retry-After": str(wait)}


async def counter_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session apart from the request's: the count is committed at once, so it holds no
    lock (nor connection) while the limited work runs, and it counts even when that fails."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        yield session


CounterSessionDep = Annotated[AsyncSession, Depends(counter_session)]


async def enforce(session: AsyncSession, bucket: str, limit: int, window_seconds: int) -> None:
    """Count one request in `bucket`; 429 with Retry-After once the window holds `limit`."""
    if not session.in_transaction():  # SQLite: take the write lock first, as writes do
        await session.connection(execution_options={WRITE_INTENT: True})
    wait = await _count(session, bucket[:100], limit, window_seconds, time.time())
    await session.commit()
    if wait:
        raise TooManyRequestsError(wait)


async def _count(
    session: AsyncSession, bucket: str, limit: int, window_seconds: int, now: float
) -> int:
    """Seconds until the current window ends when it is over the limit, else 0."""
    start = int(now) // window_seconds * window_seconds
    hits = (await session.execute(_hit(session, bucket, start))).scalar_one()
    if hits == 1:  # the first request of a window: the windows before it count no more
        await session.execute(delete(RequestCount).where(RequestCount.window_start < start))
    return 0 if hits <= limit else max(1, start + window_seconds - int(now))


def _hit(session: AsyncSession, bucket: str, start: int) -> Any:
    # One statement, atomic on both databases: concurrent workers never lose a count.
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(RequestCount).values(bucket=bucket, window_start=start, hits=1)
    return insert.on_conflict_do_update(
        index_elements=[RequestCount.bucket, RequestCount.window_start],
        set_={"hits": RequestCount.hits + 1},
    ).returning(RequestCount.hits)

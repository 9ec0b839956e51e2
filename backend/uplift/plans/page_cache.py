"""Answers made of plan content only, kept in process by every plan's content version.

A measure, or a page of the measures list, shows nothing but plans' rows (and the names of
the organisations they name), and depends on its reader only by whether they are staff.
Every write to that content gives its plan a new content version, in the same transaction
(models/content_version.py), so an answer kept under the URL, the kind of reader and the
versions of all plans is the answer a fresh read would give for as long as those versions
stand. A request reads the versions (one small statement), and a kept answer is sent as it
is; otherwise the answer is built, sent and kept. On PostgreSQL a measures page built anew
is six statements and most of its processor time in assembling and encoding; kept, it
costs little more than a health check.

The versions are read before anything the answer is built from, so an answer is never kept
under versions newer than what it shows: a write committed meanwhile gives later requests
versions of their own. Only 200 answers are kept; the least recently used go first once
the kept bodies pass `page_cache_bytes` (0: nothing is kept). Each worker keeps its own.
"""

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from uplift.auth.subject import Subject
from uplift.kit.db import plain_rows
from uplift.models import Plan

# Every plan's content version in one string, joined in the database: one row however many
# plans there are. Each version is a fresh random token (kit/versions.py), so the string
# changes with any plan's version, and with a plan added or deleted. Should the database
# join them in another order some day, that is a miss, never a wrong answer.
_ORDERED = select(Plan.content_version).order_by(Plan.id).subquery()
_VERSIONS = select(func.aggregate_strings(_ORDERED.c.content_version, ","))


class PageCache:
    """Encoded answers by key, the least recently read dropped first past `max_bytes`. The
    kept plan bodies (plans/snapshots.py) are held here too, by plan, view and version, so
    a tree read from the database once is not read from it again."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: Hashable) -> bytes | None:
        body = self._bodies.get(key)
        if body is not None:
            self._bodies.move_to_end(key)
        return body

    def keep(self, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        previous = self._bodies.pop(key, None)
        if previous is not None:
            self._size -= len(previous)
        self._bodies[key] = body
        self._size += len(body)
        while self._size > self.max_bytes:
            _, dropped = self._bodies.popitem(last=False)
            self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._bodies)


async def plan_content_answer(
    request: Request,
    session: AsyncSession,
    subject: Subject,
    build: Callable[[], Awaitable[bytes]],
) -> Response:
    """The JSON answer `build` makes, from the cache when every plan's version is as it was
    when it was kept."""
    cache: PageCache = request.app.state.page_cache
    if not cache.max_bytes:
        return _json(await build())
    ((versions,),) = await plain_rows(session, _VERSIONS, {})
    key = (str(request.url), subject.is_staff, versions)
    body = cache.get(key)
    if body is None:
        body = await build()
        cache.keep(key, body)
    return _json(body)


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")

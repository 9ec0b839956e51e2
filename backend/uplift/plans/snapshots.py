"""Plan reads kept by content version: built once, served to every worker until the plan
changes, and answered with 304 after reading only the version.

A row per (plan, view) holds the encoded body and its ETag for one content version
(models/content_version.py changes the version on every write); a read finding an older
version builds the body again and replaces the row, so the table never holds more than one
body per plan and view. The ETag is the hash of the body, as for any other read, so the
plan detail's ETag stays what a plan write accepts as If-Match.
"""

from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import Select, bindparam, case, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans_for
from uplift.kit.db import BINARY_RESULTS
from uplift.kit.errors import ResourceNotFound
from uplift.kit.etag import etag_matches
from uplift.kit.responses import etag_for
from uplift.models import Plan, PlanSnapshot, PlanStatus
from uplift.plans.page_cache import PageCache

Kind = Literal["tree", "detail"]


@dataclass(frozen=True)
class Head:
    """What a cached read needs to know before building anything."""

    plan_id: int
    version: str
    view: str
    etag: str | None


@cache
def _head_statement(staff: bool, kind: Kind) -> Select[Any]:
    """Built once per kind of reader and view: a 304 does little else than run it."""
    adopted_view = f"{kind}:adopted"
    live_view = f"{kind}:live"
    # Everyone but staff reads a plan under amendment as last adopted (plans/adopted.py).
    view = (
        literal(live_view)
        if staff
        else case((Plan.status == PlanStatus.amending, adopted_view), else_=live_view)
    )
    return (
        select(Plan.id, Plan.content_version, view.label("view"), PlanSnapshot.etag)
        .outerjoin(
            PlanSnapshot,
            (PlanSnapshot.plan_id == Plan.id)
            & (PlanSnapshot.view == view)
            & (PlanSnapshot.version == Plan.content_version),
        )
        .where(Plan.id == bindparam("plan_id"), readable_plans_for(staff=staff))
    )


_KEPT_BODY = (
    select(PlanSnapshot.body)
    .where(
        PlanSnapshot.plan_id == bindparam("plan_id"),
        PlanSnapshot.view == bindparam("view"),
        PlanSnapshot.version == bindparam("version"),
    )
    .execution_options(**{BINARY_RESULTS: True})
)


def _in_memory(head: Head, etag: str) -> tuple[str, int, str, str, str]:
    """Where a kept body is held in the worker's memory (plans/page_cache.py)."""
    return ("snapshot", head.plan_id, head.view, head.version, etag)


async def _kept(
    session: AsyncSession,
    subject: Subject,
    plan_id: int,
    kind: Kind,
    if_none_match: str | None,
    memory: PageCache,
) -> tuple[Head, bytes | None]:
    """The plan's version, the view this subject reads and the ETag kept for them, and the
    kept body when the client does not hold it already (from this worker's memory, else the
    database): in one hop to the session's greenlet, as plain rows. 404 for a plan the
    subject may not read."""
    statement = _head_statement(subject.is_staff, kind)

    def read(sync_session: Session) -> tuple[Head | None, bytes | None]:
        sync_session.flush()  # as session.execute would; nothing to do on a read
        connection = sync_session.connection()
        row = connection.execute(statement, {"plan_id": plan_id}).one_or_none()
        if row is None:
            return None, None
        head = Head(row.id, row.content_version, row.view, row.etag)
        if head.etag is None or etag_matches(if_none_match, head.etag):
            return head, None
        held = _in_memory(head, head.etag)
        body = memory.get(held)
        if body is None:
            kept = {"plan_id": plan_id, "view": head.view, "version": head.version}
            body = connection.execute(_KEPT_BODY, kept).scalar()
            if body is not None:
                memory.keep(held, body)
        return head, body

    head, kept_body = await session.run_sync(read)
    if head is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    return head, kept_body


def not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": "no-cache"})


def ok(body: bytes, etag: str) -> Response:
    return Response(
        body,
        media_type="application/json",
        headers={"ETag": etag, "Cache-Control": "no-cache"},
    )


async def cached_read(
    request: Request,
    session: AsyncSession,
    subject: Subject,
    plan_id: int,
    kind: Kind,
    build: Callable[[], Awaitable[bytes]],
) -> Response:
    """The read as kept for the plan's current version: 304 when the client has it, the
    kept body when there is one, else `build()` kept for the next reader."""
    if_none_match = request.headers.get("if-none-match")
    memory: PageCache = request.app.state.page_cache
    found, kept_body = await _kept(session, subject, plan_id, kind, if_none_match, memory)
    if found.etag is not None:
        if etag_matches(if_none_match, found.etag):
            return not_modified(found.etag)
        if kept_body is not None:
            return ok(kept_body, found.etag)
    body = await build()
    etag = etag_for(body)
    await _keep(session, found, body, etag)
    memory.keep(_in_memory(found, etag), body)
    if etag_matches(if_none_match, etag):
        return not_modified(etag)
    return ok(body, etag)


async def _keep(session: AsyncSession, found: Head, body: bytes, etag: str) -> None:
    """Replace the kept body in one statement (an upsert on plan and view), so it needs no
    transaction: reads run in autocommit on PostgreSQL, where a savepoint cannot open. A
    reader racing to keep the same plan may win, and that is fine: the read is answered
    either way, and an older body is replaced by the next reader that sees its version."""
    values = {
        "plan_id": found.plan_id,
        "view": found.view,
        "version": found.version,
        "etag": etag,
        "body": body,
    }
    upsert: postgresql.Insert | sqlite.Insert = (
        postgresql.insert(PlanSnapshot)
        if session.get_bind().dialect.name == "postgresql"
        else sqlite.insert(PlanSnapshot)
    ).values(values)
    statement = upsert.on_conflict_do_update(
        index_elements=[PlanSnapshot.plan_id, PlanSnapshot.view],
        set_={name: upsert.excluded[name] for name in ("version", "etag", "body")},
    )
    # The plan may have gone meanwhile, or the database may not take a write now.
    with suppress(IntegrityError, DBAPIError):
        await session.execute(statement)

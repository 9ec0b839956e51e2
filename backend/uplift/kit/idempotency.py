"""`Idempotency-Key` on machine POSTs: a retried request is answered, not applied twice.

After the IETF draft "The Idempotency-Key HTTP Header Field" and Stripe's API: the client
sends a unique key with a POST; the same key with the same request (per caller, method and
path) replays the first answer with `Idempotent-Replayed: true`; the same key with another
body is 422; a key whose first request is still running is 409; keys expire after
UPLIFT_IDEMPOTENCY_KEY_DAYS.

The key is claimed by a row inserted in the request's own transaction, and the answer is
written to that row before the request commits, so the write and its recorded answer
commit together or not at all: a request that fails (an error raised, a 5xx) leaves no
key, and its retry runs afresh. A second request with the key waits for the row's lock:
on PostgreSQL for a moment, then 409; on SQLite writers take turns anyway, so it waits for
the first to commit and replays its answer.

A router opts in with `APIRouter(route_class=IdempotentRoute)`: its POST routes take the
header (declared in the OpenAPI) and document the 409 and 422. A route that must not run
without one (a batch) declares `dependencies=[REQUIRE_KEY]`: the header is then required,
and a request without it is a 422 naming it.
"""

import hashlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject, get_subject
from uplift.config import SettingsDep
from uplift.kit.db import SessionDep, utcnow
from uplift.kit.errors import UpliftError, problem_responses
from uplift.models import IdempotencyKey

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"  # Stripe's name; the draft names none
# What a replay repeats besides status and body; the rest (dates, cookies) is of the moment.
KEPT_HEADERS = ("content-type", "content-language", "location", "etag", "last-modified")
# How long a second request waits for the first one's lock on PostgreSQL before 409.
IN_FLIGHT_WAIT_MS = 1000
IDEMPOTENT_METHODS = frozenset({"POST"})


class IdempotencyKeyReusedError(UpliftError):
    status = 422
    slug = "idempotency-key-reused"

    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was used for a different request: use a new key",
            "此 Idempotency-Key 已用於另一筆不同的請求，請使用新的識別碼",
        )


class IdempotencyKeyInFlightError(UpliftError):
    status = 409
    slug = "idempotency-key-in-flight"

    def __init__(self) -> None:
        super().__init__(
            "A request with this Idempotency-Key is still being processed: retry shortly",
            "使用此 Idempotency-Key 的請求仍在處理中，請稍後再試",
        )
        self.headers = {"Retry-After": "1"}


class _Replay(Exception):
    """Raised by the dependency, caught by the route: answer with what was stored."""

    def __init__(self, response: Response) -> None:
        self.response = response


@dataclass
class Claim:
    """The key this request holds, and the transaction its answer is written in."""

    session: AsyncSession
    record: IdempotencyKey

    async def complete(self, response: Response) -> None:
        if response.status_code >= 500:  # nothing to remember: the retry should run again
            await self.session.delete(self.record)
        else:
            self.record.status = response.status_code
            self.record.body = bytes(response.body)
            self.record.headers = {
                name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
            }
        await self.session.flush()


def caller_of(subject: Subject) -> str:
    """Keys are per caller: another caller's key never replays someone else's answer."""
    if subject.kind == "token":
        return f"token:{subject.token_id}"
    if subject.kind == "user":
        return f"user:{subject.user_id}"
    return f"address:{subject.address}"[:64]


def fingerprint(query: str, body: bytes) -> str:
    """What makes two requests with one key "the same": the query and the body, byte for
    byte (method and path are part of the key itself)."""
    return hashlib.sha256(query.encode() + b"\n" + body).hexdigest()


KeyHeader = Annotated[
    str | None,
    Header(
        alias=KEY_HEADER,
        pattern=r"^[!-~]{1,255}$",
        description=(
            "A unique value (1–255 visible ASCII characters, e.g. a UUID) that makes a retry "
            "of this request safe: the same key and body answer what the first request "
            f"answered, with `{REPLAYED_HEADER}: true`. Kept for UPLIFT_IDEMPOTENCY_KEY_DAYS."
        ),
    ),
]


async def claim_key(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    subject: Annotated[Subject, Depends(get_subject)],
    key: KeyHeader = None,
) -> None:
    """The route dependency: claim the key, or answer with what its first request got."""
    if key is None:
        return
    key = key.strip('"')  # the draft sends it as a structured-field string, "…"
    now = utcnow()
    record = IdempotencyKey(
        caller=caller_of(subject),
        method=request.method,
        path=request.url.path[:1000],
        key=key,
        fingerprint=fingerprint(request.url.query, await request.body()),
        created_at=now,
        expires_at=now + timedelta(days=settings.idempotency_key_days),
    )
    existing = await _stored(session, record)
    if existing is not None and existing.expires_at <= now:
        await session.delete(existing)
        await session.flush()
        existing = None
    if existing is None:
        if await _insert(session, record):
            request.state.idempotency_claim = Claim(session, await _stored_one(session, record))
            return
        existing = await _stored_one(session, record)  # committed by another request meanwhile
    if existing.fingerprint != record.fingerprint:
        raise IdempotencyKeyReusedError()
    if existing.status is None:
        raise IdempotencyKeyInFlightError()
    raise _Replay(replay_of(existing))


RequiredKeyHeader = Annotated[
    str,
    Header(
        alias=KEY_HEADER,
        pattern=r"^[!-~]{1,255}$",
        description=(
            "Required here: a unique value (1–255 visible ASCII characters, e.g. a UUID) that "
            "makes a retry of this request safe: the same key and body answer what the first "
            f"request answered, with `{REPLAYED_HEADER}: true`. Kept for "
            "UPLIFT_IDEMPOTENCY_KEY_DAYS."
        ),
    ),
]


async def claim_required_key(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    subject: Annotated[Subject, Depends(get_subject)],
    key: RequiredKeyHeader,
) -> None:
    """claim_key for a route that needs a key: without one, the request is a 422."""
    await claim_key(request, session, settings, subject, key)


REQUIRE_KEY = Depends(claim_required_key)


def replay_of(stored: IdempotencyKey) -> Response:
    return Response(
        content=stored.body,
        status_code=stored.status or 200,
        headers={**(stored.headers or {}), REPLAYED_HEADER: "true"},
    )


async def _stored(session: AsyncSession, record: IdempotencyKey) -> IdempotencyKey | None:
    stored: IdempotencyKey | None = await session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.caller == record.caller,
            IdempotencyKey.method == record.method,
            IdempotencyKey.path == record.path,
            IdempotencyKey.key == record.key,
        )
    )
    return stored


async def _stored_one(session: AsyncSession, record: IdempotencyKey) -> IdempotencyKey:
    stored = await _stored(session, record)
    assert stored is not None
    return stored


async def _insert(session: AsyncSession, record: IdempotencyKey) -> bool:
    """Insert the key unless a committed row has it; False when one does. A row another
    request inserted but has not committed is waited for (briefly on PostgreSQL, then 409)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    dialect = postgresql if postgres else sqlite
    columns = ("caller", "method", "path", "key", "fingerprint", "created_at", "expires_at")
    values = {column: getattr(record, column) for column in columns}
    statement = (
        dialect.insert(IdempotencyKey)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["caller", "method", "path", "key"])
        .returning(IdempotencyKey.id)
    )
    if not postgres:
        return (await session.execute(statement)).scalar() is not None
    try:
        async with session.begin_nested():
            await session.execute(text(f"SET LOCAL lock_timeout = {IN_FLIGHT_WAIT_MS}"))
            inserted = (await session.execute(statement)).scalar()
            await session.execute(text("SET LOCAL lock_timeout = DEFAULT"))
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise IdempotencyKeyInFlightError() from error
        raise
    return inserted is not None


async def purge_expired(session: AsyncSession, now: datetime | None = None) -> int:
    """Remove the keys past their expiry; how many went. Flushes, like every service."""
    result = await session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.expires_at <= (now or utcnow()))
    )
    return int(getattr(result, "rowcount", 0) or 0)


class IdempotentRoute(APIRoute):
    """A route class whose POST routes honour `Idempotency-Key`: the dependency claims the
    key; the handler below replays, or records the answer before the request commits."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if IDEMPOTENT_METHODS & set(kwargs.get("methods") or ()):
            dependencies = list(kwargs.get("dependencies") or [])
            if not any(d.dependency is claim_required_key for d in dependencies):
                dependencies.append(Depends(claim_key))
            kwargs["dependencies"] = dependencies
            kwargs["responses"] = {**problem_responses(409, 422), **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def idempotent_handler(request: Request) -> Response:
            # Inside the request's dependency scope: the session has not committed yet.
            try:
                response = await handler(request)
            except _Replay as replay:
                return replay.response
            claim: Claim | None = getattr(request.state, "idempotency_claim", None)
            if claim is not None:
                await claim.complete(response)
            return response

        return idempotent_handler

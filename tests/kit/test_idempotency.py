"""Idempotency-Key through a test-only route: what a retrying machine sees."""

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from uuid import uuid4

import pytest
from fastapi import APIRouter, FastAPI, Response
from httpx import AsyncClient
from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.committed import CommittedApp
from uplift.config import Settings
from uplift.kit.db import SessionDep, get_session, utcnow
from uplift.kit.errors import InvalidParameter
from uplift.kit.idempotency import REPLAYED_HEADER, IdempotentRoute, purge_expired
from uplift.models import IdempotencyKey, RequestCount

# These tests add routes to the app they are given: each gets one of its own.
pytestmark = pytest.mark.own_app

router = APIRouter(prefix="/test", route_class=IdempotentRoute)
GATES: dict[str, tuple[asyncio.Event, asyncio.Event]] = {}  # measure: (entered, release)


class Report(BaseModel):
    measure: str
    value: int


@router.post("/reports", status_code=201)
async def file_report(report: Report, session: SessionDep, response: Response) -> dict[str, int]:
    """Writes one row per call, so a test counts the writes."""
    if report.value < 0:
        raise InvalidParameter("value", "body", "must not be negative", "不可為負數")
    if report.measure in GATES:  # hold the request open while the test sends another
        entered, release = GATES[report.measure]
        entered.set()
        await release.wait()
    row = RequestCount(bucket=f"report:{report.measure}", window_start=time.time_ns(), hits=1)
    session.add(row)
    await session.flush()
    response.headers["Location"] = f"/test/reports/{row.window_start}"
    return {"id": row.window_start}


@router.post("/other-reports", status_code=201)
async def file_other_report(report: Report, session: SessionDep) -> dict[str, int]:
    return await file_report(report, session, Response())


@pytest.fixture
def test_app(app: FastAPI, session: AsyncSession) -> FastAPI:
    async def request_session() -> AsyncIterator[AsyncSession]:
        # A savepoint per request, rolled back on error as a request's transaction is.
        savepoint = await session.begin_nested()
        try:
            yield session
        except BaseException:
            await savepoint.rollback()
            raise
        await savepoint.commit()

    app.dependency_overrides[get_session] = request_session
    app.include_router(router)
    return app


async def _writes(session: AsyncSession, measure: str) -> int:
    count = select(func.count()).where(RequestCount.bucket == f"report:{measure}")
    return int(await session.scalar(count) or 0)


async def test_a_retry_replays_the_first_answer_and_writes_once(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    body = {"measure": "m1", "value": 3}
    first = await client.post("/test/reports", json=body, headers={"Idempotency-Key": "k-1"})
    again = await client.post("/test/reports", json=body, headers={"Idempotency-Key": "k-1"})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers[REPLAYED_HEADER] == "true"
    assert REPLAYED_HEADER not in first.headers
    assert await _writes(session, "m1") == 1


async def test_the_key_may_come_as_a_structured_field_string(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    body = {"measure": "m-quoted", "value": 1}
    await client.post("/test/reports", json=body, headers={"Idempotency-Key": "abc"})
    again = await client.post("/test/reports", json=body, headers={"Idempotency-Key": '"abc"'})
    assert again.headers[REPLAYED_HEADER] == "true"
    assert await _writes(session, "m-quoted") == 1


async def test_the_same_key_with_another_body_is_422(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    headers = {"Idempotency-Key": "k-2"}
    await client.post("/test/reports", json={"measure": "m2", "value": 1}, headers=headers)
    other = await client.post(
        "/test/reports",
        json={"measure": "m2", "value": 2},
        headers={**headers, "Accept-Language": "zh-TW"},
    )
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "urn:uplift:problem:idempotency-key-reused"
    assert "Idempotency-Key" in other.json()["detail"] and "不同" in other.json()["detail"]
    assert await _writes(session, "m2") == 1


async def test_without_a_key_every_post_writes(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    body = {"measure": "m3", "value": 1}
    await client.post("/test/reports", json=body)
    await client.post("/test/reports", json=body)
    assert await _writes(session, "m3") == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "中文"])
async def test_a_key_out_of_bounds_is_refused(
    test_app: FastAPI, client: AsyncClient, key: str
) -> None:
    response = await client.post(
        "/test/reports",
        json={"measure": "m4", "value": 1},
        headers={"Idempotency-Key": key.encode()},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert response.json()["errors"][0]["location"] == "header"


async def test_keys_are_per_caller_and_per_path(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession, sign_in: object
) -> None:
    body = {"measure": "m5", "value": 1}
    headers = {"Idempotency-Key": "shared"}
    anonymous = await client.post("/test/reports", json=body, headers=headers)
    elsewhere = await client.post("/test/other-reports", json=body, headers=headers)
    async with sign_in("reporter-taiwater") as reporter:  # type: ignore[operator]
        signed_in = await reporter.post("/test/reports", json=body, headers=headers)
        signed_in_again = await reporter.post("/test/reports", json=body, headers=headers)

    assert {anonymous.status_code, elsewhere.status_code, signed_in.status_code} == {201}
    assert REPLAYED_HEADER not in elsewhere.headers
    assert REPLAYED_HEADER not in signed_in.headers
    assert signed_in_again.json() == signed_in.json()
    assert await _writes(session, "m5") == 3


async def test_a_failed_request_keeps_no_key_so_its_retry_runs_again(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    headers = {"Idempotency-Key": "k-fail"}
    failed = await client.post(
        "/test/reports", json={"measure": "m6", "value": -1}, headers=headers
    )
    retried = await client.post(
        "/test/reports", json={"measure": "m6", "value": -1}, headers=headers
    )
    assert failed.status_code == retried.status_code == 422
    assert REPLAYED_HEADER not in retried.headers
    assert (
        await session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == "k-fail")) is None
    )


async def test_an_expired_key_is_forgotten_and_purged(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    body = {"measure": "m7", "value": 1}
    await client.post("/test/reports", json=body, headers={"Idempotency-Key": "old"})
    await client.post("/test/reports", json=body, headers={"Idempotency-Key": "fresh"})
    stored = await session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == "old"))
    assert stored is not None
    assert stored.expires_at - stored.created_at == timedelta(days=35)
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.key == "old")
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )

    again = await client.post("/test/reports", json=body, headers={"Idempotency-Key": "old"})
    assert REPLAYED_HEADER not in again.headers
    assert await _writes(session, "m7") == 3

    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.key == "old")
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    assert await purge_expired(session) == 1
    assert set(await session.scalars(select(IdempotencyKey.key))) == {"fresh"}


def test_the_key_is_kept_at_least_35_days() -> None:
    assert Settings().idempotency_key_days == 35
    with pytest.raises(ValidationError):
        Settings(idempotency_key_days=34)


def test_the_contract_declares_the_header_and_its_answers(test_app: FastAPI) -> None:
    operation = test_app.openapi()["paths"]["/test/reports"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and not header.get("required", False)
    assert {"409", "422"} <= set(operation["responses"])


# --- parallel requests: each with its own transaction, as in production ------------------


def _committed_with_routes(committed: CommittedApp) -> CommittedApp:
    committed.app.include_router(router)
    return committed


async def _committed_writes(committed: CommittedApp, measure: str) -> int:
    async with committed.sessionmaker() as session:
        return await _writes(session, measure)


async def test_two_simultaneous_requests_with_one_key_write_once(committed: CommittedApp) -> None:
    running = _committed_with_routes(committed)
    measure, key = f"race-{uuid4().hex}", uuid4().hex
    async with running.client() as http:
        answers = await asyncio.gather(
            *(
                http.post(
                    "/test/reports",
                    json={"measure": measure, "value": 1},
                    headers={"Idempotency-Key": key},
                )
                for _ in range(2)
            )
        )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses in ([201, 201], [201, 409])
    if statuses == [201, 201]:
        assert answers[0].json() == answers[1].json()
    assert await _committed_writes(running, measure) == 1


async def test_a_key_whose_request_is_in_flight(committed: CommittedApp) -> None:
    """PostgreSQL answers 409 at once; SQLite lets writers take turns, so the second waits
    for the first and replays its answer. Never two writes."""
    running = _committed_with_routes(committed)
    measure, key = f"gated-{uuid4().hex}", uuid4().hex
    entered, release = GATES[measure] = (asyncio.Event(), asyncio.Event())
    body = {"measure": measure, "value": 1}
    try:
        async with running.client() as http:
            first = asyncio.create_task(
                http.post("/test/reports", json=body, headers={"Idempotency-Key": key})
            )
            await asyncio.wait_for(entered.wait(), 10)  # the first holds the key
            second = asyncio.create_task(
                http.post("/test/reports", json=body, headers={"Idempotency-Key": key})
            )
            if running.settings.database_url.startswith("postgresql"):
                await asyncio.wait_for(asyncio.shield(second), 10)  # answered while first runs
            else:
                await asyncio.sleep(0.3)  # the second now waits for the write lock
            release.set()
            first_answer, second_answer = await first, await second
    finally:
        GATES.pop(measure, None)

    assert first_answer.status_code == 201
    if running.settings.database_url.startswith("postgresql"):
        assert second_answer.status_code == 409
        assert second_answer.headers["Retry-After"] == "1"
        assert second_answer.json()["type"] == "urn:uplift:problem:idempotency-key-in-flight"
    else:
        assert second_answer.status_code == 201
        assert second_answer.headers[REPLAYED_HEADER] == "true"
        assert second_answer.json() == first_answer.json()
    assert await _committed_writes(running, measure) == 1

"""Bulk writes through a test-only route: all or nothing, every problem named by pointer."""

import time

import pytest
from fastapi import APIRouter, FastAPI
from httpx import AsyncClient
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.bulk import (
    MAX_BULK_ITEMS,
    BulkItems,
    BulkResult,
    DryRun,
    ItemProblem,
    apply_all,
    pointer_to,
    validate_all,
)
from uplift.kit.db import SessionDep
from uplift.models import RequestCount

# These tests add routes to the app they are given: each gets one of its own.
pytestmark = pytest.mark.own_app

KNOWN_MEASURES = {"1-1-1", "1-1-2"}
router = APIRouter(prefix="/test")


class Reading(BaseModel):
    measure: str
    value: int = Field(ge=0)


class Filed(BaseModel):
    measure: str
    id: int


class Batch(BaseModel):
    items: BulkItems


async def _known(reading: Reading) -> list[ItemProblem]:
    if reading.measure in KNOWN_MEASURES:
        return []
    return [ItemProblem("/measure", "unknown", "no such measure", "沒有這個具體推動作法")]


@router.post("/readings")
async def file_readings(
    batch: Batch, session: SessionDep, dry_run: DryRun = False
) -> BulkResult[Filed]:
    readings = await validate_all(batch.items, Reading, _known)

    async def file(reading: Reading) -> Filed:
        row = RequestCount(bucket=f"reading:{reading.measure}", window_start=time.time_ns(), hits=1)
        session.add(row)
        await session.flush()
        return Filed(measure=reading.measure, id=row.window_start)

    return await apply_all(session, readings, file, dry_run=dry_run)


@pytest.fixture
def test_app(app: FastAPI) -> FastAPI:
    app.include_router(router)
    return app


async def _rows(session: AsyncSession) -> int:
    query = select(func.count()).where(RequestCount.bucket.startswith("reading:"))
    return int(await session.scalar(query) or 0)


async def test_a_valid_batch_is_applied_whole(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    items = [{"measure": "1-1-1", "value": 3}, {"measure": "1-1-2", "value": 0}]
    response = await client.post("/test/readings", json={"items": items})
    assert response.status_code == 200
    assert response.json()["dry_run"] is False
    assert [item["measure"] for item in response.json()["items"]] == ["1-1-1", "1-1-2"]
    assert await _rows(session) == 2


async def test_every_problem_of_every_item_is_named_and_nothing_is_written(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    items = [
        {"measure": "1-1-1", "value": 3},
        {"measure": "9-9-9", "value": 1},
        {"measure": "1-1-2", "value": -1},
        "not an object",
        {"value": "many"},
    ]
    response = await client.post(
        "/test/readings", json={"items": items}, headers={"Accept-Language": "zh-TW"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:uplift:problem:bulk-rejected"
    assert problem["detail"] == "有 4 筆資料有誤，全部未寫入"
    assert [(e["field"], e["type"]) for e in problem["errors"]] == [
        ("/items/1/measure", "unknown"),
        ("/items/2/value", "greater_than_equal"),
        ("/items/3", "model_type"),
        ("/items/4/measure", "missing"),
        ("/items/4/value", "int_parsing"),
    ]
    assert problem["errors"][0]["message"] == "沒有這個具體推動作法"
    assert problem["errors"][1]["message"] == "必須大於或等於 0"
    assert await _rows(session) == 0


async def test_a_dry_run_answers_what_would_happen_and_writes_nothing(
    test_app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    items = [{"measure": "1-1-1", "value": 3}]
    response = await client.post("/test/readings?dry_run=true", json={"items": items})
    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert response.json()["count"] == 1
    assert await _rows(session) == 0

    refused = await client.post(
        "/test/readings?dry_run=true", json={"items": [{"measure": "x", "value": 1}]}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "/items/0/measure"


@pytest.mark.parametrize("count", [0, MAX_BULK_ITEMS + 1])
async def test_the_batch_is_bounded(test_app: FastAPI, client: AsyncClient, count: int) -> None:
    items = [{"measure": "1-1-1", "value": 1}] * count
    response = await client.post("/test/readings", json={"items": items})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items"


def test_pointers_escape_per_rfc_6901() -> None:
    assert pointer_to("items", 3, "a/b~c") == "/items/3/a~1b~0c"

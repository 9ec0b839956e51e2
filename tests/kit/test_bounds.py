"""Values a database would refuse are a 422 naming the field, alike on SQLite and PostgreSQL,
and nothing is written."""

from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.plans.test_authoring import SignIn, draft_plan
from uplift.models import AuditEvent, Plan

NEW_PLAN = {"year": 2031, "title": "120年度計畫", "issuer": "MOEACA"}
BEYOND_INTEGER = [2**31, 2**63, 2**64]


async def writes(session: AsyncSession) -> int:
    """Every write is audited: an unchanged count means nothing was written."""
    return await session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def assert_invalid(response: Response, field: str, location: str, error_type: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:uplift:problem:validation"
    assert [(e["field"], e["location"], e["type"]) for e in problem["errors"]] == [
        (field, location, error_type)
    ]


@pytest.mark.parametrize("value", BEYOND_INTEGER)
async def test_an_id_beyond_the_column_is_422_in_a_path(client: AsyncClient, value: int) -> None:
    for url, field in [
        (f"/api/v1/plans/{value}", "plan_id"),
        (f"/api/v1/measures/{value}", "measure_id"),
        (f"/api/v1/plans/1/revisions/{value}", "number"),
    ]:
        assert_invalid(await client.get(url), field, "path", "less_than_equal")


@pytest.mark.parametrize("value", BEYOND_INTEGER)
async def test_an_id_beyond_the_column_is_422_in_a_query(client: AsyncClient, value: int) -> None:
    for parameter in ("plan_id", "dimension", "strategy"):
        response = await client.get("/api/v1/measures", params={parameter: value})
        assert_invalid(response, parameter, "query", "less_than_equal")


@pytest.mark.parametrize("value", BEYOND_INTEGER)
async def test_an_id_or_position_beyond_the_column_is_422_in_a_body(
    sign_in: SignIn, session: AsyncSession, value: int
) -> None:
    async with draft_plan(sign_in) as (http, made):
        before = await writes(session)
        measure = made["measure"]["id"]
        indicator = {"name": "件數", "comparison": "report_only", "frequency": "yearly"}
        attached = await http.post(
            f"/api/v1/measures/{measure}/indicators", json={**indicator, "sub_item_id": value}
        )
        placed = await http.post(
            f"/api/v1/plans/{made['plan']['id']}/dimensions",
            json={"code": "二", "name": "便民服務", "position": value},
        )
        assert_invalid(attached, "sub_item_id", "body", "less_than_equal")
        assert_invalid(placed, "position", "body", "less_than_equal")
        assert await writes(session) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_PLAN, "title": "計畫\x00"}, "title"),
        ({**NEW_PLAN, "objectives": "\x00"}, "objectives"),
        ({**NEW_PLAN, "core_values": ["公開", "\x00"]}, "core_values.1"),
        ({**NEW_PLAN, "issuer": "MOEA\x00"}, "issuer"),
    ],
)
async def test_a_nul_character_is_422_in_a_body(
    sign_in: SignIn, session: AsyncSession, body: dict[str, Any], field: str
) -> None:
    async with sign_in("reviewer") as http:
        before = await writes(session)
        response = await http.post("/api/v1/plans", json=body, headers={"Accept-Language": "en"})
        assert_invalid(response, field, "body", "nul_character")
        assert response.json()["errors"][0]["message"] == "Text must not contain NUL characters"
        assert await writes(session) == before


@pytest.mark.parametrize("parameter", ["q", "organization"])
async def test_a_nul_character_is_422_in_a_query(client: AsyncClient, parameter: str) -> None:
    response = await client.get("/api/v1/measures", params={parameter: "電子\x00發票"})
    assert_invalid(response, parameter, "query", "nul_character")
    assert response.json()["errors"][0]["message"] == "不可包含 NUL 字元"


@pytest.mark.parametrize("day", ["1911-12-31", "1800-01-01", "0001-01-01", "10000-01-01"])
async def test_a_date_outside_1912_to_9999_is_422(
    sign_in: SignIn, session: AsyncSession, day: str
) -> None:
    async with sign_in("reviewer") as http:
        before = await writes(session)
        created = await http.post("/api/v1/plans", json={**NEW_PLAN, "report_due_date": day})
        amended = await http.post(
            "/api/v1/plans/1/amendments", json={"reason": "修正", "amended_on": day}
        )
        assert_invalid(created, "report_due_date", "body", "value_error")
        assert_invalid(amended, "amended_on", "body", "value_error")
        assert await writes(session) == before


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1911-12-31T00:00:00Z"]
)
async def test_a_timestamp_outside_1912_to_9999_is_422(
    sign_in: SignIn, session: AsyncSession, moment: str
) -> None:
    async with sign_in("admin") as http:
        before = await writes(session)
        token = await http.post(
            "/api/v1/tokens",
            json={"name": "營業處系統", "scopes": ["plans:read"], "expires_at": moment},
        )
        events = await http.get("/api/v1/audit-events", params={"since": moment})
        assert_invalid(token, "expires_at", "body", "timestamp_out_of_range")
        assert_invalid(events, "since", "query", "timestamp_out_of_range")
        assert await writes(session) == before


async def test_a_timestamp_without_its_offset_is_422(sign_in: SignIn) -> None:
    async with sign_in("admin") as http:
        response = await http.get("/api/v1/audit-events", params={"until": "2026-01-01T00:00"})
    assert_invalid(response, "until", "query", "timezone_aware")


@pytest.mark.parametrize(
    ("change", "field", "error_type"),
    [
        ({"objectives": "目" * 10_001}, "objectives", "string_too_long"),
        ({"core_values": ["原" * 2001]}, "core_values.0", "string_too_long"),
        ({"core_values": ["公開"] * 51}, "core_values", "too_long"),
        ({"title": "題" * 301}, "title", "string_too_long"),
    ],
)
async def test_text_beyond_its_bound_is_422(
    sign_in: SignIn, session: AsyncSession, change: dict[str, Any], field: str, error_type: str
) -> None:
    async with draft_plan(sign_in) as (http, made):
        before = await writes(session)
        url = f"/api/v1/plans/{made['plan']['id']}"
        etag = (await http.get(url)).headers["etag"]
        response = await http.patch(url, json=change, headers={"If-Match": etag})
        assert_invalid(response, field, "body", error_type)
        assert await writes(session) == before


async def test_a_measure_names_at_most_50_owners(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        response = await http.post(
            f"/api/v1/strategies/{made['strategy']['id']}/measures",
            json={"text": "共同辦理。", "organizations": ["TAIWATER"] * 51},
        )
    assert_invalid(response, "organizations", "body", "too_long")


async def test_a_stored_date_before_1912_never_breaks_a_page(
    client: AsyncClient, session: AsyncSession
) -> None:
    # Written before the bounds on input existed, or straight into the database.
    await session.execute(update(Plan).where(Plan.id == 1).values(report_due_date=date(1900, 1, 1)))
    plan = await client.get("/api/v1/plans/1")
    plans = await client.get("/api/v1/plans")
    assert plan.status_code == plans.status_code == 200
    assert plan.json()["report_due_date_roc"] == "民國前12年1月1日"
    assert plans.json()["items"][0]["report_due_date_roc"] == "民國前12年1月1日"


def test_every_string_and_integer_a_caller_sends_is_bounded(app: FastAPI) -> None:
    """The contract shows a maximum for every integer and a maxLength for every string a
    caller sends, so a new field cannot reach the database unbounded. An uploaded file's
    bytes (`contentMediaType`) are bounded by its route's body limit, a 413 in its contract."""
    document = app.openapi()
    unbounded = [
        where
        for where, schema in _sent_schemas(document)
        if (schema.get("type") == "integer" and "maximum" not in schema)
        or (
            schema.get("type") == "string"
            and not {"maxLength", "enum", "format", "pattern", "const", "contentMediaType"}
            & schema.keys()
        )
    ]
    assert unbounded == []


# Conditional request headers are compared with an ETag, never stored; the server's header
# size limit bounds them.
COMPARED_ONLY = {"If-Match", "If-None-Match"}


def _sent_schemas(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    components = document["components"]["schemas"]

    def walk(where: str, schema: dict[str, Any]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            walk(f"{where}>{name}", components[name])
            return
        found.append((where, schema))
        for key, child in schema.get("properties", {}).items():
            walk(f"{where}.{key}", child)
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                walk(f"{where}[]", schema[key])
        for key in ("anyOf", "oneOf", "allOf"):
            if {"type": "number"} in schema.get(key, []):
                continue  # a decimal, as a number or its string: bounded by max_digits
            for child in schema.get(key, []):
                walk(where, child)

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in COMPARED_ONLY:
                    continue
                walk(f"{method} {path} {parameter['name']}", parameter["schema"])
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(f"{method} {path} body", content["schema"])
    return found

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

# These tests add routes to the app they are given: each gets one of its own.
pytestmark = pytest.mark.own_app


async def test_unknown_route_is_a_problem_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nowhere", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == "en"
    assert response.json() == {
        "type": "urn:uplift:problem:not-found",
        "title": "Not found",
        "status": 404,
        "detail": "There is nothing at /api/v1/nowhere",
        "instance": "/api/v1/nowhere",
        "errors": [],
    }


async def test_wrong_method_is_a_problem_405(client: AsyncClient) -> None:
    response = await client.delete("/api/v1/plans")
    assert response.status_code == 405
    assert response.json()["title"] == "不允許的方法"


async def test_validation_errors_speak_zh_tw_by_default(client: AsyncClient) -> None:
    response = await client.get("/api/v1/measures", params={"page_size": 500})
    problem = response.json()
    assert problem["title"] == "輸入內容有誤"
    assert problem["detail"] == "請修正：page_size"
    assert problem["errors"][0]["message"] == "必須小於或等於 100"
    assert response.headers["content-language"] == "zh-TW"


async def test_validation_errors_speak_english_when_asked(client: AsyncClient) -> None:
    response = await client.get(
        "/api/v1/measures", params={"page_size": 500}, headers={"Accept-Language": "en-GB"}
    )
    problem = response.json()
    assert problem["title"] == "Invalid input"
    assert problem["errors"][0]["message"] == "Input should be less than or equal to 100"


async def test_an_unexpected_error_is_a_problem_500_without_internals(app: FastAPI) -> None:
    @app.get("/api/v1/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret" not in response.text
    assert response.json()["title"] == "伺服器內部錯誤"


async def test_a_constraint_race_is_a_409_and_a_busy_database_a_503(app: FastAPI) -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    @app.get("/api/v1/race")
    async def race() -> None:
        raise IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed"))

    @app.get("/api/v1/busy")
    async def busy() -> None:
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        race_response = await http.get("/api/v1/race")
        busy_response = await http.get("/api/v1/busy")
    assert race_response.status_code == 409
    assert race_response.headers["content-type"] == "application/problem+json"
    assert busy_response.status_code == 503
    assert busy_response.headers["retry-after"] == "2"

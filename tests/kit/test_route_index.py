"""A request is matched only against the routes its path's first segment can match, and
answers exactly as FastAPI's own router would."""

from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from httpx import AsyncClient

from uplift.auth.policy import ANYONE
from uplift.auth.subject import Subject
from uplift.kit.route_index import RouteIndex

# These tests add routes to the app they are given: each gets one of its own.
pytestmark = pytest.mark.own_app


@pytest.fixture
def routes_tried(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    tried: list[str] = []
    original = APIRoute.matches

    def matches(route: APIRoute, scope: Any) -> Any:
        tried.append(route.path)
        return original(route, scope)

    monkeypatch.setattr(APIRoute, "matches", matches)
    yield tried


def index_of(app: FastAPI) -> RouteIndex:
    index = app.router.middleware_stack
    assert isinstance(index, RouteIndex)
    return index


async def test_the_health_check_is_matched_against_its_own_route_alone(
    app: FastAPI, client: AsyncClient
) -> None:
    assert (await client.get("/api/v1/healthz")).status_code == 200
    paths = [context.path_format for context in index_of(app).candidates("/api/v1/healthz")]
    assert paths == ["/api/v1/healthz"]  # not the hundred routes of the domains before it


async def test_a_path_is_tried_only_against_the_routes_of_its_first_segment(
    app: FastAPI, client: AsyncClient
) -> None:
    await client.get("/api/v1/healthz")
    index = index_of(app)
    strategies = {context.path_format for context in index.candidates("/api/v1/strategies/3")}
    assert strategies and all(path.startswith("/api/v1/strategies") for path in strategies)
    assert not index.candidates("/api/v1/plansx")
    assert not index.candidates("/docs")


async def test_the_router_is_not_walked_when_the_index_matches(
    client: AsyncClient, routes_tried: list[str]
) -> None:
    assert (await client.get("/api/v1/healthz")).status_code == 200
    assert routes_tried == []  # the index matched it: FastAPI's router never ran


async def test_path_parameters_reach_the_route(client: AsyncClient) -> None:
    plans = (await client.get("/api/v1/plans")).json()["items"]
    plan = await client.get(f"/api/v1/plans/{plans[0]['id']}")
    assert plan.status_code == 200
    assert plan.json()["id"] == plans[0]["id"]
    not_a_number = await client.get("/api/v1/plans/abc/tree")
    assert not_a_number.status_code == 422
    assert not_a_number.json()["errors"][0]["field"] == "plan_id"


async def test_unknown_paths_and_wrong_methods_answer_as_before(client: AsyncClient) -> None:
    missing = await client.get("/api/v1/nothing-here")
    wrong_method = await client.delete("/api/v1/healthz")
    assert missing.status_code == 404
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "GET, HEAD"
    assert missing.headers["content-type"] == "application/problem+json"


async def test_a_route_added_after_the_first_request_is_served(
    app: FastAPI, client: AsyncClient
) -> None:
    assert (await client.get("/api/v1/healthz")).status_code == 200

    @app.get("/api/v1/healthz/late")
    async def late(_: Annotated[Subject, Depends(ANYONE)]) -> dict[str, str]:
        return {"late": "yes"}

    answer = await client.get("/api/v1/healthz/late")
    assert answer.status_code == 200
    assert answer.json() == {"late": "yes"}

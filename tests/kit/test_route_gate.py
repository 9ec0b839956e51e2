"""A request is matched only against the routes of the domain its path belongs to."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx import AsyncClient

from uplift.kit.route_gate import DomainGate
from uplift.main import API_PREFIX
from uplift.structure.endpoints import router as structure_router


@pytest.fixture
def routes_tried(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    tried: list[str] = []
    original = APIRoute.matches

    def matches(route: APIRoute, scope: Any) -> Any:
        tried.append(route.path)
        return original(route, scope)

    monkeypatch.setattr(APIRoute, "matches", matches)
    yield tried


async def test_the_health_check_is_matched_against_its_own_route_alone(
    app: FastAPI, client: AsyncClient, routes_tried: list[str]
) -> None:
    assert (await client.get("/api/v1/healthz")).status_code == 200
    assert set(routes_tried) == {"/healthz"}  # not the fifty routes of the domains before it


def test_a_gate_admits_every_first_segment_of_its_domain_and_nothing_else() -> None:
    gate = DomainGate(structure_router, mounted_at=API_PREFIX)
    assert gate.admits("/api/v1/plans/1/dimensions")
    assert gate.admits("/api/v1/dimensions/3")
    assert gate.admits("/api/v1/strategies")
    assert not gate.admits("/api/v1/measures/3")
    assert not gate.admits("/api/v1/plansx")


async def test_unknown_paths_and_wrong_methods_answer_as_before(client: AsyncClient) -> None:
    missing = await client.get("/api/v1/nothing-here")
    wrong_method = await client.delete("/api/v1/healthz")
    assert missing.status_code == 404
    assert wrong_method.status_code == 405
    assert missing.headers["content-type"] == "application/problem+json"

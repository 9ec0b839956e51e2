import json
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import REPO_ROOT
from uplift.auth.policy import Policy, policies_of
from uplift.kit.routes import api_routes
from uplift.main import openapi_json


def test_committed_openapi_document_matches_the_code(app: FastAPI) -> None:
    committed = (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    assert committed == openapi_json(app), "openapi/openapi.json is stale: run `make openapi`"


def test_every_operation_is_documented(app: FastAPI) -> None:
    document = json.loads(openapi_json(app))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), f"{where} has no summary"
            assert operation.get("tags"), f"{where} has no tag"
            assert operation["operationId"].isidentifier(), f"{where}: unreadable operation id"
            successes = [code for code in operation["responses"] if code.startswith("2")]
            assert successes, f"{where} documents no success"
            validated = [p for p in operation.get("parameters", []) if p["in"] != "header"]
            assert "422" in operation["responses"] or not validated, where


async def test_the_served_document_and_swagger_ui_answer(client: AsyncClient) -> None:
    document = await client.get("/openapi.json")
    assert document.json()["info"]["title"] == "Uplift"
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "SwaggerUIBundle" in docs.text


def _operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any], Policy]]:
    """Each documented API operation with the Policy its route depends on."""
    document = json.loads(openapi_json(app))
    found = []
    for route in api_routes(app):
        (policy,) = policies_of(route.dependant)
        for method in sorted(route.methods):
            found.append(
                (method, route.path, document["paths"][route.path][method.lower()], policy)
            )
    return found


def test_who_may_call_is_documented_from_the_policy(app: FastAPI) -> None:
    operations = _operations(app)
    assert operations
    for method, path, operation, policy in operations:
        where = f"{method} {path}"
        assert "401" in operation["responses"], f"{where}: a bad token is refused anywhere"
        if policy.public:
            assert operation["security"] == [{}, {"APIToken": []}], f"{where} needs no token"
        else:
            assert operation["security"] == [{"APIToken": []}], where
            assert "403" in operation["responses"], where


def test_reads_are_conditional_and_writes_guarded_in_the_contract(app: FastAPI) -> None:
    for method, path, operation, policy in _operations(app):
        where = f"{method} {path}"
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method == "GET":
            assert "If-None-Match" in headers and "304" in operation["responses"], where
        elif policy.guards_writes:
            assert "If-Match" in headers, where
            assert {"412", "428"} <= set(operation["responses"]), where
        for status, response in operation["responses"].items():
            if status >= "400":
                assert list(response["content"]) == ["application/problem+json"], where

import json
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import REPO_ROOT
from uplift.auth.policy import Policy, Unconditional, policies_of
from uplift.kit.if_match import guards_with_if_match
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


def test_every_success_says_what_comes_back(app: FastAPI) -> None:
    """A route that answers with a ready-made Response still declares its model, so the
    contract and the code say the same thing."""
    document = json.loads(openapi_json(app))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if not status.startswith("2") or status == "204":
                    continue
                where = f"{method.upper()} {path} {status}"
                assert response.get("content"), where
                for media_type, content in response["content"].items():
                    assert content.get("schema"), f"{where} {media_type}"


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
        if isinstance(policy, Unconditional):  # the health check reads no credentials
            assert operation["security"] == [{}], where
            assert "401" not in operation["responses"], where
            continue
        assert "401" in operation["responses"], f"{where}: a bad token is refused anywhere"
        if policy.public:
            assert operation["security"] == [{}, {"APIToken": []}], f"{where} needs no token"
        else:
            assert operation["security"] == [{"APIToken": []}], where
            assert "403" in operation["responses"], where


def test_reads_are_conditional_and_writes_guarded_in_the_contract(app: FastAPI) -> None:
    guarded = {(method, route.path) for method, route in _if_match_routes(app)}
    assert guarded
    for method, path, operation, _ in _operations(app):
        where = f"{method} {path}"
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method == "GET":
            assert "If-None-Match" in headers and "304" in operation["responses"], where
        claims = {"412", "428"} & set(operation["responses"])
        if (method, path) in guarded:
            assert "If-Match" in headers and claims == {"412", "428"}, where
        else:
            assert "If-Match" not in headers and not claims, where
        for status, response in operation["responses"].items():
            if status >= "400":
                assert list(response["content"]) == ["application/problem+json"], where


def _if_match_routes(app: FastAPI) -> list[tuple[str, Any]]:
    return [
        (method, route)
        for route in api_routes(app)
        for method in route.methods
        if guards_with_if_match(route.dependant)
    ]


def test_only_changes_to_something_existing_claim_412_and_428(app: FastAPI) -> None:
    """A create, an adoption, a password reset or a revocation sends no ETag, so the contract
    does not say it answers 428 without one."""
    operations = {(method, path): operation for method, path, operation, _ in _operations(app)}
    for unguarded in [
        ("POST", "/api/v1/plans"),
        ("POST", "/api/v1/plans/{plan_id}/amendments/{number}/adopt"),
        ("POST", "/api/v1/users/{user_id}/password"),
        ("DELETE", "/api/v1/tokens/{token_id}"),
        ("POST", "/api/v1/strategies/{strategy_id}/measures"),
    ]:
        assert "428" not in operations[unguarded]["responses"], unguarded
    for guarded in [
        ("PATCH", "/api/v1/plans/{plan_id}"),
        ("DELETE", "/api/v1/dimensions/{dimension_id}"),
        ("PATCH", "/api/v1/measures/{measure_id}"),
        ("PATCH", "/api/v1/users/{user_id}"),
    ]:
        parameters = operations[guarded]["parameters"]
        (if_match,) = [p for p in parameters if p["name"] == "If-Match"]
        assert if_match["required"] is False, guarded  # a missing one is our 428, not a 422
        assert {"412", "428"} <= set(operations[guarded]["responses"]), guarded

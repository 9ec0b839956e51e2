import json

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import REPO_ROOT
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
            assert "422" in operation["responses"] or not operation.get("parameters"), where


async def test_the_served_document_and_swagger_ui_answer(client: AsyncClient) -> None:
    document = await client.get("/openapi.json")
    assert document.json()["info"]["title"] == "Uplift"
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "SwaggerUIBundle" in docs.text

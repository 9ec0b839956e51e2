"""Every response, from the API, the web app and Swagger UI alike, carries the browser
hygiene headers; the server that `uplift serve` starts names no software."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import REPO_ROOT
from uplift.config import Settings
from uplift.kit.db import get_session
from uplift.kit.security_headers import page_sources

SPA_INDEX = '<!doctype html><title>Uplift</title><script type="module" src="/assets/app.js">'


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The real application, here with a built web app and its local copy of Swagger UI."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(SPA_INDEX, encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "swagger-ui").mkdir()
    (tmp_path / "swagger-ui" / "swagger-ui-bundle.js").write_text("//", encoding="utf-8")
    return Settings(database_url=database_url, frontend_dist=tmp_path)


def assert_hygienic(response: httpx.Response) -> None:
    where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy, where
    assert "default-src 'self'" in policy, where
    assert "'unsafe-inline'" not in _directive(policy, "script-src"), where
    assert response.headers.get("x-content-type-options") == "nosniff", where
    assert response.headers.get("referrer-policy") == "no-referrer", where
    assert "server" not in response.headers, where


def _directive(policy: str, name: str) -> str:
    return next((d for d in policy.split(";") if d.strip().startswith(name)), "")


async def test_every_kind_of_response_carries_the_headers(
    app: FastAPI, client: AsyncClient
) -> None:
    plans = await client.get("/api/v1/plans")
    responses = [
        plans,
        await client.get("/api/v1/plans", headers={"If-None-Match": plans.headers["etag"]}),
        await client.head("/api/v1/plans"),
        await client.get("/api/v1/plans/999999"),
        await client.post("/api/v1/plans", json={}),
        await client.get("/openapi.json"),
        await client.get("/docs"),
        await client.get("/"),
        await client.get("/plans/1"),
        await client.get("/assets/app.js"),
        await client.get("/assets/gone-1234.js"),
        await _a_bug(app, client),
    ]
    assert [r.status_code for r in responses] == [
        200, 304, 200, 404, 401, 200, 200, 200, 200, 200, 404, 500,
    ]  # fmt: skip
    for response in responses:
        assert_hygienic(response)


async def _a_bug(app: FastAPI, client: AsyncClient) -> httpx.Response:
    """A 500: Starlette answers it from outside every middleware that add_middleware adds."""

    async def broken() -> None:
        raise RuntimeError("a bug")

    app.dependency_overrides[get_session] = broken
    return await client.get("/api/v1/plans")


async def test_swagger_ui_runs_its_inline_script_by_hash_only(client: AsyncClient) -> None:
    docs = await client.get("/docs")
    (script,) = re.findall(r"<script>(.*?)</script>", docs.text, re.DOTALL)
    assert "SwaggerUIBundle(" in script
    script_src = _directive(docs.headers["content-security-policy"], "script-src").split()
    assert script_src == ["script-src", "'self'", *page_sources(docs.text)]
    assert not any(source.startswith("https://") for source in script_src)  # a local copy


async def test_redoc_is_not_served_from_a_cdn(client: AsyncClient) -> None:
    redoc = await client.get("/redoc")
    assert redoc.text == SPA_INDEX  # the web app's page for an unknown address, not ReDoc


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`uplift serve` as run.sh and `make run` start it."""
    port = _free_port()
    env = {**os.environ, "UPLIFT_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uplift", "serve", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_uplift_serve_sends_no_server_banner(served: str) -> None:
    deadline = time.monotonic() + 60  # a loaded machine starts slowly
    while True:
        try:
            response = httpx.get(f"{served}/openapi.json")
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    assert response.status_code == 200
    assert_hygienic(response)

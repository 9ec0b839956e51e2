"""Request bodies are refused with 413 while they arrive, never buffered whole."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from tests.plans.test_authoring import SignIn
from uplift.config import Settings

LIMIT = 64 * 1024
IMPORT_LIMIT = 256 * 1024
CHUNK = 16 * 1024
TWENTY_MB = 20 * 1024 * 1024


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        frontend_dist=tmp_path / "no-frontend",
        max_body_bytes=LIMIT,
        import_max_bytes=IMPORT_LIMIT,
    )


class CountedBody:
    """A body streamed in chunks, remembering how much of it the server asked for."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.size:
            self.sent += CHUNK
            yield b"[" + b" " * (CHUNK - 2) + b"]"


def assert_too_large(response: Any, limit_text: str) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["status"]) == ("urn:uplift:problem:content-too-large", 413)
    assert (
        problem["detail"]
        == f"The request body is larger than the {limit_text} this address accepts"
    )


async def plan_count(http: AsyncClient) -> int:
    total: int = (await http.get("/api/v1/plans")).json()["total"]
    return total


@pytest.mark.parametrize(
    ("declared", "most_read"),
    [
        ({"Content-Length": str(TWENTY_MB)}, CHUNK),  # refused before a byte is read
        ({}, LIMIT + 2 * CHUNK),  # chunked, no length: cut off once past the limit
    ],
)
async def test_a_20_mb_body_is_refused_before_it_is_buffered(
    sign_in: SignIn, declared: dict[str, str], most_read: int
) -> None:
    async with sign_in("reviewer") as http:
        before = await plan_count(http)
        body = CountedBody(TWENTY_MB)
        response = await http.post(
            "/api/v1/plans",
            content=body,
            headers={"Content-Type": "application/json", "Accept-Language": "en", **declared},
        )
        assert ("content-length" in response.request.headers) == bool(declared)
        assert_too_large(response, "0.0625 MB")
        assert body.sent <= most_read
        assert await plan_count(http) == before


async def test_the_plan_import_has_its_own_larger_limit(sign_in: SignIn) -> None:
    async with sign_in("reviewer") as http:
        before = await plan_count(http)
        within = await http.post(
            "/api/v1/plans/import",
            content=CountedBody(LIMIT * 2),
            headers={"Content-Type": "application/json", "Accept-Language": "en"},
        )
        beyond = await http.post(
            "/api/v1/plans/import",
            content=CountedBody(TWENTY_MB),
            headers={"Content-Type": "application/json", "Accept-Language": "en"},
        )
        assert within.status_code == 422  # read and parsed: not a plan, but not too large
        assert_too_large(beyond, "0.25 MB")
        assert await plan_count(http) == before


async def test_the_refusal_speaks_zh_tw_by_default(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", content=b"{" + b" " * LIMIT + b"}")
    assert response.status_code == 413
    assert response.json()["detail"] == "請求內容超過此網址接受的 0.0625 MB"

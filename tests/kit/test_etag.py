from collections.abc import AsyncIterator

from httpx import ASGITransport, AsyncClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from uplift.kit.etag import ETagMiddleware


async def test_reads_carry_an_etag_and_answer_304_when_unchanged(client: AsyncClient) -> None:
    first = await client.get("/api/v1/plans/1/tree")
    etag = first.headers["etag"]
    assert etag.startswith('"') and len(etag) == 34  # strong: If-Match compares it
    again = await client.get("/api/v1/plans/1/tree", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


async def test_a_stale_etag_gets_the_full_body(client: AsyncClient) -> None:
    response = await client.get("/api/v1/plans/1", headers={"If-None-Match": 'W/"stale"'})
    assert response.status_code == 200
    assert response.json()["id"] == 1


async def test_different_representations_have_different_etags(client: AsyncClient) -> None:
    zh = await client.get("/api/v1/measures", params={"organization": "CPC"})
    water = await client.get("/api/v1/measures", params={"organization": "TAIWATER"})
    assert zh.headers["etag"] != water.headers["etag"]


async def test_errors_carry_no_etag(client: AsyncClient) -> None:
    response = await client.get("/api/v1/plans/999")
    assert "etag" not in response.headers


async def test_head_answers_like_get_without_the_body(client: AsyncClient) -> None:
    get = await client.get("/api/v1/plans/1")
    head = await client.head("/api/v1/plans/1")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == get.headers["content-length"]
    assert (await client.head("/api/v1/plans/999")).status_code == 404


async def _two_chunks() -> AsyncIterator[bytes]:
    for part in (b"first ", b"second"):
        yield part


async def _tagged(request: Request) -> Response:
    return StreamingResponse(_two_chunks(), headers={"ETag": '"abc"'})


async def test_a_streamed_response_with_its_own_etag_keeps_it_and_answers_304() -> None:
    app = ETagMiddleware(Starlette(routes=[Route("/api/file", _tagged)]))
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
        whole = await http.get("/api/file")
        assert (whole.content, whole.headers["etag"]) == (b"first second", '"abc"')
        assert whole.headers["cache-control"] == "no-cache"
        cached = await http.get("/api/file", headers={"If-None-Match": '"abc"'})
        assert (cached.status_code, cached.content) == (304, b"")

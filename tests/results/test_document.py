"""The results report's document: an upload the enterprise attaches, downloaded by whoever
may read the version naming it (the enterprise its own; reviewers once submitted)."""

from datetime import date

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.results.conftest import World
from uplift.kit.clock import taipei_today

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def on_today(app: FastAPI) -> None:
    app.dependency_overrides[taipei_today] = lambda: date(2030, 6, 1)


async def _save(client: AsyncClient, world: World, headers: dict[str, str], body: object) -> int:
    read = await client.get(world.url(), headers=world.reporter)
    saved = await client.put(
        world.url(), json=body, headers={**headers, "If-Match": read.headers["ETag"]}
    )
    return saved.status_code


async def test_the_document_is_attached_and_read_with_the_report(
    client: AsyncClient, world: World
) -> None:
    upload = await client.post(
        "/api/v1/evidence-files",
        headers=world.reporter,
        files={"file": ("成果報告.pdf", PDF, "application/pdf")},
    )
    assert upload.status_code == 201, upload.text
    file_id = upload.json()["id"]
    assert (
        await _save(client, world, world.reporter, world.body() | {"document_file_id": file_id})
        == 200
    )
    mine = (await client.get(world.url(), headers=world.reporter)).json()
    document = mine["current"]["document"]
    assert (document["id"], document["filename"]) == (file_id, "成果報告.pdf")
    download = document["download_url"]
    assert (await client.get(download, headers=world.reporter)).content == PDF
    assert (await client.get(download, headers=world.reviewer)).status_code == 404  # a draft
    assert (await client.get(download, headers=world.other_reporter)).status_code == 404
    read = await client.get(world.url(), headers=world.reporter)
    submitted = await client.post(
        world.url(action="submit"), headers={**world.reporter, "If-Match": read.headers["ETag"]}
    )
    assert submitted.status_code == 200, submitted.text
    assert (await client.get(download, headers=world.reviewer)).content == PDF
    assert (await client.get(download, headers=world.other_reporter)).status_code == 404


async def test_a_file_the_enterprise_may_not_read_is_refused(
    client: AsyncClient, world: World
) -> None:
    theirs = await client.post(
        "/api/v1/evidence-files",
        headers=world.other_reporter,
        files={"file": ("別人的.pdf", PDF, "application/pdf")},
    )
    for file_id in (theirs.json()["id"], 999_999):
        read = await client.get(world.url(), headers=world.reporter)
        refused = await client.put(
            world.url(),
            json=world.body() | {"document_file_id": file_id},
            headers={**world.reporter, "If-Match": read.headers["ETag"]},
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "document_file_id"
    assert (await client.get(world.url(), headers=world.reporter)).json()["id"] is None

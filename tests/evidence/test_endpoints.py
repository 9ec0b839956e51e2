"""Evidence files: uploaded by an enterprise, named in its reports, downloaded by whoever may
read those reports and by nobody else; a refused or failed upload leaves no row and no file."""

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.evidence.conftest import MAX_BYTES
from tests.progress.conftest import World, item
from uplift.evidence import service
from uplift.kit.db import get_session, undo_outside_database
from uplift.models import ProgressReport, StoredFile

FILES = "/api/v1/evidence-files"
REPORTS = "/api/v1/progress-reports"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _form(data: bytes = PDF, filename: str = "測試紀錄.pdf") -> dict[str, Any]:
    return {"files": {"file": (filename, data, "application/pdf")}}


async def _count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def _on_disk(storage: Path) -> list[Path]:
    return [p for p in storage.rglob("*") if p.is_file()] if storage.exists() else []


async def _upload(client: AsyncClient, headers: dict[str, str], **form: Any) -> dict[str, Any]:
    response = await client.post(FILES, headers=headers, **_form(**form))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_reporter_uploads_a_file_kept_by_its_sha256(
    client: AsyncClient, storage: Path, reporter: dict[str, str]
) -> None:
    body = await _upload(client, reporter)
    sha = hashlib.sha256(PDF).hexdigest()
    assert (body["sha256"], body["size"], body["media_type"]) == (sha, len(PDF), "application/pdf")
    assert body["filename"] == "測試紀錄.pdf"
    assert body["download_url"] == f"{FILES}/{body['id']}"
    assert _on_disk(storage) == [storage / sha[:2] / sha]
    again = await _upload(client, reporter, filename="again.pdf")  # the same bytes
    assert again["id"] != body["id"] and _on_disk(storage) == [storage / sha[:2] / sha]


async def test_the_download_is_the_bytes_with_safe_headers(
    client: AsyncClient, reporter: dict[str, str]
) -> None:
    body = await _upload(client, reporter)
    response = await client.get(body["download_url"], headers=reporter)
    assert response.status_code == 200 and response.content == PDF
    headers = response.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["ETag"] == f'"{body["sha256"]}"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, no-cache"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''%E6%B8%AC%E8%A9%A6%E7%B4%80%E9%8C%84.pdf"
        in headers["Content-Disposition"]
    )
    cached = await client.get(
        body["download_url"], headers={**reporter, "If-None-Match": headers["ETag"]}
    )
    assert cached.status_code == 304 and cached.content == b""


async def test_an_unattached_file_is_only_its_organisations(
    client: AsyncClient,
    reporter: dict[str, str],
    other_reporter: dict[str, str],
    reviewer: dict[str, str],
) -> None:
    body = await _upload(client, reporter)
    for headers in (other_reporter, reviewer):
        response = await client.get(body["download_url"], headers=headers)
        assert response.status_code == 404, response.text
    assert (await client.get(body["download_url"])).status_code == 401
    missing = await client.get(f"{FILES}/{body['id'] + 1000}", headers=reporter)
    assert missing.status_code == 404


async def test_a_report_names_files_and_links_and_the_reviewer_downloads_once_submitted(
    client: AsyncClient,
    world: World,
    reporter: dict[str, str],
    other_reporter: dict[str, str],
    reviewer: dict[str, str],
) -> None:
    uploaded = await _upload(client, reporter)
    evidence = [
        {"url": "https://example.org/a", "title": "公告", "effective_date": "119/01/05"},
        {"file_id": uploaded["id"], "title": "測試紀錄", "effective_date": "2030-02-27"},
    ]
    saved = await client.post(REPORTS, json=item(world, evidence=evidence), headers=reporter)
    assert saved.status_code == 201, saved.text
    shown = saved.json()["current"]["evidence"]
    assert [e["kind"] for e in shown] == ["link", "file"]
    assert shown[0]["url"] == "https://example.org/a" and shown[0]["file"] is None
    assert shown[1]["url"] is None and shown[1]["effective_date_roc"] == "119年2月27日"
    assert shown[1]["file"] == {
        key: uploaded[key]
        for key in ("id", "filename", "size", "media_type", "sha256", "download_url")
    }
    url = uploaded["download_url"]
    assert (await client.get(url, headers=reviewer)).status_code == 404  # still a draft
    submitted = await client.post(
        f"{REPORTS}/{saved.json()['id']}/submit",
        headers={**reporter, "If-Match": saved.headers["ETag"]},
    )
    assert submitted.status_code == 200, submitted.text
    downloaded = await client.get(url, headers=reviewer)
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == uploaded["sha256"]
    assert (await client.get(url, headers=other_reporter)).status_code == 404
    same = await client.post(REPORTS, json=item(world, evidence=evidence), headers=reporter)
    assert same.status_code == 200 and same.json()["version"] == 1  # unchanged


async def test_a_file_named_only_in_a_draft_correction_is_not_the_reviewers(
    client: AsyncClient, world: World, reporter: dict[str, str], reviewer: dict[str, str]
) -> None:
    saved = await client.post(REPORTS, json=item(world), headers=reporter)
    await client.post(
        f"{REPORTS}/{saved.json()['id']}/submit",
        headers={**reporter, "If-Match": saved.headers["ETag"]},
    )
    uploaded = await _upload(client, reporter)
    named = [{"file_id": uploaded["id"], "title": "更正", "effective_date": "2030-02-27"}]
    corrected = await client.post(REPORTS, json=item(world, evidence=named), headers=reporter)
    assert corrected.json()["version"] == 2 and corrected.json()["state"] == "draft"
    assert (await client.get(uploaded["download_url"], headers=reviewer)).status_code == 404
    assert (await client.get(uploaded["download_url"], headers=reporter)).status_code == 200


async def test_another_organisations_file_is_404_at_its_pointer_and_nothing_is_stored(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    reporter: dict[str, str],
    other_reporter: dict[str, str],
) -> None:
    foreign = await _upload(client, other_reporter)
    named = [{"file_id": foreign["id"], "title": "別人的", "effective_date": "2030-02-27"}]
    response = await client.post(REPORTS, json=item(world, evidence=named), headers=reporter)
    assert response.status_code == 404, response.text
    assert response.json()["errors"][0]["field"] == "evidence.0.file_id"
    batch = await client.post(
        f"{REPORTS}/batch",
        json={"items": [item(world, evidence=named)]},
        headers={**reporter, "Idempotency-Key": "foreign-file"},
    )
    (result,) = batch.json()["items"]
    assert result["problem"]["errors"][0]["field"] == "/items/0/evidence/0/file_id"
    assert await _count(session, ProgressReport) == 0


@pytest.mark.parametrize(
    "evidence",
    [
        {"title": "沒有", "effective_date": "2030-02-27"},
        {"url": "https://example.org/a", "file_id": 1, "title": "兩者",
         "effective_date": "2030-02-27"},
    ],
)  # fmt: skip
async def test_evidence_is_a_link_or_a_file_never_both_nor_neither(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    reporter: dict[str, str],
    evidence: dict[str, Any],
) -> None:
    response = await client.post(REPORTS, json=item(world, evidence=[evidence]), headers=reporter)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("evidence.0")
    assert await _count(session, ProgressReport) == 0


@pytest.mark.parametrize(
    ("data", "filename", "status"),
    [
        (b"MZ\x90\x00" + b"\0" * 64, "setup.exe", 422),
        (b"<html><script>alert(1)</script></html>", "report.pdf", 422),
        (b"", "empty.pdf", 422),
        (PDF + b"\0" * MAX_BYTES, "large.pdf", 413),  # past the file limit, within the body's
        (PDF, "../../etc/report.pdf", 422),
        (PDF, "a" * 252 + ".pdf", 422),
    ],
)
async def test_a_refused_upload_names_the_field_and_leaves_nothing(
    client: AsyncClient,
    session: AsyncSession,
    storage: Path,
    reporter: dict[str, str],
    data: bytes,
    filename: str,
    status: int,
) -> None:
    response = await client.post(FILES, headers=reporter, **_form(data, filename))
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "file"
    assert await _count(session, StoredFile) == 0
    assert _on_disk(storage) == []


async def test_a_body_past_the_routes_limit_and_a_form_without_the_file_are_refused(
    client: AsyncClient, session: AsyncSession, storage: Path, reporter: dict[str, str]
) -> None:
    huge = PDF + b"\0" * (200 * 1024)  # past evidence_max_bytes + the form's overhead
    too_large = await client.post(FILES, headers=reporter, **_form(huge))
    assert too_large.status_code == 413
    missing = await client.post(FILES, headers=reporter, data={"other": "x"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "file"
    assert await _count(session, StoredFile) == 0 and _on_disk(storage) == []


async def test_the_limits_say_what_the_upload_takes_as_configured(
    client: AsyncClient, reporter: dict[str, str], reviewer: dict[str, str]
) -> None:
    response = await client.get(f"{FILES}/limits", headers=reporter)
    assert response.status_code == 200, response.text
    limits = response.json()
    assert limits["max_bytes"] == MAX_BYTES  # this test's configuration, not the default
    assert ".pdf" in limits["accepted"] and ".exe" not in limits["accepted"]
    # The limit it names is the one the upload enforces: one byte more is 413.
    at_limit = PDF + b"\n" * (MAX_BYTES - len(PDF))
    assert (await client.post(FILES, headers=reporter, **_form(at_limit))).status_code == 201
    over = await client.post(FILES, headers=reporter, **_form(at_limit + b"\n"))
    assert over.status_code == 413
    assert (await client.get(f"{FILES}/limits")).status_code == 401
    assert (await client.get(f"{FILES}/limits", headers=reviewer)).status_code == 403


async def test_only_reporters_and_write_tokens_upload(
    client: AsyncClient, session: AsyncSession, world: World, reviewer: dict[str, str]
) -> None:
    from tests.fixtures.tokens import bearer

    assert (await client.post(FILES, **_form())).status_code == 401
    assert (await client.post(FILES, headers=reviewer, **_form())).status_code == 403
    read_only = await bearer(session, world.reporter.user_id, ["progress:read"])
    assert (await client.post(FILES, headers=read_only, **_form())).status_code == 403
    assert await _count(session, StoredFile) == 0


@pytest.fixture
def rolling_back(app: FastAPI, session: AsyncSession) -> FastAPI:
    """The app with a request transaction that rolls back on an error, as in production."""

    async def request_session() -> AsyncIterator[AsyncSession]:
        savepoint = await session.begin_nested()
        try:
            yield session
            await savepoint.commit()
        except BaseException:
            await savepoint.rollback()
            undo_outside_database(session)
            raise

    app.dependency_overrides[get_session] = request_session
    return app


async def test_an_upload_whose_transaction_fails_leaves_no_row_and_no_file(
    rolling_back: FastAPI,
    client: AsyncClient,
    session: AsyncSession,
    storage: Path,
    reporter: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def failing(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(service.audit, "record", failing)  # after the file was placed
    response = await client.post(FILES, headers=reporter, **_form())
    assert response.status_code == 500
    assert await _count(session, StoredFile) == 0
    assert _on_disk(storage) == []

"""`uplift storage sweep`: stored files nothing names, uploaded before the cut-off, lose their
row and their file, unless another row kept has the same bytes; a dry run removes nothing."""

import hashlib
from datetime import timedelta
from pathlib import Path

from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.evidence.test_endpoints import FILES, PDF, REPORTS, _on_disk
from tests.progress.conftest import World, item
from uplift.evidence.sweep import remove_files, sweep_rows
from uplift.kit.db import utcnow
from uplift.kit.storage import FileStore
from uplift.models import AuditEvent, StoredFile

LONE = b"%PDF-1.4\n% nobody names this\n%%EOF\n"
FRESH = b"%PDF-1.4\n% uploaded a minute ago\n%%EOF\n"


async def _upload(client: AsyncClient, headers: dict[str, str], data: bytes, name: str) -> int:
    response = await client.post(
        FILES, headers=headers, files={"file": (name, data, "application/pdf")}
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _path(storage: Path, data: bytes) -> Path:
    return FileStore(storage).path_of(hashlib.sha256(data).hexdigest())


async def test_unnamed_old_files_go_row_and_file_and_shared_or_named_ones_stay(
    client: AsyncClient,
    session: AsyncSession,
    storage: Path,
    world: World,
    reporter: dict[str, str],
) -> None:
    named = await _upload(client, reporter, PDF, "named.pdf")
    twin = await _upload(client, reporter, PDF, "twin.pdf")  # the named file's bytes, unnamed
    lone = await _upload(client, reporter, LONE, "lone.pdf")
    fresh = await _upload(client, reporter, FRESH, "fresh.pdf")
    evidence = [{"file_id": named, "title": "紀錄", "effective_date": "2030-02-27"}]
    saved = await client.post(REPORTS, json=item(world, evidence=evidence), headers=reporter)
    assert saved.status_code == 201, saved.text
    two_days_ago = utcnow() - timedelta(hours=48)
    await session.execute(
        update(StoredFile)
        .where(StoredFile.id.in_([named, twin, lone]))
        .values(uploaded_at=two_days_ago)
    )
    cutoff = utcnow() - timedelta(hours=24)

    dry = await sweep_rows(session, cutoff, dry_run=True)
    assert (dry.rows, dry.files, dry.bytes_freed) == (2, 1, len(LONE))
    assert len(_on_disk(storage)) == 3
    assert set(await session.scalars(select(StoredFile.id))) >= {named, twin, lone, fresh}

    swept = await sweep_rows(session, cutoff, dry_run=False)
    assert (swept.rows, swept.files, swept.bytes_freed) == (2, 1, len(LONE))
    removed = await remove_files(session, FileStore(storage), swept)
    assert (removed.files, removed.bytes_freed) == (1, len(LONE))
    left = set(await session.scalars(select(StoredFile.id)))
    assert named in left and fresh in left and twin not in left and lone not in left
    # The twin's bytes are the named row's file: it stays; the lone file is gone.
    assert _path(storage, PDF).exists() and _path(storage, FRESH).exists()
    assert not _path(storage, LONE).exists()
    audited = await session.scalars(
        select(AuditEvent.object_id).where(AuditEvent.action == "sweep")
    )
    assert sorted(audited) == sorted([str(twin), str(lone)])
    # A second sweep finds nothing more.
    again = await sweep_rows(session, cutoff, dry_run=False)
    assert (again.rows, again.files, again.bytes_freed) == (0, 0, 0)


async def test_a_file_a_new_row_took_meanwhile_is_not_removed(
    client: AsyncClient, session: AsyncSession, storage: Path, reporter: dict[str, str]
) -> None:
    old = await _upload(client, reporter, LONE, "old.pdf")
    await session.execute(
        update(StoredFile)
        .where(StoredFile.id == old)
        .values(uploaded_at=utcnow() - timedelta(days=3))
    )
    swept = await sweep_rows(session, utcnow() - timedelta(hours=24), dry_run=False)
    assert swept.files == 1
    await _upload(client, reporter, LONE, "again.pdf")  # the same bytes, after the rows went
    removed = await remove_files(session, FileStore(storage), swept)
    assert (removed.files, removed.bytes_freed) == (0, 0)
    assert _path(storage, LONE).exists()

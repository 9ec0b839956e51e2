"""Sweeping the storage directory: stored files that nothing names, uploaded before a cut-off,
lose their row and, when no other row has the same bytes, their file (`uplift storage sweep`).

A file is named by a progress report version's evidence (`EvidenceFile`), a results report
version's document (`ResultsVersion.document_file_id`) or a follow-up answer's evidence
(`FollowUpEvidence`). Files are content-addressed, so one file on disk may stand for several
rows: it stays while any row that is kept has its SHA-256.

Rows go first, in one transaction, each audited; files go only after that commits, and
each is looked up again just before it is removed, so a row that came meanwhile with the
same bytes keeps its file. An upload that arrives after that check and finds the file still
there would not place its own copy: the cut-off (a day by default) is what makes that race
theoretical, as no upload takes that long and a fresh upload is never swept.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import anyio
from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.evidence.service import out
from uplift.kit.storage import FileStore
from uplift.models import EvidenceFile, FollowUpEvidence, ResultsVersion, StoredFile

SWEEPER = Subject(kind="system", label="uplift storage sweep")


@dataclass
class Sweep:
    """What a sweep removed, or would remove on a dry run."""

    rows: int = 0
    files: int = 0
    bytes_freed: int = 0
    # The files whose rows went: each is removed after the rows' transaction commits.
    unnamed_files: dict[str, int] = field(default_factory=dict)  # sha256 → size


def _unnamed() -> list[ColumnElement[bool]]:
    """No report version, results report or follow-up answer names the file's row."""
    return [
        ~select(EvidenceFile.id).where(EvidenceFile.file_id == StoredFile.id).exists(),
        ~select(ResultsVersion.id).where(ResultsVersion.document_file_id == StoredFile.id).exists(),
        ~select(FollowUpEvidence.id).where(FollowUpEvidence.file_id == StoredFile.id).exists(),
    ]


async def sweep_rows(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> Sweep:
    """Delete (unless a dry run) the rows of files nothing names, uploaded before `cutoff`;
    answers them and the files no kept row shares. Flushes, never commits."""
    rows = (
        await session.scalars(
            select(StoredFile)
            .where(StoredFile.uploaded_at < cutoff, *_unnamed())
            .order_by(StoredFile.id)
        )
    ).all()
    ids = [row.id for row in rows]
    shas = {row.sha256 for row in rows}
    shared = set(
        (
            await session.scalars(
                select(StoredFile.sha256).where(
                    StoredFile.sha256.in_(shas), StoredFile.id.not_in(ids)
                )
            )
        ).all()
    )
    result = Sweep(rows=len(rows))
    for row in rows:
        if row.sha256 not in shared:
            result.unnamed_files[row.sha256] = row.size
    result.files = len(result.unnamed_files)
    result.bytes_freed = sum(result.unnamed_files.values())
    if dry_run or not rows:
        return result
    for row in rows:
        await audit.record(
            session,
            SWEEPER,
            "sweep",
            "stored_file",
            row.id,
            before=out(row).model_dump(mode="json"),
        )
    await session.execute(delete(StoredFile).where(StoredFile.id.in_(ids)))
    await session.flush()
    return result


async def remove_files(session: AsyncSession, store: FileStore, sweep: Sweep) -> Sweep:
    """After the rows' deletion committed: remove each file no row names by now. Answers the
    files actually removed and their bytes."""
    kept = set(
        (
            await session.scalars(
                select(StoredFile.sha256).where(StoredFile.sha256.in_(sweep.unnamed_files))
            )
        ).all()
    )
    removed = Sweep(rows=sweep.rows)
    for sha, size in sweep.unnamed_files.items():
        if sha in kept:
            continue
        path = store.path_of(sha)
        if await anyio.to_thread.run_sync(_unlink, path):
            removed.files += 1
            removed.bytes_freed += size
    return removed


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


async def remove_abandoned_uploads(
    store: FileStore, cutoff: datetime, *, dry_run: bool
) -> tuple[int, int]:
    """Partial uploads older than `cutoff` (kit/storage.py, incoming/): how many, and their
    bytes; removed unless a dry run."""
    found = await anyio.to_thread.run_sync(store.abandoned_uploads, cutoff)
    sizes = [path.stat().st_size for path in found]
    if not dry_run:
        for path in found:
            await anyio.to_thread.run_sync(_unlink, path)
    return len(found), sum(sizes)

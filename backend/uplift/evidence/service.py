"""Uploading an evidence file: the bytes checked and kept (kit/storage.py), a row naming
them flushed first, then the file placed; the request's rollback removes a file it placed."""

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from uplift.audit import service as audit
from uplift.auth.subject import NotPermittedError, Subject
from uplift.evidence.schemas import StoredFileOut, file_fields
from uplift.kit.db import utcnow
from uplift.kit.storage import FileStore
from uplift.models import StoredFile

FIELD = "file"


def out(row: StoredFile) -> StoredFileOut:
    return StoredFileOut(**file_fields(row), uploaded_at=row.uploaded_at)


async def upload(
    session: AsyncSession, subject: Subject, store: FileStore, upload: UploadFile, max_bytes: int
) -> StoredFileOut:
    if subject.organization_id is None:  # a reporter always has one; said for the types
        raise NotPermittedError("Only an organisation uploads evidence", "僅機關可上傳佐證檔案")
    received = await store.receive(upload, field=FIELD, max_bytes=max_bytes)
    try:
        row = StoredFile(
            sha256=received.sha256,
            size=received.size,
            media_type=received.media_type,
            filename=received.filename,
            organization_id=subject.organization_id,
            uploaded_at=utcnow(),
            uploaded_by=subject.label[:200],
            uploaded_by_user_id=subject.user_id,
            uploaded_by_token_id=subject.token_id,
        )
        session.add(row)
        await session.flush()
    except BaseException:
        store.discard(received)
        raise
    await store.keep(session, received)
    shown = out(row)
    await audit.record(
        session, subject, "upload", "stored_file", row.id, after=shown.model_dump(mode="json")
    )
    return shown

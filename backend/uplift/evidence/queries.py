"""Reading a stored file: found only if the subject may read it (auth/visibility.py)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_stored_files
from uplift.kit.errors import ResourceNotFound
from uplift.models import StoredFile


async def readable_file(session: AsyncSession, subject: Subject, file_id: int) -> StoredFile:
    """The file, if this subject may read it; 404 otherwise, whether or not it exists."""
    row = await session.scalar(
        select(StoredFile).where(StoredFile.id == file_id, readable_stored_files(subject))
    )
    if row is None:
        raise ResourceNotFound("Evidence file", "佐證檔案", file_id)
    return row

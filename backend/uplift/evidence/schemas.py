"""What the evidence-file API answers."""

from datetime import datetime
from typing import Any

from pydantic import Field

from uplift.kit.schema import Schema
from uplift.models import StoredFile

DOWNLOAD_PATH = "/api/v1/evidence-files/{id}"


def download_url(file_id: int) -> str:
    return DOWNLOAD_PATH.format(id=file_id)


def file_fields(row: StoredFile) -> dict[str, Any]:
    """A stored file as every answer shows it, in a report's evidence as after its upload."""
    return {
        "id": row.id,
        "filename": row.filename,
        "size": row.size,
        "media_type": row.media_type,
        "sha256": row.sha256,
        "download_url": download_url(row.id),
    }


class UploadLimits(Schema):
    max_bytes: int = Field(
        description="The largest file the upload takes, in bytes (UPLIFT_EVIDENCE_MAX_BYTES); "
        "413 beyond."
    )
    accepted: list[str] = Field(
        description="The file name endings taken, lower case with the dot (.pdf …); each file "
        "is also recognised by its content."
    )


class StoredFileOut(Schema):
    id: int = Field(description="Name it as `file_id` in a report's evidence.")
    sha256: str = Field(description="Of the bytes received, in hex.")
    size: int = Field(description="In bytes.")
    media_type: str = Field(description="Found from the content, not from the upload.")
    filename: str = Field(description="As uploaded; for display only.")
    uploaded_at: datetime
    download_url: str

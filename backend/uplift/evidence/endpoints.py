"""Evidence files over HTTP: upload (multipart/form-data), then download with the
permissions of the reports that name the file."""

from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import FileResponse
from starlette.responses import Response

from uplift.auth.policy import READ_EVIDENCE, REPORT_PROGRESS
from uplift.auth.subject import Subject
from uplift.config import SettingsDep
from uplift.evidence import queries, service
from uplift.evidence.schemas import StoredFileOut, UploadLimits
from uplift.kit.bounds import Id
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.responses import json_response
from uplift.kit.storage import DOCUMENT_TYPES, FileStore, content_disposition, suffixes_of

# No Idempotency-Key here: a key is checked against the whole body, which would hold a
# 20 MB upload in memory. A retried upload is harmless: one more row, the same file on disk.
router = APIRouter(prefix="/evidence-files", tags=["progress"])

Reporter = Annotated[Subject, Depends(REPORT_PROGRESS)]
Reader = Annotated[Subject, Depends(READ_EVIDENCE)]
ACCEPTED = ", ".join(suffixes_of(DOCUMENT_TYPES))


@router.get(
    "/limits",
    summary="What an evidence upload takes",
    description=(
        "The size limit (UPLIFT_EVIDENCE_MAX_BYTES) and the file name endings the upload "
        "accepts, as this server is configured: for a form's hint and an enterprise system's "
        "check before it sends a file."
    ),
    response_model=UploadLimits,
    responses=problem_responses(401, 403),
)
async def upload_limits(subject: Reporter, settings: SettingsDep) -> Response:
    return json_response(
        UploadLimits(max_bytes=settings.evidence_max_bytes, accepted=suffixes_of(DOCUMENT_TYPES))
    )


@router.post(
    "",
    summary="Upload an evidence file",
    description=(
        "The file as the `file` field of a multipart/form-data form. Accepted: "
        f"{ACCEPTED}, each recognised by its content as well as its name (a renamed file "
        "is refused, 422); up to UPLIFT_EVIDENCE_MAX_BYTES (20 MB by default, 413 beyond); "
        "the name (at most 255 characters, no folder parts) is kept for display only. "
        "Answers the file's id, its SHA-256 and size: name it as `file_id` in a report's "
        "evidence. Until a report names it, only your organisation can download it."
    ),
    status_code=201,
    response_model=StoredFileOut,
    responses=problem_responses(401, 403, 413, 422),
)
async def upload_file(
    session: SessionDep,
    subject: Reporter,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description=f"The evidence file: {ACCEPTED}.")],
) -> Response:
    store = FileStore(settings.storage_dir)
    stored = await service.upload(session, subject, store, file, settings.evidence_max_bytes)
    return json_response(stored, status_code=201)


DOWNLOADED = {
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "description": "The file, with Content-Type from its content and Content-Disposition "
    "attachment (RFC 6266 `filename*` keeps its name).",
    "headers": {
        "ETag": {"description": "The file's SHA-256, quoted.", "schema": {"type": "string"}},
        "Content-Disposition": {"schema": {"type": "string"}},
        "X-Content-Type-Options": {"schema": {"type": "string", "enum": ["nosniff"]}},
        "Cache-Control": {"schema": {"type": "string", "enum": ["private, no-cache"]}},
    },
}


@router.get(
    "/{file_id:int}",
    summary="Download an evidence file",
    description=(
        "Allowed to whoever may read a version of a report that names the file as evidence "
        "(an enterprise its own and its units' reports, drafts included; reviewers the "
        "versions submitted), to whoever may read a follow-up whose answer names it (a "
        "panel member the enterprises a round assigns them), and, while nothing names it, "
        "to the organisation that uploaded it. Anyone else: 404, as if it did not exist. "
        "A GET with If-None-Match of its ETag is 304."
    ),
    response_class=Response,
    responses={
        200: DOWNLOADED,
        304: {"description": "Not modified: the If-None-Match tag is current"},
        **problem_responses(401, 403, 404, 422),
    },
)
async def download_file(
    session: SessionDep, subject: Reader, settings: SettingsDep, file_id: Id
) -> Response:
    row = await queries.readable_file(session, subject, file_id)
    return FileResponse(
        FileStore(settings.storage_dir).path_of(row.sha256),
        media_type=row.media_type,
        headers={
            "ETag": f'"{row.sha256}"',
            "Content-Disposition": content_disposition(row.filename),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-cache",
        },
    )

"""The file a client sends to POST /plans/import, and its reading off the event loop.

The file comes as the body itself (`application/json` or the Excel type), or as the `file`
part of a multipart/form-data upload, which generated clients and Swagger UI's file picker
send. Media types are compared case-insensitively, as RFC 9110 says they are.
"""

import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

import anyio
from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from uplift.kit.errors import InvalidParameter, UpliftError
from uplift.plans.document import PlanRecord
from uplift.plans.transfer import plan_json, workbook_reader
from uplift.plans.transfer.limits import ImportLimits, file_too_large
from uplift.plans.transfer.problems import JSON_SOURCE, SourceMap

JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MULTIPART = "multipart/form-data"
FileKind = Literal["json", "xlsx"]
_KIND_OF_TYPE: dict[str, FileKind] = {JSON: "json", XLSX: "xlsx"}
_KIND_OF_SUFFIX: dict[str, FileKind] = {".json": "json", ".xlsx": "xlsx"}
_LENGTH = re.compile(r"[0-9]{1,18}")

# Imports wait for two worker threads of their own, so a burst of them cannot take the
# threads that every other request's blocking work (password hashing…) needs.
_IMPORT_THREADS = anyio.CapacityLimiter(2)


class UnsupportedMediaTypeError(UpliftError):
    status = 415
    slug = "unsupported-media-type"

    def __init__(self) -> None:
        super().__init__(
            f"Send the plan as {JSON} or {XLSX}, or as the file field of {MULTIPART} "
            "named .json or .xlsx",
            f"請以 {JSON} 或 Excel 檔（{XLSX}）上傳，或以 {MULTIPART} 的 file 欄位上傳 "
            ".json 或 .xlsx 檔",
        )


@dataclass(frozen=True)
class Upload:
    kind: FileKind
    data: bytes


async def read_upload(request: Request, limits: ImportLimits) -> Upload:
    """The file sent, and whether it is JSON or a workbook; 413, 415 or 422 otherwise."""
    media_type = _media_type(request.headers.get("content-type"))
    if media_type == MULTIPART:
        return await _from_form(request, limits)
    kind = _KIND_OF_TYPE.get(media_type)
    if kind is None:
        raise UnsupportedMediaTypeError()
    return Upload(kind, await _body(request, limits))


def file_kind(content_type: str | None, filename: str | None) -> FileKind | None:
    """A part's kind by its content type, else by its file name (browsers often send
    application/octet-stream for an .xlsx)."""
    by_type = _KIND_OF_TYPE.get(_media_type(content_type))
    return by_type or _KIND_OF_SUFFIX.get(PurePath(filename or "").suffix.lower())


async def read_plan(upload: Upload, limits: ImportLimits) -> tuple[PlanRecord, SourceMap]:
    """The record in the file and where its parts came from, read in a worker thread."""
    return await anyio.to_thread.run_sync(_read_plan, upload, limits, limiter=_IMPORT_THREADS)


def _read_plan(upload: Upload, limits: ImportLimits) -> tuple[PlanRecord, SourceMap]:
    if upload.kind == "xlsx":
        imported = workbook_reader.read_workbook(upload.data, limits)
        return imported.record, imported.source
    return plan_json.plan_from_json(upload.data, limits), JSON_SOURCE


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


async def _body(request: Request, limits: ImportLimits) -> bytes:
    """The body, read no further than the size bound (whatever the middleware allows)."""
    declared = request.headers.get("content-length", "")
    if _LENGTH.fullmatch(declared) and int(declared) > limits.max_bytes:
        raise file_too_large(limits)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_bytes:
            raise file_too_large(limits)
        chunks.append(chunk)
    return b"".join(chunks)


async def _from_form(request: Request, limits: ImportLimits) -> Upload:
    body = await _body(request, limits)

    async def replay() -> AsyncGenerator[bytes, None]:
        yield body

    try:
        form = await MultiPartParser(request.headers, replay(), max_files=1, max_fields=10).parse()
    except MultiPartException as error:
        raise InvalidParameter(
            "file", "body", f"The form cannot be read: {error.message}", "無法讀取表單內容"
        ) from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidParameter(
                "file",
                "body",
                "Send the plan as the form's file field `file`",
                "請以表單的 file 欄位上傳計畫檔",
            )
        kind = file_kind(upload.content_type, upload.filename)
        if kind is None:
            raise UnsupportedMediaTypeError()
        return Upload(kind, await upload.read())
    finally:
        await form.close()

"""Files kept on disk, named by their content: an upload is copied into a temporary file in
the storage directory while its bytes are counted and hashed (SHA-256), its type is checked
by its name's extension AND by its content, and only then is it moved, atomically, to
`<root>/<sha256[:2]>/<sha256>`. The same bytes uploaded twice are one file on disk.

The database row that names a file is the caller's; this module keeps disk and transaction
together: `FileStore.keep` places the file after the row was flushed, and registers its
removal should the request's transaction roll back (`kit.db.on_rollback`) when this request
was the one that created it. An error at any earlier step removes the temporary file, so a
failed upload leaves neither a row nor a file behind. (Not covered: two requests uploading
the same bytes at the same moment, the first failing after the second found its file in
place; the second's row would name a file removed. Rare enough to leave to a sweep.)

The upload arrives as Starlette parsed the form: its file part spooled in memory up to
1 MB, beyond that in the system's temporary directory, within the route's body limit
(kit/body_limit.py); `receive` copies it from there in chunks.

Types are an allow-list (`DOCUMENT_TYPES`); each is recognised by its bytes, not by what the
client claims: PDF (`%PDF-`), PNG, JPEG by their signatures; Office Open XML (.docx, .xlsx,
.pptx) as a zip holding `[Content_Types].xml` and the part its kind needs; OpenDocument
(.odt, .ods, .odp) as a zip whose `mimetype` entry names its type; plain text and CSV as
valid UTF-8 without NUL bytes. An .exe, or an HTML page renamed .pdf, is refused.
"""

import codecs
import hashlib
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tempfile import NamedTemporaryFile
from typing import IO
from urllib.parse import quote

import anyio
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from uplift.kit.db import on_rollback
from uplift.kit.errors import InvalidParameter

CHUNK = 64 * 1024
# What a multipart form adds around its file (boundaries, part headers, other fields): an
# upload route's body limit is its file limit plus this.
UPLOAD_OVERHEAD_BYTES = 64 * 1024
MAX_FILENAME = 255
_SHA256 = re.compile(r"[0-9a-f]{64}")


class FileRefusedError(InvalidParameter):
    """The upload is not a file we keep: its name, type or content is wrong (422), or it is
    past the size limit (413); the problem names the form field."""

    def __init__(self, field: str, en: str, zh: str, *, status: int = 422) -> None:
        super().__init__(field, "body", en, zh)
        self.status = status
        if status == 413:
            self.slug = "content-too-large"


# --- what a file is, by its bytes ---------------------------------------------------------


def _starts_with(signature: bytes) -> Callable[[Path], bool]:
    def matches(path: Path) -> bool:
        with path.open("rb") as file:
            return file.read(len(signature)) == signature

    return matches


def _office_open_xml(part: str) -> Callable[[Path], bool]:
    def matches(path: Path) -> bool:
        names = _zip_names(path)
        return names is not None and "[Content_Types].xml" in names and part in names

    return matches


def _open_document(media_type: str) -> Callable[[Path], bool]:
    def matches(path: Path) -> bool:
        try:
            with zipfile.ZipFile(path) as archive:
                first = archive.infolist()[0]
                if first.filename != "mimetype" or first.file_size > 100:
                    return False
                return archive.read(first).decode("ascii", "replace") == media_type
        except (zipfile.BadZipFile, IndexError, OSError, ValueError, NotImplementedError):
            return False

    return matches


def _zip_names(path: Path) -> set[str] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _utf8_text(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            if b"\x00" in chunk:
                return False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class FileType:
    suffixes: tuple[str, ...]
    media_type: str
    matches: Callable[[Path], bool]


ODF = "application/vnd.oasis.opendocument"
OOXML = "application/vnd.openxmlformats-officedocument"
DOCUMENT_TYPES: tuple[FileType, ...] = (
    FileType((".pdf",), "application/pdf", _starts_with(b"%PDF-")),
    FileType((".png",), "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    FileType((".jpg", ".jpeg"), "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    FileType(
        (".docx",), f"{OOXML}.wordprocessingml.document", _office_open_xml("word/document.xml")
    ),
    FileType((".xlsx",), f"{OOXML}.spreadsheetml.sheet", _office_open_xml("xl/workbook.xml")),
    FileType(
        (".pptx",), f"{OOXML}.presentationml.presentation", _office_open_xml("ppt/presentation.xml")
    ),
    FileType((".odt",), f"{ODF}.text", _open_document(f"{ODF}.text")),
    FileType((".ods",), f"{ODF}.spreadsheet", _open_document(f"{ODF}.spreadsheet")),
    FileType((".odp",), f"{ODF}.presentation", _open_document(f"{ODF}.presentation")),
    FileType((".txt",), "text/plain; charset=utf-8", _utf8_text),
    FileType((".csv",), "text/csv; charset=utf-8", _utf8_text),
)


def suffixes_of(types: tuple[FileType, ...]) -> list[str]:
    return [suffix for kind in types for suffix in kind.suffixes]


# --- names --------------------------------------------------------------------------------


def checked_filename(field: str, raw: str | None) -> str:
    """The name the client gave, kept only for display and Content-Disposition: a plain
    name (no directory parts, no control characters), at most 255 characters."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise FileRefusedError(field, "The file has no name", "檔案沒有名稱")
    if len(name) > MAX_FILENAME:
        raise FileRefusedError(
            field,
            f"The file name is longer than {MAX_FILENAME} characters",
            f"檔名超過 {MAX_FILENAME} 個字元",
        )
    if "/" in name or "\\" in name or name in (".", "..") or ":" in name:
        raise FileRefusedError(
            field, "Give a file name without folder parts", "檔名不可包含資料夾路徑"
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise FileRefusedError(field, "The file name has control characters", "檔名含有控制字元")
    return name


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the real name as RFC 6266 `filename*`."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\%' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


# --- the store ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """An upload checked and waiting in the storage directory's temporary area."""

    sha256: str
    size: int
    media_type: str
    filename: str
    temporary: Path


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / "incoming"

    def path_of(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a SHA-256 in hex")
        return self.root / sha256[:2] / sha256

    async def receive(
        self,
        upload: UploadFile,
        *,
        field: str,
        max_bytes: int,
        types: tuple[FileType, ...] = DOCUMENT_TYPES,
    ) -> Received:
        """The upload copied into the storage directory, counted, hashed and its type
        checked; 413 past `max_bytes`, 422 for an empty file, a bad name or a type not
        allowed. On any error the temporary file is gone."""
        filename = checked_filename(field, upload.filename)
        suffix = Path(filename).suffix.lower()
        candidates = [kind for kind in types if suffix in kind.suffixes]
        allowed = ", ".join(suffixes_of(types))
        if not candidates:
            raise FileRefusedError(
                field, f"Only these types are accepted: {allowed}", f"僅接受下列檔案類型：{allowed}"
            )
        temporary = await anyio.to_thread.run_sync(self._temporary)
        path = Path(temporary.name)
        try:
            digest, size = await self._copy(upload, temporary, field, max_bytes)
            if size == 0:
                raise FileRefusedError(field, "The file is empty", "檔案是空的")
            kind = await anyio.to_thread.run_sync(_sniffed, path, candidates)
            if kind is None:
                raise FileRefusedError(
                    field,
                    f"The content is not a {suffix} file; accepted: {allowed}",
                    f"檔案內容不是 {suffix} 檔；僅接受：{allowed}",
                )
        except BaseException:
            temporary.close()
            _remove(path)
            raise
        return Received(digest, size, kind.media_type, filename, path)

    @staticmethod
    async def _copy(
        upload: UploadFile, target: IO[bytes], field: str, max_bytes: int
    ) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        with target:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    megabytes = f"{max_bytes / 1024 / 1024:g} MB"
                    raise FileRefusedError(
                        field,
                        f"The file is larger than {megabytes}",
                        f"檔案超過 {megabytes}",
                        status=413,
                    )
                digest.update(chunk)
                await anyio.to_thread.run_sync(target.write, chunk)
        return digest.hexdigest(), size

    def _temporary(self) -> IO[bytes]:
        self.incoming.mkdir(parents=True, exist_ok=True)
        return NamedTemporaryFile(dir=self.incoming, delete=False)

    def abandoned_uploads(self, cutoff: datetime) -> list[Path]:
        """Partial uploads left in incoming/ by a process that died mid-copy (an upload that
        fails otherwise removes its own), last written before `cutoff`."""
        if not self.incoming.is_dir():
            return []
        moment = cutoff.timestamp()
        return [
            path
            for path in self.incoming.iterdir()
            if path.is_file() and path.stat().st_mtime < moment
        ]

    def discard(self, received: Received) -> None:
        """Drop a received file that will not be kept."""
        _remove(received.temporary)

    async def keep(self, session: AsyncSession, received: Received) -> Path:
        """Move the checked file into place (call after its row was flushed). If it was not
        on disk before, it is removed again should the transaction roll back."""
        target = self.path_of(received.sha256)
        created = await anyio.to_thread.run_sync(_place, received.temporary, target)
        if created:
            on_rollback(session, lambda: _remove(target))
        return target


def _place(temporary: Path, target: Path) -> bool:
    """Move into place; False when the same bytes were there already."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            temporary.unlink(missing_ok=True)
            return False
        os.replace(temporary, target)  # atomic within one file system
        return True
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _sniffed(path: Path, candidates: list[FileType]) -> FileType | None:
    return next((kind for kind in candidates if kind.matches(path)), None)

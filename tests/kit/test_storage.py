"""Files kept by content: counted, hashed, typed by their bytes, placed atomically, and
gone again when anything fails or the transaction rolls back."""

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from starlette.datastructures import Headers, UploadFile

from uplift.kit.db import on_rollback, undo_outside_database
from uplift.kit.storage import (
    FileRefusedError,
    FileStore,
    Received,
    checked_filename,
    content_disposition,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload(data: bytes, filename: str) -> UploadFile:
    return UploadFile(io.BytesIO(data), filename=filename, headers=Headers({}))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class _Session:
    """What `keep` uses of a session: its info, where rollback callbacks wait."""

    def __init__(self) -> None:
        self.info: dict[str, object] = {}


def _session() -> Any:
    return _Session()


def _left(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("data", "filename", "media_type"),
    [
        (PDF, "紀錄.pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 10, "a.PNG", "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 10, "a.jpeg", "image/jpeg"),
        (DOCX, "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (ODT, "a.odt", "application/vnd.oasis.opendocument.text"),
        ("日期,次數\n2030-01-05,6\n".encode(), "a.csv", "text/csv; charset=utf-8"),
    ],
)
async def test_an_allowed_file_is_hashed_typed_by_content_and_placed_by_its_hash(
    tmp_path: Path, data: bytes, filename: str, media_type: str
) -> None:
    store = FileStore(tmp_path)
    received = await store.receive(_upload(data, filename), field="file", max_bytes=1024)
    sha = hashlib.sha256(data).hexdigest()
    assert (received.sha256, received.size, received.media_type) == (sha, len(data), media_type)
    assert received.filename == filename
    placed = await store.keep(_session(), received)
    assert placed == tmp_path / sha[:2] / sha and placed.read_bytes() == data
    assert _left(tmp_path) == [placed]


@pytest.mark.parametrize(
    ("data", "filename", "status"),
    [
        (b"MZ\x90\x00" + b"\0" * 20, "setup.exe", 422),  # not on the list
        (b"<html><script>alert(1)</script></html>", "report.pdf", 422),  # HTML renamed .pdf
        (PDF, "report.docx", 422),  # a PDF is not a zip
        (_zip({"[Content_Types].xml": b""}), "a.docx", 422),  # a zip, but no document
        (b"\xff\xfe\x00a", "a.txt", 422),  # not UTF-8
        (b"", "empty.pdf", 422),
        (PDF * 100, "large.pdf", 413),
    ],
)
async def test_a_refused_upload_leaves_nothing_behind(
    tmp_path: Path, data: bytes, filename: str, status: int
) -> None:
    store = FileStore(tmp_path)
    with pytest.raises(FileRefusedError) as refused:
        await store.receive(_upload(data, filename), field="file", max_bytes=1024)
    assert refused.value.status == status and refused.value.field == "file"
    assert _left(tmp_path) == []


@pytest.mark.parametrize(
    "name", ["../etc/passwd.pdf", "C:\\x.pdf", "a/b.pdf", "", "a\x00.pdf", "a" * 252 + ".pdf"]
)
def test_a_name_with_folder_parts_control_characters_or_too_long_is_refused(name: str) -> None:
    with pytest.raises(FileRefusedError):
        checked_filename("file", name)


def test_content_disposition_keeps_the_real_name_as_filename_star() -> None:
    header = content_disposition('測試 "紀錄".pdf')
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E6%B8%AC%E8%A9%A6%20%22%E7%B4%80%E9%8C%84%22.pdf" in header
    assert '"' not in header.split('filename="')[1].split('";')[0]


async def test_a_file_placed_in_a_transaction_that_rolls_back_is_removed(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    session = _session()
    placed = await store.keep(session, await _received(store, "a.pdf"))
    undo_outside_database(session)
    assert _left(tmp_path) == []
    await store.keep(_session(), await _received(store, "a.pdf"))
    # the same bytes again, while they are on disk already: its rollback leaves them
    again = _session()
    await store.keep(again, await _received(store, "b.pdf"))
    undo_outside_database(again)
    assert _left(tmp_path) == [placed]


async def _received(store: FileStore, filename: str) -> Received:
    return await store.receive(_upload(PDF, filename), field="file", max_bytes=1024)


def test_callbacks_run_newest_first_and_once() -> None:
    session, ran = _session(), []
    on_rollback(session, lambda: ran.append(1))
    on_rollback(session, lambda: ran.append(2))
    undo_outside_database(session)
    undo_outside_database(session)
    assert ran == [2, 1]

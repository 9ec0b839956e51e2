"""Hostile plan imports are refused cheaply, naming the limit, and write nothing.

"Cheaply" is a bound on memory (what unpacking may cost), never on time: time depends on
the machine's load and belongs in bench/.

Every hostile file is built here from the 107 plan's own export (zipfile, openpyxl).
"""

import asyncio
import json
import re
import threading
import tracemalloc
import zipfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.fixtures import plan_107
from tests.plans.test_authoring import workbook_with_year
from tests.plans.test_transfer import edited
from uplift.config import Settings
from uplift.plans.transfer import workbook_reader
from uplift.plans.transfer.limits import DEFAULT_LIMITS, ImportLimits

SignIn = Callable[[str], Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN_107 = plan_107.document()
MEASURES_PART = "xl/worksheets/sheet6.xml"  # 具體推動作法, the sixth sheet
INDICATORS_PART = "xl/worksheets/sheet7.xml"  # 指標
# A refusal costs a few times the upload at most; unpacking any of these files would cost
# hundreds of megabytes (the bomb alone unpacks to 300 MB).
PEAK_BYTES = 64 * 1024 * 1024


def plan_json(**changes: Any) -> bytes:
    return json.dumps(PLAN_107.model_dump(mode="json") | {"year": 2030, **changes}).encode()


@cache
def plan_workbook() -> bytes:
    return workbook_with_year(plan_107.workbook(), 2030)


def with_part(xlsx: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one XML part rewritten, as a hand-made file would be."""
    source = zipfile.ZipFile(BytesIO(xlsx))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, edit(data) if info.filename == name else data)
    return out.getvalue()


def with_rows(xlsx: bytes, name: str, rows: str) -> bytes:
    return with_part(
        xlsx, name, lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    )


@cache
def zip_bomb() -> bytes:
    return with_padded_part(plan_workbook(), MEASURES_PART, 300)


def with_padded_part(xlsx: bytes, name: str, megabytes: int) -> bytes:
    """A zip bomb: the part padded with `megabytes` of spaces, which pack 1,000 to 1."""
    source = zipfile.ZipFile(BytesIO(xlsx))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != name:
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with target.open(info.filename, "w") as part:
                part.write(head + b"<sheetData>")
                for _ in range(megabytes):
                    part.write(b" " * 1024 * 1024)
                part.write(tail)
    return out.getvalue()


@asynccontextmanager
async def reviewer(sign_in: SignIn) -> AsyncIterator[AsyncClient]:
    """A reviewer's client that checks, after the test, that no plan was written."""
    async with sign_in("reviewer") as http:
        before = (await http.get("/api/v1/plans")).json()["total"]
        yield http
        assert (await http.get("/api/v1/plans")).json()["total"] == before


async def post_import(
    http: AsyncClient, body: bytes, media_type: str, language: str = "en"
) -> tuple[Response, int]:
    """The answer, and the most memory Python held while the server read the file."""
    tracemalloc.start()
    try:
        response = await http.post(
            "/api/v1/plans/import",
            content=body,
            headers={"Content-Type": media_type, "Accept-Language": language},
        )
        return response, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def assert_refused(response: Response, status: int, limit: str, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert [(e["type"], e["field"]) for e in problem["errors"]] == [(limit, field)]
    return problem


def test_the_limits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLIFT_IMPORT_MAX_ROWS", "500")
    assert ImportLimits.of(Settings()).max_rows == 500
    assert DEFAULT_LIMITS.max_bytes == 10 * 1024 * 1024  # what the route allowed before


# ── Workbooks ─────────────────────────────────────────────────────────────────────────────


async def test_a_zip_bomb_is_refused_before_it_unpacks(sign_in: SignIn) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024  # a tiny file that unpacks to 300 MB
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, bomb, XLSX)
        problem = assert_refused(response, 413, "max_uncompressed_bytes", MEASURES_PART)
        assert problem["detail"] == "The workbook unpacks to more than the import limit of 50 MB"
        zh, _ = await post_import(http, bomb, XLSX, "zh-TW")
        assert zh.json()["detail"] == "活頁簿解壓縮後超過匯入上限 50 MB"
    assert peak < PEAK_BYTES


async def test_a_part_that_unpacks_a_thousand_fold_is_refused(sign_in: SignIn) -> None:
    packed = with_padded_part(plan_workbook(), MEASURES_PART, 20)  # within the 50 MB
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, packed, XLSX)
    problem = assert_refused(response, 413, "max_compression_ratio", MEASURES_PART)
    assert "the import limit is 100 times" in problem["detail"]
    assert peak < PEAK_BYTES


FAR_CORNER = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
FAR_COLUMN = '<row r="300"><c r="A300"><v>1</v></c><c r="XFD300"><v>1</v></c></row>'


@pytest.mark.parametrize(
    ("edit", "limit", "field"),
    [
        (
            lambda xml: re.sub(
                rb"<dimension ref=\"[^\"]+\"", b'<dimension ref="A1:XFD1048576"', xml
            ),
            "max_rows",
            "具體推動作法",
        ),
        (
            lambda xml: xml.replace(b"</sheetData>", FAR_CORNER.encode() + b"</sheetData>"),
            "max_rows",
            "具體推動作法!10001:10001",
        ),
        (
            lambda xml: re.sub(rb"<dimension [^>]+>", b"", xml).replace(
                b"</sheetData>", FAR_COLUMN.encode() + b"</sheetData>"
            ),
            "max_columns",
            "具體推動作法!XFD300",
        ),
    ],
    ids=["declared-size", "cell-at-xfd1048576", "cell-at-xfd300"],
)
async def test_a_sheet_reaching_the_far_corner_is_refused(
    sign_in: SignIn, edit: Callable[[bytes], bytes], limit: str, field: str
) -> None:
    far = with_part(plan_workbook(), MEASURES_PART, edit)
    assert len(far) < 40 * 1024
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, far, XLSX)
        problem = assert_refused(response, 413, limit, field)
        assert "10,000 rows by 50 columns a sheet" in problem["detail"]
        zh, _ = await post_import(http, far, XLSX, "zh-TW")
        assert "每張工作表 10,000 列、50 欄" in zh.json()["detail"]
    assert peak < PEAK_BYTES


async def test_too_many_filled_cells_are_refused(sign_in: SignIn) -> None:
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "LMNOPQRSTUVWXYZ")
        + "</row>"
        for r in range(200, 4000)
    )
    crowded = with_rows(plan_workbook(), MEASURES_PART, rows)
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, crowded, XLSX)
    assert response.status_code == 413, response.text
    problem = response.json()
    assert [e["type"] for e in problem["errors"]] == ["max_cells"]
    assert re.fullmatch(r"具體推動作法!(\d+):\1", problem["errors"][0]["field"])
    assert "50,000 filled cells" in problem["detail"]
    assert peak < PEAK_BYTES


@pytest.mark.parametrize(
    ("digits", "limit", "field"),
    [(5000, "unreadable", "指標"), (400, "max_number_length", "指標!D22")],
)
async def test_a_number_hundreds_of_digits_long_in_a_cell_is_refused(
    sign_in: SignIn, digits: int, limit: str, field: str
) -> None:
    number = "9" * digits
    long_number = with_rows(
        plan_workbook(), INDICATORS_PART, f'<row r="22"><c r="D22"><v>{number}</v></c></row>'
    )
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, long_number, XLSX)
    problem = assert_refused(response, 422, limit, field)
    assert problem["type"] == "urn:uplift:problem:validation"
    assert peak < PEAK_BYTES


async def test_workbook_dates_before_1912_or_past_9999_are_refused_at_their_cell(
    sign_in: SignIn,
) -> None:
    def dates(book: Any) -> None:
        book["計畫依據"]["B2"] = date(1911, 12, 31)
        book["指標"]["G2"] = "10000-01-01"
        book["指標"]["G3"] = 2958466  # the serial of 10000-01-01

    async with reviewer(sign_in) as http:
        response, _ = await post_import(http, edited(plan_workbook(), dates), XLSX)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["計畫依據!B2", "指標!G2", "指標!G3"]
    assert "1912-01-01" in errors[0]["message"]


# ── JSON ─────────────────────────────────────────────────────────────────────────────────


async def test_json_nested_ten_thousand_deep_is_refused(sign_in: SignIn) -> None:
    deep = b'{"year": 2030, "dimensions": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, deep, "application/json")
        problem = assert_refused(response, 422, "max_depth", "")
        assert "nested deeper than the import limit of 32 levels" in problem["detail"]
        zh, _ = await post_import(http, deep, "application/json", "zh-TW")
        assert "文件巢狀層數超過匯入上限 32 層" in zh.json()["detail"]
    assert peak < PEAK_BYTES


async def test_a_json_number_thousands_of_digits_long_is_refused_at_its_path(
    sign_in: SignIn,
) -> None:
    document = PLAN_107.model_dump(mode="json") | {"year": "YEAR"}
    measure = document["dimensions"][0]["strategies"][0]["measures"][0]
    measure["indicators"] = [{"name": "n", "comparison": "at_least", "frequency": "yearly"}]
    measure["indicators"][0]["target"] = "TARGET"
    body = json.dumps(document).encode()
    body = body.replace(b'"YEAR"', b"9" * 5000).replace(b'"TARGET"', b"1." + b"5" * 5000)
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, body, "application/json")
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["type"], e["field"]) for e in errors] == [
        ("max_number_length", "year"),
        ("max_number_length", "dimensions.0.strategies.0.measures.0.indicators.0.target"),
    ]
    assert "5,000 characters; the import limit is 40" in errors[0]["message"]
    assert peak < PEAK_BYTES


async def test_json_with_more_values_than_the_limit_is_refused(sign_in: SignIn) -> None:
    crowded = plan_json(core_values=["x"] * 60_000)
    async with reviewer(sign_in) as http:
        response, peak = await post_import(http, crowded, "application/json")
    assert_refused(response, 413, "max_cells", "")
    assert peak < PEAK_BYTES


async def test_json_dates_before_1912_or_past_9999_are_refused_at_their_path(
    sign_in: SignIn,
) -> None:
    document = PLAN_107.model_dump(mode="json") | {"year": 2030, "report_due_date": "1911-12-31"}
    document["bases"][0]["issued_on"] = "10000-01-01"
    async with reviewer(sign_in) as http:
        body = json.dumps(document).encode()
        response, _ = await post_import(http, body, "application/json", "zh-TW")
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["report_due_date", "bases.0.issued_on"]
    assert errors[0]["message"] == "日期須介於 1912-01-01（民國元年）與 9999-12-31 之間"


# ── The request ──────────────────────────────────────────────────────────────────────────


async def test_a_body_beyond_the_import_size_is_refused(
    sign_in: SignIn, settings: Settings
) -> None:
    settings.import_max_bytes = 20_000
    async with reviewer(sign_in) as http:
        response, _ = await post_import(http, plan_json(), "application/json")
    problem = assert_refused(response, 413, "max_bytes", "")
    assert problem["detail"] == "The file is larger than the import limit of 19.5 kB"


async def test_media_types_are_compared_without_regard_to_case(sign_in: SignIn) -> None:
    async with sign_in("reviewer") as http:
        response, _ = await post_import(http, plan_json(), "Application/JSON; charset=UTF-8")
        assert response.status_code == 201, response.text
        response, _ = await post_import(http, plan_workbook(), XLSX.upper())
        assert response.status_code == 409  # the same year again: it was read as a workbook


@pytest.mark.parametrize(
    ("filename", "content_type", "body"),
    [
        ("plan.json", "application/json", plan_json),
        ("plan.xlsx", "application/octet-stream", plan_workbook),  # what browsers often send
        ("plan", XLSX, plan_workbook),
    ],
)
async def test_a_multipart_upload_is_imported(
    sign_in: SignIn, filename: str, content_type: str, body: Callable[[], bytes]
) -> None:
    async with sign_in("reviewer") as http:
        response = await http.post(
            "/api/v1/plans/import", files={"file": (filename, body(), content_type)}
        )
    assert response.status_code == 201, response.text
    assert response.json()["year"] == 2030


async def test_a_multipart_upload_without_a_plan_file_is_refused(sign_in: SignIn) -> None:
    async with reviewer(sign_in) as http:
        unnamed = await http.post(
            "/api/v1/plans/import", files={"upload": ("plan.json", plan_json(), "application/json")}
        )
        assert unnamed.status_code == 422
        assert [e["field"] for e in unnamed.json()["errors"]] == ["file"]
        picture = await http.post(
            "/api/v1/plans/import", files={"file": ("plan.png", b"\x89PNG", "image/png")}
        )
        assert picture.status_code == 415
        hostile = await http.post(
            "/api/v1/plans/import",
            files={"file": ("plan.xlsx", zip_bomb(), XLSX)},
        )
        assert hostile.status_code == 413


async def test_other_requests_are_answered_while_an_import_is_read(
    sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading, released = threading.Event(), threading.Event()
    read_workbook = workbook_reader.read_workbook

    def held_read(data: bytes, limits: Any) -> Any:
        # A read held until the test has its answer: were it on the event loop, nothing
        # else would be answered meanwhile (and it would go on after 10 seconds, done).
        reading.set()
        released.wait(10)
        return read_workbook(data, limits)

    monkeypatch.setattr(workbook_reader, "read_workbook", held_read)
    async with reviewer(sign_in) as http:
        importing = asyncio.create_task(post_import(http, zip_bomb(), XLSX))
        assert await asyncio.to_thread(reading.wait, 30)  # a guard against hanging, not a speed
        health = await http.get("/api/v1/healthz")
        still_reading = not importing.done()
        released.set()
        refused, _ = await importing
    assert health.status_code == 200
    assert still_reading  # answered while the read was held, so not behind it
    assert refused.status_code == 413

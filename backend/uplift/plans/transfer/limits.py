"""What reading one imported file may cost, and the zip check made before a workbook opens.

An import is untrusted: a zip bomb, a sheet reaching cell XFD1048576 or JSON nested 10,000
deep must be refused within seconds, saying which limit, not read until memory runs out.
The readers (json_reader.py, sheet_rows.py) count as they go; this module holds
the numbers and the wording.
"""

import zipfile
import zlib
from dataclasses import dataclass, fields
from io import BytesIO

from uplift.config import Settings
from uplift.plans.transfer.problems import ImportLimitError, ImportProblem

# No plan holds a number this long; a longer one is refused before Python converts it
# (which takes quadratic time, and fails past 4,300 digits).
MAX_NUMBER_LENGTH = 40
# An .xlsx has a dozen parts; thousands of them are a way to make listing them cost.
MAX_ARCHIVE_PARTS = 1_000
# An Excel cell is two to four elements (<c><v>, a shared string's <si><t>); rich text more.
ELEMENTS_PER_CELL = 6
# Small parts may compress well without harm; the ratio matters where the size does.
RATIO_CHECKED_ABOVE = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """The Settings' `import_*` numbers, for the readers that run in a worker thread."""

    max_bytes: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_depth: int

    @classmethod
    def of(cls, settings: Settings) -> "ImportLimits":
        return cls(**{f.name: getattr(settings, f"import_{f.name}") for f in fields(cls)})


DEFAULT_LIMITS = ImportLimits.of(Settings.model_construct())  # the defaults, without the env


def megabytes(size: int) -> str:
    """50 MB; 19.5 kB below a megabyte."""
    if size < 1024 * 1024:
        return f"{size / 1024:.3g} kB"
    return f"{size / (1024 * 1024):.3g} MB"


# sheet, row, column as in ImportProblem; or None, None and a zip part's name
Where = tuple[str | None, int | None, str | None]


def too_large(limit: str, en: str, zh: str, place: Where = (None, None, None)) -> ImportLimitError:
    """413 naming the limit (`max_rows`…) and, where known, the place beyond it."""
    return ImportLimitError(ImportProblem(*place, en, zh, kind=limit))


def long_number(length: int) -> tuple[str, str]:
    """What to say of a number `length` characters long, in English and zh-TW."""
    return (
        f"A number of {length:,} characters; the import limit is {MAX_NUMBER_LENGTH}",
        f"數字長達 {length:,} 個字元，超過匯入上限 {MAX_NUMBER_LENGTH} 個字元",
    )


def file_too_large(limits: ImportLimits) -> ImportLimitError:
    size = megabytes(limits.max_bytes)
    return too_large(
        "max_bytes",
        f"The file is larger than the import limit of {size}",
        f"檔案超過匯入上限 {size}",
    )


def check_archive(data: bytes, limits: ImportLimits) -> None:
    """Refuse a zip that would cost more than the limits to open, before openpyxl opens it.

    Python's zipfile never unpacks a part beyond the size its directory declares (the CRC
    check fails first), so the declared sizes are checked first and then bound the scan.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_directory(parts, limits)
            _check_markup(archive, parts, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError):
        return  # not a zip, or a broken one: openpyxl says it is not a workbook
    except (RuntimeError, NotImplementedError):
        return  # a part encrypted or packed in a way zipfile cannot open: nor can openpyxl


def _check_directory(parts: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    if len(parts) > MAX_ARCHIVE_PARTS:
        raise too_large(
            "max_archive_parts",
            f"The workbook has {len(parts):,} parts; an .xlsx has no more than "
            f"{MAX_ARCHIVE_PARTS:,}",
            f"活頁簿含 {len(parts):,} 個組成檔，超過上限 {MAX_ARCHIVE_PARTS:,}",
        )
    unpacked = 0
    for part in parts:
        unpacked += part.file_size
        if unpacked > limits.max_uncompressed_bytes:
            size = megabytes(limits.max_uncompressed_bytes)
            raise too_large(
                "max_uncompressed_bytes",
                f"The workbook unpacks to more than the import limit of {size}",
                f"活頁簿解壓縮後超過匯入上限 {size}",
                (None, None, part.filename),
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_ABOVE and ratio > limits.max_compression_ratio:
            raise too_large(
                "max_compression_ratio",
                f"{part.filename} unpacks to {ratio:,.0f} times its packed size; the import "
                f"limit is {limits.max_compression_ratio} times",
                f"{part.filename} 解壓縮後為壓縮大小的 {ratio:,.0f} 倍，"
                f"超過匯入上限 {limits.max_compression_ratio} 倍",
                (None, None, part.filename),
            )


def _check_markup(
    archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], limits: ImportLimits
) -> None:
    """Count the XML elements: openpyxl's cost is per element, and it reads the shared
    strings and styles whole before any sheet is streamed and counted cell by cell."""
    budget = limits.max_cells * ELEMENTS_PER_CELL
    elements = 0
    for part in parts:
        if not part.filename.endswith((".xml", ".rels")):
            continue  # pictures and the like, which a read-only workbook never parses
        with archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                elements += chunk.count(b"<") - chunk.count(b"</")
        if elements > budget:
            raise too_large(
                "max_cells",
                f"The workbook has more than {budget:,} XML elements, beyond what "
                f"{limits.max_cells:,} cells (the import limit) need",
                f"活頁簿的 XML 元素超過 {budget:,} 個，超出匯入上限 {limits.max_cells:,} "
                "個儲存格所需",
                (None, None, part.filename),
            )

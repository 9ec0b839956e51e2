"""The rows of an untrusted workbook's sheets, streamed and counted within the import's limits.

openpyxl in read-only mode parses a sheet as it is iterated. Left to itself it pads every
row to the sheet's declared size and every gap between rows with empty ones, so one cell
at XFD1048576 costs 17 billion Nones; here rows come no wider than their own cells, and
reading stops at the first row, column or cell beyond a limit.
"""

from collections.abc import Iterator
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from uplift.plans.transfer.limits import ImportLimits, check_archive, too_large
from uplift.plans.transfer.problems import ImportProblem, PlanImportError

Values = tuple[Any, ...]


def open_workbook(data: bytes, limits: ImportLimits) -> Workbook:
    """The workbook, opened for streaming once its zip directory is within the limits."""
    check_archive(data, limits)
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise PlanImportError(
            [
                ImportProblem(
                    None,
                    None,
                    None,
                    "The file is not an Excel workbook (.xlsx)",
                    "檔案不是 Excel 活頁簿（.xlsx）",
                )
            ]
        ) from None


class SheetReader:
    """Reads a workbook's sheets one by one, counting the filled cells of them all."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.cells = 0

    def rows(self, worksheet: ReadOnlyWorksheet) -> Iterator[tuple[int, Values]]:
        """(row number, values) from row 1; a row is as wide as its last cell."""
        self._check_declared_size(worksheet)
        worksheet.reset_dimensions()  # a declared size may also be too small: trust the cells
        # One row past the limit is read, and only when the sheet has a row there. (The stubs
        # type iter_rows for Worksheet, which ReadOnlyWorksheet borrows it from.)
        last = self.limits.max_rows + 1
        rows = worksheet.iter_rows(max_row=last, values_only=True)  # type: ignore[misc]
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception:  # openpyxl's parser meets what Excel never writes
                raise _unreadable(worksheet.title, number) from None
            number += 1
            self._count(worksheet.title, number, values)
            yield number, values

    def _check_declared_size(self, worksheet: ReadOnlyWorksheet) -> None:
        rows, columns = worksheet.max_row or 0, worksheet.max_column or 0
        if rows > self.limits.max_rows or columns > self.limits.max_columns:
            corner = f"{get_column_letter(min(columns, 18278))}{rows}"  # XFD1048576 at most
            raise too_large(
                "max_rows" if rows > self.limits.max_rows else "max_columns",
                f"The sheet {worksheet.title} says it reaches cell {corner}; the import limit "
                f"is {self._size()}. Delete the rows and columns beyond your data",
                f"工作表「{worksheet.title}」標示其範圍到儲存格 {corner}，超過匯入上限"
                f"{self._size_zh()}，請刪除資料以外的列與欄",
                (worksheet.title, None, None),
            )

    def _count(self, title: str, number: int, values: Values) -> None:
        if number > self.limits.max_rows:
            raise too_large(
                "max_rows",
                f"The sheet {title} has a row {number}; the import limit is {self._size()}",
                f"工作表「{title}」有第 {number} 列，超過匯入上限{self._size_zh()}",
                (title, number, None),
            )
        width = self.limits.max_columns
        beyond = values[width:]
        if beyond.count(None) < len(beyond):  # tuple.count: a 16,384-cell row costs microseconds
            letter = get_column_letter(
                width + 1 + next(i for i, v in enumerate(beyond) if v is not None)
            )
            raise too_large(
                "max_columns",
                f"The sheet {title} has a value in cell {letter}{number}; the import limit is "
                f"{self._size()}",
                f"工作表「{title}」的儲存格 {letter}{number} 有內容，超過匯入上限{self._size_zh()}",
                (title, number, letter),
            )
        self.cells += min(len(values), width) - values[:width].count(None)
        if self.cells > self.limits.max_cells:
            raise too_large(
                "max_cells",
                f"The workbook has more than the import limit of {self.limits.max_cells:,} "
                f"filled cells (reached in {title}, row {number})",
                f"活頁簿有內容的儲存格超過匯入上限 {self.limits.max_cells:,} 個"
                f"（於工作表「{title}」第 {number} 列）",
                (title, number, None),
            )

    def _size(self) -> str:
        return f"{self.limits.max_rows:,} rows by {self.limits.max_columns} columns a sheet"

    def _size_zh(self) -> str:
        return f"每張工作表 {self.limits.max_rows:,} 列、{self.limits.max_columns} 欄"


def _unreadable(title: str, last_row: int) -> PlanImportError:
    after = f"after row {last_row}" if last_row else "at its start"
    after_zh = f"第 {last_row} 列之後" if last_row else "開頭"
    return PlanImportError(
        [
            ImportProblem(
                title,
                None,
                None,
                f"The sheet {title} cannot be read {after}: a cell holds what Excel does not "
                "write, such as a number thousands of digits long",
                f"工作表「{title}」{after_zh}無法讀取：儲存格含有 Excel 不會寫出的內容，"
                "例如長達數千位的數字",
                kind="unreadable",
            )
        ]
    )

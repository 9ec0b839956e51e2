"""A plan document read from an untrusted .xlsx (the layout of workbook_layout.py).

The whole workbook is read, within the import's limits, before anything is written, and every
problem is reported at its sheet, row and column; `read_workbook` also returns where each part
of the record came from, so later checks (organisation codes) can point at cells too.
"""

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from uplift.kit.roc_date import RocDateError, parse_roc_date
from uplift.plans.document import PlanRecord
from uplift.plans.transfer.limits import (
    DEFAULT_LIMITS,
    MAX_NUMBER_LENGTH,
    ImportLimits,
    long_number,
)
from uplift.plans.transfer.problems import (
    ImportProblem,
    Path,
    Place,
    SourceMap,
    validated,
)
from uplift.plans.transfer.sheet_rows import SheetReader, open_workbook
from uplift.plans.transfer.workbook_layout import (
    BASES,
    CATEGORIES,
    INDICATORS,
    MEASURES,
    PLAN,
    PLAN_FIELDS,
    ROUNDS,
    SECTIONS,
    SHEETS,
    Kind,
    Sheet,
)

_OWNER_SPLIT = re.compile(r"[、,，;；\s]+")
_WHOLE_NUMBER = re.compile(rf"[0-9]{{1,{MAX_NUMBER_LENGTH}}}")  # int() takes other digits too


@dataclass(frozen=True)
class ImportedPlan:
    record: PlanRecord
    source: SourceMap


def plan_from_workbook(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> PlanRecord:
    return read_workbook(data, limits).record


@dataclass
class _Row:
    """A data row of a sheet: its converted values (blank cells left out) and cell letters."""

    sheet: Sheet
    number: int
    values: dict[str, Any]
    letters: dict[str, str]

    def place(self, field_name: str) -> Place:
        return (self.sheet.title, self.number, self.letters.get(field_name))


@dataclass(eq=False)  # nodes are told apart by identity, never by value
class _Node:
    """A part of the record being assembled, with the cells its fields came from."""

    values: dict[str, Any]
    cells: dict[Path, Place] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: _Row, fields: dict[str, str]) -> "_Node":
        """Take `fields` (record field: sheet column) from the row."""
        node = cls({name: row.values[col] for name, col in fields.items() if col in row.values})
        node.cells[()] = (row.sheet.title, row.number, None)
        for name, col in fields.items():
            node.cells[(name,)] = row.place(col)
        return node


class _Reading:
    """The problems found so far while reading one workbook."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def report(self, place: Place, en: str, zh: str, kind: str = "import") -> None:
        self.problems.append(ImportProblem(*place, en, zh, kind))


def read_workbook(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> ImportedPlan:
    """The record in an .xlsx and the cell every part came from; raise PlanImportError."""
    reading = _Reading()
    book = open_workbook(data, limits)
    try:
        tables = _read_tables(book, SheetReader(limits), reading)
    finally:
        book.close()  # a read-only workbook keeps its zip open until told
    plan = _plan_node(tables[PLAN.title], reading)
    plan.values["bases"] = [
        _Node.from_row(row, {c.field: c.field for c in BASES.columns})
        for row in tables[BASES.title]
    ]
    plan.values["target_categories"] = _categories(tables[CATEGORIES.title], reading)
    plan.values["sections"] = [
        _Node.from_row(row, {c.field: c.field for c in SECTIONS.columns})
        for row in tables[SECTIONS.title]
    ]
    plan.values["review_rounds"] = [
        _Node.from_row(row, {c.field: c.field for c in ROUNDS.columns})
        for row in tables[ROUNDS.title]
    ]
    measures = _Structure(reading)
    plan.values["dimensions"] = measures.read(tables[MEASURES.title])
    measures.attach_indicators(tables[INDICATORS.title])

    cells: dict[Path, Place] = {}
    document = _assembled(plan, (), cells)
    source = SourceMap(cells, default_sheet=PLAN.title)
    sheet_order = [sheet.title for sheet in SHEETS]
    return ImportedPlan(validated(document, source, reading.problems, sheet_order), source)


def _assembled(node: _Node, at: Path, cells: dict[Path, Place]) -> dict[str, Any]:
    """The plain document the schema validates, recording where each path came from."""
    for relative, place in node.cells.items():
        cells[at + relative] = place
    document: dict[str, Any] = {}
    for name, value in node.values.items():
        if isinstance(value, list) and value and all(isinstance(v, _Node) for v in value):
            document[name] = [_assembled(v, (*at, name, i), cells) for i, v in enumerate(value)]
        else:
            document[name] = value
    return document


def _read_tables(book: Workbook, reader: SheetReader, reading: _Reading) -> dict[str, list[_Row]]:
    tables: dict[str, list[_Row]] = {sheet.title: [] for sheet in SHEETS}
    for sheet in SHEETS:
        worksheet = book[sheet.title] if sheet.title in book.sheetnames else None
        if isinstance(worksheet, ReadOnlyWorksheet):  # what a read-only workbook's sheets are
            tables[sheet.title] = list(_read_table(reader.rows(worksheet), sheet, reading))
        else:  # missing, or a chart sheet
            reading.report(
                (sheet.title, None, None),
                f"The sheet {sheet.title} is missing",
                f"缺少工作表「{sheet.title}」",
            )
    return tables


def _read_table(
    rows: Iterator[tuple[int, tuple[Any, ...]]], sheet: Sheet, reading: _Reading
) -> Iterator[_Row]:
    first = next(rows, None)  # row 1: a sheet's rows are numbered from it, gaps and all
    letters = _header_letters(first[1] if first else (), sheet, reading)
    missing = [c for c in sheet.columns if c.field not in letters and c.required]
    for column in missing:
        reading.report(
            (sheet.title, 1, None),
            f"The column {column.field} ({column.zh}) is missing",
            f"缺少欄位「{column.zh}」（{column.field}）",
        )
    if missing:
        return
    kinds = {c.field: c.kind for c in sheet.columns}
    indexes = {name: column_index_from_string(letter) - 1 for name, letter in letters.items()}
    for number, cells in rows:
        values: dict[str, Any] = {}
        for name, index in indexes.items():
            raw = cells[index] if index < len(cells) else None
            place = (sheet.title, number, letters[name])
            value = _cell_value(raw, kinds[name], place, reading)
            if value is not None:
                values[name] = value
        if values:
            yield _Row(sheet, number, values, letters)


def _header_letters(header: tuple[Any, ...], sheet: Sheet, reading: _Reading) -> dict[str, str]:
    """Each of the sheet's columns by its letter, found by its field name or Chinese name."""
    letters: dict[str, str] = {}
    by_header = {c.field: c for c in sheet.columns} | {c.zh: c for c in sheet.columns}
    for index, value in enumerate(header, start=1):
        if value is None:
            continue
        lines = [line.strip() for line in str(value).splitlines() if line.strip()]
        column = next((by_header[line] for line in reversed(lines) if line in by_header), None)
        if column is None:
            continue  # a column of the staff's own, e.g. notes
        letter = get_column_letter(index)
        if column.field in letters:
            reading.report(
                (sheet.title, 1, letter),
                f"The column {column.field} appears twice",
                f"欄位「{column.zh}」重複",
            )
        letters[column.field] = letter
    return letters


def _cell_value(raw: Any, kind: Kind, place: Place, reading: _Reading) -> Any:
    """The cell as the schema wants it; None when blank. Doubtful values go on to the schema."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    length = _number_length(raw)
    if length > MAX_NUMBER_LENGTH:
        reading.report(place, *long_number(length), kind="max_number_length")
        return None
    if kind == "any":
        return raw
    if kind == "date":
        return _date_value(raw, place, reading)
    if kind == "decimal" and isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if kind == "int":
        if (isinstance(raw, float) and raw.is_integer()) or (
            isinstance(raw, str) and _WHOLE_NUMBER.fullmatch(raw)
        ):
            return int(raw)
        return raw
    if kind == "codes":
        return [code for code in _OWNER_SPLIT.split(str(raw)) if code]
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date | int | float):
        return str(raw)
    text = str(raw).replace("\r\n", "\n")
    return text.strip() if kind == "choice" else text


def _number_length(raw: Any) -> int:
    """How many digits a number cell has before its point; 0 for anything else."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return len(str(abs(raw)))  # openpyxl has refused ints past 4,300 digits already
    if isinstance(raw, float) and math.isfinite(raw):
        return len(f"{abs(raw):.0f}")
    return 0


def _date_value(raw: Any, place: Place, reading: _Reading) -> date | str | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float):  # a date Excel shows as a number: its serial
        try:
            serial = from_excel(raw)
        except (ValueError, OverflowError):
            serial = None
        if isinstance(serial, datetime):
            return serial.date()
        reading.report(place, f"{raw} is not a date", f"{raw} 不是日期")
        return None
    text = str(raw).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        return parse_roc_date(text)
    except RocDateError as error:
        reading.report(place, str(error), error.zh)
        return None


def _plan_node(rows: list[_Row], reading: _Reading) -> _Node:
    plan = _Node({})
    kinds = {c.field: c for c in PLAN_FIELDS}
    core_values: list[str] = []
    for row in rows:
        name = row.values.get("field")
        column = kinds.get(str(name)) if name is not None else None
        if column is None:
            if name is not None or "value" in row.values:
                reading.report(
                    row.place("field"),
                    f"Unknown plan field {name!r}; use one of {', '.join(kinds)}",
                    f"不明的計畫欄位「{name or ''}」，應為：{'、'.join(kinds)}",
                )
            continue
        value = _cell_value(row.values.get("value"), column.kind, row.place("value"), reading)
        if column.field == "core_values":
            if value is not None:
                plan.cells[("core_values", len(core_values))] = row.place("value")
                core_values.append(value)
            plan.cells.setdefault(("core_values",), row.place("value"))
            continue
        if (column.field,) in plan.cells:
            reading.report(
                row.place("field"),
                f"The plan field {column.field} is given twice",
                f"計畫欄位「{column.zh}」重複",
            )
            continue
        plan.cells[(column.field,)] = row.place("value")
        if value is not None:
            plan.values[column.field] = value
    plan.values["core_values"] = core_values
    return plan


def _categories(rows: list[_Row], reading: _Reading) -> list[_Node]:
    """A row per member; the category's columns repeat and must agree."""
    categories: dict[str, _Node] = {}
    fields = {"code": "category_code", "name_zh": "category_name_zh", "name_en": "category_name_en"}
    for row in rows:
        code = row.values.get("category_code")
        if code is None:
            reading.report(
                row.place("category_code"), "The category code is missing", "缺少類別代碼"
            )
            continue
        category = categories.get(code)
        if category is None:
            category = categories[code] = _Node.from_row(row, fields)
            category.values["members"] = []
        else:
            _check_same(category, row, fields, reading, f"category {code}", f"類別「{code}」")
        if "organization" in row.values or "scope" in row.values:
            category.values["members"].append(
                _Node.from_row(row, {"organization": "organization", "scope": "scope"})
            )
    return list(categories.values())


def _check_same(
    node: _Node, row: _Row, fields: dict[str, str], reading: _Reading, what: str, what_zh: str
) -> None:
    """A repeated cell (a dimension's name on each of its rows) must say the same each time."""
    for name, col in fields.items():
        given = row.values.get(col)
        if given is not None and name in node.values and given != node.values[name]:
            first = node.cells[(name,)]
            at = f"{first[0]}!{first[2]}{first[1]}"
            reading.report(
                row.place(col),
                f"{given!r} differs from {node.values[name]!r} given for {what} at {at}",
                f"「{given}」與{what_zh}於 {at} 的「{node.values[name]}」不一致",
            )


_INDICATOR_LINKS = {"measure_row", "measure_key"}
_DIMENSION = {"code": "dimension_code", "name": "dimension_name", "key": "dimension_key"}
_STRATEGY = {"code": "strategy_code", "name": "strategy_name", "key": "strategy_key"}
_MEASURE = {"key": "key", "code": "code", "text": "text", "owners": "owners"}
_SUB_ITEM = {"key": "key", "code": "code", "text": "text"}
_INDICATOR = {c.field: c.field for c in INDICATORS.columns if c.field not in _INDICATOR_LINKS}


class _Structure:
    """Dimensions, strategies, measures and sub-items from their sheet; then the indicators."""

    def __init__(self, reading: _Reading) -> None:
        self.reading = reading
        self.dimensions: list[_Node] = []
        self.measure_at_row: dict[int, tuple[_Node, _Node | None]] = {}  # node, its parent
        self.measure_with_key: dict[str, _Node] = {}
        self.groups_of: dict[int, tuple[_Node, _Node]] = {}  # row: dimension, strategy

    def read(self, rows: list[_Row]) -> list[_Node]:
        sub_item_rows = []
        for row in rows:
            if "parent_row" in row.values:
                sub_item_rows.append(row)
            else:
                self._place(row)
        for row in sub_item_rows:
            self._place_sub_item(row)
        return self.dimensions

    def _place(self, row: _Row) -> None:
        dimension = self._group(self.dimensions, row, _DIMENSION, "dimension", "面向")
        if dimension is None:
            return
        has_measure = any(name in row.values for name in _MEASURE.values())
        if not has_measure and not any(col in row.values for col in _STRATEGY.values()):
            return  # a dimension that has no strategies yet
        strategy = self._group(dimension.values["strategies"], row, _STRATEGY, "strategy", "策略")
        if strategy is None or not has_measure:
            return
        measure = _Node.from_row(row, _MEASURE)
        measure.values.setdefault("owners", [])
        measure.values |= {"sub_items": [], "indicators": []}
        strategy.values["measures"].append(measure)
        self.measure_at_row[row.number] = (measure, None)
        self.groups_of[row.number] = (dimension, strategy)
        if "key" in measure.values:
            self.measure_with_key.setdefault(measure.values["key"], measure)

    def _group(
        self, groups: list[_Node], row: _Row, fields: dict[str, str], what: str, what_zh: str
    ) -> _Node | None:
        """The dimension (or strategy) the row names, found by key, else by code, else new."""
        code, key = row.values.get(fields["code"]), row.values.get(fields["key"])
        if code is None:
            self.reading.report(
                row.place(fields["code"]), f"The {what} code is missing", f"缺少{what_zh}編號"
            )
            return None
        found = next((g for g in groups if key is not None and g.values.get("key") == key), None)
        found = found or next(
            (
                g
                for g in groups
                if g.values.get("code") == code and (key is None or "key" not in g.values)
            ),
            None,
        )
        if found is None:
            found = _Node.from_row(row, fields)
            found.values["strategies" if what == "dimension" else "measures"] = []
            groups.append(found)
        else:
            label = f"{what} {code}"
            _check_same(found, row, fields, self.reading, label, f"{what_zh}「{code}」")
            if key is not None and "key" not in found.values:
                found.values["key"] = key
                found.cells[("key",)] = row.place(fields["key"])
        return found

    def _place_sub_item(self, row: _Row) -> None:
        parent_row = row.values["parent_row"]
        parent = self.measure_at_row.get(parent_row) if isinstance(parent_row, int) else None
        if parent is None or parent[1] is not None:
            self.reading.report(
                row.place("parent_row"),
                f"Row {parent_row} of {MEASURES.title} is not a measure; a sub-item names the "
                "row of its measure",
                f"第 {parent_row} 列不是具體推動作法；子項應填所屬作法的列號",
            )
            return
        measure = parent[0]
        dimension, strategy = self.groups_of[parent_row]
        for group, fields in ((dimension, _DIMENSION), (strategy, _STRATEGY)):
            for name, col in fields.items():
                given, expected = row.values.get(col), group.values.get(name)
                if given is None or expected is None or given == expected:
                    continue
                self.reading.report(
                    row.place(col),
                    f"{given!r} differs from {expected!r} of its measure in row {parent_row}",
                    f"「{given}」與第 {parent_row} 列所屬作法的「{expected}」不一致",
                )
        if "owners" in row.values:
            self.reading.report(
                row.place("owners"),
                "A sub-item has its measure's owners; leave the owners empty",
                "子項沿用所屬作法的主辦機關，此欄請留空",
            )
        sub_item = _Node.from_row(row, _SUB_ITEM)
        sub_item.values["indicators"] = []
        measure.values["sub_items"].append(sub_item)
        self.measure_at_row[row.number] = (sub_item, measure)
        if "key" in sub_item.values:
            self.measure_with_key.setdefault(sub_item.values["key"], sub_item)

    def attach_indicators(self, rows: list[_Row]) -> None:
        for row in rows:
            measure = self._measure_of(row)
            if measure is not None:
                indicator = _Node.from_row(row, _INDICATOR)
                # the sheet has no yes/no column: a reason given marks the values inferred
                indicator.values["inferred"] = indicator.values.get("inferred_reason") is not None
                indicator.cells[("inferred",)] = row.place("inferred_reason")
                measure.values["indicators"].append(indicator)

    def _measure_of(self, row: _Row) -> _Node | None:
        """By key when given, else by row; both given must name the same measure."""
        key, number = row.values.get("measure_key"), row.values.get("measure_row")
        by_key = self.measure_with_key.get(key) if key is not None else None
        at_row = self.measure_at_row.get(number) if isinstance(number, int) else None
        by_row = at_row[0] if at_row else None
        if key is not None and by_key is None:
            self.reading.report(
                row.place("measure_key"),
                f"No measure in {MEASURES.title} has the key {key}",
                f"「{MEASURES.title}」沒有識別碼為 {key} 的作法",
            )
            return None
        if number is not None and by_row is None:
            self.reading.report(
                row.place("measure_row"),
                f"Row {number} of {MEASURES.title} is not a measure",
                f"「{MEASURES.title}」第 {number} 列不是具體推動作法",
            )
            return None
        if by_key is None and by_row is None:
            self.reading.report(
                row.place("measure_row"),
                "Name the measure: its row or its key",
                "請填寫所屬具體推動作法的列號或識別碼",
            )
            return None
        if by_key is not None and by_row is not None and by_key is not by_row:
            self.reading.report(
                row.place("measure_row"),
                f"Row {number} of {MEASURES.title} is not the measure with key {key}",
                f"「{MEASURES.title}」第 {number} 列不是識別碼 {key} 的作法",
            )
            return None
        return by_key or by_row

"""A plan as an Excel workbook that commission staff can read, edit and import again.

The layout (a sheet per part of the plan), the writer, and the reader, which reads the whole
workbook before anything is written and reports every problem at its sheet, row and column.
"""

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from io import BytesIO
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from uplift.kit.roc_date import RocDateError, parse_roc_date
from uplift.models import Comparison, Frequency, PlanStatus, ReviewRoundKind
from uplift.plans.import_limits import (
    DEFAULT_LIMITS,
    MAX_NUMBER_LENGTH,
    ImportLimits,
    long_number,
)
from uplift.plans.import_problems import (
    ImportProblem,
    Path,
    Place,
    SourceMap,
    validated,
)
from uplift.plans.sheet_rows import SheetReader, open_workbook
from uplift.seed.schema import (
    DimensionRecord,
    PlanRecord,
    StrategyRecord,
    SubItemRecord,
)

# ── The workbook's layout ─────────────────────────────────────────────────────────────────

Kind = Literal["text", "long", "int", "decimal", "date", "codes", "choice", "any"]


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    width: float
    kind: Kind = "text"
    choices: type[StrEnum] | None = None
    required: bool = True

    @property
    def header(self) -> str:
        return f"{self.zh}\n{self.field}"


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]


PLAN_FIELDS = (
    Column("year", "年度（西元）", 0, "int"),
    Column("issuer", "發布機關代碼", 0),
    Column("title", "計畫名稱", 0),
    Column("status", "狀態", 0, "choice", PlanStatus),
    Column("report_due_date", "成果報部期限", 0, "date"),
    Column("objectives", "計畫目標", 0, "long"),
    Column("principles", "核心精神（每列一項）", 0),
)
PLAN = Sheet(
    "計畫",
    (
        Column("label", "項目", 24, required=False),
        Column("field", "欄位", 18),
        Column("value", "內容", 90, "any"),  # read as it is, then as its field wants
    ),
)
BASES = Sheet(
    "計畫依據",
    (
        Column("issuer", "發布機關", 14),
        Column("issued_on", "發布日期", 13, "date"),
        Column("document_number", "文號", 28),
        Column("title", "名稱", 30),
        Column("text", "內容", 70, "long"),
    ),
)
CATEGORIES = Sheet(
    "實施對象",
    (
        Column("category_code", "類別代碼", 18),
        Column("category_name_zh", "類別名稱", 16),
        Column("category_name_en", "類別英文名稱", 20),
        Column("organization", "機關代碼", 14),
        Column("scope", "範圍", 28),
    ),
)
SECTIONS = Sheet(
    "章節",
    (
        Column("key", "代碼", 22),
        Column("heading", "章次", 8),
        Column("title", "標題", 16),
        Column("body", "內容", 100, "long"),
    ),
)
ROUNDS = Sheet(
    "查證",
    (
        Column("kind", "類別", 12, "choice", ReviewRoundKind),
        Column("name_zh", "名稱", 14),
        Column("name_en", "英文名稱", 24),
        Column("description", "說明", 80, "long"),
    ),
)
MEASURES = Sheet(
    "具體推動作法",
    (
        Column("dimension_code", "面向編號", 8),
        Column("dimension_name", "面向", 14),
        Column("strategy_code", "策略編號", 8),
        Column("strategy_name", "執行策略", 18),
        Column("owners", "主辦機關（以「、」分隔）", 16, "codes"),
        Column("code", "編號", 7),
        Column("parent_row", "所屬作法列（子項填）", 10, "int"),
        Column("text", "具體推動作法", 80, "long"),
        Column("key", "識別碼", 38),
        Column("dimension_key", "面向識別碼", 38),
        Column("strategy_key", "策略識別碼", 38),
    ),
)
INDICATORS = Sheet(
    "指標",
    (
        Column("measure_row", "具體推動作法列", 10, "int"),
        Column("name", "指標名稱", 28),
        Column("unit", "單位", 7),
        Column("target", "目標值", 9, "decimal"),
        Column("comparison", "比較方式", 13, "choice", Comparison),
        Column("frequency", "頻率", 12, "choice", Frequency),
        Column("due_date", "期限", 12, "date"),
        Column("source_phrase", "原文", 40, "long"),
        Column("key", "識別碼", 38),
        Column("measure_key", "具體推動作法識別碼", 38),
    ),
)
SHEETS = (PLAN, BASES, CATEGORIES, SECTIONS, ROUNDS, MEASURES, INDICATORS)
OWNER_SEPARATOR = "、"
_OWNER_SPLIT = re.compile(r"[、,，;；\s]+")
_WHOLE_NUMBER = re.compile(rf"[0-9]{{1,{MAX_NUMBER_LENGTH}}}")  # int() takes other digits too


# ── Writing the workbook ──────────────────────────────────────────────────────────────────


def workbook_from_plan(record: PlanRecord) -> bytes:
    """An .xlsx of the plan that commission staff can read, edit and import again."""
    book = Workbook()
    book.remove(book.worksheets[0])
    sheets = {sheet.title: _new_sheet(book, sheet) for sheet in SHEETS}

    plan_rows: list[list[Any]] = []
    for column in PLAN_FIELDS:
        if column.field == "principles":
            values: list[Any] = list(record.principles) or [None]  # an empty row to fill in
        else:
            values = [getattr(record, column.field)]
        plan_rows += [[column.zh, column.field, value] for value in values]
    _write_rows(sheets[PLAN.title], PLAN, plan_rows, value_kinds=_plan_value_kinds(plan_rows))

    _write_rows(
        sheets[BASES.title],
        BASES,
        [[b.issuer, b.issued_on, b.document_number, b.title, b.text] for b in record.bases],
    )
    _write_rows(
        sheets[CATEGORIES.title],
        CATEGORIES,
        [
            [c.code, c.name_zh, c.name_en, *member]
            for c in record.target_categories
            # a category without members still gets a row, its member cells empty
            for member in [[m.organization, m.scope] for m in c.members] or [[None, None]]
        ],
    )
    _write_rows(
        sheets[SECTIONS.title],
        SECTIONS,
        [[s.key, s.heading, s.title, s.body] for s in record.sections],
    )
    _write_rows(
        sheets[ROUNDS.title],
        ROUNDS,
        [[r.kind, r.name_zh, r.name_en, r.description] for r in record.review_rounds],
    )
    measure_rows, indicator_rows = _structure_rows(record)
    _write_rows(sheets[MEASURES.title], MEASURES, measure_rows)
    _write_rows(sheets[INDICATORS.title], INDICATORS, indicator_rows)

    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _structure_rows(record: PlanRecord) -> tuple[list[list[Any]], list[list[Any]]]:
    """One row per measure or sub-item (a sub-item names its parent's row); one per indicator.

    A dimension or strategy without measures still gets a row, with the measure cells empty.
    """
    measure_rows: list[list[Any]] = []
    indicator_rows: list[list[Any]] = []

    def add(
        d: DimensionRecord,
        s: StrategyRecord | None,
        m: SubItemRecord | None,
        owners: Sequence[str] = (),
        parent_row: int | None = None,
    ) -> int:
        row = len(measure_rows) + 2  # below the header
        measure_rows.append(
            [
                d.code,
                d.name,
                s.code if s else None,
                s.name if s else None,
                OWNER_SEPARATOR.join(owners) or None,
                m.code if m else None,
                parent_row,
                m.text if m else None,
                m.key if m else None,
                d.key,
                s.key if s else None,
            ]
        )
        for i in m.indicators if m else []:
            indicator_rows.append(
                [
                    row,
                    i.name,
                    i.unit,
                    i.target,
                    i.comparison,
                    i.frequency,
                    i.due_date,
                    i.source_phrase,
                    i.key,
                    m.key if m else None,
                ]
            )
        return row

    for d in record.dimensions:
        if not d.strategies:
            add(d, None, None)
        for s in d.strategies:
            if not s.measures:
                add(d, s, None)
            for m in s.measures:
                row = add(d, s, m, m.owners)
                for sub in m.sub_items:
                    add(d, s, sub, parent_row=row)
    return measure_rows, indicator_rows


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _new_sheet(book: Workbook, sheet: Sheet) -> Worksheet:
    worksheet: Worksheet = book.create_sheet(sheet.title)
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.choices is not None:
            choices = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
            )
            worksheet.add_data_validation(choices)
            letter = get_column_letter(index)
            choices.add(f"{letter}2:{letter}1048576")
    worksheet.row_dimensions[1].height = 32
    worksheet.freeze_panes = "A2"
    return worksheet


def _plan_value_kinds(rows: list[list[Any]]) -> list[Kind]:
    kinds = {c.field: c.kind for c in PLAN_FIELDS}
    return [kinds[row[1]] for row in rows]


def _write_rows(
    worksheet: Worksheet,
    sheet: Sheet,
    rows: list[list[Any]],
    value_kinds: list[Kind] | None = None,
) -> None:
    for r, values in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            kind = value_kinds[r - 2] if value_kinds and column.field == "value" else column.kind
            cell = worksheet.cell(row=r, column=c)
            assert isinstance(cell, Cell)  # a new sheet has no merged cells
            _write_cell(cell, value, kind)
    if rows and sheet is not PLAN:
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(rows) + 1}"


def _write_cell(cell: Cell, value: Any, kind: Kind) -> None:
    if value is None:
        return
    if isinstance(value, StrEnum):
        value = value.value
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text that starts with "=" stays text, not a formula
    if kind == "date":
        cell.number_format = "yyyy-mm-dd"
    cell.alignment = _WRAP if kind == "long" else _TOP


# ── Reading the workbook ──────────────────────────────────────────────────────────────────


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
    principles: list[str] = []
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
        if column.field == "principles":
            if value is not None:
                plan.cells[("principles", len(principles))] = row.place("value")
                principles.append(value)
            plan.cells.setdefault(("principles",), row.place("value"))
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
    plan.values["principles"] = principles
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
                measure.values["indicators"].append(_Node.from_row(row, _INDICATOR))

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

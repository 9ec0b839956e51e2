"""A plan document written as an .xlsx that commission staff can read, edit and import again:
one sheet per part of the plan (workbook_layout.py), headers frozen and filtered, choices as
drop-down lists, and text kept as text (a cell starting with "=" is never a formula).
"""

from collections.abc import Sequence
from enum import StrEnum
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from uplift.plans.document import (
    DimensionRecord,
    PlanRecord,
    StrategyRecord,
    SubItemRecord,
)
from uplift.plans.transfer.workbook_layout import (
    BASES,
    CATEGORIES,
    INDICATORS,
    MEASURES,
    OWNER_SEPARATOR,
    PLAN,
    PLAN_FIELDS,
    ROUNDS,
    SECTIONS,
    SHEETS,
    Kind,
    Sheet,
)


def workbook_from_plan(record: PlanRecord) -> bytes:
    """An .xlsx of the plan that commission staff can read, edit and import again."""
    book = Workbook()
    book.remove(book.worksheets[0])
    sheets = {sheet.title: _new_sheet(book, sheet) for sheet in SHEETS}

    plan_rows: list[list[Any]] = []
    for column in PLAN_FIELDS:
        if column.field == "core_values":
            values: list[Any] = list(record.core_values) or [None]  # an empty row to fill in
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
                    i.baseline,
                    i.inferred_reason,
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

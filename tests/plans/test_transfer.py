import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import plan_107
from uplift.kit.errors import ResourceNotFound
from uplift.models import Plan
from uplift.plans.document import MeasureRecord, PlanRecord
from uplift.plans.transfer import check_references, export_plan, json_from_plan, plan_from_json
from uplift.plans.transfer.problems import ImportProblem, PlanImportError
from uplift.plans.transfer.workbook_reader import plan_from_workbook, read_workbook
from uplift.plans.transfer.workbook_writer import workbook_from_plan
from uplift.seed.loader import SeedFile, load


async def export_107(session: AsyncSession) -> PlanRecord:
    plan_id = await session.scalar(select(Plan.id).where(Plan.year == 2018))
    assert plan_id is not None
    return await export_plan(session, plan_id)


_exported: list[PlanRecord] = []


async def exported_107(session: AsyncSession) -> PlanRecord:
    """The seeded 107 plan as exported, with its keys: the same in every test (each one's
    writes are rolled back), so exported once and copied for each test to change."""
    if not _exported:
        _exported.append(await export_107(session))
    return _exported[0].model_copy(deep=True)


def measures(record: PlanRecord) -> list[MeasureRecord]:
    return [m for d in record.dimensions for s in d.strategies for m in s.measures]


def without_keys(record: PlanRecord) -> PlanRecord:
    document = record.model_dump()
    for dimension in document["dimensions"]:
        dimension.pop("key")
        for strategy in dimension["strategies"]:
            strategy.pop("key")
            for measure in strategy["measures"]:
                for item in [measure, *measure["sub_items"]]:
                    item.pop("key")
                    for indicator in item["indicators"]:
                        indicator.pop("key")
    return PlanRecord.model_validate(document)


def edited(workbook: bytes, edit: Callable[[Workbook], None]) -> bytes:
    book = load_workbook(BytesIO(workbook))
    edit(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(action: Callable[[], object]) -> list[ImportProblem]:
    with pytest.raises(PlanImportError) as raised:
        action()
    return raised.value.problems


async def test_export_has_the_whole_107_plan_with_keys(
    session: AsyncSession, count_queries: Callable[[], Any]
) -> None:
    with count_queries() as queries:
        record = await export_107(session)
    assert len(queries) <= 12  # a fixed number, whatever the plan's size
    assert len(record.dimensions) == 5
    assert len(measures(record)) == 177
    assert sum(len(m.sub_items) for m in measures(record)) == 11
    items = [i for m in measures(record) for i in [m, *m.sub_items]]
    indicators = [i for item in items for i in item.indicators]
    assert len(indicators) == 20
    keyed = [*record.dimensions, *(s for d in record.dimensions for s in d.strategies)]
    assert all(k.key for k in [*keyed, *items, *indicators])
    assert len({i.key for i in items}) == 188
    assert record.issuer == "MOEACA"
    assert {m.organization for c in record.target_categories for m in c.members} >= {"CPC"}
    assert (
        str(next(i.target for i in indicators if i.target is not None)) == "100"
    )  # not 1E+2 nor 100.0000


async def test_export_is_the_seed_file_plus_keys(session: AsyncSession) -> None:
    assert without_keys(await exported_107(session)) == plan_107.document()


async def test_export_of_a_missing_plan_is_not_found(session: AsyncSession) -> None:
    with pytest.raises(ResourceNotFound):
        await export_plan(session, 999_999)


async def test_json_round_trip_is_exact(session: AsyncSession) -> None:
    record = await exported_107(session)
    assert plan_from_json(json_from_plan(record)) == record
    dumped = json.dumps(record.model_dump(mode="json")).encode()
    assert plan_from_json(dumped) == record


async def test_workbook_round_trip_is_exact(session: AsyncSession) -> None:
    record = await exported_107(session)
    assert plan_from_workbook(workbook_from_plan(record)) == record


def test_workbook_round_trip_of_a_plan_without_keys() -> None:
    record = plan_107.document()
    sections = [s for s in record.sections if "\n" in s.body]
    assert sections  # multi-line bodies are part of what must survive
    assert any(m.code is None for m in measures(record))
    assert plan_from_workbook(workbook_from_plan(record)) == record


def test_workbook_is_pleasant_to_open() -> None:
    book = load_workbook(BytesIO(plan_107.workbook()))
    assert book.sheetnames == [
        "計畫",
        "計畫依據",
        "實施對象",
        "章節",
        "查證",
        "具體推動作法",
        "指標",
    ]
    sheet = book["具體推動作法"]
    assert sheet.freeze_panes == "A2"
    assert sheet["H1"].value == "具體推動作法\ntext"
    assert (sheet.column_dimensions["H"].width or 0) > 40
    assert isinstance(book["計畫依據"]["B2"].value, date)  # a real date, not text
    sub_item = next(row for row in sheet.iter_rows(min_row=2) if row[6].value is not None)
    parent = sheet[f"A{sub_item[6].value}:K{sub_item[6].value}"][0]
    assert parent[6].value is None
    assert parent[4].value == "TAIPOWER"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    record = plan_107.document()
    record.dimensions[0].strategies[0].measures[0].text = "=SUM(A1:A3) 不是公式"
    assert plan_from_workbook(workbook_from_plan(record)) == record


def test_staff_can_add_a_measure_and_an_indicator_without_keys() -> None:
    record = plan_107.document()

    def add_rows(book: Workbook) -> None:
        sheet = book["具體推動作法"]
        new_row = sheet.max_row + 1
        sheet.append(
            ["一", "基礎服務", "(一)", "服務一致及正確性", "CPC、TAIWATER", "(7)", None, "新作法"]
        )
        book["指標"].append([new_row, "新指標", "次", 2, "at_least", "quarterly", "107/12/31"])

    imported = plan_from_workbook(edited(plan_107.workbook(), add_rows))
    added = imported.dimensions[0].strategies[0].measures[-1]
    assert (added.code, added.text, added.owners) == ("(7)", "新作法", ["CPC", "TAIWATER"])
    assert added.indicators[0].target == Decimal(2)
    assert added.indicators[0].due_date == date(2018, 12, 31)
    assert [m for m in measures(imported) if m is not added] == measures(record)


async def test_every_broken_cell_is_reported_where_it_is(session: AsyncSession) -> None:
    def break_cells(book: Workbook) -> None:
        book["計畫"]["C2"] = "next year"
        book["計畫依據"]["B2"] = "107年2月30日"
        book["具體推動作法"]["H7"] = None
        book["具體推動作法"]["E8"] = None
        book["指標"]["D5"] = "lots"
        book["指標"]["E12"] = "more_or_less"

    workbook = edited(workbook_from_plan(await exported_107(session)), break_cells)
    problems = problems_of(lambda: plan_from_workbook(workbook))
    assert [p.field for p in problems] == [
        "計畫!C2",
        "計畫依據!B2",
        "具體推動作法!H7",
        "具體推動作法!E8",
        "指標!D5",
        "指標!E12",
    ]
    assert (problems[2].sheet, problems[2].row, problems[2].column) == ("具體推動作法", 7, "H")
    assert problems[2].message_zh == "此欄位為必填"
    assert "at_least" in problems[5].message
    assert all(p.message and p.message_zh for p in problems)


def test_broken_references_between_rows_are_reported() -> None:
    def break_links(book: Workbook) -> None:
        sheet = book["具體推動作法"]
        sub_item_row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"G{r}"].value)
        sheet[f"G{sub_item_row}"] = 2 + sheet.max_row  # no such row
        sheet[f"C{sub_item_row + 5}"] = None  # a measure without its strategy
        sheet["I30"] = sheet["I31"] = "same-key"
        book["指標"]["A3"] = 9999
        book["計畫"]["B10"] = "colour"  # was a core value

    workbook = edited(plan_107.workbook(), break_links)
    problems = problems_of(lambda: plan_from_workbook(workbook))
    fields = {p.field for p in problems}
    assert len(fields) == 5
    assert {"計畫!B10", "具體推動作法!I31", "指標!A3"} <= fields
    assert {f.split("!")[1][0] for f in fields if f.startswith("具體推動作法")} == {"G", "C", "I"}
    duplicate = next(p for p in problems if p.field == "具體推動作法!I31")
    assert "具體推動作法!I30" in duplicate.message


def test_a_missing_sheet_and_column_are_reported() -> None:
    def remove(book: Workbook) -> None:
        del book["查證"]
        book["指標"]["B1"] = "名目"

    workbook = edited(plan_107.workbook(), remove)
    fields = [p.field for p in problems_of(lambda: plan_from_workbook(workbook))]
    assert fields == ["查證", "指標!1:1"]


def test_json_problems_name_their_path() -> None:
    document = plan_107.document().model_dump(mode="json")
    measure = document["dimensions"][0]["strategies"][1]["measures"][3]
    del measure["text"]
    measure["key"] = "k-1"
    document["dimensions"][1]["strategies"][0]["measures"][0]["key"] = "k-1"
    document["dimensions"][0]["strategies"][0]["measures"][0]["indicators"] = [{"name": "x"}]
    problems = problems_of(lambda: plan_from_json(json.dumps(document).encode()))
    fields = {p.field for p in problems}
    assert "dimensions.0.strategies.1.measures.3.text" in fields
    assert "dimensions.1.strategies.0.measures.0.key" in fields  # the second use of k-1
    assert "dimensions.0.strategies.0.measures.0.indicators.0.comparison" in fields
    assert all(p.sheet is None and p.row is None for p in problems)


@pytest.mark.parametrize("read", [plan_from_workbook, plan_from_json], ids=["workbook", "json"])
def test_garbage_is_one_clear_problem(read: Callable[[bytes], PlanRecord]) -> None:
    problems = problems_of(lambda: read(b"\x89PNG\r\n\x1a\n garbage \xff\xfe"))
    assert len(problems) == 1
    assert problems[0].message and problems[0].message_zh


async def test_unknown_organisations_are_reported_by_check_references(
    session: AsyncSession,
) -> None:
    record = await exported_107(session)
    assert await check_references(session, record) == []
    measures(record)[6].owners = ["TAIPOWER", "NOBODY"]
    record.target_categories[1].members[0].organization = "GHOST"
    problems = await check_references(session, record)
    assert [p.field for p in problems] == [
        "target_categories.1.members.0.organization",
        "dimensions.0.strategies.0.measures.6.owners.1",
    ]
    imported = read_workbook(workbook_from_plan(record))
    located = await check_references(session, imported.record, imported.source)
    assert [p.field for p in located] == ["實施對象!D6", "具體推動作法!E8"]
    assert "NOBODY" in located[1].message


async def test_the_seed_loader_takes_an_export_back_with_its_keys(
    session: AsyncSession,
) -> None:
    exported = await exported_107(session)
    next_year = exported.model_copy(update={"year": 2019})
    report = await load(session, SeedFile(plans=[next_year]))
    assert report.plans_created == ["MOEACA 2019"]
    plan_id = await session.scalar(select(Plan.id).where(Plan.year == 2019))
    assert plan_id is not None
    assert await export_plan(session, plan_id) == next_year


def test_a_problem_names_its_cell_or_path() -> None:
    assert ImportProblem("具體推動作法", 7, "F", "m", "訊息").field == "具體推動作法!F7"
    assert ImportProblem(None, None, "dimensions.0.code", "m", "訊息").field == "dimensions.0.code"
    assert ImportProblem("查證", None, None, "m", "訊息").field == "查證"
    assert ImportProblem("指標", 1, None, "m", "訊息").field == "指標!1:1"

"""The workbook's layout, which the writer and the reader share: a sheet per part of the plan,
and for each sheet its columns (field, Chinese header, width, the kind of value it holds).

A header has two lines, the Chinese name over the field name, so staff read Chinese and the
reader finds a column by either; a column of the staff's own is left alone.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from uplift.models import Comparison, Frequency, PlanStatus, ReviewRoundKind

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
    Column("core_values", "計畫目標之核心精神（每列一項）", 0),
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
        Column("baseline", "基準值", 9, "decimal"),
        Column("inferred_reason", "推定理由（依原文者空白）", 30, "long"),
        Column("key", "識別碼", 38),
        Column("measure_key", "具體推動作法識別碼", 38),
    ),
)
SHEETS = (PLAN, BASES, CATEGORIES, SECTIONS, ROUNDS, MEASURES, INDICATORS)
OWNER_SEPARATOR = "、"

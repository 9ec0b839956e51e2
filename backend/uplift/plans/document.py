"""A whole plan as one document: what JSON, YAML and workbook imports read into, exports
write from, and the copy into the next year passes along.

Records carry the stable keys of dimensions, strategies, measures and indicators, so a plan
exported and imported again (or copied) keeps them; a hand-written file leaves them out.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from uplift.models import Comparison, Frequency, PlanStatus, ReviewRoundKind


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The stable identity of a dimension, strategy, measure or indicator across revisions and years
# (a UUID string); absent in hand-written files, where the database makes one.
StableKey = Annotated[str | None, Field(min_length=1, max_length=36)]

FIRST_DAY = date(1912, 1, 1)  # the ROC calendar's first day: no plan is dated before it


def _in_roc_era(day: date) -> date:
    if day < FIRST_DAY:
        raise PydanticCustomError(
            "date_out_of_range", "The date must be between 1912-01-01 (ROC year 1) and 9999-12-31"
        )
    return day


# A date in a plan; Python's dates end at 9999-12-31 already.
PlanDate = Annotated[date, AfterValidator(_in_roc_era)]


COMPLETE = Decimal(100)  # a completion indicator's target, in '%': every case, all of it


def indicator_rule_broken(
    comparison: Comparison,
    target: Decimal | float | None,
    unit: str | None,
    baseline: Decimal | float | None,
    inferred: bool,
    inferred_reason: str | None,
) -> tuple[str, str, str] | None:
    """The field of an indicator that contradicts the rest, with why (English, zh-TW)."""
    if inferred and not (inferred_reason or "").strip():
        return (
            "inferred_reason",
            "an inferred value must say why it was inferred",
            "推定的值須說明推定理由",
        )
    if inferred_reason is not None and not inferred:
        return (
            "inferred",
            "only an inferred indicator has a reason for it; set inferred to true",
            "僅推定的指標有推定理由；請將 inferred 設為 true",
        )
    if comparison == Comparison.completion and (
        target is None or Decimal(str(target)) != COMPLETE or unit != "%"
    ):
        return (
            "target",
            "a completion indicator's target is 100 with unit '%'",
            "「全數完成」指標的目標值為 100，單位為 %",
        )
    if baseline is not None and comparison != Comparison.increase_over_baseline:
        return (
            "baseline",
            "only an increase over a baseline has a baseline",
            "僅「較基準值提升」的指標有基準值",
        )
    return None


class IndicatorRecord(Record):
    key: StableKey = None
    name: str
    unit: str | None = None
    # as the database keeps it (Numeric(14, 4)): a longer number is refused, never cut short
    target: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    comparison: Comparison
    frequency: Frequency
    due_date: PlanDate | None = None
    source_phrase: str | None = None
    baseline: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    # a value not read from source_phrase but supplied by the transcription, and why
    inferred: bool = False
    inferred_reason: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "IndicatorRecord":
        broken = indicator_rule_broken(
            self.comparison,
            self.target,
            self.unit,
            self.baseline,
            self.inferred,
            self.inferred_reason,
        )
        if broken is not None:
            field, en, _ = broken
            raise PydanticCustomError(
                "indicator", "{field}: {reason}", {"field": field, "reason": en}
            )
        return self


class SubItemRecord(Record):
    key: StableKey = None
    code: str | None = None
    text: str
    indicators: list[IndicatorRecord] = []


class MeasureRecord(SubItemRecord):
    owners: list[str] = Field(min_length=1)
    sub_items: list[SubItemRecord] = []


class StrategyRecord(Record):
    key: StableKey = None
    code: str
    name: str
    measures: list[MeasureRecord] = []


class DimensionRecord(Record):
    key: StableKey = None
    code: str
    name: str
    strategies: list[StrategyRecord] = []


class BasisRecord(Record):
    issuer: str
    issued_on: PlanDate | None = None
    document_number: str | None = None
    title: str
    text: str = ""


class MemberRecord(Record):
    organization: str
    scope: str | None = None


class TargetCategoryRecord(Record):
    code: str
    name_zh: str
    name_en: str
    members: list[MemberRecord] = []


class SectionRecord(Record):
    key: str
    heading: str
    title: str | None = None  # none where the source gives the heading alone (捌)
    body: str


class ReviewRoundRecord(Record):
    kind: ReviewRoundKind
    name_zh: str
    name_en: str
    description: str = ""


class PlanRecord(Record):
    year: int = Field(ge=1912, le=2999)
    issuer: str
    title: str
    status: PlanStatus = PlanStatus.draft
    report_due_date: PlanDate | None = None
    bases: list[BasisRecord] = []
    objectives: str = ""
    core_values: list[str] = []  # 貳 計畫目標's 核心精神
    target_categories: list[TargetCategoryRecord] = []
    sections: list[SectionRecord] = []
    review_rounds: list[ReviewRoundRecord] = []
    dimensions: list[DimensionRecord] = []

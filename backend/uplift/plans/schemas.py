from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, computed_field

from uplift.kit.bounds import Text, WholeNumber
from uplift.kit.pagination import Page
from uplift.kit.patch import Patch, not_null
from uplift.kit.roc_date import FlexibleDate, format_roc, roc_year
from uplift.kit.schema import Schema
from uplift.models import Comparison, Frequency, PlanStatus, ReviewRoundKind
from uplift.organizations.schemas import OrganizationCode, OrganizationRef
from uplift.plans.document import PlanRecord
from uplift.plans.revisions import Change


class Indicator(Schema):
    """A checkable target of a measure."""

    id: int
    key: str
    name: str
    unit: str | None
    target: float | None
    comparison: Comparison
    frequency: Frequency
    due_date: date | None
    source_phrase: str | None = Field(description="The words of the measure it comes from.")
    baseline: float | None = Field(
        description="For increase_over_baseline: the value the change is measured from, "
        "when known; the target is then the change."
    )
    inferred: bool = Field(
        description="True when a value is not read from source_phrase but was inferred; "
        "inferred_reason says which and why."
    )
    inferred_reason: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_date_roc(self) -> str | None:
        return format_roc(self.due_date) if self.due_date else None


class SubItem(Schema):
    """A sub-item (甲 乙 丙) of a measure."""

    id: int
    key: str = Field(description="Stays the same across revisions and years.")
    code: str | None
    position: int
    text: str
    indicators: list[Indicator]


class MeasureNode(SubItem):
    """A measure as it stands in the plan's tree."""

    organizations: list[OrganizationRef] = Field(description="The enterprises responsible.")
    sub_items: list[SubItem]


class PlanSummary(Schema):
    id: int
    year: int
    title: str
    status: PlanStatus
    revision: int = Field(description="The revision in force; 0 before publication.")
    previous_plan_id: int | None = Field(description="The plan it was carried over from.")
    report_due_date: date | None
    issuer: OrganizationRef

    @computed_field(  # type: ignore[prop-decorator]
        description="An amendment (捌) is under way: everyone but the commission's staff reads "
        "the last adopted revision until it is adopted."
    )
    @property
    def amendment_in_progress(self) -> bool:
        return self.status == PlanStatus.amending

    @computed_field  # type: ignore[prop-decorator]
    @property
    def roc_year(self) -> int:
        return roc_year(self.year)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def report_due_date_roc(self) -> str | None:
        return format_roc(self.report_due_date) if self.report_due_date else None


class PlanBasis(Schema):
    issuer: str
    issued_on: date | None
    document_number: str | None
    title: str
    text: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def issued_on_roc(self) -> str | None:
        return format_roc(self.issued_on) if self.issued_on else None


class TargetCategoryMember(Schema):
    organization: OrganizationRef
    scope: str | None


class TargetCategory(Schema):
    code: str
    name_zh: str
    name_en: str
    members: list[TargetCategoryMember]


class PlanSection(Schema):
    key: str
    heading: str
    title: str | None = Field(description="None where the plan gives the heading alone (捌).")
    body: str


class ReviewRound(Schema):
    kind: ReviewRoundKind
    name_zh: str
    name_en: str
    description: str


class OrganizationMeasureCount(Schema):
    organization: OrganizationRef
    measures: int


class PlanCounts(Schema):
    dimensions: int
    strategies: int
    measures: int
    measure_assignments: int
    sub_items: int
    indicators: int
    by_organization: list[OrganizationMeasureCount]


class PlanContent(PlanSummary):
    objectives: str
    core_values: list[str] = Field(
        description="The core values (核心精神) the objectives (貳 計畫目標) bring in."
    )
    bases: list[PlanBasis]
    target_categories: list[TargetCategory]
    sections: list[PlanSection]
    review_rounds: list[ReviewRound]


class Plan(PlanContent):
    counts: PlanCounts


class StrategyNode(Schema):
    id: int
    key: str
    code: str
    position: int
    name: str
    measures: list[MeasureNode]


class DimensionNode(Schema):
    id: int
    key: str
    code: str
    position: int
    name: str
    strategies: list[StrategyNode]


class PlanTree(Schema):
    plan: PlanSummary
    dimensions: list[DimensionNode]


class PlanPage(Page[PlanSummary]):
    pass


# Ten times the longest in the plans so far, and a bound on what one request may store.
MAX_OBJECTIVES = 10_000
MAX_CORE_VALUES = 50
CoreValue = Annotated[Text, Field(max_length=2000)]


PlanYear = Annotated[int, Field(ge=1912, le=2999), WholeNumber]


class PlanCreate(BaseModel):
    year: PlanYear = Field(description="Gregorian year, e.g. 2019 for 108年度.")
    title: Text = Field(min_length=1, max_length=300)
    issuer: OrganizationCode = Field(description="Code of the organisation issuing it.")
    report_due_date: FlexibleDate | None = None
    objectives: Text = Field("", max_length=MAX_OBJECTIVES)
    core_values: list[CoreValue] = Field([], max_length=MAX_CORE_VALUES)


class PlanUpdate(Patch):
    """Only the fields sent change; `report_due_date: null` clears the date."""

    title: Text = not_null(min_length=1, max_length=300)
    report_due_date: FlexibleDate | None = None
    objectives: Text = not_null(max_length=MAX_OBJECTIVES)
    core_values: list[CoreValue] = not_null(max_length=MAX_CORE_VALUES)


class AmendmentCreate(BaseModel):
    reason: Text = Field(min_length=1, max_length=2000, description="Why the plan changes (捌).")
    amended_on: FlexibleDate = Field(description="The amendment's date, ISO or ROC.")


class PlanCopy(BaseModel):
    year: PlanYear = Field(description="The year of the new plan.")
    content: Literal["adopted", "working"] = Field(
        "adopted",
        description="`adopted`: the plan as its last adopted revision has it, even while an "
        "amendment is open; `working`: as it now stands, open amendment included. A draft "
        "has only its working content.",
    )


class Revision(Schema):
    number: int
    reason: str
    amended_on: date
    opened_at: datetime
    adopted_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def amended_on_roc(self) -> str:
        return format_roc(self.amended_on)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state(self) -> Literal["open", "adopted"]:
        return "open" if self.adopted_at is None else "adopted"


class RevisionDetail(Revision):
    plan: PlanRecord = Field(description="The plan as it stood in this revision.")


class RevisionChanges(BaseModel):
    since: int
    number: int
    changes: list[Change]

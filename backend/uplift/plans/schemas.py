from datetime import date

from pydantic import computed_field

from uplift.kit.pagination import Page
from uplift.kit.roc_date import format_roc, roc_year
from uplift.kit.schema import Schema
from uplift.measures.schemas import MeasureNode
from uplift.models import PlanStatus, ReviewRoundKind
from uplift.organizations.schemas import OrganizationRef


class PlanSummary(Schema):
    id: int
    year: int
    title: str
    status: PlanStatus
    report_due_date: date | None
    issuer: OrganizationRef

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
    title: str
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
    principles: list[str]
    bases: list[PlanBasis]
    target_categories: list[TargetCategory]
    sections: list[PlanSection]
    review_rounds: list[ReviewRound]


class Plan(PlanContent):
    counts: PlanCounts


class StrategyNode(Schema):
    id: int
    code: str
    position: int
    name: str
    measures: list[MeasureNode]


class DimensionNode(Schema):
    id: int
    code: str
    position: int
    name: str
    strategies: list[StrategyNode]


class PlanTree(Schema):
    plan: PlanSummary
    dimensions: list[DimensionNode]


class PlanPage(Page[PlanSummary]):
    pass

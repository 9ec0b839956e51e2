"""What goes in and out of the progress-report API.

Bodies refuse unknown fields (an enterprise system that misspells `narative` hears so
instead of losing the text); every text has a bound that fits its column.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from uplift.kit.bounds import Id, Text
from uplift.kit.bulk import bulk_field
from uplift.kit.errors import Problem
from uplift.kit.pagination import KeysetPage
from uplift.kit.roc_date import FlexibleDate, format_roc
from uplift.kit.schema import Schema
from uplift.models import ReportState, WorkStatus
from uplift.organizations.schemas import OrganizationCode, OrganizationRef
from uplift.progress.periods import PERIOD_PATTERN

MAX_VALUES = 50  # a measure with its sub-items has at most a handful of indicators
REASON_LENGTH = 2000
NARRATIVE_LENGTH = 10_000

Reason = Annotated[Text, Field(min_length=1, max_length=REASON_LENGTH)]
PeriodText = Annotated[
    str,
    Field(
        pattern=PERIOD_PATTERN,
        max_length=8,
        description="2018 (year or once), 2018-H1/H2, 2018-Q1…Q4, 2018-B1…B6 (two months: "
        "B1 = January–February), 2018-M01…M12. It must lie in the plan's year and follow "
        "the finest frequency of the measure's indicators.",
        examples=["2018-Q1"],
    ),
]
ExternalId = Annotated[
    str,
    Field(
        pattern=r"^[!-~]{1,100}$",
        max_length=100,
        description="The enterprise system's own id for this report (visible ASCII), unique "
        "per organisation.",
    ),
]


class Forbidding(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValueIn(Forbidding):
    indicator_id: Id = Field(description="An indicator of the measure or of its sub-items.")
    value: Decimal = Field(max_digits=18, decimal_places=4, allow_inf_nan=False)
    unit: Text | None = Field(
        None, max_length=32, description="Must be the indicator's unit (null when it has none)."
    )


MAX_EVIDENCE = 20


class EvidenceLinkIn(Forbidding):
    url: str = Field(
        pattern=r"^https?://[!-~]+$",
        max_length=2000,
        description="An http(s) address (visible ASCII: percent-encode the rest).",
    )
    title: Text = Field(min_length=1, max_length=200)
    effective_date: FlexibleDate = Field(
        description="The day the evidence took effect, not the day it was reported."
    )


class ReportContent(Forbidding):
    status: WorkStatus = Field(
        description="`delayed` needs `delay_reason` (落後原因) and `remedy` (具體解決對策); "
        "`not_applicable` needs `not_applicable_reason`."
    )
    delay_reason: Reason | None = None
    remedy: Reason | None = None
    not_applicable_reason: Reason | None = None
    narrative: Text | None = Field(None, max_length=NARRATIVE_LENGTH)
    values: list[ValueIn] = Field(default_factory=list, max_length=MAX_VALUES)
    evidence: list[EvidenceLinkIn] = Field(
        default_factory=list, max_length=MAX_EVIDENCE, description="Links to evidence."
    )


class ReportIn(ReportContent):
    """One report, keyed by its natural key: plan (by `plan_id` or `plan_year`), measure
    key, organisation and period. Posting the same key again changes that report."""

    plan_id: Id | None = Field(None, description="The plan; or give `plan_year`.")
    plan_year: int | None = Field(
        None, ge=1912, le=9999, description="The plan's (Gregorian) year, e.g. 2018."
    )
    measure_key: Text = Field(min_length=1, max_length=36, description="The measure's `key`.")
    organization: OrganizationCode = Field(
        description="The reporting organisation's code: the enterprise or one of its units."
    )
    period: PeriodText
    external_id: ExternalId | None = None


class Value(Schema):
    indicator_id: int
    indicator_key: str
    value: Decimal
    unit: str | None


class EvidenceLink(Schema):
    url: str
    title: str
    effective_date: date

    @computed_field  # type: ignore[prop-decorator]
    @property
    def effective_date_roc(self) -> str:
        return format_roc(self.effective_date)


class Version(Schema):
    number: int
    status: WorkStatus
    delay_reason: str | None
    remedy: str | None
    not_applicable_reason: str | None
    narrative: str | None
    values: list[Value]
    evidence: list[EvidenceLink]
    written_by: str
    created_at: datetime
    updated_at: datetime


class Report(Schema):
    id: int
    plan_id: int
    measure_key: str
    organization: OrganizationRef
    period: str
    period_start: date
    period_end: date
    due_date: date = Field(description="The period's last day.")
    external_id: str | None
    state: ReportState
    review_comment: str | None
    version: int = Field(description="The number of the current version.")
    current: Version
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_date_roc(self) -> str:
        return format_roc(self.due_date)


class ReportDetail(Report):
    versions: list[Version] = Field(description="Every version, oldest first.")


class ReportPage(KeysetPage[Report]):
    pass


class ReturnIn(Forbidding):
    comment: Text = Field(
        min_length=1, max_length=REASON_LENGTH, description="What the enterprise should add."
    )


MAX_BATCH_ITEMS = 1000  # a year of an enterprise's monthly reports, with room

BatchItems = Annotated[
    list[Any],
    bulk_field(
        MAX_BATCH_ITEMS,
        "each as POST /progress-reports takes it; saved per item, or with `submit=true` all "
        "or none",
    ),
]


class BatchIn(Forbidding):
    items: BatchItems


Outcome = Literal["created", "updated", "unchanged", "rejected"]


class ItemResult(BaseModel):
    index: int
    id: int | None = Field(
        description="The report's id; null when rejected, or created in a dry run."
    )
    external_id: str | None
    outcome: Outcome
    state: ReportState | None = Field(description="The report's state after this batch.")
    problem: Problem | None = Field(
        None, description="Why the item was rejected; pointers name item and field."
    )


class BatchSummary(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int


class BatchResult(BaseModel):
    dry_run: bool = Field(description="True when nothing was stored.")
    submitted: bool = Field(description="True when every item was also submitted.")
    summary: BatchSummary
    items: list[ItemResult]

"""What goes in and out of the progress-report API.

Bodies refuse unknown fields (an enterprise system that misspells `narative` hears so
instead of losing the text); every text has a bound that fits its column.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

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


class EvidenceIn(Forbidding):
    """A link (`url`) or a file uploaded to POST /evidence-files (`file_id`): one of them."""

    url: str | None = Field(
        None,
        pattern=r"^https?://[!-~]+$",
        max_length=2000,
        description="An http(s) address (visible ASCII: percent-encode the rest).",
    )
    file_id: Id | None = Field(
        None,
        description="A file your organisation uploaded (POST /evidence-files); another "
        "organisation's is not found (404).",
    )
    title: Text = Field(min_length=1, max_length=200)
    effective_date: FlexibleDate = Field(
        description="The day the evidence took effect, not the day it was reported."
    )

    @model_validator(mode="after")
    def _link_or_file(self) -> "EvidenceIn":
        if (self.url is None) == (self.file_id is None):
            raise ValueError("give either url or file_id")
        return self


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
    evidence: list[EvidenceIn] = Field(
        default_factory=list,
        max_length=MAX_EVIDENCE,
        description="Evidence: links, and files uploaded to POST /evidence-files.",
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


class EvidenceFileRef(Schema):
    """An uploaded file, as evidence shows it."""

    id: int
    filename: str
    size: int = Field(description="In bytes.")
    media_type: str = Field(description="From the file's content, not from the uploader.")
    sha256: str
    download_url: str


class Evidence(Schema):
    kind: Literal["link", "file"]
    url: str | None = Field(description="The link; null for a file.")
    file: EvidenceFileRef | None = Field(description="The file; null for a link.")
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
    evidence: list[Evidence] = Field(description="Links and files, in the order given.")
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


# --- where things stand: indicator results and the progress matrix -------------------------
# Computed at read time from the reports (never stored), with Asia/Taipei days. Which
# version counts: reviewers and administrators read the last *submitted* version of each
# report (submitted, returned or accepted; a correction still in draft is not shown to
# them); an enterprise reads its current versions, drafts included, each flagged `draft`.

Basis = Literal["submitted", "current"]
PeriodState = Literal["reported", "missing", "not_yet_due"]
Verdict = Literal["met", "not_met", "due", "missed", "unknown"]


class ReportedValue(Schema):
    period: str
    report_id: int
    value: Decimal
    draft: bool = Field(
        description="True when the value is from a draft (the enterprise's own view)."
    )


class ExpectedPeriod(Schema):
    period: str
    due_date: date
    state: PeriodState = Field(
        description="`reported`: a counted report in the period gives a value for the "
        "indicator; `missing`: none, and the period's due day has passed (Taipei); "
        "`not_yet_due`: none yet, and the due day has not passed."
    )
    value: Decimal | None = None
    draft: bool = False


class IndicatorTerms(Schema):
    """What an indicator asks, as the plan states it."""

    indicator_id: int
    indicator_key: str
    name: str
    unit: str | None
    comparison: str
    frequency: str
    target: Decimal | None
    baseline: Decimal | None
    due_date: date | None
    inferred: bool


class IndicatorResult(IndicatorTerms):
    verdict: Verdict | None = Field(
        description="at_least / at_most / exactly / completion: `met` or `not_met` by the "
        "latest value (`unknown` without a value or target); by_date: `met` (done reported "
        "by the date), `due` (not yet done, the date not passed) or `missed`; "
        "increase_over_baseline: `met` when the change reaches the target (or is above 0 "
        "when the plan names no figure), `unknown` without a baseline or value; "
        "report_only: null (no verdict)."
    )
    latest: ReportedValue | None = Field(description="The value of the latest period reported.")
    share: Decimal | None = Field(
        description="For a '%' indicator and for completion: the latest share reported (%)."
    )
    share_met: Decimal | None = Field(
        description="at_least / at_most / exactly: the share (%) of reported values that "
        "meet the target; null when none was reported."
    )
    change: Decimal | None = Field(
        description="increase_over_baseline: the latest value minus the baseline."
    )
    periods: list[ExpectedPeriod] = Field(
        description="The periods the frequency expects in the plan year, each reported, "
        "missing or not yet due; empty for unspecified and per-case frequencies."
    )
    values: list[ReportedValue] = Field(description="Every value counted, by period.")


class ReportBrief(Schema):
    id: int
    period: str
    due_date: date
    state: ReportState
    version: int = Field(description="The version counted (see `basis`).")
    status: WorkStatus
    draft: bool
    submitted_at: datetime | None
    late: bool = Field(description="Submitted after the end (Taipei) of the period's due day.")


class OrganizationProgress(Schema):
    organization: OrganizationRef
    owner: bool = Field(description="True for an organisation owning the measure.")
    reports: list[ReportBrief]
    indicators: list[IndicatorResult]


class MeasureProgress(Schema):
    plan_id: int
    year: int
    measure_id: int
    measure_key: str
    code: str | None
    text: str
    today: date = Field(description="The Taipei day the results were computed for.")
    basis: Basis
    organizations: list[OrganizationProgress]


class StatusCounts(BaseModel):
    """Measures by the work status of their latest counted report; `unreported` has none."""

    not_started: int = 0
    on_track: int = 0
    done: int = 0
    delayed: int = 0
    not_applicable: int = 0
    unreported: int = 0


class LaggingMeasure(BaseModel):
    measure_key: str
    code: str | None
    delayed: bool
    missing_periods: list[str]


class ProgressCell(BaseModel):
    """One enterprise's measures in one strategy."""

    organization_id: int
    dimension_key: str
    dimension_code: str
    strategy_key: str
    strategy_code: str
    measures: int
    statuses: StatusCounts
    expected: int = Field(description="Periods expected up to today (due day passed).")
    missing: int = Field(description="Expected periods without a submitted report.")
    late: int = Field(description="Reports submitted after their period's due day.")
    drafts: int = Field(
        description="Reports in draft (the enterprise's own view; 0 for reviewers)."
    )
    lagging: list[LaggingMeasure]


class EnterpriseProgress(BaseModel):
    organization: OrganizationRef
    measures: int
    statuses: StatusCounts
    expected: int
    missing: int
    late: int
    drafts: int
    lagging: int = Field(description="Measures delayed or with a missing report.")


class StrategyRef(BaseModel):
    key: str
    code: str
    name: str


class DimensionRef(BaseModel):
    key: str
    code: str
    name: str
    strategies: list[StrategyRef]


class PlanProgress(BaseModel):
    plan_id: int
    year: int
    today: date = Field(description="The Taipei day the counts were computed for.")
    basis: Basis
    dimensions: list[DimensionRef]
    enterprises: list[EnterpriseProgress]
    cells: list[ProgressCell] = Field(
        description="Enterprise × strategy, only where the enterprise owns measures."
    )

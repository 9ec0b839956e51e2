"""What goes in and out of the results-report API. Bodies refuse unknown fields; every text
has a bound."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, computed_field

from uplift.kit.bounds import Id, Text
from uplift.kit.review import ReportState
from uplift.kit.roc_date import FlexibleDate, format_roc
from uplift.kit.schema import Schema
from uplift.organizations.schemas import OrganizationRef
from uplift.progress.schemas import EvidenceFileRef, Forbidding

SUMMARY_LENGTH = 10_000
MAX_SUMMARIES = 50  # a plan has a handful of dimensions (five in 107)
MAX_KEY_FIGURES = 20

SummaryText = Annotated[Text, Field(min_length=1, max_length=SUMMARY_LENGTH)]


class KeyFigureIn(Forbidding):
    name: Text = Field(min_length=1, max_length=100, examples=["客服滿意度"])
    value: Decimal = Field(max_digits=18, decimal_places=4, allow_inf_nan=False)
    unit: Text | None = Field(None, max_length=32, examples=["%"])


class SummaryIn(Forbidding):
    dimension_key: Text = Field(
        min_length=1, max_length=36, description="A dimension of the plan, by its `key`."
    )
    performance: SummaryText = Field(description="What was achieved (執行績效).")
    results: SummaryText = Field(description="The results (成果).")
    key_figures: list[KeyFigureIn] = Field(default_factory=list, max_length=MAX_KEY_FIGURES)


class ResultsReportIn(Forbidding):
    summaries: list[SummaryIn] = Field(
        max_length=MAX_SUMMARIES,
        description="At most one per dimension of the plan. A draft may leave dimensions "
        "out; submitting needs one for every dimension.",
    )
    document_file_id: Id | None = Field(
        None,
        description="The report's document: a file the enterprise uploaded with POST "
        "/evidence-files (or one it may read). Downloaded by whoever may read the version "
        "naming it. null: none.",
    )


class DueDateIn(Forbidding):
    due_date: FlexibleDate | None = Field(
        description="The day results reports are due (ISO or ROC); null clears it."
    )


def _roc(day: date | None) -> str | None:
    return None if day is None else format_roc(day)


class DueDate(Schema):
    plan_id: int
    due_date: date | None = Field(
        description="Set by the commission; the plan itself gives none (null: not set)."
    )
    updated_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_date_roc(self) -> str | None:
        return _roc(self.due_date)


class KeyFigure(Schema):
    name: str
    value: Decimal
    unit: str | None


class Summary(Schema):
    dimension_key: str
    performance: str
    results: str
    key_figures: list[KeyFigure]


class ResultsVersion(Schema):
    number: int
    summaries: list[Summary]
    document: EvidenceFileRef | None = Field(description="The report's document, if attached.")
    written_by: str
    created_at: datetime
    updated_at: datetime


class PlanDimension(Schema):
    key: str
    code: str
    name: str


Timeliness = Literal["on_time", "late", "missing", "not_yet_due", "no_due_date"]

TIMELINESS = (
    "Judged now on Taipei days, never stored: `on_time` (first submitted by the end of the "
    "due day), `late` (first submitted after it), `missing` (not submitted, and the due day "
    "has passed), `not_yet_due` (not submitted, the due day not passed), `no_due_date` "
    "(the commission has set none)."
)


class ResultsReportRow(Schema):
    organization: OrganizationRef
    id: int | None = Field(description="null: the enterprise has not started its report.")
    state: ReportState | None
    version: int | None = Field(description="The version this reader reads.")
    first_submitted_at: datetime | None
    submitted_at: datetime | None = Field(description="The last submission.")
    submitted_on: date | None = Field(description="The Taipei day of the first submission.")
    due_date: date | None
    timeliness: Timeliness = Field(description=TIMELINESS)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def late(self) -> bool:
        return self.timeliness in ("late", "missing")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def submitted_on_roc(self) -> str | None:
        return _roc(self.submitted_on)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_date_roc(self) -> str | None:
        return _roc(self.due_date)


class ResultsReport(ResultsReportRow):
    plan_id: int
    year: int
    dimensions: list[PlanDimension] = Field(description="The plan's dimensions, in order.")
    review_comment: str | None
    created_at: datetime | None
    updated_at: datetime | None
    reviewed_at: datetime | None
    missing_dimensions: list[str] = Field(
        description="Keys of the dimensions the version read has no summary for: submitting "
        "needs none missing."
    )
    current: ResultsVersion | None
    versions: list[ResultsVersion] = Field(description="Every version read, oldest first.")


class ResultsReportList(Schema):
    plan_id: int
    year: int
    due_date: date | None
    today: date = Field(description="The Taipei day lateness was judged on.")
    items: list[ResultsReportRow] = Field(
        description="Every enterprise of the plan (an owner of its measures), in order."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_date_roc(self) -> str | None:
        return _roc(self.due_date)

"""What goes in and out of the follow-up API (管考). Bodies refuse unknown fields; every text
has a bound. `standing` is computed at read time from today in Taipei, never stored."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, computed_field, model_validator

from uplift.kit.bounds import Text
from uplift.kit.pagination import KeysetPage
from uplift.kit.patch import Patch, not_null
from uplift.kit.roc_date import FlexibleDate, format_roc
from uplift.kit.schema import Schema
from uplift.models import (
    DeadlineCause,
    DecisionOutcome,
    ExtensionState,
    FollowUpState,
    Release,
    ReviewRoundKind,
)
from uplift.organizations.schemas import OrganizationCode, OrganizationRef
from uplift.progress.schemas import MAX_EVIDENCE, EvidenceFileRef, Forbidding

ANSWER_LENGTH = 8000
REASON_LENGTH = 2000
# Due soon: a tracking follow-up due within this many working days (office calendar)
DUE_SOON_WORKING_DAYS = 5
MAX_WORKING_DAYS = 250

Standing = Literal["released", "awaiting_decision", "overdue", "due_soon", "tracking"]

STANDING = (
    "Computed now on today's date in Taipei, never stored: `released` (解除列管), "
    "`awaiting_decision` (answered; the commission's move), `overdue` (tracking, and the "
    "deadline has passed), `due_soon` (tracking, due within "
    f"{DUE_SOON_WORKING_DAYS} working days on the office calendar), `tracking`."
)

AnswerText = Annotated[Text, Field(min_length=1, max_length=ANSWER_LENGTH)]
Percent = Annotated[int, Field(ge=0, le=100, description="How far the handling is, 0–100.")]
Reason = Annotated[Text, Field(max_length=REASON_LENGTH)]


def _roc(day: date | None) -> str | None:
    return None if day is None else format_roc(day)


# In


class AnswerEvidenceIn(Forbidding):
    """A link (`url`) or a file uploaded to POST /evidence-files (`file_id`): one of them."""

    title: Text = Field(min_length=1, max_length=200)
    effective_on: FlexibleDate | None = Field(
        None, description="The day the evidence took effect (ISO or ROC); optional."
    )
    url: str | None = Field(
        None,
        pattern=r"^https?://[!-~]+$",
        max_length=2000,
        description="An http(s) address (visible ASCII: percent-encode the rest).",
    )
    file_id: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="A file you uploaded (POST /evidence-files) or may read; another is 422.",
    )

    @model_validator(mode="after")
    def _link_or_file(self) -> "AnswerEvidenceIn":
        if (self.url is None) == (self.file_id is None):
            raise ValueError("give either url or file_id")
        return self


class AnswerIn(Forbidding):
    text: AnswerText = Field(description="The handling (辦理情形).")
    progress_percent: Percent
    asks_release: bool = Field(False, description="Whether the enterprise asks for release.")
    evidence: list[AnswerEvidenceIn] = Field(default_factory=list, max_length=MAX_EVIDENCE)


class AnswerPatch(Patch, Forbidding):
    text: AnswerText = not_null()
    progress_percent: Percent = not_null()
    asks_release: bool = not_null()
    evidence: list[AnswerEvidenceIn] = not_null(max_length=MAX_EVIDENCE)


class DecisionIn(Forbidding):
    outcome: DecisionOutcome = Field(
        description="`release_implemented` needs evidence in the answer; "
        "`release_not_implemented` a reason; `continue_tracking` a reason and a new "
        "deadline (`due_on` or `working_days`)."
    )
    reason: Reason = ""
    due_on: FlexibleDate | None = Field(
        None, description="continue_tracking: the new deadline, a working day after today."
    )
    working_days: int | None = Field(
        None,
        ge=1,
        le=MAX_WORKING_DAYS,
        description="continue_tracking: the new deadline as working days from today.",
    )


class ExtensionIn(Forbidding):
    reason: Reason = Field(description="Why more time is needed (required).")
    requested_due_on: FlexibleDate = Field(
        description="A working day after the deadline in force (ISO or ROC)."
    )


class ExtensionDecisionIn(Forbidding):
    approve: bool
    reason: Reason | None = Field(None, description="Required when refusing.")


class HandOffIn(Forbidding):
    unit: OrganizationCode = Field(description="A unit under the enterprise, by code.")
    request: Text = Field("", max_length=REASON_LENGTH, description="What the unit is asked.")


class UnitHandlingIn(Forbidding):
    text: AnswerText = Field(description="The unit's handling of its part.")
    progress_percent: Percent


# Out


class RoundRef(Schema):
    id: int
    kind: ReviewRoundKind
    plan_id: int
    year: int


class FindingRef(Schema):
    id: int
    number: int
    text_zh: str = Field(description="The current text (after any correction).")
    round: RoundRef


class FindingDetail(FindingRef):
    text_en: str | None
    issued_on: date | None
    issue_number: str | None


class FollowUpItem(Schema):
    id: int
    finding: FindingRef
    organization: OrganizationRef
    state: FollowUpState
    release: Release | None
    due_on: date
    due_provisional: bool = Field(description="Counted past the loaded office calendar.")
    standing: Standing = Field(description=STANDING)
    working_days_left: int = Field(
        description="Working days from today to the deadline; negative when overdue."
    )
    answers_count: int = Field(description="How many answers the enterprise has given.")
    extension_pending: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_on_roc(self) -> str:
        return format_roc(self.due_on)


class FollowUpPage(KeysetPage[FollowUpItem]):
    today: date = Field(description="The Taipei day standings were judged on.")


class StandingCounts(Schema):
    tracking: int = 0
    due_soon: int = 0
    overdue: int = 0
    awaiting_decision: int = 0
    released_implemented: int = 0
    released_not_implemented: int = 0


class SummaryRow(Schema):
    organization: OrganizationRef
    round: RoundRef
    counts: StandingCounts


class FollowUpSummary(Schema):
    today: date
    due_soon_until: date = Field(description="A tracking follow-up due by this day is due soon.")
    rows: list[SummaryRow] = Field(description="Per enterprise × round, in order.")


class DeadlineOut(Schema):
    number: int
    due_on: date
    provisional: bool
    cause: DeadlineCause
    working_days: int | None
    set_by: str
    set_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_on_roc(self) -> str:
        return format_roc(self.due_on)


class EvidenceOut(Schema):
    kind: Literal["link", "file"]
    title: str
    effective_on: date | None
    url: str | None
    file: EvidenceFileRef | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def effective_on_roc(self) -> str | None:
        return _roc(self.effective_on)


class DecisionOut(Schema):
    outcome: DecisionOutcome
    reason: str
    decided_by: str
    decided_at: datetime


class AnswerOut(Schema):
    number: int
    text: str
    progress_percent: int
    asks_release: bool
    late: bool = Field(description="Given after the deadline then in force.")
    written_by: str
    submitted_at: datetime
    updated_at: datetime
    evidence: list[EvidenceOut]
    decision: DecisionOut | None


class ExtensionOut(Schema):
    number: int
    reason: str
    requested_due_on: date
    requested_by: str
    requested_at: datetime
    state: ExtensionState
    decision_reason: str | None
    decided_by: str | None
    decided_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def requested_due_on_roc(self) -> str:
        return format_roc(self.requested_due_on)


class UnitHandlingOut(Schema):
    unit: OrganizationRef
    request: str
    assigned_by: str
    assigned_at: datetime
    text: str | None
    progress_percent: int | None
    answered_at: datetime | None


class FollowUpDetail(FollowUpItem):
    finding: FindingDetail
    opened_on: date
    released_at: datetime | None
    today: date = Field(description="The Taipei day the standing was judged on.")
    deadlines: list[DeadlineOut] = Field(description="Every deadline, the first included.")
    answers: list[AnswerOut] = Field(description="Every answer with its decision, in order.")
    extensions: list[ExtensionOut]
    units: list[UnitHandlingOut] = Field(description="Units it was handed to (督導所屬).")

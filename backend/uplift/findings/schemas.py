"""What goes in and out of the findings API. Bodies refuse unknown fields; every text has a
bound. 不予評分: nothing here, or anywhere, scores an enterprise."""

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, computed_field

from uplift.kit.bounds import Id, Text
from uplift.kit.pagination import KeysetPage
from uplift.kit.patch import Patch, not_null
from uplift.kit.roc_date import FlexibleDate, format_roc
from uplift.kit.schema import Schema
from uplift.models import FindingKind, FindingStatus, ReviewRoundKind, RoundStatus
from uplift.organizations.schemas import OrganizationCode, OrganizationRef
from uplift.progress.schemas import Forbidding

TEXT_LENGTH = 4000
MAX_MEASURES = 20

FindingText = Annotated[Text, Field(min_length=1, max_length=TEXT_LENGTH)]
MeasureKey = Annotated[Text, Field(min_length=1, max_length=36)]
IssueNumber = Annotated[
    Text, Field(min_length=1, max_length=100, examples=["經國字第10700012340號"])
]


class FindingIn(Forbidding):
    round_id: Id = Field(description="The verification round.")
    organization: OrganizationCode = Field(description="The enterprise (code) the round covers.")
    unit: OrganizationCode | None = Field(
        None, description="One of the enterprise's units (code), when the finding concerns it."
    )
    kind: FindingKind = Field(description="`strength` (優點) or `recommendation` (建議事項).")
    text_zh: FindingText
    text_en: FindingText | None = None
    measures: list[MeasureKey] = Field(
        default_factory=list,
        max_length=MAX_MEASURES,
        description="Stable keys of the plan's measures the enterprise owns.",
    )


class FindingPatch(Patch, Forbidding):
    """Only the fields sent change: `unit` and `text_en` may be cleared with null."""

    kind: FindingKind = not_null()
    unit: OrganizationCode | None = None
    text_zh: FindingText = not_null()
    text_en: FindingText | None = None
    measures: list[MeasureKey] = not_null(max_length=MAX_MEASURES)


class IssueIn(Forbidding):
    issued_on: FlexibleDate = Field(
        description="The letter's date (ISO or ROC): within the plan's year −1 … +2, not after "
        "today in Taipei."
    )
    issue_number: IssueNumber = Field(description="The letter's 發文字號.")
    due_on: FlexibleDate | None = Field(
        None,
        description="A recommendation's follow-up deadline, a working day on the office "
        "calendar; by default the round's N working days after the issue date.",
    )


class LetterIn(IssueIn):
    round_id: Id
    organization: OrganizationCode = Field(description="The enterprise the letter goes to.")


class CorrectionIn(Forbidding):
    text_zh: FindingText
    text_en: FindingText | None = None
    reason: Annotated[Text, Field(min_length=1, max_length=2000)] = Field(
        description="Why the issued text changes (kept on record)."
    )


class PublishIn(Forbidding):
    round_id: Id


def _roc(day: date | None) -> str | None:
    return None if day is None else format_roc(day)


class RoundRef(Schema):
    id: int
    kind: ReviewRoundKind
    status: RoundStatus
    plan_id: int
    year: int = Field(description="The plan's year (Gregorian).")


class MeasureRef(Schema):
    key: str
    code: str | None
    text: str


class Correction(Schema):
    number: int
    reason: str
    text_zh_before: str
    text_zh: str
    text_en_before: str | None
    text_en: str | None
    corrected_at: datetime


class Finding(Schema):
    id: int
    round: RoundRef
    organization: OrganizationRef
    unit: OrganizationRef | None
    kind: FindingKind
    number: int = Field(
        description="Its number among the round's findings of its kind for "
        "the enterprise (建議事項 3)."
    )
    status: FindingStatus
    measures: list[MeasureRef]
    text_zh: str = Field(description="The current text (after any correction).")
    text_en: str | None
    issued_text_zh: str | None = Field(description="The text as issued; null before issue.")
    issued_text_en: str | None
    issued_on: date | None
    issue_number: str | None
    approved_at: datetime | None
    issued_at: datetime | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    corrections: list[Correction] = Field(description="Changes since issue, oldest first.")
    follow_up_id: int | None = Field(
        description="A recommendation's follow-up (管考), opened on issue; null until then."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def issued_on_roc(self) -> str | None:
        return _roc(self.issued_on)


class FindingPage(KeysetPage[Finding]):
    pass


class FindingList(Schema):
    items: list[Finding]


class Published(Schema):
    round: RoundRef
    items: list[Finding] = Field(description="The findings published now.")


class DraftingRound(RoundRef):
    enterprises: list[OrganizationRef] = Field(
        description="The enterprises this reader drafts for in the round: a reviewer every one "
        "it covers, a panel member those it assigns them."
    )


class DraftingRounds(Schema):
    items: list[DraftingRound] = Field(description="Newest plan year first.")

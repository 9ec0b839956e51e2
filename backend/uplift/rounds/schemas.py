"""What goes in and out of the verification-round API. Bodies refuse unknown fields; every
text has a bound. Nothing here scores anyone (不予評分)."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, computed_field

from uplift.kit.bounds import Id, Text
from uplift.kit.patch import Patch, not_null
from uplift.kit.roc_date import FlexibleDate, format_roc, roc_year
from uplift.kit.schema import Schema
from uplift.models import PanelMemberKind, ReviewRoundKind, RoundStatus
from uplift.progress.schemas import Forbidding

MAX_ITEMS = 50
MAX_ENTERPRISES = 100
MAX_UNITS = 200
REASON_LENGTH = 2000

Code = Annotated[Text, Field(min_length=1, max_length=64, pattern=r"^[!-~]+$")]
Item = Annotated[Text, Field(min_length=1, max_length=500)]


def _roc(day: date | None) -> str | None:
    return None if day is None else format_roc(day)


class EnterpriseRef(Schema):
    """An enterprise the round covers, by code and names."""

    code: str
    name_zh: str
    name_en: str
    short_name_zh: str
    short_name_en: str


class RoundCounts(Schema):
    enterprises: int
    panel: int
    visits: int


class RoundSummary(Schema):
    id: int
    plan_id: int
    plan_year: int
    kind: ReviewRoundKind
    status: RoundStatus
    starts_on: date | None
    ends_on: date | None
    notified_on: date | None
    enterprises: list[EnterpriseRef]
    counts: RoundCounts

    @computed_field  # type: ignore[prop-decorator]
    @property
    def plan_roc_year(self) -> int:
        return roc_year(self.plan_year)


class RoundList(Schema):
    items: list[RoundSummary]
    total: int


class RoundIn(Forbidding):
    plan_id: Id
    kind: ReviewRoundKind = Field(description="One of the plan's review rounds (期中, 期末).")


class Conflict(Schema):
    id: int
    organization: str = Field(description="The enterprise's code.")
    reason: str
    declared_by: str
    declared_at: datetime


class PanelMemberOut(Schema):
    """A panel member. `assignments` and `conflicts` are what the reader may see of them:
    staff everything; a panel member only their own; an enterprise neither (its members'
    names and kinds only)."""

    id: int
    kind: PanelMemberKind
    username: str | None
    name: str
    affiliation: str
    delegated_by: str | None = Field(description="The delegating enterprise's code.")
    assignments: list[str] = Field(description="Codes of the enterprises assigned.")
    conflicts: list[Conflict]


class VisitOut(Schema):
    id: int
    organization: str
    visit_date: date
    place: str
    note: str
    units: list[str]
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def visit_date_roc(self) -> str:
        return format_roc(self.visit_date)


class RoundDetail(RoundSummary):
    items: list[str]
    place: str
    agenda: str
    participants: str
    notice_number: str | None
    follow_up_working_days: int | None
    status_history: dict[str, str] = Field(
        description="When each status was reached (UTC timestamps by status)."
    )
    next_statuses: list[RoundStatus] = Field(description="The one status it may move to next.")
    panel: list[PanelMemberOut]
    visits: list[VisitOut]
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def notified_on_roc(self) -> str | None:
        return _roc(self.notified_on)


class RoundPatch(Patch):
    items: list[Item] = not_null(max_length=MAX_ITEMS, description="查證項目.")
    starts_on: FlexibleDate | None = None
    ends_on: FlexibleDate | None = None
    place: Text = not_null(max_length=200)
    agenda: Text = not_null(max_length=10_000)
    participants: Text = not_null(max_length=10_000)
    follow_up_working_days: int | None = Field(None, ge=1, le=365)
    enterprises: list[Code] = not_null(
        min_length=1, max_length=MAX_ENTERPRISES, description="Codes of the enterprises covered."
    )


class StatusIn(Forbidding):
    status: RoundStatus = Field(description="The next status (one step forward only).")
    notified_on: FlexibleDate | None = Field(None, description="For notified: the notice's day.")
    notice_number: Text | None = Field(
        None, max_length=100, description="For notified: the notice's 發文字號 (required)."
    )


class PanelMemberIn(Forbidding):
    kind: PanelMemberKind
    username: Text | None = Field(
        None, max_length=64, description="A user of role panel_member or reviewer, if any."
    )
    name: Text = Field(min_length=1, max_length=100)
    affiliation: Text = Field("", max_length=200)
    delegated_by: Code | None = Field(
        None, description="The delegating enterprise's code: required for a delegate, only."
    )


class AssignmentsIn(Forbidding):
    organizations: list[Code] = Field(max_length=MAX_ENTERPRISES)


class ConflictIn(Forbidding):
    organization: Code
    reason: Text = Field(min_length=1, max_length=REASON_LENGTH)


class PanelList(Schema):
    items: list[PanelMemberOut]


class VisitIn(Forbidding):
    organization: Code
    visit_date: FlexibleDate
    place: Text = Field("", max_length=200)
    note: Text = Field("", max_length=10_000)
    units: list[Code] = Field(default_factory=list, max_length=MAX_UNITS)


class VisitPatch(Patch):
    visit_date: FlexibleDate = not_null()
    place: Text = not_null(max_length=200)
    note: Text = not_null(max_length=10_000)
    units: list[Code] = not_null(max_length=MAX_UNITS)


class VisitList(Schema):
    items: list[VisitOut]


Reader = Literal["staff", "panel", "enterprise", "public"]

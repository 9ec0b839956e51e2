"""The deadline an issued recommendation's tracking opens with: working days on the office
calendar the tests load (2018 and 2019, as the official files give them)."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories, loop
from uplift.auth.subject import Subject
from uplift.follow_ups.deadlines import open_follow_up
from uplift.kit.errors import InvalidParameter
from uplift.models import (
    DomainEvent,
    Finding,
    FindingStatus,
    FollowUpDeadline,
    FollowUpState,
    Role,
    VerificationRound,
)

REVIEWER = Subject(kind="user", role=Role.reviewer, user_id=None, label="審查人員")


async def _issued(
    session: AsyncSession, issued_on: date, working_days: int | None = 10
) -> tuple[VerificationRound, Finding]:
    enterprise = await factories.organization(session)
    plan = await factories.plan(session, owner=enterprise, year=2018)
    round_ = await loop.verification_round(
        session, plan, [enterprise], follow_up_working_days=working_days
    )
    finding = await loop.finding(
        session, round_, enterprise, status=FindingStatus.issued, issued_on=issued_on
    )
    return round_, finding


async def test_the_round_default_counts_working_days_past_national_holidays(
    session: AsyncSession,
) -> None:
    # Issued on Friday 2018-02-09: the Lunar New Year holidays (2/15–2/20) do not count
    round_, finding = await _issued(session, date(2018, 2, 9), working_days=5)
    follow_up = await open_follow_up(session, REVIEWER, finding, round_)
    # 2/12, 2/13, 2/14, (holidays 2/15–2/20), 2/21, 2/22
    assert follow_up.due_on == date(2018, 2, 22)
    assert follow_up.due_provisional is False
    assert follow_up.state == FollowUpState.tracking
    deadline = await session.scalar(
        select(FollowUpDeadline).where(FollowUpDeadline.follow_up_id == follow_up.id)
    )
    assert deadline is not None and deadline.working_days == 5 and deadline.number == 1
    event = await session.scalar(select(DomainEvent).where(DomainEvent.object_id == follow_up.id))
    assert event is not None and event.kind == "follow_up.opened"


async def test_a_deadline_past_the_loaded_calendar_is_provisional(session: AsyncSession) -> None:
    round_, finding = await _issued(session, date(2019, 12, 20), working_days=10)
    follow_up = await open_follow_up(session, REVIEWER, finding, round_)
    assert follow_up.due_on.year == 2020
    assert follow_up.due_provisional is True


async def test_a_chosen_deadline_on_a_holiday_is_refused(session: AsyncSession) -> None:
    round_, finding = await _issued(session, date(2018, 9, 3))
    with pytest.raises(InvalidParameter) as raised:
        # 2018-10-10, 國慶日
        await open_follow_up(session, REVIEWER, finding, round_, due_on=date(2018, 10, 10))
    assert raised.value.field == "due_on"


async def test_a_make_up_saturday_is_a_working_day(session: AsyncSession) -> None:
    round_, finding = await _issued(session, date(2018, 3, 1))
    # 2018-03-31 (Saturday) was 補行上班 for the 4/6 bridge holiday
    follow_up = await open_follow_up(session, REVIEWER, finding, round_, due_on=date(2018, 3, 31))
    assert follow_up.due_on == date(2018, 3, 31)

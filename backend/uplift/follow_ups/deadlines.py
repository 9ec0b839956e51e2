"""Deadlines of follow-ups, in working days on the office calendar (kit/clock.py): the one a
recommendation's tracking opens with, and every later one (繼續列管, an approved extension),
each kept as its own row (FollowUpDeadline) while the follow-up carries the one in force.

Opening is called by findings' issue (findings/service.py) in the issuing transaction.
"""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.kit import events
from uplift.kit.clock import Deadline, working_day_deadline
from uplift.kit.errors import InvalidParameter
from uplift.models import (
    DeadlineCause,
    Finding,
    FollowUp,
    FollowUpDeadline,
    FollowUpState,
    VerificationRound,
)
from uplift.office_calendar.queries import office_calendar

# Where a round sets no default: 規定期限 is the commission's; one month of working days.
DEFAULT_WORKING_DAYS = 20


async def deadline_after(session: AsyncSession, start: date, working_days: int) -> Deadline:
    """The `working_days`-th working day after `start` on the loaded office calendar."""
    return working_day_deadline(start, working_days, await office_calendar(session))


async def check_working_day(session: AsyncSession, day: date, field: str) -> bool:
    """422 naming `field` when `day` is a holiday or a weekend without 補行上班; whether the
    day lies in a year the office calendar covers (False: the deadline is provisional)."""
    calendar = await office_calendar(session)
    if not calendar.is_working_day(day):
        raise InvalidParameter(
            field,
            "body",
            f"{day.isoformat()} is not a working day on the office calendar",
            f"{day.isoformat()} 不是行政機關辦公日",
        )
    return not calendar.covers(day)


def next_deadline(
    follow_up: FollowUp,
    number: int,
    due_on: date,
    *,
    provisional: bool,
    working_days: int | None,
    cause: DeadlineCause,
    subject: Subject,
) -> FollowUpDeadline:
    """The follow-up's `number`-th deadline, now the one in force (the earlier ones stay),
    for the caller to add."""
    follow_up.due_on = due_on
    follow_up.due_provisional = provisional
    return FollowUpDeadline(
        follow_up_id=follow_up.id,
        number=number,
        due_on=due_on,
        provisional=provisional,
        working_days=working_days,
        cause=cause,
        set_by=subject.label[:200],
    )


async def open_follow_up(
    session: AsyncSession,
    subject: Subject,
    finding: Finding,
    round_: VerificationRound,
    *,
    due_on: date | None = None,
) -> FollowUp:
    """The tracking an issued recommendation opens (列管), due on `due_on` (a working day
    the reviewer chose; checked) or the round's default of N working days after the
    finding's issue date. Flushed with its first deadline and a follow_up.opened event."""
    assert finding.issued_on is not None, "a finding is issued before it is tracked"
    if due_on is not None:
        provisional = await check_working_day(session, due_on, "due_on")
        if due_on <= finding.issued_on:
            raise InvalidParameter(
                "due_on", "body", "The deadline must follow the issue date", "期限須晚於發文日期"
            )
        working_days = None
    else:
        working_days = round_.follow_up_working_days or DEFAULT_WORKING_DAYS
        deadline = await deadline_after(session, finding.issued_on, working_days)
        due_on, provisional = deadline.day, deadline.provisional
    follow_up = FollowUp(
        finding_id=finding.id,
        round_id=finding.round_id,
        organization_id=finding.organization_id,
        state=FollowUpState.tracking,
        due_on=due_on,
        due_provisional=provisional,
        opened_on=finding.issued_on,
    )
    session.add(follow_up)
    await session.flush()
    session.add(
        next_deadline(
            follow_up,
            1,
            due_on,
            provisional=provisional,
            working_days=working_days,
            cause=DeadlineCause.opened,
            subject=subject,
        )
    )
    await session.flush()
    await events.record(
        session,
        events.EventKind.follow_up_opened,
        follow_up.id,
        organization_id=follow_up.organization_id,
        payload={"finding_id": finding.id, "due_on": due_on.isoformat()},
    )
    return follow_up

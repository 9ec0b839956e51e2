"""The reminder sweep: derived from the follow-ups' state, never from a calendar of fired
events, so a sweep run twice sends nothing new and a sweep after missed days catches up.

A follow-up the enterprise must answer (state tracking) passes these stages on its way to
its deadline `due_on`, each judged on today's Asia/Taipei date and the office calendar:

- before-N: N working days before the deadline (settings.reminder_working_days_before, 5
  and 1 by default);
- due: on the day;
- overdue: on the first working day after it (and the event follow_up.deadline_passed,
  once, for the webhooks and in-app notifications);
- overdue-week-K: K×7 days after the deadline, while it stays overdue.

Each stage is a `ReminderMark` once per follow-up and deadline: a new deadline (繼續列管, an
approved extension) arms them all again. One statement finds every follow-up whose latest
stage reached is not marked; only the latest is sent (a sweep after missed days does not
send the enterprise a pile of stale reminders at once), the earlier fixed stages not yet
marked are marked as passed over (`sent` False). Sending is an in-app notification to the
reporters who read the follow-up, written by the sweep, and an e-mail (deliveries/) to its
receiving contacts, written by a job per enterprise (`mail_reminders`).

The same sweep sends reviewers their digest of what awaits their decision: daily (each
working day) or weekly (the first working day of the ISO week the sweep finds something
waiting), once per period (`DigestMark`), none when nothing waits.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    case,
    cast,
    func,
    insert,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.config import Settings
from uplift.deliveries.service import queue_email
from uplift.kit import events, outbox
from uplift.kit.clock import OfficeCalendar, add_working_days
from uplift.kit.db import utcnow
from uplift.models import (
    DigestFrequency,
    DigestMark,
    ExtensionState,
    Finding,
    FollowUp,
    FollowUpExtension,
    FollowUpState,
    Notification,
    Organization,
    ReminderMark,
    Role,
    User,
)
from uplift.notifications import audience, templates
from uplift.notifications.templates import FollowUpFacts
from uplift.office_calendar.queries import office_calendar

CHUNK = 5_000  # ids per IN (…): under every driver's parameter limit
WEEK = "overdue-week-"
MAIL = "reminders.mail"  # the task (tasks.py) that e-mails an enterprise's reminders


@dataclass(frozen=True)
class Stages:
    """The stages' thresholds for one day: which deadlines have reached which stage."""

    today: date
    before: list[int]  # working days, largest first
    limits: dict[int, date]  # before-N reached by deadlines up to this day
    last_working_day: date  # overdue: deadlines before this day

    @property
    def horizon(self) -> date:
        """The latest deadline any stage has reached."""
        return max([self.today, *self.limits.values()])

    @cached_property
    def fixed(self) -> list[str]:
        return [*(f"before-{n}" for n in self.before), "due", "overdue"]

    def rank(self, stage: str) -> int:
        if stage.startswith(WEEK):
            return len(self.fixed) - 1 + int(stage.removeprefix(WEEK))
        return self.fixed.index(stage)


def stages_for(today: date, calendar: OfficeCalendar, before: Sequence[int]) -> Stages:
    """before-N is reached when at most N working days lie after today up to the deadline:
    by every deadline up to the day before the (N+1)th working day after today."""
    limits = {n: add_working_days(today, n + 1, calendar) - timedelta(days=1) for n in before}
    last = today
    while not calendar.is_working_day(last):
        last -= timedelta(days=1)
    return Stages(today, sorted(before, reverse=True), limits, last)


def _days_late(session: AsyncSession, today: date) -> ColumnElement[int]:
    """Calendar days from the deadline to today, in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(literal(today, Date) - FollowUp.due_on, Integer)
    late = func.julianday(literal(today.isoformat())) - func.julianday(FollowUp.due_on)
    return cast(late, Integer)


def stage_of(session: AsyncSession, stages: Stages) -> ColumnElement[str | None]:
    """The latest stage a follow-up's deadline has reached today (NULL: none yet)."""
    late = _days_late(session, stages.today)
    overdue = FollowUp.due_on < stages.last_working_day
    whens: list[tuple[ColumnElement[bool], Any]] = [
        (overdue & (late >= 7), literal(WEEK, String) + cast(late // 7, String)),
        (overdue, literal("overdue", String)),
        (FollowUp.due_on <= stages.today, literal("due", String)),
    ]
    for n in reversed(stages.before):  # the nearest first: before-1 before before-5
        whens.append((FollowUp.due_on <= stages.limits[n], literal(f"before-{n}", String)))
    return case(*whens, else_=None)


@dataclass
class Reached:
    follow_up_id: int
    organization_id: int
    due_on: date
    stage: str


@dataclass
class SweepResult:
    today: date
    sent: int = 0  # reminders (follow-up stages) sent
    passed_over: int = 0
    notifications: int = 0
    mail_jobs: int = 0  # one per enterprise: its contacts' e-mails (mail_reminders)
    deadlines_passed: int = 0
    digests: int = 0
    stages: dict[str, int] = field(default_factory=dict)


async def reached(session: AsyncSession, stages: Stages) -> list[Reached]:
    """Every tracked follow-up whose latest stage reached is not marked yet: one statement,
    walking the (state, due_on) index up to the horizon and probing the marks' unique key."""
    stage = stage_of(session, stages).label("stage")
    inner = (
        select(FollowUp.id, FollowUp.organization_id, FollowUp.due_on, stage)
        .where(FollowUp.state == FollowUpState.tracking, FollowUp.due_on <= stages.horizon)
        .subquery()
    )
    marked = (
        select(ReminderMark.id)
        .where(
            ReminderMark.follow_up_id == inner.c.id,
            ReminderMark.due_on == inner.c.due_on,
            ReminderMark.stage == inner.c.stage,
        )
        .exists()
    )
    rows = await session.execute(
        select(inner.c.id, inner.c.organization_id, inner.c.due_on, inner.c.stage)
        .where(inner.c.stage.is_not(None), ~marked)
        .order_by(inner.c.id)
    )
    return [Reached(*row) for row in rows]


async def _marked(session: AsyncSession, found: list[Reached]) -> set[tuple[int, date, str]]:
    marks: set[tuple[int, date, str]] = set()
    for start in range(0, len(found), CHUNK):
        ids = [r.follow_up_id for r in found[start : start + CHUNK]]
        rows = await session.execute(
            select(ReminderMark.follow_up_id, ReminderMark.due_on, ReminderMark.stage).where(
                ReminderMark.follow_up_id.in_(ids)
            )
        )
        marks.update((a, b, c) for a, b, c in rows)
    return marks


async def facts_of(session: AsyncSession, ids: Sequence[int]) -> dict[int, FollowUpFacts]:
    """What e-mails say of these follow-ups: the enterprise, the recommendation, the deadline."""
    found: dict[int, FollowUpFacts] = {}
    for start in range(0, len(ids), CHUNK):
        rows = await session.execute(
            select(
                FollowUp.id,
                Organization.short_name_zh,
                Organization.short_name_en,
                Finding.number,
                Finding.text_zh,
                FollowUp.due_on,
            )
            .join(Finding, Finding.id == FollowUp.finding_id)
            .join(Organization, Organization.id == FollowUp.organization_id)
            .where(FollowUp.id.in_(ids[start : start + CHUNK]))
        )
        for row in rows:
            found[row[0]] = FollowUpFacts(*row)
    return found


async def sweep(session: AsyncSession, today: date, settings: Settings) -> SweepResult:
    """Mark and send every stage reached and not yet marked, then the reviewers' digests.
    Flushed in the caller's transaction (the task's, or the CLI's), never committed."""
    calendar = await office_calendar(session)
    stages = stages_for(today, calendar, settings.reminder_working_days_before)
    result = SweepResult(today)
    found = await reached(session, stages)
    if found:
        await _send_reminders(session, stages, found, result)
    result.digests = await send_digests(session, today, calendar, settings)
    return result


async def _send_reminders(
    session: AsyncSession,
    stages: Stages,
    found: list[Reached],
    result: SweepResult,
) -> None:
    marks = await _marked(session, found)
    new_marks: list[dict[str, Any]] = []
    passed: list[Reached] = []  # follow-ups whose overdue stage is marked now
    for row in found:
        latest = stages.rank(row.stage)
        for earlier in stages.fixed[: min(latest, len(stages.fixed))]:
            if (row.follow_up_id, row.due_on, earlier) not in marks:
                new_marks.append(_mark(row, earlier, stages.today, sent=False))
                result.passed_over += 1
                if earlier == "overdue":
                    passed.append(row)
        new_marks.append(_mark(row, row.stage, stages.today, sent=True))
        if row.stage == "overdue":
            passed.append(row)
        family, _ = templates.stage_parts(row.stage)
        result.stages[family] = result.stages.get(family, 0) + 1
    result.sent = len(found)
    # The marks first: a second sweep running at once fails on their unique key and rolls
    # back, so what it found is sent once, by this one.
    await session.execute(insert(ReminderMark), new_marks)

    handed = await audience.handed_units(session, [r.follow_up_id for r in found])
    heard = await audience.load(session, {r.organization_id for r in found})
    notifications: list[dict[str, Any]] = []
    now = utcnow()
    for row in found:
        kind = f"reminder.{row.stage}"
        key = f"reminder:{row.follow_up_id}:{row.due_on.isoformat()}:{row.stage}"
        reached_orgs = heard.organizations(row.organization_id, handed.get(row.follow_up_id, []))
        payload = {"due_on": row.due_on.isoformat(), "stage": row.stage}
        notifications += [
            {
                "user_id": user_id,
                "key": key,
                "kind": kind,
                "organization_id": row.organization_id,
                "object_type": "follow_up",
                "object_id": row.follow_up_id,
                "payload": payload,
                "created_at": now,
            }
            for user_id in sorted(heard.users(reached_orgs))
        ]
    if notifications:
        await session.execute(insert(Notification), notifications)
    result.notifications = len(notifications)
    await events.record_many(
        session,
        events.EventKind.follow_up_deadline_passed,
        [(r.follow_up_id, r.organization_id, {"due_on": r.due_on.isoformat()}) for r in passed],
    )
    result.deadlines_passed = len(passed)
    # The e-mails are written by a job per enterprise (a worker's, beside the others), so a
    # sweep's statement count does not grow with the contacts.
    for organization_id in sorted({r.organization_id for r in found}):
        await outbox.enqueue(
            session, MAIL, organization_id=organization_id, day=stages.today.isoformat()
        )
    result.mail_jobs = len({r.organization_id for r in found})


async def mail_reminders(
    session: AsyncSession, organization_id: int, day: date, settings: Settings
) -> int:
    """E-mail the reminders an enterprise's follow-ups were sent on `day` to its receiving
    contacts (and to the units' a follow-up was handed to), each in the contact's language
    first. Safe to run again: a delivery's key is the stage's and the contact's. How many
    e-mails were queued."""
    rows = (
        await session.execute(
            select(ReminderMark.follow_up_id, ReminderMark.due_on, ReminderMark.stage)
            .join(FollowUp, FollowUp.id == ReminderMark.follow_up_id)
            .where(
                FollowUp.organization_id == organization_id,
                ReminderMark.reached_on == day,
                ReminderMark.sent.is_(True),
            )
            .order_by(ReminderMark.id)
        )
    ).all()
    if not rows:
        return 0
    ids = [follow_up_id for follow_up_id, _, _ in rows]
    handed = await audience.handed_units(session, ids)
    heard = await audience.load(session, [organization_id])
    facts = await facts_of(session, ids)
    queued = 0
    for follow_up_id, due_on, stage in rows:
        kind = f"reminder.{stage}"
        key = f"reminder:{follow_up_id}:{due_on.isoformat()}:{stage}"
        fact = replace(facts[follow_up_id], due_on=due_on)
        reached_orgs = heard.organizations(organization_id, handed.get(follow_up_id, []))
        for contact in heard.receiving(reached_orgs):
            mail = templates.follow_up_mail(kind, fact, contact.language, settings.public_url)
            delivery = await queue_email(
                session,
                key=f"{key}:contact:{contact.id}",
                kind=kind,
                to=contact.email,
                subject=mail.subject,
                text=mail.text,
                html=mail.html,
                organization_id=contact.organization_id,
                contact_id=contact.id,
            )
            queued += delivery is not None
    return queued


def _mark(row: Reached, stage: str, today: date, *, sent: bool) -> dict[str, Any]:
    return {
        "follow_up_id": row.follow_up_id,
        "due_on": row.due_on,
        "stage": stage,
        "reached_on": today,
        "sent": sent,
        "created_at": utcnow(),
    }


def digest_period(frequency: DigestFrequency, today: date) -> str:
    if frequency == DigestFrequency.weekly:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


async def send_digests(
    session: AsyncSession, today: date, calendar: OfficeCalendar, settings: Settings
) -> int:
    """Each reviewer with an e-mail and a digest frequency: once per day or ISO week, on a
    working day, when something awaits a decision. How many digests were queued."""
    if not calendar.is_working_day(today):
        return 0
    reviewers = (
        await session.scalars(
            select(User)
            .where(
                User.role == Role.reviewer,
                User.is_active.is_(True),
                User.email.is_not(None),
                User.digest_frequency != DigestFrequency.off,
            )
            .order_by(User.id)
        )
    ).all()
    if not reviewers:
        return 0
    periods = {r.id: digest_period(r.digest_frequency, today) for r in reviewers}
    done = set(
        (
            await session.execute(
                select(DigestMark.user_id, DigestMark.period).where(
                    DigestMark.user_id.in_(list(periods))
                )
            )
        ).all()
    )
    due = [r for r in reviewers if (r.id, periods[r.id]) not in done]
    if not due:
        return 0
    awaiting_ids = list(
        (
            await session.scalars(
                select(FollowUp.id)
                .where(FollowUp.state == FollowUpState.awaiting_decision)
                .order_by(FollowUp.due_on, FollowUp.id)
            )
        ).all()
    )
    extensions = int(
        await session.scalar(
            select(func.count(FollowUpExtension.id)).where(
                FollowUpExtension.state == ExtensionState.pending
            )
        )
        or 0
    )
    if not awaiting_ids and not extensions:
        return 0
    facts = await facts_of(session, awaiting_ids[:20])
    awaiting = [facts[i] for i in awaiting_ids[:20]]
    mail = templates.digest_mail(awaiting, len(awaiting_ids), extensions, settings.public_url)
    sent = 0
    for reviewer in due:
        assert reviewer.email is not None
        session.add(DigestMark(user_id=reviewer.id, period=periods[reviewer.id]))
        queued = await queue_email(
            session,
            key=f"digest:{reviewer.id}:{periods[reviewer.id]}",
            kind="digest",
            to=reviewer.email,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            user_id=reviewer.id,
        )
        sent += queued is not None
    await session.flush()
    return sent

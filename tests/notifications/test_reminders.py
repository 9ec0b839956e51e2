"""The reminder sweep: each stage once per follow-up and deadline, however often it runs; a
sweep after missed days sends the latest stage reached and marks the others passed over; a
new deadline arms the stages again. The deadline in the world is Monday 2018-07-30."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from tests.fixtures.smtp import SmtpServer
from tests.notifications.conftest import People, run_jobs
from uplift import cli
from uplift.config import Settings, get_settings
from uplift.kit import outbox
from uplift.models import (
    Contact,
    DomainEvent,
    FollowUp,
    FollowUpState,
    JobStatus,
    Language,
    Notification,
    OutboxJob,
    ReminderMark,
    UnitHandling,
)
from uplift.notifications.reminders import SweepResult, sweep
from uplift.notifications.tasks import SWEEP


async def _sweep(session: AsyncSession, day: date) -> SweepResult:
    return await sweep(session, day, Settings())


async def _marks(session: AsyncSession, follow_up: FollowUp) -> list[tuple[str, bool, str]]:
    rows = await session.execute(
        select(ReminderMark.stage, ReminderMark.sent, ReminderMark.due_on)
        .where(ReminderMark.follow_up_id == follow_up.id)
        .order_by(ReminderMark.id)
    )
    return [(stage, sent, due.isoformat()) for stage, sent, due in rows]


async def _heard(session: AsyncSession, people: People) -> list[str]:
    """The reminders the enterprise's reporter was sent, in order."""
    rows = await session.scalars(
        select(Notification.kind)
        .where(
            Notification.user_id == people.reporter.user.id,
            Notification.kind.like("reminder.%"),
        )
        .order_by(Notification.id)
    )
    return list(rows)


async def _passed_events(session: AsyncSession, follow_up: FollowUp) -> int:
    rows = await session.scalars(
        select(DomainEvent.id).where(
            DomainEvent.kind == "follow_up.deadline_passed", DomainEvent.object_id == follow_up.id
        )
    )
    return len(rows.all())


async def test_each_stage_goes_out_once_on_its_day(session: AsyncSession, people: People) -> None:
    follow_up = people.world.follow_up
    expected = {
        date(2018, 7, 20): [],  # six working days before: nothing yet
        date(2018, 7, 23): ["before-5"],
        date(2018, 7, 26): [],
        date(2018, 7, 27): ["before-1"],
        date(2018, 7, 28): [],  # a Saturday
        date(2018, 7, 30): ["due"],
        date(2018, 7, 31): ["overdue"],
        date(2018, 8, 5): [],
        date(2018, 8, 6): ["overdue-week-1"],
        date(2018, 8, 13): ["overdue-week-2"],
    }
    sent: list[str] = []
    for day, stages in expected.items():
        for _ in range(2):  # a sweep run twice sends nothing new
            await _sweep(session, day)
        marks = [stage for stage, _, _ in await _marks(session, follow_up)]
        sent += stages
        assert marks == sent, day
    assert await _heard(session, people) == [f"reminder.{s}" for s in sent]
    assert all(was_sent for _, was_sent, _ in await _marks(session, follow_up))
    assert await _passed_events(session, follow_up) == 1
    assert await _heard(session, people) != []
    other = people.other_reporter.user.id
    assert (
        await session.scalar(
            select(Notification.id).where(
                Notification.user_id == other, Notification.object_id == follow_up.id
            )
        )
        is None
    )  # another enterprise hears nothing of it


async def test_a_sweep_after_missed_days_sends_the_latest_and_passes_the_rest_over(
    session: AsyncSession, people: People, worker_sessions: async_sessionmaker[AsyncSession]
) -> None:
    follow_up = people.world.follow_up
    await _sweep(session, date(2018, 7, 23))
    done = await _sweep(session, date(2018, 7, 31))  # the sweeps of 27 and 30 July were missed
    assert await _marks(session, follow_up) == [
        ("before-5", True, "2018-07-30"),
        ("before-1", False, "2018-07-30"),
        ("due", False, "2018-07-30"),
        ("overdue", True, "2018-07-30"),
    ]
    assert done.passed_over >= 2 and done.deadlines_passed >= 1
    assert await _heard(session, people) == ["reminder.before-5", "reminder.overdue"]
    assert await _passed_events(session, follow_up) == 1
    # the event is handed to the handlers (webhooks…) by a worker, in a job of many
    (event_id,) = await session.scalars(
        select(DomainEvent.id).where(
            DomainEvent.kind == "follow_up.deadline_passed", DomainEvent.object_id == follow_up.id
        )
    )
    await run_jobs(worker_sessions)
    jobs = await session.scalars(
        select(OutboxJob)
        .where(OutboxJob.task == "events.dispatch_many")
        .execution_options(populate_existing=True)
    )
    carrying = [j for j in jobs if event_id in j.payload["event_ids"]]
    assert [j.status for j in carrying] == [JobStatus.done]
    again = await _sweep(session, date(2018, 7, 31))
    assert (again.sent, again.passed_over, again.deadlines_passed) == (0, 0, 0)


async def test_a_missed_day_is_caught_up_the_day_after(
    session: AsyncSession, people: People
) -> None:
    follow_up = people.world.follow_up
    follow_up.due_on = date(2018, 8, 3)  # a Friday
    await session.flush()
    await _sweep(session, date(2018, 8, 2))
    # Friday's sweep did not run; Saturday's sends what Friday should have
    await _sweep(session, date(2018, 8, 4))
    assert [(s, sent) for s, sent, _ in await _marks(session, follow_up)] == [
        ("before-5", False),
        ("before-1", True),
        ("due", True),
    ]
    await _sweep(session, date(2018, 8, 6))  # Monday: the first working day after
    assert (await _marks(session, follow_up))[-1][:2] == ("overdue", True)


async def test_a_new_deadline_arms_the_stages_again_and_answered_ones_rest(
    session: AsyncSession, people: People
) -> None:
    follow_up, other = people.world.follow_up, people.world.other_follow_up
    await _sweep(session, date(2018, 7, 31))
    follow_up.due_on = date(2018, 8, 20)  # 繼續列管 with a new deadline
    other.state = FollowUpState.awaiting_decision  # the enterprise answered: the reviewer's move
    await session.flush()
    before = await _marks(session, other)
    await _sweep(session, date(2018, 8, 13))
    assert (await _marks(session, follow_up))[-1] == ("before-5", True, "2018-08-20")
    assert await _marks(session, other) == before


async def test_stages_count_working_days_on_the_office_calendar(
    session: AsyncSession, people: People
) -> None:
    """2018-10-10 (國慶日, a Wednesday) is a holiday: a deadline on Tuesday the 9th is
    overdue on Thursday the 11th, and one on Friday the 12th is one working day away on
    Thursday the 11th but two on Tuesday the 9th."""
    late, soon = people.world.follow_up, people.world.other_follow_up
    late.due_on, soon.due_on = date(2018, 10, 9), date(2018, 10, 12)
    await session.flush()
    await _sweep(session, date(2018, 10, 9))
    await _sweep(session, date(2018, 10, 10))
    assert [s for s, sent, _ in await _marks(session, late) if sent] == ["due"]
    assert [s for s, sent, _ in await _marks(session, soon) if sent] == ["before-5"]
    await _sweep(session, date(2018, 10, 11))
    assert [s for s, sent, _ in await _marks(session, late) if sent] == ["due", "overdue"]
    assert [s for s, sent, _ in await _marks(session, soon) if sent] == ["before-5", "before-1"]


async def test_reminders_are_e_mailed_to_contacts_in_their_language(
    session: AsyncSession,
    people: People,
    worker_sessions: async_sessionmaker[AsyncSession],
    smtp: SmtpServer,
) -> None:
    w = people.world
    session.add_all(
        [
            Contact(
                organization_id=w.enterprise.id,
                name="Desk",
                email="desk@example.com",
                language=Language.en,
            ),
            Contact(
                organization_id=w.enterprise.id,
                name="停用",
                email="off@example.com",
                is_active=False,
            ),
            Contact(organization_id=w.other.id, name="他家", email="other@example.com"),
            Contact(organization_id=w.unit.id, name="區處", email="unit@example.com"),
        ]
    )
    session.add(
        UnitHandling(
            follow_up_id=w.follow_up.id,
            organization_id=w.unit.id,
            assigned_by="t",
            written_by="t",
        )
    )
    await session.flush()
    await run_jobs(worker_sessions)  # the follow-ups' opening e-mails
    smtp.messages.clear()
    smtp.envelopes.clear()
    await outbox.enqueue(session, SWEEP, today="2018-07-27")
    await run_jobs(worker_sessions)
    received = smtp.to("desk@example.com")
    assert len(received) == 1
    mail = received[0]
    assert mail["Subject"] == (
        "[Uplift] A follow-up is due in 1 working day / 管考事項將於 1 個工作天後到期"
    )
    plain, html = mail.get_body(("plain",)), mail.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content()
    assert text.index("Due on 2018-07-30 (ROC 107年7月30日)") < text.index("辦理期限")
    assert f"https://uplift.example.gov.tw/follow-ups/{w.follow_up.id}" in text
    assert "<h1>A follow-up is due in 1 working day</h1>" in html.get_content()
    assert smtp.to("off@example.com") == []
    assert len(smtp.to("other@example.com")) == 1  # the other enterprise's own follow-up
    assert len(smtp.to("unit@example.com")) == 1  # the unit it was handed to
    await outbox.enqueue(session, SWEEP, today="2018-07-27")
    await run_jobs(worker_sessions)
    assert len(smtp.to("desk@example.com")) == 1  # the sweep again: nothing new


async def test_reviewers_get_a_digest_once_per_period_when_something_awaits(
    session: AsyncSession,
    people: People,
    worker_sessions: async_sessionmaker[AsyncSession],
    smtp: SmtpServer,
) -> None:
    daily, weekly = people.reviewer.user, people.admin.user
    daily.email = "daily@example.com"
    weekly.role = daily.role
    weekly.email, weekly.digest_frequency = "weekly@example.com", "weekly"  # type: ignore[assignment]
    await session.flush()
    settings = get_settings()
    assert (await sweep(session, date(2018, 7, 23), settings)).digests == 0  # nothing awaits
    people.world.other_follow_up.state = FollowUpState.awaiting_decision
    await session.flush()
    counts: list[Any] = []
    for day in [date(2018, 7, 23), date(2018, 7, 23), date(2018, 7, 24), date(2018, 7, 28)]:
        counts.append((await sweep(session, day, settings)).digests)
    assert counts == [2, 0, 1, 0]  # Monday both; again none; Tuesday the daily; Saturday none
    await run_jobs(worker_sessions)
    assert len(smtp.to("daily@example.com")) == 2
    (digest,) = smtp.to("weekly@example.com")
    assert digest["Subject"] == "[Uplift] 待審核事項摘要 / What awaits your decision"
    body = digest.get_body(("plain",))
    assert body is not None and "待審核之辦理情形：1 件" in body.get_content()


def test_the_command_sweeps_a_given_day(committed_database_url: str, monkeypatch: Any) -> None:
    monkeypatch.setenv("UPLIFT_DATABASE_URL", committed_database_url)
    get_settings.cache_clear()
    try:
        ran = CliRunner().invoke(cli.app, ["reminders", "sweep", "--today", "2018-07-23"])
        assert ran.exit_code == 0, ran.output
        assert ran.output.startswith("reminders 2018-07-23: 0 sent (none), 0 passed over")
        bad = CliRunner().invoke(cli.app, ["reminders", "sweep", "--today", "23/07/2018"])
        assert bad.exit_code == 2
    finally:
        get_settings.cache_clear()

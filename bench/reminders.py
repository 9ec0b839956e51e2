"""The reminder sweep at scale, on PostgreSQL.

Builds (once; a later run reuses it) `--follow-ups` open follow-ups (state tracking) over
`--organizations` enterprises, each enterprise with a reporter and a contact, their deadlines
spread evenly from 120 days before the sweep's day to 240 days after it (a third overdue).
Bulk-inserted like bench/loop.py (COPY). Then, with the sweep's own rows cleared:
  - a first sweep, the day before (every stage reached is marked: the cold start, once);
  - the daily sweep, the next working day (what a day brings: the new stages) — the figure
    the issue asks under 5 s;
  - the same day again (nothing new: the cost of a sweep that finds nothing);
and the workers' e-mail fan-out of the daily sweep (its jobs per enterprise, in-process).

Usage: python bench/reminders.py [--follow-ups 50000] [--organizations 200]
       [--postgres URL]
"""

import argparse
import asyncio
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from progress import _next_ids
from scale import DEFAULT_POSTGRES, _bulk, _chunks, postgres_answers, postgres_database, uplift

from uplift.config import Settings
from uplift.kit import outbox
from uplift.kit.db import create_engine as create_async_engine
from uplift.kit.db import create_sessionmaker
from uplift.kit.db_url import sync_url
from uplift.models import (
    Contact,
    Finding,
    FollowUp,
    FollowUpDeadline,
    Organization,
    Plan,
    RoundEnterprise,
    User,
    VerificationRound,
)
from uplift.notifications import tasks  # the sweep's tasks and the event handler

__all__ = ["tasks"]
from uplift.notifications.reminders import sweep

YEAR = 2041  # clear of the seeded plan's year and of bench/loop.py's
TODAY = date(YEAR, 6, 4)  # a Tuesday; the first sweep runs the Monday before
CLEARED = [
    "delivery_attempts",
    "deliveries",
    "notifications",
    "reminder_marks",
    "digest_marks",
    "outbox_jobs",
]


def build(url: str, size: argparse.Namespace) -> None:
    engine = create_engine(sync_url(url))
    # A database kept from an earlier run gets the migrations that came since.
    uplift("db", "upgrade", url=url)
    try:
        with engine.connect() as connection:
            try:
                built = connection.scalar(
                    select(func.count(FollowUp.id)).where(FollowUp.opened_on >= date(YEAR, 1, 1))
                )
            except Exception:  # not migrated yet
                connection.rollback()
                built = 0
        if built != size.follow_ups:
            uplift("seed", url=url)
            engine.dispose()
            with engine.begin() as connection:
                _generate(connection, size)
    finally:
        engine.dispose()


def _generate(connection: Connection, size: argparse.Namespace) -> None:
    started = time.perf_counter()
    now = datetime.now(UTC)
    models = [
        Organization, Plan, VerificationRound, RoundEnterprise, Finding, FollowUp,
        FollowUpDeadline, User, Contact,
    ]  # fmt: skip
    tables = [m.__table__ for m in models]
    ids = _next_ids(connection, tables)
    rows: dict[Any, list[dict[str, Any]]] = {t: [] for t in tables}

    def add(model: Any, **row: Any) -> int:
        table = model.__table__
        row["id"] = ids[table]
        ids[table] += 1
        rows[table].append(row)
        return int(row["id"])

    organizations = []
    for n in range(size.organizations):
        organization = add(
            Organization, code=f"remind-org-{n}", kind="enterprise", parent_id=None,
            position=n, name_zh=f"提醒事業 {n}", name_en=f"Reminded {n}",
            short_name_zh=f"提{n}", short_name_en=f"R{n}", created_at=now, updated_at=now,
        )  # fmt: skip
        organizations.append(organization)
        add(
            User, username=f"remind-reporter-{n}", display_name=f"填報 {n}", password_hash="!",
            role="enterprise_reporter", organization_id=organization, is_active=True,
            email=None, digest_frequency="off", created_at=now, updated_at=now,
        )  # fmt: skip
        add(
            Contact, organization_id=organization, name=f"窗口 {n}",
            email=f"desk-{n}@example.com", language="zh-TW" if n % 4 else "en",
            receives_reminders=True, is_active=True, created_at=now, updated_at=now,
        )  # fmt: skip
    plan = add(
        Plan, year=YEAR, issuer_id=organizations[0], title=f"提醒測試 {YEAR}",
        status="published", objectives="", core_values=[], report_due_date=None, revision=1,
        previous_plan_id=None, content_version=f"remind{YEAR}", created_at=now, updated_at=now,
    )  # fmt: skip
    round_id = add(
        VerificationRound, plan_id=plan, kind="mid_year", status="issued", items=[],
        starts_on=date(YEAR, 1, 10), ends_on=None, place="", agenda="", participants="",
        notified_on=date(YEAR, 1, 2), notice_number="提醒字第1號", follow_up_working_days=20,
        status_history={}, created_at=now, updated_at=now,
    )  # fmt: skip
    for organization in organizations:
        add(RoundEnterprise, round_id=round_id, organization_id=organization)
    first, span = TODAY - timedelta(days=120), 360
    for n in range(size.follow_ups):
        organization = organizations[n % len(organizations)]
        due_on = first + timedelta(days=n * span // size.follow_ups)
        opened_on = date(YEAR, 1, 15)
        finding = add(
            Finding, round_id=round_id, organization_id=organization, unit_id=None,
            kind="recommendation", status="issued", number=n // len(organizations) + 1,
            text_zh=f"建議事項 {n}：持續強化服務流程。", text_en=None,
            issued_text_zh=f"建議事項 {n}：持續強化服務流程。", issued_text_en=None,
            drafted_by="bench", drafted_by_user_id=None, approved_at=now, approved_by="bench",
            issued_on=opened_on, issue_number=f"提醒字第{n:06d}號", issued_at=now,
            published_at=None, created_at=now, updated_at=now,
        )  # fmt: skip
        follow_up = add(
            FollowUp, finding_id=finding, round_id=round_id, organization_id=organization,
            state="tracking", due_on=due_on, due_provisional=True, release=None,
            released_at=None, opened_on=opened_on, created_at=now, updated_at=now,
        )  # fmt: skip
        add(
            FollowUpDeadline, follow_up_id=follow_up, number=1, due_on=due_on, provisional=True,
            working_days=None, cause="opened", set_by="bench", set_at=now,
        )  # fmt: skip
    for table in tables:
        for chunk in _chunks(rows[table]):
            _bulk(connection, table, chunk)
    for table in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"
            )
        )
    connection.execute(text("ANALYZE"))
    print(
        f"  built {size.follow_ups:,} open follow-ups over {size.organizations} enterprises "
        f"in {time.perf_counter() - started:.0f} s"
    )


async def measure(url: str) -> None:
    engine = create_async_engine(url)
    sessions = create_sessionmaker(engine)
    settings = Settings(database_url=url)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(CLEARED)}"))
        await connection.execute(text("DELETE FROM domain_events WHERE kind LIKE 'follow_up.%'"))

    async def timed(day: date, label: str) -> None:
        started = time.perf_counter()
        async with sessions.begin() as session:
            done = await sweep(session, day, settings)
        took = time.perf_counter() - started
        stages = ", ".join(f"{k} {v:,}" for k, v in sorted(done.stages.items())) or "none"
        print(
            f"  {label} ({day.isoformat()}): {took:.2f} s — {done.sent:,} reminders ({stages}), "
            f"{done.passed_over:,} passed over, {done.notifications:,} notifications, "
            f"{done.mail_jobs} e-mail jobs, {done.deadlines_passed:,} deadlines passed"
        )

    await timed(TODAY - timedelta(days=1), "first sweep, every stage reached so far")
    async with engine.begin() as connection:  # the first sweep's jobs are not this figure's
        await connection.execute(text("TRUNCATE outbox_jobs, deliveries CASCADE"))
    await timed(TODAY, "daily sweep, the next working day")
    await timed(TODAY, "the same day again")
    policy = outbox.RetryPolicy(max_attempts=1)
    async with sessions() as session:
        waiting = int(
            await session.scalar(text("SELECT count(*) FROM outbox_jobs WHERE status = 'pending'"))
            or 0
        )
    started, ran = time.perf_counter(), 0
    # The daily sweep's jobs (its events' dispatch, its e-mail jobs) are the oldest; the sends
    # they queue come after them and are not run here.
    while ran < waiting and await outbox.run_one(sessions, policy):
        ran += 1
    async with sessions() as session:
        queued = await session.scalar(text("SELECT count(*) FROM deliveries"))
    print(
        f"  the daily sweep's jobs: {ran} (event dispatch and an e-mail job per enterprise) "
        f"wrote {queued:,} e-mails in {time.perf_counter() - started:.2f} s (one worker)"
    )
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--follow-ups", type=int, default=50_000)
    parser.add_argument("--organizations", type=int, default=200)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a server to build on")
    options = parser.parse_args()
    if not postgres_answers(options.postgres):
        sys.exit(f"PostgreSQL does not answer at {options.postgres}")
    name = f"{options.follow_ups}u_{options.organizations}o"
    url = postgres_database(options.postgres, name, prefix="uplift_bench_reminders")
    print(
        f"PostgreSQL: {options.follow_ups:,} open follow-ups, {options.organizations} "
        "enterprises, a reporter and a contact each"
    )
    build(url, options)
    asyncio.run(measure(url))


if __name__ == "__main__":
    main()

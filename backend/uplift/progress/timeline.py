"""The plan year month by month, for the reviewer's dashboard: reports by work status and
the missing ones per month, and the missing and late reports themselves, judged at read
time on today's date in Taipei, in a fixed number of queries.

It counts as a reviewer does (`standing.Reader`, basis `submitted`): each report's last
submitted version, never a draft. A report belongs to the month its period ends in (a
year's report to December). A period is missing when its due day has passed and neither
the owning enterprise nor one of its units submitted a report for it; a report is late
when it was submitted after the end of its period's due day (Taipei). A measure of
`unspecified` frequency is missing, as in the matrix (`standing.rounds_missed`), for each
started verification round before which its owner submitted no report: listed by the round's
first day, due the day before, in that day's month.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import String, and_, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import head_office_reports
from uplift.kit.clock import end_of_day, today_in_taipei
from uplift.models import (
    Frequency,
    Measure,
    ProgressReport,
)
from uplift.plans.queries import readable_plan
from uplift.progress.periods import Period, parse_period, periods_of, reporting_kind
from uplift.progress.schemas import (
    LateReport,
    MissingReport,
    MonthProgress,
    ProgressTimeline,
    ReportCounts,
)
from uplift.progress.standing import (
    in_plan,
    organization_tree,
    owners_and_frequencies,
    rounds_missed,
    rounds_started,
)

LISTED = 200  # rows of each list: the totals say how many more there are
MAX = datetime.max.replace(tzinfo=UTC)


async def plan_timeline(
    session: AsyncSession, subject: Subject, plan_id: int, today: date
) -> ProgressTimeline:
    """GET /plans/{id}/progress/timeline: eight queries, whatever the number of reports."""
    plan = await readable_plan(session, subject, plan_id)
    top = in_plan(plan.id)
    measures = {
        m_id: (key, code)
        for m_id, key, code in await session.execute(
            select(Measure.id, Measure.key, Measure.code)
            .where(Measure.id.in_(top), Measure.parent_id.is_(None))
            .order_by(Measure.id)
        )
    }
    owners, frequencies = await owners_and_frequencies(session, plan.id)
    tree = await organization_tree(session)
    # The enterprises' own reports, as the matrix counts them: a unit reports to its head
    # office, which submits for the enterprise (督導所屬).
    counted = and_(
        ProgressReport.plan_id == plan.id,
        ProgressReport.submitted_version.is_not(None),
        head_office_reports(),
        ProgressReport.measure_key.in_(
            select(Measure.key).where(Measure.id.in_(top), Measure.parent_id.is_(None))
        ),
    )
    months = {month: ReportCounts() for month in range(1, 13)}
    # Counted in the database: one row per period and status, however many reports.
    for period_text, status, count in await session.execute(
        # The status of each report's last submitted version is kept on the report.
        select(
            ProgressReport.period,
            type_coerce(ProgressReport.submitted_status, String),
            func.count(),
        )
        .where(counted)
        .group_by(ProgressReport.period, ProgressReport.submitted_status)
    ):
        period = parse_period(period_text)
        if period is not None and period.year == plan.year:
            counts = months[period.last_day.month]
            setattr(counts, status, getattr(counts, status) + count)
    by_key = {key: measure_id for measure_id, (key, _) in measures.items()}
    submitted: set[tuple[int, int, str]] = set()  # measure id, owner, period
    first: dict[tuple[int, int], datetime] = {}  # measure id, owner → earliest submission
    late: list[LateReport] = []
    for report_id, measure_key, organization_id, period_text, submitted_at in (
        await session.execute(
            select(
                ProgressReport.id,
                ProgressReport.measure_key,
                ProgressReport.organization_id,
                ProgressReport.period,
                ProgressReport.submitted_at,
            ).where(counted)
        )
    ).all():
        reported_on = by_key.get(measure_key)
        period = parse_period(period_text)
        if reported_on is None or period is None:
            continue
        owner = tree.owner_of(organization_id, owners.get(reported_on, set()))
        if owner is None:
            continue
        submitted.add((reported_on, owner, period.text))
        if submitted_at is not None and submitted_at < first.get((reported_on, owner), MAX):
            first[reported_on, owner] = submitted_at
        if submitted_at is not None and submitted_at >= end_of_day(period.due_day):
            late.append(
                LateReport(
                    organization=tree.ref(owner),
                    measure_key=measure_key,
                    code=measures[reported_on][1],
                    period=period.text,
                    due_date=period.due_day,
                    report_id=report_id,
                    submitted_at=submitted_at,
                    days_late=(today_in_taipei(submitted_at) - period.due_day).days,
                )
            )
    missing: list[MissingReport] = []
    rounds = await rounds_started(session, plan.id, today)
    for measure_id, (measure_key, code) in measures.items():
        kind = reporting_kind(frequencies.get(measure_id, []))
        due = [p for p in periods_of(kind, plan.year) if p.due_day < today]
        by_round = kind is None and Frequency.unspecified in frequencies.get(measure_id, [])
        for owner in sorted(owners.get(measure_id, set())):
            for day in rounds_missed(rounds, first.get((measure_id, owner))) if by_round else []:
                before = date.fromisoformat(day) - timedelta(days=1)
                if before.year == plan.year:
                    months[before.month].missing += 1
                missing.append(
                    MissingReport(
                        organization=tree.ref(owner),
                        measure_key=measure_key,
                        code=code,
                        period=day,
                        due_date=before,
                        days_late=(today - before).days,
                    )
                )
            for period in due:
                if (measure_id, owner, period.text) in submitted:
                    continue
                months[period.last_day.month].missing += 1
                missing.append(
                    MissingReport(
                        organization=tree.ref(owner),
                        measure_key=measure_key,
                        code=code,
                        period=period.text,
                        due_date=period.due_day,
                        days_late=(today - period.due_day).days,
                    )
                )

    def position(row: MissingReport) -> tuple[int, int, str, str]:
        organization = tree.by_id[row.organization.id]
        return (-row.days_late, organization.position, organization.code, row.period)

    missing.sort(key=position)
    late.sort(key=position)
    return ProgressTimeline(
        plan_id=plan.id,
        year=plan.year,
        today=today,
        months=[
            MonthProgress(month=m, due=Period(plan.year, "M", m).last_day < today, reports=c)
            for m, c in months.items()
        ],
        missing_total=len(missing),
        missing=missing[:LISTED],
        late_total=len(late),
        late=late[:LISTED],
    )

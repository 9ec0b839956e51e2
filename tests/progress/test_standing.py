"""Where things stand: the progress matrix and a measure's progress, read from real rows on
a named Taipei day; who may read them; a constant number of statements at any size."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from tests.fixtures.tokens import bearer
from tests.progress.conftest import YEAR, World
from tests.progress.test_service import _save, _transition
from uplift.kit.clock import taipei_today
from uplift.models import (
    Organization,
    ProgressReport,
    ProgressStanding,
    ProgressValue,
    ProgressVersion,
    ReportState,
    Role,
    WorkStatus,
)
from uplift.progress import queries, standing, standings
from uplift.progress.schemas import PlanProgress

TODAY = date(YEAR, 7, 15)  # B1 (due 28 Feb), B2 (30 Apr), B3 (30 Jun) are due; B4… are not


async def report(
    session: AsyncSession, world: World, period: str, status: WorkStatus, *,
    organization: Organization | None = None, submitted: datetime | None = None,
    value: str | None = None, measure_key: str | None = None,
) -> ProgressReport:  # fmt: skip
    """A report as the service leaves it: submitted (when `submitted`) or a draft."""
    row = ProgressReport(
        plan_id=world.plan.id, measure_key=measure_key or world.measure.key,
        organization_id=(organization or world.enterprise).id, period=period,
        state=ReportState.submitted if submitted else ReportState.draft, version=1,
        submitted_version=1 if submitted else None, submitted_at=submitted,
    )  # fmt: skip
    version = ProgressVersion(
        number=1, work_status=status, written_by="test",
        delay_reason="人力不足" if status == WorkStatus.delayed else None,
        remedy="增派人力" if status == WorkStatus.delayed else None,
    )  # fmt: skip
    if value is not None:
        version.values = [
            ProgressValue(
                position=0, indicator_id=world.percent.id, indicator_key=world.percent.key,
                value=Decimal(value), unit="%",
            )
        ]  # fmt: skip
    row.versions = [version]
    session.add(row)
    await session.flush()
    return row


async def _matrix(session: AsyncSession, subject: Any, plan_id: int, today: date) -> PlanProgress:
    """The matrix as the endpoint encodes it, checked against its documented shape."""
    return PlanProgress.model_validate(
        await standing.plan_progress(session, subject, plan_id, today), strict=True
    )


def _at(month: int, day: int) -> datetime:
    return datetime(YEAR, month, day, 2, tzinfo=UTC)


async def _three_periods(session: AsyncSession, world: World) -> None:
    """B1 on time, B2 late and delayed, B3 only a draft."""
    await report(
        session, world, f"{YEAR}-B1", WorkStatus.on_track, submitted=_at(2, 20), value="97"
    )
    await report(session, world, f"{YEAR}-B2", WorkStatus.delayed, submitted=_at(5, 10), value="90")
    await report(session, world, f"{YEAR}-B3", WorkStatus.on_track, value="96")


async def test_a_reviewer_counts_submitted_reports_only(
    session: AsyncSession, world: World
) -> None:
    await _three_periods(session, world)
    matrix = await _matrix(session, world.reviewer, world.plan.id, TODAY)
    assert matrix.basis == "submitted" and matrix.today == TODAY
    ours = next(e for e in matrix.enterprises if e.organization.id == world.enterprise.id)
    # The measure (bimonthly) and the free one (no rhythm) are the enterprise's.
    assert (ours.measures, ours.expected, ours.missing, ours.late, ours.drafts) == (2, 3, 1, 1, 0)
    assert ours.statuses.delayed == 1 and ours.statuses.unreported == 1 and ours.lagging == 1
    cell = next(c for c in matrix.cells if c.organization_id == world.enterprise.id)
    lagging = cell.lagging[0]
    assert (lagging.measure_key, lagging.delayed, lagging.missing_periods) == (
        world.measure.key, True, [f"{YEAR}-B3"],
    )  # fmt: skip
    theirs = next(e for e in matrix.enterprises if e.organization.id == world.other.id)
    assert (theirs.measures, theirs.statuses.unreported, theirs.missing) == (1, 1, 0)
    assert [d.strategies[0].key for d in matrix.dimensions] == [cell.strategy_key]


async def test_the_enterprise_counts_its_drafts_and_sees_only_its_own_rows(
    session: AsyncSession, world: World
) -> None:
    await _three_periods(session, world)
    matrix = await _matrix(session, world.reporter, world.plan.id, TODAY)
    assert matrix.basis == "current"
    assert [e.organization.id for e in matrix.enterprises] == [world.enterprise.id]
    ours = matrix.enterprises[0]
    # Its latest report is the B3 draft (on track); B3 is still missing: it is not submitted.
    assert (ours.statuses.on_track, ours.statuses.delayed, ours.drafts, ours.missing) == (
        1,
        0,
        1,
        1,
    )
    other = await _matrix(session, world.other_reporter, world.plan.id, TODAY)
    assert [e.organization.id for e in other.enterprises] == [world.other.id]


async def test_a_units_report_neither_fills_nor_makes_late_its_enterprises_period(
    session: AsyncSession, world: World
) -> None:
    """督導所屬: a unit reports to its head office, which submits for the enterprise; only
    the enterprise's own reports are counted, for the commission and the enterprise alike."""
    await _three_periods(session, world)
    late_done = _at(8, 1)  # after B3's due day: late, were it counted
    await report(
        session, world, f"{YEAR}-B3", WorkStatus.done, organization=world.unit, submitted=late_done
    )
    await report(session, world, f"{YEAR}-B1", WorkStatus.delayed, organization=world.unit)
    matrix = await _matrix(session, world.reviewer, world.plan.id, TODAY)
    ours = next(e for e in matrix.enterprises if e.organization.id == world.enterprise.id)
    assert (ours.missing, ours.late, ours.statuses.done, ours.lagging) == (1, 1, 0, 1)
    assert world.unit.id not in {e.organization.id for e in matrix.enterprises}
    mine = await _matrix(session, world.reporter, world.plan.id, TODAY)
    ours = mine.enterprises[0]
    assert (ours.missing, ours.late, ours.drafts, ours.statuses.done) == (1, 1, 1, 0)


async def test_a_measure_shows_its_reports_and_indicator_results(
    session: AsyncSession, world: World
) -> None:
    await _three_periods(session, world)
    found = await standing.measure_progress(
        session, world.reviewer, world.plan.id, world.measure.key, TODAY
    )
    assert [o.organization.id for o in found.organizations] == [world.enterprise.id]
    ours = found.organizations[0]
    assert [(r.period, r.late, r.draft) for r in ours.reports] == [
        (f"{YEAR}-B1", False, False), (f"{YEAR}-B2", True, False),
    ]  # fmt: skip
    percent = next(i for i in ours.indicators if i.indicator_id == world.percent.id)
    assert [p.state for p in percent.periods][:4] == [
        "reported",
        "reported",
        "missing",
        "not_yet_due",
    ]
    assert (percent.verdict, percent.share, percent.share_met) == (
        "not_met",
        Decimal(90),
        Decimal("50.00"),
    )
    times = next(i for i in ours.indicators if i.indicator_id == world.times.id)
    assert [(p.period, p.state) for p in times.periods] == [(str(YEAR), "not_yet_due")]
    mine = await standing.measure_progress(
        session, world.reporter, world.plan.id, world.measure.key, TODAY
    )
    percent = mine.organizations[0].indicators[0]
    assert [(p.state, p.draft) for p in percent.periods][2] == ("reported", True)
    assert (percent.verdict, mine.organizations[0].reports[-1].draft) == ("met", True)


# --- over HTTP ----------------------------------------------------------------------------


@pytest.fixture
def on_today(app: FastAPI) -> None:
    app.dependency_overrides[taipei_today] = lambda: TODAY


def _urls(world: World) -> list[str]:
    base = f"/api/v1/plans/{world.plan.id}/progress"
    return [base, f"{base}/measures/{world.measure.key}"]


async def test_reviewers_read_and_an_etag_answers_304(
    client: AsyncClient, session: AsyncSession, world: World, on_today: None
) -> None:
    await _three_periods(session, world)
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read"])
    for url in _urls(world):
        first = await client.get(url, headers=reviewer)
        assert first.status_code == 200, first.text
        assert first.json()["today"] == TODAY.isoformat()
        again = await client.get(url, headers={**reviewer, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    administrator = await factories.user(session, role=Role.administrator)
    admin = await bearer(session, administrator.id, ["progress:read"])
    for url in _urls(world):
        assert (await client.get(url, headers=admin)).json()["basis"] == "submitted"


@pytest.mark.parametrize("role", [Role.panel_member])
async def test_anonymous_and_panel_members_may_not_read(
    client: AsyncClient, session: AsyncSession, world: World, role: Role, on_today: None
) -> None:
    panel = await factories.user(session, role=role)
    headers = await bearer(session, panel.id, ["progress:read"])
    for url in _urls(world):
        assert (await client.get(url)).status_code == 401
        assert (await client.get(url, headers=headers)).status_code == 403


async def test_a_token_needs_progress_read_and_reads_only_its_organisation(
    client: AsyncClient, session: AsyncSession, world: World, on_today: None
) -> None:
    await _three_periods(session, world)
    without = await bearer(session, world.reporter.user_id, ["progress:write"])
    other = await bearer(session, world.other_reporter.user_id, ["progress:read"])
    for url in _urls(world):
        assert (await client.get(url, headers=without)).status_code == 403
    matrix = (await client.get(_urls(world)[0], headers=other)).json()
    assert [e["organization"]["id"] for e in matrix["enterprises"]] == [world.other.id]
    measure = (await client.get(_urls(world)[1], headers=other)).json()
    assert measure["organizations"] == []  # another enterprise's measure: no rows of its own


async def test_unknown_plans_and_measures_are_404(
    client: AsyncClient, session: AsyncSession, world: World, on_today: None
) -> None:
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read"])
    assert (await client.get("/api/v1/plans/999999/progress", headers=reviewer)).status_code == 404
    unknown = f"/api/v1/plans/{world.plan.id}/progress/measures/no-such-key"
    answer = await client.get(unknown, headers=reviewer)
    assert answer.status_code == 404 and answer.headers["content-type"].startswith(
        "application/problem+json"
    )
    sub_item = f"/api/v1/plans/{world.plan.id}/progress/measures/{'x' * 37}"
    assert (await client.get(sub_item, headers=reviewer)).status_code == 422


async def test_the_matrix_costs_the_same_statements_at_any_size(
    client: AsyncClient, session: AsyncSession, world: World, on_today: None,
    count_queries: Callable[[], Any],
) -> None:  # fmt: skip
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read"])
    url = _urls(world)
    assert (
        await client.get(url[0], headers=reviewer)
    ).status_code == 200  # the token's first use is noted once
    counts = []
    for size in (1, 6):
        for index in range(1, size + 1):
            unit = await factories.organization(session, parent=world.enterprise)
            period = f"{YEAR}-B{index}"
            await report(
                session,
                world,
                period,
                WorkStatus.on_track,
                organization=unit,
                submitted=_at(2, 1),
                value="99",
            )
            await report(
                session,
                world,
                str(YEAR),
                WorkStatus.done,
                organization=unit,
                submitted=_at(2, 1),
                measure_key=world.free.key,
            )
        sizes = []
        for address in url:
            with count_queries() as statements:
                answer = await client.get(address, headers=reviewer)
            assert answer.status_code == 200
            sizes.append(len(statements))
        counts.append(sizes)
    assert counts[0] == counts[1], counts
    # The token, then plan, structure, measures, organisations, rounds and the standings.
    assert counts[0][0] <= 8, counts


async def test_the_matrix_follows_drafts_submissions_and_corrections_made_by_the_service(
    session: AsyncSession, world: World
) -> None:
    """The statuses the matrix counts are kept on the report at every write: a draft edited
    in place, a submission, a correction drafted and submitted."""

    async def counted() -> tuple[str, str]:
        seen = []
        for subject in (world.reviewer, world.reporter):
            matrix = await _matrix(session, subject, world.plan.id, TODAY)
            cell = next(
                c
                for c in matrix.cells
                if c.organization_id == world.enterprise.id
                and any(m.measure_key == world.measure.key for m in c.lagging)
            )
            statuses = cell.statuses.model_dump()
            seen.append(next((s for s, n in statuses.items() if n and s != "unreported"), ""))
        return seen[0], seen[1]

    delayed = {"status": "delayed", "delay_reason": "人力不足", "remedy": "增派人力"}
    draft, _ = await _save(session, world)
    edited, _ = await _save(session, world, **delayed)
    matrix = await _matrix(session, world.reviewer, world.plan.id, TODAY)
    ours = next(e for e in matrix.enterprises if e.organization.id == world.enterprise.id)
    assert (ours.statuses.unreported, ours.drafts) == (2, 0)  # a reviewer sees no draft
    assert (await counted())[1] == "delayed"  # edited in place
    submitted = await _transition(session, edited, world.reporter, "submit")
    assert await counted() == ("delayed", "delayed")
    await _save(session, world, status="done")  # a correction: version 2, a draft
    assert await counted() == ("delayed", "done")
    corrected = await queries.detail_of(
        session, world.reporter, await queries.readable_report(session, world.reporter, draft.id)
    )
    await _transition(session, corrected, world.reporter, "submit")
    assert submitted.version == 1 and await counted() == ("done", "done")
    row = await session.get_one(ProgressReport, draft.id)
    assert (row.version, row.submitted_version) == (2, 2)
    assert (row.current_status, row.submitted_status) == (WorkStatus.done, WorkStatus.done)


async def test_the_standings_kept_at_every_write_are_what_a_rebuild_from_the_reports_gives(
    session: AsyncSession, world: World
) -> None:
    """The matrix reads one summed-up row per (measure, organisation), kept by every flush
    that writes reports: after drafts, a submission, a return, a correction and rows written
    past the service, they are exactly what summing the reports afresh gives."""

    async def kept() -> list[tuple[Any, ...]]:
        rows = await session.execute(
            select(ProgressStanding).order_by(
                ProgressStanding.measure_key, ProgressStanding.organization_id
            )
        )
        return [
            tuple(getattr(s, c.key) for c in ProgressStanding.__table__.columns)
            for s in rows.scalars()
        ]

    delayed = {"status": "delayed", "delay_reason": "人力不足", "remedy": "增派人力"}
    await _save(session, world, period=f"{YEAR}-B4", **delayed)
    second, _ = await _save(session, world, period=f"{YEAR}-B5")
    submitted = await _transition(session, second, world.reporter, "submit")
    await _transition(session, submitted, world.reviewer, "return", comment="請補充")
    await _save(session, world, period=f"{YEAR}-B5", status="done")
    await _three_periods(session, world)  # rows written directly, as an import would
    unit = await factories.organization(session, parent=world.enterprise)
    await report(session, world, f"{YEAR}-B4", WorkStatus.on_track, organization=unit)
    before = await kept()
    assert {(row[1], row[2]) for row in before} == {
        (world.measure.key, world.enterprise.id),
        (world.measure.key, unit.id),
    }
    await session.run_sync(lambda s: standings.rebuild(s.connection(), [world.plan.id]))
    session.expunge_all()
    assert await kept() == before


async def test_an_unspecified_frequency_measure_is_missing_at_a_started_round_without_a_report(
    session: AsyncSession, world: World
) -> None:
    """ "Reports when it has something, at least at each verification round": each round of
    the plan that has started expects one report submitted before its first day."""
    from tests.fixtures.loop import verification_round
    from uplift.models import Comparison, Frequency, Indicator, ReviewRoundKind

    session.add(
        Indicator(
            measure_id=world.free.id, position=0, name="辦理情形", unit=None, target=None,
            comparison=Comparison.report_only, frequency=Frequency.unspecified,
        )
    )  # fmt: skip
    mid = await verification_round(session, world.plan, [world.enterprise])
    final = await verification_round(
        session, world.plan, [world.enterprise], kind=ReviewRoundKind.year_end
    )
    mid.starts_on = date(YEAR, 6, 1)
    assert final.starts_on is None  # a round without a date expects nothing yet
    await session.flush()

    async def free_measure() -> tuple[int, int, list[str]]:
        matrix = await _matrix(session, world.reviewer, world.plan.id, TODAY)
        ours = next(e for e in matrix.enterprises if e.organization.id == world.enterprise.id)
        lagging = [
            m.missing_periods
            for c in matrix.cells
            if c.organization_id == world.enterprise.id
            for m in c.lagging
            if m.measure_key == world.free.key
        ]
        return ours.expected, ours.missing, lagging[0] if lagging else []

    # On 15 July only the mid-year round has started: the free measure is expected once and
    # is missing, beside the bimonthly measure's three periods, all missing.
    assert await free_measure() == (3 + 1, 3 + 1, [f"{YEAR}-06-01"])
    # A report submitted on the round's first day (Taipei) is too late for it; a draft never counts.
    await report(session, world, str(YEAR), WorkStatus.on_track, measure_key=world.free.key)
    await report(
        session, world, f"{YEAR}-H1", WorkStatus.on_track, measure_key=world.free.key,
        submitted=datetime(YEAR, 5, 31, 16, 30, tzinfo=UTC),  # 1 June 00:30 in Taipei
    )  # fmt: skip
    assert await free_measure() == (4, 4, [f"{YEAR}-06-01"])
    # Submitted the day before: the round has its report, and the measure no longer lags.
    await report(
        session, world, f"{YEAR}-Q1", WorkStatus.on_track, measure_key=world.free.key,
        submitted=datetime(YEAR, 5, 31, 15, 30, tzinfo=UTC),  # 31 May 23:30 in Taipei
    )  # fmt: skip
    assert await free_measure() == (4, 3, [])
    # Once the final round has started, a report before the mid-year one is before it too.
    final.starts_on = date(YEAR, 11, 20)
    await session.flush()
    late_in_year = await _matrix(session, world.reviewer, world.plan.id, date(YEAR, 12, 1))
    ours = next(e for e in late_in_year.enterprises if e.organization.id == world.enterprise.id)
    assert (ours.expected - 5, ours.missing - 5) == (2, 0)  # bimonthly B1…B5 are due by then

"""The plan year month by month for the reviewer's dashboard: counts by status and missing
reports per month, the missing and late reports listed; who may read it; a constant number
of statements at any size."""

from collections.abc import Callable
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from tests.fixtures.tokens import bearer
from tests.progress.conftest import YEAR, World
from tests.progress.test_standing import TODAY, _at, _three_periods, on_today, report
from uplift.models import Role, WorkStatus
from uplift.progress import timeline

__all__ = ["on_today"]  # the fixture, imported to be used here


async def test_each_month_counts_the_reports_ending_in_it_and_the_missing_ones(
    session: AsyncSession, world: World
) -> None:
    await _three_periods(session, world)
    found = await timeline.plan_timeline(session, world.reviewer, world.plan.id, TODAY)
    assert (found.year, found.today, [m.month for m in found.months]) == (
        YEAR, TODAY, list(range(1, 13)),
    )  # fmt: skip
    counted = {
        m.month: {k: v for k, v in m.reports.model_dump().items() if v} for m in found.months
    }
    # B1 on track (February), B2 delayed (April); B3 is only a draft, so June is missing.
    assert {m: c for m, c in counted.items() if c} == {
        2: {"on_track": 1}, 4: {"delayed": 1}, 6: {"missing": 1},
    }  # fmt: skip
    assert [m.due for m in found.months] == [True] * 6 + [False] * 6
    assert found.missing_total == 1
    missing = found.missing[0]
    assert (missing.organization.id, missing.measure_key, missing.period) == (
        world.enterprise.id, world.measure.key, f"{YEAR}-B3",
    )  # fmt: skip
    assert (missing.due_date.isoformat(), missing.days_late) == (f"{YEAR}-06-30", 15)
    assert found.late_total == 1
    late = found.late[0]
    assert (late.period, late.due_date.isoformat(), late.days_late) == (
        f"{YEAR}-B2", f"{YEAR}-04-30", 10,
    )  # fmt: skip


async def test_a_units_report_leaves_its_enterprises_month_missing_and_a_year_counts_in_december(
    session: AsyncSession, world: World
) -> None:
    await _three_periods(session, world)
    # A unit reports to its head office, which reports for the enterprise (督導所屬): as in
    # the matrix, the unit's report does not stand for the enterprise's.
    await report(
        session, world, f"{YEAR}-B3", WorkStatus.done, organization=world.unit, submitted=_at(6, 29)
    )
    await report(session, world, str(YEAR), WorkStatus.on_track, submitted=_at(7, 1),
                 measure_key=world.free.key)  # fmt: skip
    found = await timeline.plan_timeline(session, world.reviewer, world.plan.id, TODAY)
    june, december = found.months[5].reports, found.months[11].reports
    assert (june.done, june.missing, december.on_track) == (0, 1, 1)
    assert [(m.period, m.organization.code) for m in found.missing] == [
        (f"{YEAR}-B3", world.enterprise.code)
    ]


async def test_the_lists_are_bounded_and_say_how_many_there_are(
    session: AsyncSession, world: World
) -> None:
    found = await timeline.plan_timeline(session, world.reviewer, world.plan.id, TODAY)
    assert found.missing_total == 3  # B1, B2 and B3, none reported
    assert [m.period for m in found.missing] == [f"{YEAR}-B{i}" for i in (1, 2, 3)]
    limited = timeline.LISTED
    timeline.LISTED = 2
    try:
        found = await timeline.plan_timeline(session, world.reviewer, world.plan.id, TODAY)
    finally:
        timeline.LISTED = limited
    assert (found.missing_total, len(found.missing)) == (3, 2)


# --- over HTTP ----------------------------------------------------------------------------


def _url(world: World) -> str:
    return f"/api/v1/plans/{world.plan.id}/progress/timeline"


@pytest.mark.usefixtures("on_today")
async def test_reviewers_and_administrators_read_it_with_an_etag(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await _three_periods(session, world)
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read"])
    first = await client.get(_url(world), headers=reviewer)
    assert first.status_code == 200, first.text
    assert (first.json()["today"], first.json()["late_total"]) == (TODAY.isoformat(), 1)
    tagged = {**reviewer, "If-None-Match": first.headers["ETag"]}
    again = await client.get(_url(world), headers=tagged)
    assert again.status_code == 304
    administrator = await factories.user(session, role=Role.administrator)
    admin = await bearer(session, administrator.id, ["progress:read"])
    assert (await client.get(_url(world), headers=admin)).json() == first.json()


@pytest.mark.usefixtures("on_today")
async def test_enterprise_reporters_panel_members_and_anonymous_may_not(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    assert (await client.get(_url(world))).status_code == 401
    reporter = await bearer(session, world.reporter.user_id, ["progress:read"])
    answer = await client.get(_url(world), headers=reporter)
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")
    panel = await factories.user(session, role=Role.panel_member)
    assert (
        await client.get(_url(world), headers=await bearer(session, panel.id, ["progress:read"]))
    ).status_code == 403
    without = await bearer(session, world.reviewer.user_id, ["progress:review"])
    assert (await client.get(_url(world), headers=without)).status_code == 403


@pytest.mark.usefixtures("on_today")
async def test_an_unknown_plan_is_404_and_a_bad_id_422(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read"])
    unknown = await client.get("/api/v1/plans/999999/progress/timeline", headers=reviewer)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    too_big = await client.get(f"/api/v1/plans/{2**63}/progress/timeline", headers=reviewer)
    assert too_big.status_code == 422


@pytest.mark.usefixtures("on_today")
async def test_it_costs_the_same_statements_at_any_size(
    client: AsyncClient, session: AsyncSession, world: World, count_queries: Callable[[], Any]
) -> None:
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read"])
    assert (await client.get(_url(world), headers=reviewer)).status_code == 200
    counts = []
    for periods in ((1,), (2, 3, 4, 5, 6)):
        for index in periods:
            await report(session, world, f"{YEAR}-B{index}", WorkStatus.on_track,
                         submitted=_at(8, 1))  # fmt: skip
        with count_queries() as statements:
            answer = await client.get(_url(world), headers=reviewer)
        assert answer.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert answer.json()["late_total"] == 3  # B1, B2 and B3; B4 is not yet due
    # The token, then plan, measures, owners, frequencies, organisations, counts, reports and
    # rounds.
    assert counts[0] <= 10, counts


async def test_an_unspecified_frequency_measure_is_missing_before_a_started_round(
    session: AsyncSession, world: World
) -> None:
    from datetime import UTC, date, datetime

    from tests.fixtures.loop import verification_round
    from uplift.models import Comparison, Frequency, Indicator

    session.add(
        Indicator(
            measure_id=world.free.id, position=0, name="辦理情形", unit=None, target=None,
            comparison=Comparison.report_only, frequency=Frequency.unspecified,
        )
    )  # fmt: skip
    mid = await verification_round(session, world.plan, [world.enterprise])
    mid.starts_on = date(YEAR, 6, 1)
    await session.flush()
    found = await timeline.plan_timeline(session, world.reviewer, world.plan.id, TODAY)
    ours = [m for m in found.missing if m.measure_key == world.free.key]
    assert [(m.period, m.due_date.isoformat(), m.days_late) for m in ours] == [
        (f"{YEAR}-06-01", f"{YEAR}-05-31", 45)
    ]
    assert found.months[4].reports.missing == 1  # May: the day before the round
    await report(
        session, world, f"{YEAR}-H1", WorkStatus.on_track, measure_key=world.free.key,
        submitted=datetime(YEAR, 5, 20, 2, tzinfo=UTC),
    )  # fmt: skip
    found = await timeline.plan_timeline(session, world.reviewer, world.plan.id, TODAY)
    assert [m for m in found.missing if m.measure_key == world.free.key] == []

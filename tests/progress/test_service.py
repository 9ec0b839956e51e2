"""The rules of saving and reviewing reports, through the services (no HTTP)."""

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.progress.conftest import YEAR, World, item
from uplift.kit.errors import ConflictError
from uplift.kit.if_match import IfMatch, etag_of
from uplift.kit.pagination import PageParams
from uplift.models import AuditEvent, ProgressReport, ReportState
from uplift.progress import queries, service
from uplift.progress.schemas import ReportDetail, ReportIn


async def _save(session: AsyncSession, world: World, **fields: Any) -> tuple[ReportDetail, str]:
    subject = fields.pop("subject", world.reporter)
    body = ReportIn.model_validate(item(world, **fields))
    return await service.save_one(session, subject, body, "en")


async def _rejected(
    session: AsyncSession, world: World, **fields: Any
) -> service.ReportRejectedError:
    with pytest.raises(service.ReportRejectedError) as refused:
        await _save(session, world, **fields)
    return refused.value


async def _count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _transition(
    session: AsyncSession,
    report: ReportDetail,
    subject: Any,
    action: str,
    comment: str | None = None,
) -> ReportDetail:
    match = IfMatch(etag_of(report))
    return await service.transition(session, subject, report.id, match, action, comment)


async def test_a_report_is_created_then_its_draft_edited_in_place(
    session: AsyncSession, world: World
) -> None:
    created, outcome = await _save(session, world)
    assert outcome == "created"
    assert (created.state, created.version, len(created.versions)) == (ReportState.draft, 1, 1)
    assert created.current.values[0].value == Decimal("97.5")
    assert (created.period_start.isoformat(), created.due_date.isoformat()) == (
        f"{YEAR}-01-01",
        f"{YEAR}-02-28",
    )
    edited, outcome = await _save(session, world, narrative="改寫")
    assert (outcome, edited.id, edited.version, len(edited.versions)) == (
        "updated",
        created.id,
        1,
        1,
    )
    assert edited.current.narrative == "改寫"
    again, outcome = await _save(session, world, narrative="改寫")
    assert outcome == "unchanged" and again.updated_at == edited.updated_at


async def test_after_submission_a_change_is_a_new_version_and_every_version_stays(
    session: AsyncSession, world: World
) -> None:
    draft, _ = await _save(session, world)
    submitted = await _transition(session, draft, world.reporter, "submit")
    assert submitted.state == ReportState.submitted and submitted.submitted_at is not None
    corrected, outcome = await _save(session, world, narrative="更正")
    assert (outcome, corrected.state, corrected.version) == ("updated", ReportState.draft, 2)
    assert [v.narrative for v in corrected.versions] == [draft.current.narrative, "更正"]
    resubmitted = await _transition(session, corrected, world.reporter, "submit")
    returned = await _transition(session, resubmitted, world.reviewer, "return", "請補附佐證")
    assert (returned.state, returned.review_comment) == (ReportState.returned, "請補附佐證")
    third, _ = await _save(session, world, narrative="補充說明")
    assert (third.version, third.state, len(third.versions)) == (3, ReportState.draft, 3)
    accepted = await _transition(
        session,
        await _transition(session, third, world.reporter, "submit"),
        world.reviewer,
        "accept",
    )
    assert accepted.state == ReportState.accepted
    assert [v.number for v in accepted.versions] == [1, 2, 3]
    with pytest.raises(ConflictError):
        await _transition(session, accepted, world.reviewer, "return", "再補充")
    refused = await _rejected(session, world, narrative="再改")
    assert refused.status == 409
    actions = (
        await session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.object_type == "progress_report", AuditEvent.object_id == str(draft.id)
            )
            .order_by(AuditEvent.id)
        )
    ).all()
    assert actions == [
        "create", "submit", "update", "submit", "return", "update", "submit", "accept",
    ]  # fmt: skip


async def test_each_transition_starts_only_from_its_state(
    session: AsyncSession, world: World
) -> None:
    draft, _ = await _save(session, world, organization=world.unit.code)
    with pytest.raises(ConflictError):  # only a submitted report is accepted
        await _transition(session, draft, world.reporter, "accept")
    submitted = await _transition(session, draft, world.reporter, "submit")
    with pytest.raises(ConflictError):
        await _transition(session, submitted, world.reporter, "submit")


async def test_a_unit_reports_on_its_enterprise_measures_and_the_head_office_reads_them(
    session: AsyncSession, world: World
) -> None:
    saved, _ = await _save(
        session, world, organization=world.unit.code, subject=world.unit_reporter
    )
    assert saved.organization.code == world.unit.code
    row = await queries.readable_report(session, world.reporter, saved.id)
    assert row.organization_id == world.unit.id
    # The unit does not reach the head office's reports.
    refused = await _rejected(session, world, subject=world.unit_reporter)
    assert (refused.status, refused.errors[0].field) == (404, "organization")


async def test_another_enterprise_measure_or_organisation_is_not_found_and_nothing_stored(
    session: AsyncSession, world: World
) -> None:
    before = await _count(session, ProgressReport)
    foreign = await _rejected(session, world, measure_key=world.foreign.key, values=[])
    assert (foreign.status, foreign.errors[0].field) == (404, "measure_key")
    other_org = await _rejected(session, world, organization=world.other.code)
    assert (other_org.status, other_org.errors[0].field) == (404, "organization")
    as_other = await _rejected(
        session, world, subject=world.other_reporter, measure_key=world.foreign.key,
        organization=world.enterprise.code, values=[],
    )  # fmt: skip
    assert as_other.status == 404
    assert await _count(session, ProgressReport) == before


@pytest.mark.parametrize(
    ("fields", "field", "kind"),
    [
        ({"period": f"{YEAR + 1}-B1"}, "period", "period"),
        ({"period": f"{YEAR}-Q1"}, "period", "period"),
        ({"period": f"{YEAR}"}, "period", "period"),
        ({"status": "delayed"}, "delay_reason", "missing"),
        ({"status": "not_applicable", "values": []}, "not_applicable_reason", "missing"),
        ({"delay_reason": "人力不足"}, "delay_reason", "not_applicable"),
        ({"values": [{"indicator_id": 1, "value": "1", "unit": "%"}]}, "values.0.indicator_id",
         "unknown_indicator"),
        ({"plan_year": None}, "plan_id", "missing"),
    ],
)  # fmt: skip
async def test_bad_content_is_refused_naming_the_field(
    session: AsyncSession, world: World, fields: dict[str, Any], field: str, kind: str
) -> None:
    refused = await _rejected(session, world, **fields)
    assert refused.status == 422
    assert (refused.errors[0].field, refused.errors[0].type) == (field, kind)


async def test_values_must_be_in_the_indicator_unit_and_once_each(
    session: AsyncSession, world: World
) -> None:
    wrong_unit = [{"indicator_id": world.percent.id, "value": "9", "unit": "次"}]
    refused = await _rejected(session, world, values=wrong_unit)
    assert (refused.errors[0].field, refused.errors[0].type) == ("values.0.unit", "wrong_unit")
    twice = [{"indicator_id": world.times.id, "value": "1", "unit": "次"}] * 2
    refused = await _rejected(session, world, values=twice)
    assert refused.errors[0].field == "values.1.indicator_id"


async def test_delayed_needs_reason_and_remedy_and_keeps_both(
    session: AsyncSession, world: World
) -> None:
    saved, _ = await _save(
        session, world, status="delayed", delay_reason="廠商延遲交貨", remedy="改採替代方案"
    )
    assert (saved.current.delay_reason, saved.current.remedy) == ("廠商延遲交貨", "改採替代方案")
    refused = await _rejected(session, world, status="delayed", delay_reason="廠商延遲交貨")
    assert refused.errors[0].field == "remedy"


async def test_a_measure_without_indicators_takes_any_period_of_its_year(
    session: AsyncSession, world: World
) -> None:
    for period in (f"{YEAR}", f"{YEAR}-H2", f"{YEAR}-Q3", f"{YEAR}-M07"):
        saved, _ = await _save(session, world, measure_key=world.free.key, period=period, values=[])
        assert saved.period == period
    refused = await _rejected(session, world, measure_key=world.free.key, period="2031", values=[])
    assert refused.errors[0].field == "period"


async def test_an_external_id_belongs_to_one_report_of_an_organisation(
    session: AsyncSession, world: World
) -> None:
    first, _ = await _save(session, world, external_id="ERP-0001")
    assert first.external_id == "ERP-0001"
    same, outcome = await _save(session, world, external_id="ERP-0001")
    assert (same.id, outcome) == (first.id, "unchanged")
    refused = await _rejected(session, world, period=f"{YEAR}-B2", external_id="ERP-0001")
    assert (refused.status, refused.errors[0].field) == (409, "external_id")


async def test_reviewers_never_read_drafts(session: AsyncSession, world: World) -> None:
    draft, _ = await _save(session, world)
    found = await queries.list_reports(
        session, world.reviewer, PageParams(1, 20), queries.ReportFilter(plan_id=world.plan.id)
    )
    assert found.total == 0
    await _transition(session, draft, world.reporter, "submit")
    found = await queries.list_reports(
        session, world.reviewer, PageParams(1, 20), queries.ReportFilter(plan_id=world.plan.id)
    )
    assert [r.id for r in found.items] == [draft.id]
    other = await queries.list_reports(
        session, world.other_reporter, PageParams(1, 20), queries.ReportFilter()
    )
    assert draft.id not in [r.id for r in other.items]


async def test_a_version_carries_links_to_evidence_with_their_effective_date(
    session: AsyncSession, world: World
) -> None:
    link = {"url": "https://x.org/b1.pdf", "title": "測試紀錄", "effective_date": "119年2月27日"}
    saved, _ = await _save(session, world, evidence=[link])
    (evidence,) = saved.current.evidence
    assert (evidence.url, evidence.title) == ("https://x.org/b1.pdf", "測試紀錄")
    assert evidence.effective_date.isoformat() == f"{YEAR}-02-27"
    assert evidence.effective_date_roc == "119年2月27日"
    as_iso = {**link, "effective_date": f"{YEAR}-02-27"}
    assert (await _save(session, world, evidence=[as_iso]))[1] == "unchanged"
    changed, outcome = await _save(session, world, evidence=[])
    assert (outcome, changed.current.evidence) == ("updated", [])

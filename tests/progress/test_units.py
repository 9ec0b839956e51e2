"""督導所屬: units report to their head office, which reviews them and submits the
enterprise's own report; the commission reviews only that, and reads the units' on demand."""

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from tests.fixtures.tokens import bearer
from tests.progress.conftest import World, _subject, item
from tests.progress.test_service import _save, _transition
from uplift.auth.subject import NotPermittedError, Subject
from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import PageParams
from uplift.models import OrganizationKind, ReportState, Role
from uplift.progress import queries
from uplift.progress.queries import ReportFilter
from uplift.progress.schemas import ReportLevel

PAGE = PageParams(page=1, page_size=50)


async def _ids(session: AsyncSession, subject: Subject, **wanted: object) -> set[int]:
    found = await queries.list_reports(session, subject, PAGE, ReportFilter(**wanted))  # type: ignore[arg-type]
    return {report.id for report in found.items}


async def test_the_head_office_returns_then_accepts_its_units_report(
    session: AsyncSession, world: World
) -> None:
    draft, _ = await _save(
        session, world, organization=world.unit.code, subject=world.unit_reporter
    )
    assert draft.reviewed_by == "head_office"
    submitted = await _transition(session, draft, world.unit_reporter, "submit")
    returned = await _transition(session, submitted, world.reporter, "return", "請補充佐證")
    assert (returned.state, returned.review_comment) == (ReportState.returned, "請補充佐證")
    corrected, _ = await _save(
        session, world, organization=world.unit.code, subject=world.unit_reporter, narrative="補"
    )
    assert (corrected.state, corrected.version) == (ReportState.draft, 2)
    again = await _transition(session, corrected, world.unit_reporter, "submit")
    accepted = await _transition(session, again, world.reporter, "accept")
    assert accepted.state == ReportState.accepted


async def test_the_commission_reviews_only_the_enterprises_own_reports(
    session: AsyncSession, world: World
) -> None:
    unit_report, _ = await _save(
        session, world, organization=world.unit.code, subject=world.unit_reporter
    )
    unit_report = await _transition(session, unit_report, world.unit_reporter, "submit")
    with pytest.raises(NotPermittedError):
        await _transition(session, unit_report, world.reviewer, "return", "不該由本會退回")
    with pytest.raises(NotPermittedError):
        await _transition(session, unit_report, world.reviewer, "accept")
    own, _ = await _save(session, world)
    assert own.reviewed_by == "commission"
    own = await _transition(session, own, world.reporter, "submit")
    with pytest.raises(NotPermittedError):  # the head office does not review itself
        await _transition(session, own, world.reporter, "accept")
    assert (await _transition(session, own, world.reviewer, "accept")).state == "accepted"


async def test_a_unit_reviews_nothing_not_even_its_own(session: AsyncSession, world: World) -> None:
    report, _ = await _save(
        session, world, organization=world.unit.code, subject=world.unit_reporter
    )
    report = await _transition(session, report, world.unit_reporter, "submit")
    with pytest.raises(NotPermittedError):
        await _transition(session, report, world.unit_reporter, "accept")


async def test_a_head_office_reviews_only_the_units_directly_below_it(
    session: AsyncSession, world: World
) -> None:
    """A unit of a unit (not in the plan, but the tree allows it) is reviewed by that unit."""
    sub = await factories.organization(session, parent=world.unit, kind=OrganizationKind.unit)
    sub_reporter = await _subject(session, Role.enterprise_reporter, sub)
    report, _ = await _save(session, world, organization=sub.code, subject=sub_reporter)
    report = await _transition(session, report, sub_reporter, "submit")
    with pytest.raises(NotPermittedError):
        await _transition(session, report, world.reporter, "accept")
    assert (await _transition(session, report, world.unit_reporter, "accept")).state == "accepted"


async def test_who_reads_which_units_reports(session: AsyncSession, world: World) -> None:
    sibling = await factories.organization(
        session, parent=world.enterprise, kind=OrganizationKind.unit
    )
    sibling_reporter = await _subject(session, Role.enterprise_reporter, sibling)
    draft, _ = await _save(
        session, world, organization=world.unit.code, subject=world.unit_reporter
    )
    head_draft, _ = await _save(session, world)
    # The head office reads its units' drafts; the unit reads its own only.
    assert await _ids(session, world.reporter) == {draft.id, head_draft.id}
    assert await _ids(session, world.reporter, level=ReportLevel.unit) == {draft.id}
    assert await _ids(session, world.reporter, level=ReportLevel.enterprise) == {head_draft.id}
    assert await _ids(session, world.unit_reporter) == {draft.id}
    assert await _ids(session, sibling_reporter) == set()
    with pytest.raises(ResourceNotFound):  # nor its head office's draft
        await queries.readable_report(session, world.unit_reporter, head_draft.id)
    with pytest.raises(ResourceNotFound):  # another enterprise reads none
        await queries.readable_report(session, world.other_reporter, draft.id)
    # The commission reads no draft, and a unit's report once submitted, on demand.
    assert await _ids(session, world.reviewer) == set()
    await _transition(session, draft, world.unit_reporter, "submit")
    await _transition(session, head_draft, world.reporter, "submit")
    assert await _ids(session, world.reviewer, level=ReportLevel.enterprise) == {head_draft.id}
    assert await _ids(session, world.reviewer, unit=world.unit.code) == {draft.id}
    assert await _ids(
        session, world.reviewer, organization=world.enterprise.code, level=ReportLevel.unit
    ) == {draft.id}


API = "/api/v1/progress-reports"


async def test_over_http_a_head_office_token_reviews_its_unit_and_the_commission_may_not(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    unit = await bearer(session, world.unit_reporter.user_id, ["progress:read", "progress:write"])
    head = await bearer(session, world.reporter.user_id, ["progress:read", "progress:review"])
    writer = await bearer(session, world.reporter.user_id, ["progress:read", "progress:write"])
    reviewer = await bearer(session, world.reviewer.user_id, ["progress:read", "progress:review"])
    saved = await client.post(API, json=item(world, organization=world.unit.code), headers=unit)
    assert saved.status_code == 201 and saved.json()["reviewed_by"] == "head_office"
    url = f"{API}/{saved.json()['id']}"
    sent = await client.post(f"{url}/submit", headers={**unit, "If-Match": saved.headers["ETag"]})
    assert sent.status_code == 200
    etag = sent.headers["ETag"]
    refused = await client.post(f"{url}/accept", headers={**reviewer, "If-Match": etag})
    assert refused.status_code == 403 and "head office" in refused.json()["detail"]
    unscoped = await client.post(f"{url}/accept", headers={**writer, "If-Match": etag})
    assert unscoped.status_code == 403  # reviewing takes the scope progress:review
    accepted = await client.post(f"{url}/accept", headers={**head, "If-Match": etag})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    queue = await client.get(API, params={"level": "enterprise"}, headers=reviewer)
    assert queue.json()["total"] == 0
    on_demand = await client.get(API, params={"unit": world.unit.code}, headers=reviewer)
    assert [r["id"] for r in on_demand.json()["items"]] == [saved.json()["id"]]
    bad = await client.get(API, params={"level": "branch"}, headers=reviewer)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "level")

"""Writing plans: drafts, publication, amendments (捌) and the copy into the next year.

A draft changes freely. Publication makes revision 1; after that the plan changes only
through an amendment: opening one records its reason and date, the edits go in, adopting
it snapshots revision n+1. Every step is audited.
"""

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, ResourceNotFound
from uplift.kit.if_match import IfMatch
from uplift.kit.roc_date import roc_year
from uplift.models import Organization, Plan, PlanRevision, PlanStatus
from uplift.organizations.queries import by_code
from uplift.plans import adopted, queries
from uplift.plans.document import PlanRecord
from uplift.plans.publication import (
    PlanNotPublishableError,
    publication_problems,
    record_publication,
    snapshot,
)
from uplift.plans.revisions import Change, changes
from uplift.plans.schemas import AmendmentCreate, PlanCopy, PlanCreate, PlanUpdate
from uplift.plans.transfer.builder import add_plan

EDITABLE = (PlanStatus.draft, PlanStatus.amending)


async def lock_plan(session: AsyncSession, plan_id: int) -> Plan:
    """The plan, locked until the request commits, so two writers take turns."""
    plan = await session.scalar(select(Plan).where(Plan.id == plan_id).with_for_update())
    if plan is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    return plan


def ensure_editable(plan: Plan) -> None:
    if plan.status == PlanStatus.published:
        raise ConflictError(
            "A published plan changes only by amendment: open one first",
            "已公布的計畫僅能以修正方式變更，請先提出修正",
        )
    if plan.status not in EDITABLE:
        raise ConflictError(
            f"A plan that is {plan.status} cannot change", f"狀態為 {plan.status} 的計畫不能變更"
        )


async def locked_for_write(
    session: AsyncSession,
    subject: Subject,
    plan_id: int,
    if_match: IfMatch,
    may_change: Callable[[Plan], None] = ensure_editable,
) -> Plan:
    """The first three steps of every write to a plan, in the one order (README, "One way
    to write"): lock it (404 if it is not there), check its state allows the change (409),
    then check If-Match against it as it now stands (428, 412)."""
    plan = await lock_plan(session, plan_id)
    may_change(plan)
    if_match.check(await queries.plan_detail(session, subject, plan_id))
    return plan


async def _ensure_year_free(session: AsyncSession, issuer_id: int, year: int) -> None:
    taken = await session.scalar(
        select(Plan.id).where(Plan.issuer_id == issuer_id, Plan.year == year)
    )
    if taken is not None:
        raise ConflictError(
            f"This issuer already has a plan for {year} (plan {taken})",
            f"此機關已有 {roc_year(year)} 年度計畫（編號 {taken}）",
        )


async def create_plan(session: AsyncSession, subject: Subject, data: PlanCreate) -> Plan:
    issuer = await by_code(session, data.issuer, parameter="issuer", location="body")
    await _ensure_year_free(session, issuer.id, data.year)
    plan = Plan(
        year=data.year,
        issuer_id=issuer.id,
        title=data.title,
        status=PlanStatus.draft,
        objectives=data.objectives,
        core_values=data.core_values,
        report_due_date=data.report_due_date,
    )
    session.add(plan)
    await session.flush()
    await audit.record(
        session,
        subject,
        "create",
        "plan",
        plan.id,
        after=await queries.plan_detail(session, subject, plan.id),
    )
    return plan


async def update_plan(
    session: AsyncSession, subject: Subject, plan: Plan, data: PlanUpdate
) -> None:
    before = await queries.plan_detail(session, subject, plan.id)
    for name, value in data.changes().items():
        setattr(plan, name, value)
    await session.flush()
    after = await queries.plan_detail(session, subject, plan.id)
    await audit.record(session, subject, "update", "plan", plan.id, before=before, after=after)


def may_publish(plan: Plan) -> None:
    if plan.status != PlanStatus.draft:
        raise ConflictError(
            f"Only a draft can be published; this plan is {plan.status}",
            "僅草案可以公布",
        )


async def publish_plan(session: AsyncSession, subject: Subject, plan: Plan) -> None:
    """Locked and checked by locked_for_write(..., may_publish)."""
    problems = publication_problems(await queries.get_plan_tree(session, subject, plan.id))
    if problems:
        raise PlanNotPublishableError(problems)
    before = await queries.plan_detail(session, subject, plan.id)
    await record_publication(session, plan, subject.user_id)
    after = await queries.plan_detail(session, subject, plan.id)
    await audit.record(session, subject, "publish", "plan", plan.id, before=before, after=after)


def may_delete(plan: Plan) -> None:
    """A draft was never public, so it may go; anything published stays on the record."""
    if plan.status != PlanStatus.draft:
        raise ConflictError(
            f"Only a draft can be deleted; this plan is {plan.status} (archive it instead)",
            "僅草案可以刪除；已公布的計畫請改為封存",
        )


async def delete_draft(session: AsyncSession, subject: Subject, plan: Plan) -> None:
    """Locked and checked by locked_for_write(..., may_delete)."""
    before = await queries.plan_detail(session, subject, plan.id)
    await session.delete(plan)
    await session.flush()
    await audit.record(session, subject, "delete", "plan", plan.id, before=before)


def may_archive(plan: Plan) -> None:
    """An archived plan stays readable by id but is no longer the one the public sees first."""
    if plan.status != PlanStatus.published:
        raise ConflictError(
            f"Only a published plan with no open amendment can be archived; this plan is "
            f"{plan.status}",
            "僅已公布且無進行中修正的計畫可以封存",
        )


async def archive_plan(session: AsyncSession, subject: Subject, plan: Plan) -> None:
    """Locked and checked by locked_for_write(..., may_archive)."""
    before = await queries.plan_detail(session, subject, plan.id)
    plan.status = PlanStatus.archived
    await session.flush()
    after = await queries.plan_detail(session, subject, plan.id)
    await audit.record(session, subject, "archive", "plan", plan.id, before=before, after=after)


async def open_amendment(
    session: AsyncSession, subject: Subject, plan: Plan, data: AmendmentCreate
) -> PlanRevision:
    if plan.status != PlanStatus.published:
        raise ConflictError(
            "Only a published plan takes an amendment (a draft changes freely; one "
            "amendment at a time)",
            "僅已公布的計畫可提出修正（草案可直接修改；一次僅能有一項修正）",
        )
    amendment = PlanRevision(
        plan_id=plan.id,
        number=plan.revision + 1,
        reason=data.reason,
        amended_on=data.amended_on,
        opened_by_id=subject.user_id,
    )
    plan.status = PlanStatus.amending
    session.add(amendment)
    await session.flush()
    amendment.adopted_view = adopted.keep(
        await queries.plan_detail(session, subject, plan.id),
        await queries.get_plan_tree(session, subject, plan.id),
    )
    await session.flush()
    await audit.record(
        session,
        subject,
        "open_amendment",
        "plan",
        plan.id,
        after={
            "number": amendment.number,
            "reason": data.reason,
            "amended_on": data.amended_on.isoformat(),
        },
    )
    return amendment


async def adopt_amendment(
    session: AsyncSession, subject: Subject, plan: Plan, number: int
) -> PlanRevision:
    amendment = await _revision(session, plan.id, number)
    if amendment.adopted_at is not None or plan.status != PlanStatus.amending:
        raise ConflictError(f"Amendment {number} is not open", f"第 {number} 次修正並非進行中")
    amendment.snapshot = (await snapshot(session, plan.id)).model_dump(mode="json")
    amendment.adopted_at = utcnow()
    amendment.adopted_by_id = subject.user_id
    amendment.adopted_view = None  # the public now reads the rows, which this revision adopted
    plan.status = PlanStatus.published
    plan.revision = number
    await session.flush()
    await audit.record(
        session,
        subject,
        "adopt_amendment",
        "plan",
        plan.id,
        after={"number": number, "reason": amendment.reason},
    )
    return amendment


async def _revision(session: AsyncSession, plan_id: int, number: int) -> PlanRevision:
    revision = await session.scalar(
        select(PlanRevision).where(PlanRevision.plan_id == plan_id, PlanRevision.number == number)
    )
    if revision is None:
        raise ResourceNotFound("Revision", "修正版次", number)
    return revision


async def list_revisions(session: AsyncSession, plan_id: int) -> list[PlanRevision]:
    rows = await session.scalars(
        select(PlanRevision).where(PlanRevision.plan_id == plan_id).order_by(PlanRevision.number)
    )
    return list(rows.all())


async def revision_record(
    session: AsyncSession, subject: Subject, plan_id: int, number: int
) -> tuple[PlanRevision, PlanRecord]:
    """A revision and the plan as it stood in it; an open amendment shows the plan as it is,
    to staff only: to everyone else it does not exist until adopted."""
    revision = await _revision(session, plan_id, number)
    if revision.snapshot is not None:
        return revision, PlanRecord.model_validate(revision.snapshot)
    if not subject.is_staff:
        raise ResourceNotFound("Revision", "修正版次", number)
    return revision, await snapshot(session, plan_id)


async def revision_changes(
    session: AsyncSession, subject: Subject, plan_id: int, number: int, since: int
) -> list[Change]:
    _, after = await revision_record(session, subject, plan_id, number)
    _, before = await revision_record(session, subject, plan_id, since)
    short_names = select(Organization.code, Organization.short_name_zh)
    names = {code: name for code, name in (await session.execute(short_names)).all()}
    return changes(before, after, names)


def _next_year_title(title: str, year: int, new_year: int) -> str:
    return title.replace(f"{roc_year(year)}年", f"{roc_year(new_year)}年")


def _shifted(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


async def copy_plan(session: AsyncSession, subject: Subject, plan: Plan, data: PlanCopy) -> Plan:
    """The plan's structure for another year: same keys, so each measure can be followed
    across years; a draft, with its dates moved by the years between. Unless asked for the
    working content, a plan under amendment gives its last adopted revision."""
    year = data.year
    await _ensure_year_free(session, plan.issuer_id, year)
    if data.content == "adopted" and plan.status == PlanStatus.amending:
        record = await adopted.plan_record(session, plan)
    else:
        record = await snapshot(session, plan.id)
    years = year - plan.year
    for measure_or_sub in (
        item
        for dimension in record.dimensions
        for strategy in dimension.strategies
        for measure in strategy.measures
        for item in (measure, *measure.sub_items)
    ):
        for indicator in measure_or_sub.indicators:
            indicator.due_date = _shifted(indicator.due_date, years)
    copied = record.model_copy(
        update={
            "year": year,
            "title": _next_year_title(record.title, plan.year, year),
            "status": PlanStatus.draft,
            "report_due_date": _shifted(record.report_due_date, years),
        }
    )
    new_plan = await add_plan(session, copied)
    new_plan.previous_plan_id = plan.id
    await session.flush()
    await audit.record(
        session,
        subject,
        "copy",
        "plan",
        new_plan.id,
        after={
            "from_plan": plan.id,
            "year": year,
            "title": new_plan.title,
            "content": data.content,
        },
    )
    return new_plan


async def import_plan(session: AsyncSession, subject: Subject, record: PlanRecord) -> Plan:
    """A new draft from an imported file (validated before anything is written)."""
    issuer = await by_code(session, record.issuer, parameter="issuer", location="body")
    await _ensure_year_free(session, issuer.id, record.year)
    plan = await add_plan(session, record.model_copy(update={"status": PlanStatus.draft}))
    await audit.record(
        session,
        subject,
        "import",
        "plan",
        plan.id,
        after={"year": record.year, "title": record.title},
    )
    return plan

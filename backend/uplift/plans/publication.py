"""Publishing a plan: checked first, then revision 1 is the plan as first published, kept as
a snapshot."""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.clock import today_in_taipei
from uplift.kit.db import utcnow
from uplift.kit.errors import ProblemFieldError, UpliftError
from uplift.kit.i18n import Language
from uplift.kit.roc_date import format_roc, roc_year
from uplift.models import Plan, PlanRevision, PlanStatus
from uplift.plans.document import PlanRecord
from uplift.plans.schemas import MeasureNode, PlanTree, SubItem
from uplift.plans.transfer.export import export_plan


async def snapshot(session: AsyncSession, plan_id: int) -> PlanRecord:
    return await export_plan(session, plan_id)


async def record_publication(
    session: AsyncSession, plan: Plan, user_id: int | None, reason: str = "公布"
) -> None:
    """Revision 1: the plan as first published."""
    plan.status = PlanStatus.published
    plan.revision = 1
    await session.flush()
    session.add(
        PlanRevision(
            plan_id=plan.id,
            number=1,
            reason=reason,
            amended_on=today_in_taipei(),
            opened_by_id=user_id,
            adopted_at=utcnow(),
            adopted_by_id=user_id,
            snapshot=(await snapshot(session, plan.id)).model_dump(mode="json"),
        )
    )
    await session.flush()


# ── What must hold before a plan is published ─────────────────────────────────────────────


@dataclass(frozen=True)
class PublicationProblem:
    field: str  # where in the plan's tree, e.g. dimensions.0.strategies.1.measures.2.organizations
    message: str
    message_zh: str


class PlanNotPublishableError(UpliftError):
    """The draft is not ready to publish; `problems` lists every reason at once."""

    status = 422
    slug = "not-publishable"

    def __init__(self, problems: list[PublicationProblem]) -> None:
        super().__init__(
            f"The plan cannot be published yet: {len(problems)} problem(s) to fix",
            f"計畫尚不能公布：共 {len(problems)} 個問題待修正",
        )
        self.problems = problems

    def field_errors(self, language: Language) -> list[ProblemFieldError]:
        return [
            ProblemFieldError(
                field=problem.field,
                location="plan",
                type="publication",
                message=problem.message_zh if language == "zh-TW" else problem.message,
            )
            for problem in self.problems
        ]


def publication_problems(tree: PlanTree) -> list[PublicationProblem]:
    """Everything that keeps the plan from publication: a plan with no dimension, strategy or
    measure, a measure nobody owns, an indicator due outside the plan's year, a report due
    before the year or after the next (the ministry's report follows the year it covers)."""
    problems = list(_missing_structure(tree))
    for path, label, measure in _measures(tree):
        if not measure.organizations:
            problems.append(
                PublicationProblem(
                    f"{path}.organizations",
                    f"Measure {label} has no owner",
                    f"具體推動作法 {label} 未指定主辦機關",
                )
            )
        problems += _indicators_outside_year(tree.plan.year, path, label, measure)
    due = tree.plan.report_due_date
    if due is not None and not tree.plan.year <= due.year <= tree.plan.year + 1:
        problems.append(
            PublicationProblem(
                "report_due_date",
                f"The report is due {due.isoformat()}, not in {tree.plan.year} or the year after",
                f"報告期限 {format_roc(due)} 不在 {roc_year(tree.plan.year)} 年度或次年度內",
            )
        )
    return problems


def _missing_structure(tree: PlanTree) -> Iterator[PublicationProblem]:
    strategies = [s for d in tree.dimensions for s in d.strategies]
    if not tree.dimensions:
        yield PublicationProblem("dimensions", "The plan has no dimension", "計畫尚無面向")
    if not strategies:
        yield PublicationProblem("strategies", "The plan has no strategy", "計畫尚無執行策略")
    if not any(s.measures for s in strategies):
        yield PublicationProblem("measures", "The plan has no measure", "計畫尚無具體推動作法")


def _measures(tree: PlanTree) -> Iterator[tuple[str, str, MeasureNode]]:
    """Each measure with its place in the tree and its label in the plan's own numbering."""
    for d, dimension in enumerate(tree.dimensions):
        for s, strategy in enumerate(dimension.strategies):
            for m, measure in enumerate(strategy.measures):
                label = f"{dimension.code} {strategy.code} {measure.code or ''}".strip()
                yield f"dimensions.{d}.strategies.{s}.measures.{m}", label, measure


def _indicators_outside_year(
    year: int, path: str, label: str, measure: MeasureNode
) -> Iterator[PublicationProblem]:
    parts: list[tuple[str, SubItem]] = [(path, measure)]
    parts += [(f"{path}.sub_items.{i}", sub) for i, sub in enumerate(measure.sub_items)]
    for part_path, part in parts:
        for i, indicator in enumerate(part.indicators):
            due = indicator.due_date
            if due is not None and due.year != year:
                yield PublicationProblem(
                    f"{part_path}.indicators.{i}.due_date",
                    f"Indicator “{indicator.name}” of {label} is due {due.isoformat()}, "
                    f"outside {year}",
                    f"{label} 的指標「{indicator.name}」期限 {format_roc(due)} "
                    f"不在 {roc_year(year)} 年度內",
                )

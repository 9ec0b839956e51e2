"""What everyone but the commission's staff reads while an amendment (捌) is open.

An amendment's edits go straight into the plan's rows, which the public must not read until
the amendment is adopted. When it opens, those rows are exactly the last adopted revision, so
the plan and its tree are kept then, with their ids, on the amendment's row; public reads of
the plan, its tree, its measures and its export serve that copy until adoption. Reviewers and
administrators keep reading the rows as they are being amended.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.kit.errors import ResourceNotFound
from uplift.kit.search import search_key
from uplift.measures.schemas import Measure, MeasureNode, StructureRef, SubItem
from uplift.models import Plan, PlanRevision, PlanStatus
from uplift.plans.schemas import Plan as PlanSchema
from uplift.plans.schemas import PlanSummary, PlanTree
from uplift.seed.schema import PlanRecord


def reads_adopted(subject: Subject, plan: Plan) -> bool:
    """Whether this subject reads the plan's last adopted revision instead of its rows."""
    return plan.status == PlanStatus.amending and not subject.is_staff


def keep(detail: PlanSchema, tree: PlanTree) -> dict[str, Any]:
    """The view an amendment keeps when it opens."""
    return {"plan": detail.model_dump(mode="json"), "tree": tree.model_dump(mode="json")}


async def _view(session: AsyncSession, plan: Plan) -> dict[str, Any]:
    view: dict[str, Any] | None = await session.scalar(
        select(PlanRevision.adopted_view).where(
            PlanRevision.plan_id == plan.id, PlanRevision.number == plan.revision + 1
        )
    )
    if view is None:
        raise ResourceNotFound("Plan", "計畫", plan.id)
    return view


async def plan_detail(session: AsyncSession, plan: Plan) -> PlanSchema:
    return PlanSchema.model_validate((await _view(session, plan))["plan"])


async def tree_data(session: AsyncSession, plan: Plan) -> dict[str, Any]:
    """The kept tree as plain data (PlanTree's shape, as it was written)."""
    tree: dict[str, Any] = (await _view(session, plan))["tree"]
    return tree


async def summaries(
    session: AsyncSession, subject: Subject, plans: Sequence[Plan]
) -> list[PlanSummary]:
    """Plans for a list: those under amendment as last adopted, for whoever reads them so."""
    amending = [plan.id for plan in plans if reads_adopted(subject, plan)]
    views: dict[int, dict[str, Any]] = {}
    if amending:
        rows = await session.execute(
            select(PlanRevision.plan_id, PlanRevision.adopted_view).where(
                PlanRevision.plan_id.in_(amending), PlanRevision.adopted_at.is_(None)
            )
        )
        views = {plan_id: view for plan_id, view in rows if view is not None}
    return [
        PlanSummary.model_validate(views[plan.id]["plan"])
        if plan.id in views
        else PlanSummary.model_validate(plan)
        for plan in plans
    ]


async def plan_record(session: AsyncSession, plan: Plan) -> PlanRecord:
    """The last adopted revision as exported."""
    snapshot = await session.scalar(
        select(PlanRevision.snapshot).where(
            PlanRevision.plan_id == plan.id, PlanRevision.number == plan.revision
        )
    )
    if snapshot is None:
        raise ResourceNotFound("Plan", "計畫", plan.id)
    return PlanRecord.model_validate(snapshot)


# ── Measures of plans under amendment, as adopted ─────────────────────────────────────────


@dataclass(frozen=True)
class AdoptedMeasure:
    """A measure as its plan's last adopted revision has it, and where it stands."""

    measure: Measure
    dimension_position: int
    strategy_position: int


@dataclass(frozen=True)
class MeasureFilter:
    plan_id: int | None = None
    organization: str | None = None  # an organisation code
    dimension: int | None = None
    strategy: int | None = None
    key: str = ""  # search_key of the text searched for

    def admits(self, found: AdoptedMeasure) -> bool:
        measure = found.measure
        return (
            (self.plan_id is None or measure.plan_id == self.plan_id)
            and (
                self.organization is None
                or any(o.code == self.organization for o in measure.organizations)
            )
            and (self.dimension is None or measure.dimension.id == self.dimension)
            and (self.strategy is None or measure.strategy.id == self.strategy)
            and (not self.key or _mentions(measure, self.key))
        )


def _mentions(measure: MeasureNode, key: str) -> bool:
    """As the live search: a measure's text, an indicator's name, or a sub-item's."""

    def own(item: SubItem) -> bool:
        return key in search_key(item.text) or any(
            key in search_key(indicator.name) for indicator in item.indicators
        )

    return own(measure) or any(own(sub_item) for sub_item in measure.sub_items)


async def measures(session: AsyncSession, wanted: MeasureFilter) -> list[AdoptedMeasure]:
    """The adopted measures of every plan under amendment that `wanted` admits, in one query."""
    statement = (
        select(Plan.id, PlanRevision.adopted_view)
        .join(PlanRevision, PlanRevision.plan_id == Plan.id)
        .where(
            Plan.status == PlanStatus.amending,
            PlanRevision.number == Plan.revision + 1,
            PlanRevision.adopted_view.is_not(None),
        )
    )
    if wanted.plan_id is not None:
        statement = statement.where(Plan.id == wanted.plan_id)
    found: list[AdoptedMeasure] = []
    for plan_id, view in await session.execute(statement):
        found.extend(m for m in _measures_of(plan_id, view["tree"]) if wanted.admits(m))
    return found


def _measures_of(plan_id: int, tree: dict[str, Any]) -> Iterator[AdoptedMeasure]:
    for dimension in tree["dimensions"]:
        for strategy in dimension["strategies"]:
            for node in strategy["measures"]:
                yield AdoptedMeasure(
                    Measure.model_validate(
                        {
                            **node,
                            "plan_id": plan_id,
                            "dimension": StructureRef.model_validate(dimension),
                            "strategy": StructureRef.model_validate(strategy),
                        }
                    ),
                    dimension["position"],
                    strategy["position"],
                )

"""A plan read from the database into a plan document, for export, publication snapshots
and the copy into the next year; JSON, the workbook and the seed loader take it from there.
"""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import ResourceNotFound
from uplift.models import (
    Plan,
)
from uplift.plans.document import (
    BasisRecord,
    DimensionRecord,
    IndicatorRecord,
    MeasureRecord,
    MemberRecord,
    PlanRecord,
    ReviewRoundRecord,
    SectionRecord,
    StrategyRecord,
    SubItemRecord,
    TargetCategoryRecord,
)
from uplift.plans.loading import plan_content
from uplift.plans.tree import Node, plan_tree


async def export_plan(session: AsyncSession, plan_id: int) -> PlanRecord:
    """The plan and its whole structure as a record, in a fixed number of queries: its
    structure comes from the one tree assembler (plans/tree.py), as every read's does."""
    # Who may read the plan is the caller's question; this reads whatever it is given.
    plan = await session.scalar(select(Plan).where(Plan.id == plan_id).options(*plan_content()))
    if plan is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    structure = await plan_tree(session, plan)
    return PlanRecord(
        year=plan.year,
        issuer=plan.issuer.code,
        title=plan.title,
        status=plan.status,
        report_due_date=plan.report_due_date,
        bases=[
            BasisRecord(
                issuer=b.issuer,
                issued_on=b.issued_on,
                document_number=b.document_number,
                title=b.title,
                text=b.text,
            )
            for b in plan.bases
        ],
        objectives=plan.objectives,
        core_values=list(plan.core_values),
        target_categories=[
            TargetCategoryRecord(
                code=c.code,
                name_zh=c.name_zh,
                name_en=c.name_en,
                members=[
                    MemberRecord(organization=m.organization.code, scope=m.scope) for m in c.members
                ],
            )
            for c in plan.target_categories
        ],
        sections=[
            SectionRecord(key=s.key, heading=s.heading, title=s.title, body=s.body)
            for s in plan.sections
        ],
        review_rounds=[
            ReviewRoundRecord(
                kind=r.kind, name_zh=r.name_zh, name_en=r.name_en, description=r.description
            )
            for r in plan.review_rounds
        ],
        dimensions=[_dimension(d) for d in structure["dimensions"]],
    )


# From the tree's nodes (plans/tree.py) to the document's records: the same content without
# row ids, positions (a record's place is its position) or ROC twins.


def _dimension(node: Node) -> DimensionRecord:
    return DimensionRecord(
        key=node["key"],
        code=node["code"],
        name=node["name"],
        strategies=[_strategy(s) for s in node["strategies"]],
    )


def _strategy(node: Node) -> StrategyRecord:
    return StrategyRecord(
        key=node["key"],
        code=node["code"],
        name=node["name"],
        measures=[_measure(m) for m in node["measures"]],
    )


def _measure(node: Node) -> MeasureRecord:
    return MeasureRecord(
        **_sub_item(node).model_dump(),
        owners=[o["code"] for o in node["organizations"]],
        sub_items=[_sub_item(s) for s in node["sub_items"]],
    )


def _sub_item(node: Node) -> SubItemRecord:
    return SubItemRecord(
        key=node["key"],
        code=node["code"],
        text=node["text"],
        indicators=[_indicator(i) for i in node["indicators"]],
    )


def _indicator(node: Node) -> IndicatorRecord:
    return IndicatorRecord(
        key=node["key"],
        name=node["name"],
        unit=node["unit"],
        target=_from_tree(node["target"]),
        comparison=node["comparison"],
        frequency=node["frequency"],
        due_date=node["due_date"],
        source_phrase=node["source_phrase"],
        baseline=_from_tree(node["baseline"]),
        inferred=node["inferred"],
        inferred_reason=node["inferred_reason"],
    )


def _from_tree(number: float | None) -> Decimal | None:
    # the tree carries it as a JSON number; repr gives back the column's digits
    return None if number is None else _as_written(Decimal(repr(number)))


def _as_written(value: Decimal | None) -> Decimal | None:
    """1 rather than the column's 1.0000; 100 rather than 1E+2."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal

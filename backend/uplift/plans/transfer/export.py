"""A plan read from the database into a plan document, for export, publication snapshots
and the copy into the next year; JSON, the workbook and the seed loader take it from there.
"""

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import ResourceNotFound
from uplift.models import (
    Dimension,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    Strategy,
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


async def export_plan(session: AsyncSession, plan_id: int) -> PlanRecord:
    """The plan and its whole structure as a record, in a fixed number of queries."""
    # Who may read the plan is the caller's question; this reads whatever it is given.
    plan = await session.scalar(select(Plan).where(Plan.id == plan_id).options(*plan_content()))
    if plan is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    dimensions = (
        await session.execute(
            select(Dimension.id, Dimension.key, Dimension.code, Dimension.name)
            .where(Dimension.plan_id == plan_id)
            .order_by(Dimension.position, Dimension.id)
        )
    ).all()
    in_plan = select(Strategy.id).join(Strategy.dimension).where(Dimension.plan_id == plan_id)
    strategies = (
        await session.execute(
            select(Strategy.id, Strategy.dimension_id, Strategy.key, Strategy.code, Strategy.name)
            .where(Strategy.id.in_(in_plan))
            .order_by(Strategy.position, Strategy.id)
        )
    ).all()
    measures_in_plan = select(Measure.id).where(Measure.strategy_id.in_(in_plan))
    measures = (
        await session.execute(
            select(
                Measure.id,
                Measure.strategy_id,
                Measure.parent_id,
                Measure.key,
                Measure.code,
                Measure.text,
            )
            .where(Measure.id.in_(measures_in_plan))
            .order_by(Measure.position, Measure.id)
        )
    ).all()
    owners_of: dict[int, list[str]] = defaultdict(list)
    for measure_id, code in await session.execute(
        select(MeasureOwner.measure_id, Organization.code)
        .join(Organization, Organization.id == MeasureOwner.organization_id)
        .where(MeasureOwner.measure_id.in_(measures_in_plan))
        .order_by(MeasureOwner.position, MeasureOwner.id)
    ):
        owners_of[measure_id].append(code)
    indicators_of: dict[int, list[IndicatorRecord]] = defaultdict(list)
    for indicator in await session.scalars(
        select(Indicator)
        .where(Indicator.measure_id.in_(measures_in_plan))
        .order_by(Indicator.position, Indicator.id)
    ):
        indicators_of[indicator.measure_id].append(_indicator_record(indicator))

    sub_items_of: dict[int, list[SubItemRecord]] = defaultdict(list)
    for m in measures:
        if m.parent_id is not None:
            sub_items_of[m.parent_id].append(
                SubItemRecord(key=m.key, code=m.code, text=m.text, indicators=indicators_of[m.id])
            )
    measures_of: dict[int, list[MeasureRecord]] = defaultdict(list)
    for m in measures:
        if m.parent_id is None:
            measures_of[m.strategy_id].append(
                MeasureRecord(
                    key=m.key,
                    code=m.code,
                    text=m.text,
                    indicators=indicators_of[m.id],
                    owners=owners_of[m.id],
                    sub_items=sub_items_of[m.id],
                )
            )
    strategies_of: dict[int, list[StrategyRecord]] = defaultdict(list)
    for s in strategies:
        strategies_of[s.dimension_id].append(
            StrategyRecord(key=s.key, code=s.code, name=s.name, measures=measures_of[s.id])
        )
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
        principles=list(plan.principles),
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
        dimensions=[
            DimensionRecord(key=d.key, code=d.code, name=d.name, strategies=strategies_of[d.id])
            for d in dimensions
        ],
    )


def _indicator_record(indicator: Indicator) -> IndicatorRecord:
    return IndicatorRecord(
        key=indicator.key,
        name=indicator.name,
        unit=indicator.unit,
        target=_as_written(indicator.target),
        comparison=indicator.comparison,
        frequency=indicator.frequency,
        due_date=indicator.due_date,
        source_phrase=indicator.source_phrase,
    )


def _as_written(value: Decimal | None) -> Decimal | None:
    """1 rather than the column's 1.0000; 100 rather than 1E+2."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal

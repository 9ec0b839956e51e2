"""A new plan in the database from a plan document: a seed file's plan, an import, a copy.

The document's stable keys are kept, so a plan exported and loaded again (or copied into the
next year) has the same keys; where a document has none, the models make new ones.
"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import (
    Dimension,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanBasis,
    PlanSection,
    ReviewRound,
    Strategy,
    TargetCategory,
    TargetCategoryMember,
)
from uplift.plans.document import (
    IndicatorRecord,
    MeasureRecord,
    PlanRecord,
    SubItemRecord,
)


class UnknownOrganization(ValueError):
    """The document names an organisation code that is not in the database."""


def organization_with_code(organizations: dict[str, Organization], code: str) -> Organization:
    try:
        return organizations[code]
    except KeyError:
        raise UnknownOrganization(f"unknown organisation code {code!r}") from None


async def add_plan(
    session: AsyncSession,
    record: PlanRecord,
    organizations: dict[str, Organization] | None = None,
) -> Plan:
    """A new plan from a record (seed file, import, copy), keeping the keys it carries."""
    if organizations is None:
        organizations = {o.code: o for o in (await session.scalars(select(Organization))).all()}
    plan, measures = _build_plan(
        record, organization_with_code(organizations, record.issuer), organizations
    )
    session.add(plan)
    session.add_all(measures)  # measures point at their strategy; nothing cascades to them
    await session.flush()
    return plan


def _build_plan(
    record: PlanRecord, issuer: Organization, organizations: dict[str, Organization]
) -> tuple[Plan, list[Measure]]:
    plan = Plan(
        year=record.year,
        issuer=issuer,
        title=record.title,
        status=record.status,
        objectives=record.objectives,
        principles=list(record.principles),
        report_due_date=record.report_due_date,
    )
    plan.bases = [
        PlanBasis(position=i, **basis.model_dump()) for i, basis in enumerate(record.bases)
    ]
    plan.target_categories = [
        TargetCategory(
            position=i,
            code=category.code,
            name_zh=category.name_zh,
            name_en=category.name_en,
            members=[
                TargetCategoryMember(
                    position=j,
                    organization=organization_with_code(organizations, member.organization),
                    scope=member.scope,
                )
                for j, member in enumerate(category.members)
            ],
        )
        for i, category in enumerate(record.target_categories)
    ]
    plan.sections = [
        PlanSection(position=i, **section.model_dump()) for i, section in enumerate(record.sections)
    ]
    plan.review_rounds = [
        ReviewRound(position=i, **round_.model_dump())
        for i, round_ in enumerate(record.review_rounds)
    ]
    plan.dimensions = []
    measures = []
    for i, dimension_record in enumerate(record.dimensions):
        dimension = Dimension(
            position=i,
            code=dimension_record.code,
            name=dimension_record.name,
            **_stable_key(dimension_record.key),
        )
        for j, strategy_record in enumerate(dimension_record.strategies):
            strategy = Strategy(
                position=j,
                code=strategy_record.code,
                name=strategy_record.name,
                **_stable_key(strategy_record.key),
            )
            dimension.strategies.append(strategy)
            measures += [
                _build_measure(strategy, measure_record, k, organizations)
                for k, measure_record in enumerate(strategy_record.measures)
            ]
        plan.dimensions.append(dimension)
    return plan, measures


def _build_measure(
    strategy: Strategy,
    record: MeasureRecord,
    position: int,
    organizations: dict[str, Organization],
) -> Measure:
    measure = _measure(strategy, record, position)
    measure.owners = [
        MeasureOwner(position=i, organization=organization_with_code(organizations, code))
        for i, code in enumerate(record.owners)
    ]
    measure.sub_items = [_measure(strategy, sub, i) for i, sub in enumerate(record.sub_items)]
    return measure


def _measure(strategy: Strategy, record: SubItemRecord, position: int) -> Measure:
    measure = Measure(
        code=record.code, position=position, text=record.text, **_stable_key(record.key)
    )
    measure.strategy = strategy
    measure.indicators = [_indicator(ind, i) for i, ind in enumerate(record.indicators)]
    return measure


def _indicator(record: IndicatorRecord, position: int) -> Indicator:
    return Indicator(
        position=position, **record.model_dump(exclude={"key"}), **_stable_key(record.key)
    )


def _stable_key(key: str | None) -> dict[str, str]:
    """The key to keep, or nothing so that the model makes a new one."""
    return {} if key is None else {"key": key}

"""A new plan in the database from a plan document: a seed file's plan, an import, a copy.

The document's stable keys are kept, so a plan exported and loaded again (or copied into the
next year) has the same keys; where a document has none, a new one is made.

Through the ORM, a plan's measures went in one INSERT each (a sub-item needs its parent's id
first): about 450 statements for the 107 plan, most of a second. Here each level is one
many-row INSERT, then one SELECT reads the new ids back by parent and position, which
identify every row (RETURNING in parameter order falls back to one row at a time on
SQLite): about twenty statements. Only for a new plan: its content version is new with it,
so passing by the ORM's flush (models/content_version.py) misses nothing.
"""

from typing import Any

from sqlalchemy import insert, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.db import new_key
from uplift.kit.search import search_key
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
from uplift.plans.document import IndicatorRecord, PlanRecord, SubItemRecord

Row = dict[str, Any]


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
    """A new plan from a record (seed file, import, copy), keeping the keys it carries;
    every organisation code it names is checked before anything is written."""
    if organizations is None:
        organizations = {o.code: o for o in (await session.scalars(select(Organization))).all()}
    for code in _codes(record):
        organization_with_code(organizations, code)
    return await insert_plan(session, record, organizations)


def _codes(record: PlanRecord) -> list[str]:
    """Every organisation code the plan names."""
    return [
        record.issuer,
        *(m.organization for c in record.target_categories for m in c.members),
        *(
            code
            for d in record.dimensions
            for s in d.strategies
            for m in s.measures
            for code in m.owners
        ),
    ]


async def _insert(
    session: AsyncSession, model: type[Any], rows: list[Row], parent: str | None = None
) -> list[int]:
    """Insert rows; with `parent`, the name of the column that with `position` identifies
    each, return their new ids in the order given."""
    if not rows:
        return []
    # Core, not the ORM: the ORM groups rows by which values are None, one INSERT a group.
    await session.execute(insert(model.__table__), rows)
    if parent is None:
        return []
    column = getattr(model, parent)
    found = await session.execute(
        select(column, model.position, model.id).where(
            column.in_({row[parent] for row in rows}),
            model.parent_id.is_(None) if model is Measure and parent != "parent_id" else true(),
        )
    )
    ids = {(owner, position): row_id for owner, position, row_id in found}
    return [ids[(row[parent], row["position"])] for row in rows]


def _stable(key: str | None) -> str:
    return key or new_key()


def _item(record: SubItemRecord, strategy_id: int, position: int, parent: int | None) -> Row:
    return {
        "key": _stable(record.key),
        "strategy_id": strategy_id,
        "parent_id": parent,
        "code": record.code,
        "position": position,
        "text": record.text,
        "search_text": search_key(record.text),
    }


def _indicators(records: list[IndicatorRecord], measure_id: int) -> list[Row]:
    return [
        {
            **indicator.model_dump(exclude={"key"}),
            "key": _stable(indicator.key),
            "measure_id": measure_id,
            "position": position,
            "search_text": search_key(indicator.name),
        }
        for position, indicator in enumerate(records)
    ]


async def insert_plan(
    session: AsyncSession, record: PlanRecord, organizations: dict[str, Organization]
) -> Plan:
    """The plan and its whole structure; `organizations` by code holds every code it uses."""
    plan = Plan(
        year=record.year,
        issuer=organizations[record.issuer],
        title=record.title,
        status=record.status,
        objectives=record.objectives,
        core_values=list(record.core_values),
        report_due_date=record.report_due_date,
    )
    plan.bases = [PlanBasis(position=i, **b.model_dump()) for i, b in enumerate(record.bases)]
    plan.target_categories = [
        TargetCategory(
            position=i,
            code=category.code,
            name_zh=category.name_zh,
            name_en=category.name_en,
            members=[
                TargetCategoryMember(
                    position=j,
                    organization=organizations[member.organization],
                    scope=member.scope,
                )
                for j, member in enumerate(category.members)
            ],
        )
        for i, category in enumerate(record.target_categories)
    ]
    plan.sections = [
        PlanSection(position=i, **s.model_dump()) for i, s in enumerate(record.sections)
    ]
    plan.review_rounds = [
        ReviewRound(position=i, **r.model_dump()) for i, r in enumerate(record.review_rounds)
    ]
    session.add(plan)
    await session.flush()
    await _structure(session, plan.id, record, organizations)
    return plan


async def _structure(
    session: AsyncSession, plan_id: int, record: PlanRecord, organizations: dict[str, Organization]
) -> None:
    dimension_ids = await _insert(
        session,
        Dimension,
        [
            {
                "key": _stable(d.key),
                "plan_id": plan_id,
                "code": d.code,
                "position": i,
                "name": d.name,
            }
            for i, d in enumerate(record.dimensions)
        ],
        "plan_id",
    )
    strategies = [
        (dimension_id, position, strategy)
        for dimension_id, dimension in zip(dimension_ids, record.dimensions, strict=True)
        for position, strategy in enumerate(dimension.strategies)
    ]
    strategy_ids = await _insert(
        session,
        Strategy,
        [
            {
                "key": _stable(s.key),
                "dimension_id": dimension_id,
                "code": s.code,
                "position": position,
                "name": s.name,
            }
            for dimension_id, position, s in strategies
        ],
        "dimension_id",
    )
    measures = [
        (strategy_id, position, measure)
        for strategy_id, (_, _, strategy) in zip(strategy_ids, strategies, strict=True)
        for position, measure in enumerate(strategy.measures)
    ]
    measure_ids = await _insert(
        session,
        Measure,
        [_item(m, strategy_id, i, None) for strategy_id, i, m in measures],
        "strategy_id",
    )
    sub_items = [
        (strategy_id, measure_id, position, sub)
        for measure_id, (strategy_id, _, measure) in zip(measure_ids, measures, strict=True)
        for position, sub in enumerate(measure.sub_items)
    ]
    sub_ids = await _insert(
        session,
        Measure,
        [_item(sub, s, i, parent) for s, parent, i, sub in sub_items],
        "parent_id",
    )
    owners = [
        {"measure_id": measure_id, "organization_id": organizations[code].id, "position": i}
        for measure_id, (_, _, measure) in zip(measure_ids, measures, strict=True)
        for i, code in enumerate(measure.owners)
    ]
    indicators = [
        row
        for measure_id, (_, _, measure) in zip(measure_ids, measures, strict=True)
        for row in _indicators(measure.indicators, measure_id)
    ] + [
        row
        for sub_id, (_, _, _, sub) in zip(sub_ids, sub_items, strict=True)
        for row in _indicators(sub.indicators, sub_id)
    ]
    await _insert(session, MeasureOwner, owners)
    await _insert(session, Indicator, indicators)

"""Writing measures, their sub-items and indicators.

A measure is the unit of concurrency: its ETag (GET /measures/{id}) covers its text, owners,
sub-items and indicators, and every change to any of them is one audited update of it.
"""

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.if_match import IfMatch
from uplift.kit.ordering import close_gap, place
from uplift.measures.queries import get_measure
from uplift.measures.schemas import (
    IndicatorCreate,
    IndicatorUpdate,
    Measure,
    MeasureCreate,
    MeasureUpdate,
    SubItemCreate,
    SubItemUpdate,
)
from uplift.models import Dimension, Indicator, MeasureOwner, Organization, Strategy
from uplift.models import Measure as MeasureRow
from uplift.plans.document import indicator_rule_broken
from uplift.plans.service import ensure_editable, lock_plan


async def locked_measure(
    session: AsyncSession,
    subject: Subject,
    measure_id: int,
    if_match: IfMatch,
    *,
    sub_item_id: int | None = None,
    indicator_id: int | None = None,
) -> tuple[MeasureRow, Measure]:
    """For a write, in the one order: its plan locked (404 if the measure, or the sub-item
    or indicator named, is not there) and found editable (409), If-Match checked against the
    measure as it now stands (428, 412). Gives the row and that representation, the audit's
    `before`."""
    plan_id = await session.scalar(
        select(Dimension.plan_id)
        .join(Strategy, Strategy.dimension_id == Dimension.id)
        .join(MeasureRow, MeasureRow.strategy_id == Strategy.id)
        .where(MeasureRow.id == measure_id, MeasureRow.parent_id.is_(None))
    )
    if plan_id is None:
        raise ResourceNotFound("Measure", "具體推動作法", measure_id)
    ensure_editable(await lock_plan(session, plan_id))
    row = await session.get_one(MeasureRow, measure_id, populate_existing=True)
    if sub_item_id is not None:
        await _sub_item(session, row, sub_item_id)
    if indicator_id is not None:
        await _indicator(session, row, indicator_id)
    current = await get_measure(session, subject, measure_id)
    if_match.check(current)
    return row, current


async def _owners(session: AsyncSession, codes: list[str], field: str) -> list[Organization]:
    found = {
        o.code: o
        for o in (
            await session.scalars(select(Organization).where(Organization.code.in_(codes)))
        ).all()
    }
    missing = [code for code in codes if code not in found]
    if missing or len(set(codes)) != len(codes):
        raise InvalidParameter(
            field,
            "body",
            f"Unknown or repeated organisations: {', '.join(missing) or 'repeated'}",
            f"機關代碼不存在或重複：{'、'.join(missing) or '重複'}",
        )
    return [found[code] for code in codes]


async def _set_owners(session: AsyncSession, measure: MeasureRow, codes: list[str]) -> None:
    owners = await _owners(session, codes, "organizations")
    await session.execute(delete(MeasureOwner).where(MeasureOwner.measure_id == measure.id))
    session.add_all(
        MeasureOwner(measure_id=measure.id, organization_id=owner.id, position=number)
        for number, owner in enumerate(owners)
    )


async def _siblings(session: AsyncSession, measure: MeasureRow) -> list[MeasureRow]:
    parent = (
        MeasureRow.parent_id.is_(None)
        if measure.parent_id is None
        else MeasureRow.parent_id == measure.parent_id
    )
    rows = await session.scalars(
        select(MeasureRow)
        .where(MeasureRow.strategy_id == measure.strategy_id, parent)
        .order_by(MeasureRow.position, MeasureRow.id)
    )
    return list(rows.all())


async def _record(
    session: AsyncSession, subject: Subject, action: str, before: Measure | None, measure_id: int
) -> Measure:
    after = await get_measure(session, subject, measure_id)
    await audit.record(session, subject, action, "measure", measure_id, before=before, after=after)
    return after


async def create_measure(
    session: AsyncSession, subject: Subject, strategy_id: int, data: MeasureCreate
) -> Measure:
    plan_id = await session.scalar(
        select(Dimension.plan_id)
        .join(Strategy, Strategy.dimension_id == Dimension.id)
        .where(Strategy.id == strategy_id)
    )
    if plan_id is None:
        raise ResourceNotFound("Strategy", "執行策略", strategy_id)
    ensure_editable(await lock_plan(session, plan_id))
    measure = MeasureRow(strategy_id=strategy_id, code=data.code, text=data.text, position=0)
    session.add(measure)
    await session.flush()
    await _set_owners(session, measure, data.organizations)
    place(await _siblings(session, measure), measure, data.position)
    await session.flush()
    return await _record(session, subject, "create", None, measure.id)


async def update_measure(
    session: AsyncSession,
    subject: Subject,
    measure: MeasureRow,
    before: Measure,
    data: MeasureUpdate,
) -> Measure:
    changes = data.changes()
    if "organizations" in changes:
        await _set_owners(session, measure, changes.pop("organizations"))
    if "position" in changes:
        place(await _siblings(session, measure), measure, changes.pop("position"))
    for name, value in changes.items():
        setattr(measure, name, value)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)


async def delete_measure(
    session: AsyncSession, subject: Subject, measure: MeasureRow, before: Measure
) -> None:
    close_gap(await _siblings(session, measure), measure)
    await session.delete(measure)
    await session.flush()
    await audit.record(session, subject, "delete", "measure", measure.id, before=before)


async def _sub_item(session: AsyncSession, measure: MeasureRow, sub_id: int) -> MeasureRow:
    sub = await session.scalar(
        select(MeasureRow).where(MeasureRow.id == sub_id, MeasureRow.parent_id == measure.id)
    )
    if sub is None:
        raise ResourceNotFound("Sub-item", "子項", sub_id)
    return sub


async def add_sub_item(
    session: AsyncSession,
    subject: Subject,
    measure: MeasureRow,
    before: Measure,
    data: SubItemCreate,
) -> Measure:
    sub = MeasureRow(
        strategy_id=measure.strategy_id,
        parent_id=measure.id,
        code=data.code,
        text=data.text,
        position=0,
    )
    session.add(sub)
    await session.flush()
    place(await _siblings(session, sub), sub, data.position)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)


async def update_sub_item(
    session: AsyncSession,
    subject: Subject,
    measure: MeasureRow,
    before: Measure,
    sub_id: int,
    data: SubItemUpdate,
) -> Measure:
    sub = await _sub_item(session, measure, sub_id)
    changes = data.changes()
    if "position" in changes:
        place(await _siblings(session, sub), sub, changes.pop("position"))
    for name, value in changes.items():
        setattr(sub, name, value)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)


async def delete_sub_item(
    session: AsyncSession, subject: Subject, measure: MeasureRow, before: Measure, sub_id: int
) -> Measure:
    sub = await _sub_item(session, measure, sub_id)
    close_gap(await _siblings(session, sub), sub)
    await session.delete(sub)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)


async def _indicators_of(session: AsyncSession, owner_id: int) -> list[Indicator]:
    rows = await session.scalars(
        select(Indicator).where(Indicator.measure_id == owner_id).order_by(Indicator.position)
    )
    return list(rows.all())


async def _indicator(session: AsyncSession, measure: MeasureRow, indicator_id: int) -> Indicator:
    owners = select(MeasureRow.id).where(
        (MeasureRow.id == measure.id) | (MeasureRow.parent_id == measure.id)
    )
    indicator = await session.scalar(
        select(Indicator).where(Indicator.id == indicator_id, Indicator.measure_id.in_(owners))
    )
    if indicator is None:
        raise ResourceNotFound("Indicator", "指標", indicator_id)
    return indicator


async def add_indicator(
    session: AsyncSession,
    subject: Subject,
    measure: MeasureRow,
    before: Measure,
    data: IndicatorCreate,
) -> Measure:
    owner_id = measure.id
    if data.sub_item_id is not None:
        owner_id = (await _sub_item(session, measure, data.sub_item_id)).id
    values = data.model_dump(exclude={"sub_item_id"})
    _check(values)
    indicator = Indicator(measure_id=owner_id, position=0, **values)
    session.add(indicator)
    await session.flush()
    place(await _indicators_of(session, owner_id), indicator, None)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)


async def update_indicator(
    session: AsyncSession,
    subject: Subject,
    measure: MeasureRow,
    before: Measure,
    indicator_id: int,
    data: IndicatorUpdate,
) -> Measure:
    indicator = await _indicator(session, measure, indicator_id)
    changes = data.changes()
    _check({name: getattr(indicator, name) for name in _CHECKED} | changes)
    for name, value in changes.items():
        setattr(indicator, name, value)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)


_CHECKED = ("comparison", "target", "unit", "baseline", "inferred", "inferred_reason")


def _check(values: dict[str, Any]) -> None:
    """An indicator whose fields contradict one another is refused, naming the field, before
    anything is changed."""
    broken = indicator_rule_broken(*(values[name] for name in _CHECKED))
    if broken is not None:
        field, en, zh = broken
        raise InvalidParameter(field, "body", en, zh)


async def delete_indicator(
    session: AsyncSession,
    subject: Subject,
    measure: MeasureRow,
    before: Measure,
    indicator_id: int,
) -> Measure:
    indicator = await _indicator(session, measure, indicator_id)
    close_gap(await _indicators_of(session, indicator.measure_id), indicator)
    await session.delete(indicator)
    await session.flush()
    return await _record(session, subject, "update", before, measure.id)

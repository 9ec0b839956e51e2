"""The one place a plan's tree is assembled: dimensions, strategies, measures with their
owners, indicators and sub-items.

Built from plain rows into dicts and encoded once with orjson: building the same tree as
pydantic objects took 60% of a tree request. The dicts have the shape and field order of
the documented schemas (plans/schemas.py PlanTree, measures/schemas.py MeasureNode), so
the bytes are the ones those schemas would write. The public tree, the measure pages and
the amendment's kept view all take their nodes from here; export, revisions and the copy
read the same rows through plans/transfer.py's records, which carry keys, not ids.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, bindparam, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from uplift.kit.roc_date import format_roc, roc_year
from uplift.kit.search import among, ids_value
from uplift.models import Dimension, Indicator, Measure, MeasureOwner, Organization, Plan, Strategy

Node = dict[str, Any]
AnySelect = Select[*tuple[Any, ...]]
Condition = Callable[[Any], ColumnElement[bool]]

ORGANIZATION_REF = (
    Organization.id,
    Organization.code,
    Organization.kind,
    Organization.name_zh,
    Organization.name_en,
    Organization.short_name_zh,
    Organization.short_name_en,
)

_INDICATOR = (
    Indicator.measure_id,
    Indicator.id,
    Indicator.key,
    Indicator.name,
    Indicator.unit,
    Indicator.target,
    Indicator.comparison,
    Indicator.frequency,
    Indicator.due_date,
    Indicator.source_phrase,
    Indicator.baseline,
    Indicator.inferred,
    Indicator.inferred_reason,
)


def encode(content: Any) -> bytes:
    """JSON bytes as the schemas write them: UTF-8 text unescaped, no spaces."""
    return orjson.dumps(content)


def _roc(day: date | None) -> str | None:
    return format_roc(day) if day else None


def organization_ref(row: Any) -> Node:
    return {
        "id": row.id,
        "code": row.code,
        "kind": row.kind.value,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "short_name_zh": row.short_name_zh,
        "short_name_en": row.short_name_en,
    }


def _indicator(row: Any) -> Node:
    return {
        "id": row.id,
        "key": row.key,
        "name": row.name,
        "unit": row.unit,
        "target": None if row.target is None else float(row.target),
        "comparison": row.comparison.value,
        "frequency": row.frequency.value,
        "due_date": row.due_date,
        "source_phrase": row.source_phrase,
        "baseline": None if row.baseline is None else float(row.baseline),
        "inferred": row.inferred,
        "inferred_reason": row.inferred_reason,
        "due_date_roc": _roc(row.due_date),
    }


_MEASURE = (
    Measure.id,
    Measure.key,
    Measure.parent_id,
    Measure.strategy_id,
    Measure.code,
    Measure.position,
    Measure.text,
)


def _nodes_statements(
    top_level: Condition, ids: Condition
) -> tuple[AnySelect, AnySelect, AnySelect]:
    """The three statements of `measure_nodes` (the measures with their sub-items, their
    owners, their indicators): `top_level(column)` is true where a column names one of the
    top-level measures, `ids(column)` where it names one of the measures read."""
    # Two index lookups joined, not `id IN … OR parent_id IN …`, which PostgreSQL answers
    # by reading every measure of every plan.
    both = union_all(
        select(*_MEASURE).where(top_level(Measure.id)),
        select(*_MEASURE).where(top_level(Measure.parent_id)),
    ).subquery()
    return (
        select(both).order_by(both.c.position, both.c.id),
        select(MeasureOwner.measure_id, *ORGANIZATION_REF)
        .join(Organization, Organization.id == MeasureOwner.organization_id)
        .where(top_level(MeasureOwner.measure_id))
        .order_by(MeasureOwner.position),
        select(*_INDICATOR).where(ids(Indicator.measure_id)).order_by(Indicator.position),
    )


@cache
def _nodes_by_ids(dialect: str) -> tuple[AnySelect, AnySelect, AnySelect]:
    """Built once per database: a measure page's reads, with the ids as parameters."""
    return _nodes_statements(
        lambda column: among(dialect, column, name="top_level"),
        lambda column: among(dialect, column, name="ids"),
    )


async def measure_nodes(
    session: AsyncSession, top_level: Select[Any] | Sequence[int]
) -> list[tuple[int, Node]]:
    """(strategy id, node) for each top-level measure named by `top_level`, with its
    owners, indicators and sub-items, in document order; three queries however many."""
    if isinstance(top_level, Select):
        chosen = top_level
        statements = _nodes_statements(
            lambda column: column.in_(chosen),
            lambda column: column.in_(bindparam("ids", expanding=True)),
        )
        top_value: dict[str, Any] = {}

        def ids_of(ids: list[int]) -> dict[str, Any]:
            return {"ids": ids}
    else:
        dialect = session.get_bind().dialect.name
        statements = _nodes_by_ids(dialect)
        top_value = {"top_level": ids_value(dialect, top_level)}

        def ids_of(ids: list[int]) -> dict[str, Any]:
            return {"ids": ids_value(dialect, ids)}

    nodes, owners_of, indicators_of = statements

    def read(sync_session: Session) -> tuple[Sequence[Any], Sequence[Any], Sequence[Any]]:
        # In one hop to the session's greenlet, and past the ORM's result machinery, which
        # rows of columns do not need: that cost a third of a measures page.
        sync_session.flush()  # as session.execute would; nothing to do on a read
        connection = sync_session.connection()
        measures = connection.execute(nodes, top_value).all()
        if not measures:
            return (), (), ()
        owners = connection.execute(owners_of, top_value).all()
        ids = ids_of([row.id for row in measures])
        return measures, owners, connection.execute(indicators_of, ids).all()

    measures, owners, indicators = await session.run_sync(read)
    return assemble_measures(measures, owners, indicators)


def _item(row: Any, indicators: list[Node]) -> Node:
    """What a measure and a sub-item both show (SubItem)."""
    return {
        "id": row.id,
        "key": row.key,
        "code": row.code,
        "position": row.position,
        "text": row.text,
        "indicators": indicators,
    }


def assemble_measures(
    measures: Sequence[Any], owners: Iterable[Any], indicators: Iterable[Any]
) -> list[tuple[int, Node]]:
    owners_of: dict[int, list[Node]] = defaultdict(list)
    for row in owners:
        owners_of[row.measure_id].append(organization_ref(row))
    indicators_of: dict[int, list[Node]] = defaultdict(list)
    for row in indicators:
        indicators_of[row.measure_id].append(_indicator(row))
    sub_items_of: dict[int, list[Node]] = defaultdict(list)
    for row in measures:
        if row.parent_id is not None:
            sub_items_of[row.parent_id].append(_item(row, indicators_of[row.id]))
    return [
        (
            row.strategy_id,
            {
                **_item(row, indicators_of[row.id]),
                "organizations": owners_of[row.id],
                "sub_items": sub_items_of[row.id],
            },
        )
        for row in measures
        if row.parent_id is None
    ]


def plan_summary(plan: Plan) -> Node:
    """The plan as lists and the tree name it (PlanSummary)."""
    return {
        "id": plan.id,
        "year": plan.year,
        "title": plan.title,
        "status": plan.status.value,
        "revision": plan.revision,
        "previous_plan_id": plan.previous_plan_id,
        "report_due_date": plan.report_due_date,
        "issuer": organization_ref(plan.issuer),
        "amendment_in_progress": plan.status == "amending",
        "roc_year": roc_year(plan.year),
        "report_due_date_roc": _roc(plan.report_due_date),
    }


async def plan_tree(session: AsyncSession, plan: Plan) -> Node:
    """The plan's rows as they stand (PlanTree), in five queries however many plans there
    are: everything is reached from the plan's own dimensions and strategies."""
    dimensions = (
        await session.execute(
            select(Dimension.id, Dimension.key, Dimension.code, Dimension.position, Dimension.name)
            .where(Dimension.plan_id == plan.id)
            .order_by(Dimension.position)
        )
    ).all()
    strategies = (
        await session.execute(
            select(
                Strategy.id,
                Strategy.key,
                Strategy.dimension_id,
                Strategy.code,
                Strategy.position,
                Strategy.name,
            )
            .where(Strategy.dimension_id.in_([d.id for d in dimensions]))
            .order_by(Strategy.position)
        )
    ).all()
    top_level = select(Measure.id).where(
        Measure.strategy_id.in_([s.id for s in strategies]), Measure.parent_id.is_(None)
    )
    measures_of: dict[int, list[Node]] = defaultdict(list)
    if strategies:
        for strategy_id, node in await measure_nodes(session, top_level):
            measures_of[strategy_id].append(node)
    strategies_of: dict[int, list[Node]] = defaultdict(list)
    for s in strategies:
        strategies_of[s.dimension_id].append(
            {
                "id": s.id,
                "key": s.key,
                "code": s.code,
                "position": s.position,
                "name": s.name,
                "measures": measures_of[s.id],
            }
        )
    return {
        "plan": plan_summary(plan),
        "dimensions": [
            {
                "id": d.id,
                "key": d.key,
                "code": d.code,
                "position": d.position,
                "name": d.name,
                "strategies": strategies_of[d.id],
            }
            for d in dimensions
        ],
    }

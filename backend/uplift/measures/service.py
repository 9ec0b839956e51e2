"""Reading measures: the list, one measure, and the nodes the plan tree is made of.

Reads go through column queries rather than ORM objects: the tree of a plan is a few hundred
rows, and building them as plain rows is several times faster than as tracked objects.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans, readable_rows
from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.pagination import PageParams, count
from uplift.kit.search import search_key
from uplift.measures.schemas import Indicator, Measure, MeasureNode, StructureRef, SubItem
from uplift.models import Dimension, MeasureOwner, Organization, Plan, Strategy
from uplift.models import Indicator as IndicatorRow
from uplift.models import Measure as MeasureRow
from uplift.organizations.queries import by_code
from uplift.organizations.schemas import OrganizationRef
from uplift.plans import adopted

MeasureSort = Literal["document", "-document", "id", "-id"]

_ORGANIZATION_REF = (
    Organization.id,
    Organization.code,
    Organization.kind,
    Organization.name_zh,
    Organization.name_en,
    Organization.short_name_zh,
    Organization.short_name_en,
)


class PlacedNode(NamedTuple):
    strategy_id: int
    node: MeasureNode


async def measure_nodes(
    session: AsyncSession, top_level_ids: Select[Any] | Sequence[int]
) -> list[PlacedNode]:
    """Top-level measures with owners, indicators and sub-items, in three queries."""
    measures = (
        await session.execute(
            select(
                MeasureRow.id,
                MeasureRow.key,
                MeasureRow.parent_id,
                MeasureRow.strategy_id,
                MeasureRow.code,
                MeasureRow.position,
                MeasureRow.text,
            )
            .where(or_(MeasureRow.id.in_(top_level_ids), MeasureRow.parent_id.in_(top_level_ids)))
            .order_by(MeasureRow.position, MeasureRow.id)
        )
    ).all()
    ids = [row.id for row in measures]
    owners = await session.execute(
        select(MeasureOwner.measure_id, *_ORGANIZATION_REF)
        .join(Organization, Organization.id == MeasureOwner.organization_id)
        .where(MeasureOwner.measure_id.in_(top_level_ids))
        .order_by(MeasureOwner.position)
    )
    indicators = await session.execute(
        select(IndicatorRow).where(IndicatorRow.measure_id.in_(ids)).order_by(IndicatorRow.position)
    )
    return _assemble(measures, owners, indicators.scalars())


def _assemble(
    measures: Sequence[Any], owners: Iterable[Any], indicators: Iterable[IndicatorRow]
) -> list[PlacedNode]:
    owners_of: dict[int, list[OrganizationRef]] = defaultdict(list)
    for row in owners:
        owners_of[row.measure_id].append(OrganizationRef.model_validate(row))
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicators_of[indicator.measure_id].append(Indicator.model_validate(indicator))
    sub_items_of: dict[int, list[SubItem]] = defaultdict(list)
    for row in measures:
        if row.parent_id is not None:
            sub_items_of[row.parent_id].append(
                SubItem(
                    id=row.id,
                    key=row.key,
                    code=row.code,
                    position=row.position,
                    text=row.text,
                    indicators=indicators_of[row.id],
                )
            )
    return [
        PlacedNode(
            row.strategy_id,
            MeasureNode(
                id=row.id,
                key=row.key,
                code=row.code,
                position=row.position,
                text=row.text,
                indicators=indicators_of[row.id],
                organizations=owners_of[row.id],
                sub_items=sub_items_of[row.id],
            ),
        )
        for row in measures
        if row.parent_id is None
    ]


def _placed(subject: Subject) -> Select[*tuple[Any, ...]]:
    """Top-level measures with the plan, dimension and strategy they stand in, of the plans
    this subject may read."""
    return (
        select(
            MeasureRow.id,
            Dimension.plan_id,
            Dimension.id.label("dimension_id"),
            Dimension.code.label("dimension_code"),
            Dimension.name.label("dimension_name"),
            Dimension.position.label("dimension_position"),
            Strategy.id.label("strategy_id"),
            Strategy.code.label("strategy_code"),
            Strategy.name.label("strategy_name"),
            Strategy.position.label("strategy_position"),
            MeasureRow.position,
        )
        .join(Strategy, Strategy.id == MeasureRow.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .join(Plan, Plan.id == Dimension.plan_id)
        .where(MeasureRow.parent_id.is_(None), readable_plans(subject), readable_rows(subject))
    )


async def _with_nodes(session: AsyncSession, places: Sequence[Any]) -> list[Measure]:
    nodes = {
        placed.node.id: placed.node
        for placed in await measure_nodes(session, [place.id for place in places])
    }
    return [
        Measure(
            **dict(nodes[place.id]),
            plan_id=place.plan_id,
            dimension=StructureRef(
                id=place.dimension_id, code=place.dimension_code, name=place.dimension_name
            ),
            strategy=StructureRef(
                id=place.strategy_id, code=place.strategy_code, name=place.strategy_name
            ),
        )
        for place in places
    ]


async def _ensure_exists(
    session: AsyncSession,
    subject: Subject,
    model: type[Plan | Dimension | Strategy],
    identifier: int,
    parameter: str,
    zh: str,
) -> None:
    # Answered like an unknown id when its plan is a draft the subject may not read, so a
    # filter does not tell the public which draft ids exist.
    if await session.scalar(_readable(subject, model).where(model.id == identifier)) is None:
        raise InvalidParameter(
            parameter,
            "query",
            f"There is no {model.__name__.lower()} {identifier}",
            f"沒有編號為 {identifier} 的{zh}",
        )


def _readable(subject: Subject, model: type[Plan | Dimension | Strategy]) -> Select[int]:
    statement = select(model.id)
    if model is Strategy:
        statement = statement.join(Dimension, Dimension.id == Strategy.dimension_id)
    if model is not Plan:
        statement = statement.join(Plan, Plan.id == Dimension.plan_id)
    return statement.where(readable_plans(subject))


async def list_measures(
    session: AsyncSession,
    subject: Subject,
    page: PageParams,
    *,
    plan_id: int | None = None,
    organization: str | None = None,
    dimension: int | None = None,
    strategy: int | None = None,
    q: str | None = None,
    sort: MeasureSort = "document",
) -> tuple[list[Measure], int]:
    statement = _placed(subject)
    owner_code = None
    if plan_id is not None:
        await _ensure_exists(session, subject, Plan, plan_id, "plan_id", "計畫")
        statement = statement.where(Dimension.plan_id == plan_id)
    if organization is not None:
        owner = await by_code(session, organization, parameter="organization")
        owner_code = owner.code
        statement = statement.where(MeasureRow.owners.any(MeasureOwner.organization_id == owner.id))
    if dimension is not None:
        await _ensure_exists(session, subject, Dimension, dimension, "dimension", "面向")
        statement = statement.where(Strategy.dimension_id == dimension)
    if strategy is not None:
        await _ensure_exists(session, subject, Strategy, strategy, "strategy", "執行策略")
        statement = statement.where(MeasureRow.strategy_id == strategy)
    key = search_key(q or "")
    if key:
        statement = statement.where(_matches(key))
    total = await count(session, statement)
    as_adopted: list[adopted.AdoptedMeasure] = []
    if not subject.is_staff:
        wanted = adopted.MeasureFilter(plan_id, owner_code, dimension, strategy, key)
        as_adopted = await adopted.measures(session, wanted)
    if as_adopted:
        merged = await _merged_page(session, statement, as_adopted, page, sort)
        return merged, total + len(as_adopted)
    places = (
        await session.execute(
            statement.order_by(*_ordering(sort)).offset(page.offset).limit(page.page_size)
        )
    ).all()
    return await _with_nodes(session, places), total


def _sort_key(sort: MeasureSort, measure_id: int, document: tuple[int, ...]) -> tuple[int, ...]:
    """The order `_ordering` gives in SQL, for rows merged in Python."""
    if sort in ("id", "-id"):
        return (measure_id,)
    return (*document, measure_id)


async def _merged_page(
    session: AsyncSession,
    statement: Select[*tuple[Any, ...]],
    as_adopted: list[adopted.AdoptedMeasure],
    page: PageParams,
    sort: MeasureSort,
) -> list[Measure]:
    """A page of live rows and of measures of plans under amendment, as adopted, in order.

    Only the rows up to the page's end can land on it, so no more than those are read.
    """
    end = page.offset + page.page_size
    places = (await session.execute(statement.order_by(*_ordering(sort)).limit(end))).all()
    entries: list[tuple[tuple[int, ...], Any]] = [
        (
            _sort_key(
                sort,
                place.id,
                (place.plan_id, place.dimension_position, place.strategy_position, place.position),
            ),
            place,
        )
        for place in places
    ]
    entries += [
        (
            _sort_key(
                sort,
                found.measure.id,
                (
                    found.measure.plan_id,
                    found.dimension_position,
                    found.strategy_position,
                    found.measure.position,
                ),
            ),
            found.measure,
        )
        for found in as_adopted
    ]
    entries.sort(key=lambda entry: entry[0], reverse=sort.startswith("-"))
    window = [entry for _, entry in entries[page.offset : end]]
    live = await _with_nodes(session, [e for e in window if not isinstance(e, Measure)])
    built = {measure.id: measure for measure in live}
    return [e if isinstance(e, Measure) else built[e.id] for e in window]


def _matches(key: str) -> ColumnElement[bool]:
    """A measure matches when its text, an indicator's name, or a sub-item's does."""

    def own(measure: type[MeasureRow]) -> ColumnElement[bool]:
        return or_(
            measure.search_text.contains(key, autoescape=True),
            measure.indicators.any(IndicatorRow.search_text.contains(key, autoescape=True)),
        )

    return or_(own(MeasureRow), MeasureRow.sub_items.any(own(MeasureRow)))


def _ordering(sort: MeasureSort) -> tuple[Any, ...]:
    if sort == "id":
        return (MeasureRow.id,)
    if sort == "-id":
        return (MeasureRow.id.desc(),)
    document = (Dimension.plan_id, Dimension.position, Strategy.position, MeasureRow.position)
    if sort == "-document":
        return (*(column.desc() for column in document), MeasureRow.id.desc())
    return (*document, MeasureRow.id)


async def get_measure(session: AsyncSession, subject: Subject, measure_id: int) -> Measure:
    places = (await session.execute(_placed(subject).where(MeasureRow.id == measure_id))).all()
    if places:
        return (await _with_nodes(session, places))[0]
    if not subject.is_staff:
        for found in await adopted.measures(session, adopted.MeasureFilter()):
            if found.measure.id == measure_id:
                return found.measure
    raise ResourceNotFound("Measure", "具體推動作法", measure_id)

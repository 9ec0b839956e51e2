"""Reading measures: the list (filtered, searched, paged) and one measure.

Measures are assembled by the plan tree's assembler (plans/tree.py) as plain data with
where they stand in their plan; the list is encoded once, straight from that data.
Every filter narrows through an index: a plan, dimension or strategy to its strategies,
then measures by strategy; `q` through the trigram index (kit/search.py).
"""

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans, readable_plans_for, readable_rows_for
from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.pagination import TOTAL_CAP, PageParams, capped_count
from uplift.kit.search import TRIGRAM, among, contains, ids_containing, search_key
from uplift.measures import adopted
from uplift.measures.schemas import Measure
from uplift.models import Dimension, MeasureOwner, Plan, Strategy
from uplift.models import Indicator as IndicatorRow
from uplift.models import Measure as MeasureRow
from uplift.organizations.queries import by_code
from uplift.plans import tree

MeasureSort = Literal["document", "-document", "id", "-id"]
# How many index hits a search across plans reads before it knows whether the count is
# capped: a measure is commonly found by its text and one of its parts.
FIRST_HITS = 2 * (TOTAL_CAP + 1)
Data = dict[str, Any]


def _placed(subject: Subject) -> Select[*tuple[Any, ...]]:
    """Top-level measures with the plan, dimension and strategy they stand in, of the plans
    this subject may read."""
    return _placed_for(subject.is_staff)


@cache
def _placed_for(staff: bool) -> Select[*tuple[Any, ...]]:
    """Built once for staff and once for everyone else: building it cost more than running
    it."""
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
        .where(
            MeasureRow.parent_id.is_(None),
            readable_plans_for(staff=staff),
            readable_rows_for(staff=staff),
        )
    )


async def _with_nodes(session: AsyncSession, places: list[Any]) -> list[Data]:
    nodes = {
        node["id"]: node for _, node in await tree.measure_nodes(session, [p.id for p in places])
    }
    return [
        {
            **nodes[place.id],
            "plan_id": place.plan_id,
            "dimension": {
                "id": place.dimension_id,
                "code": place.dimension_code,
                "name": place.dimension_name,
            },
            "strategy": {
                "id": place.strategy_id,
                "code": place.strategy_code,
                "name": place.strategy_name,
            },
        }
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


def _readable(subject: Subject, model: type[Plan | Dimension | Strategy]) -> Select[Any]:
    statement = select(model.id)
    if model is Strategy:
        statement = statement.join(Dimension, Dimension.id == Strategy.dimension_id)
    if model is not Plan:
        statement = statement.join(Plan, Plan.id == Dimension.plan_id)
    return statement.where(readable_plans(subject))


def _strategies_of(*conditions: ColumnElement[bool]) -> Select[Any]:
    return (
        select(Strategy.id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .where(*conditions)
    )


@dataclass(frozen=True)
class MeasureList:
    items: list[Data]
    total: int
    total_capped: bool
    next_key: tuple[Any, ...] | None  # the sort key the next page starts after


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
    after: tuple[Any, ...] | None = None,
) -> MeasureList:
    """A page of top-level measures: the `page`-th, or the one after the sort key `after`
    (a cursor's), which costs the same at any depth."""
    statement = _placed(subject)
    owner_code = None
    if plan_id is not None:
        await _ensure_exists(session, subject, Plan, plan_id, "plan_id", "計畫")
        statement = statement.where(
            MeasureRow.strategy_id.in_(_strategies_of(Dimension.plan_id == plan_id))
        )
    if organization is not None:
        owner = await by_code(session, organization, parameter="organization")
        owner_code = owner.code
        statement = statement.where(
            MeasureRow.id.in_(
                select(MeasureOwner.measure_id).where(MeasureOwner.organization_id == owner.id)
            )
        )
    if dimension is not None:
        await _ensure_exists(session, subject, Dimension, dimension, "dimension", "面向")
        statement = statement.where(
            MeasureRow.strategy_id.in_(_strategies_of(Strategy.dimension_id == dimension))
        )
    if strategy is not None:
        await _ensure_exists(session, subject, Strategy, strategy, "strategy", "執行策略")
        statement = statement.where(MeasureRow.strategy_id == strategy)
    key = search_key(q or "")
    counted: tuple[int, bool] | None = None
    if key:
        # Within a plan, a dimension or a strategy, reading its few hundred rows is cheaper
        # than looking the text up across every plan; across plans the index is.
        scoped = plan_id is not None or dimension is not None or strategy is not None
        if scoped or len(key) < TRIGRAM:
            statement = statement.where(_mentions(key))
        else:
            statement, counted = await _indexed(session, statement, key)
    total, capped = counted or await capped_count(session, statement)
    as_adopted: list[adopted.AdoptedMeasure] = []
    if not subject.is_staff:
        wanted = adopted.MeasureFilter(plan_id, owner_code, dimension, strategy, key)
        as_adopted = await adopted.measures(session, wanted)
    total += len(as_adopted)
    offset = page.offset
    if after is not None:
        statement = statement.where(_after(sort, after))
        as_adopted = [a for a in as_adopted if _beyond(sort, _adopted_key(sort, a), after)]
        offset = 0
    end = offset + page.page_size
    # Plan by plan pays when the rows are many; the index's hits are already few.
    by_plan = sort in ("document", "-document") and plan_id is None
    # Nothing matches: no plan need be read to find so (a search for a term no plan has).
    places = (
        await _first_rows(session, statement, sort, end, after, by_plan=by_plan) if total else []
    )
    entries: list[tuple[tuple[int, ...], Any]] = [
        (_place_key(sort, place), place) for place in places
    ]
    entries += [(_adopted_key(sort, found), found.measure) for found in as_adopted]
    entries.sort(key=lambda entry: entry[0], reverse=sort.startswith("-"))
    window = entries[offset:end]
    live = await _with_nodes(session, [e for _, e in window if not isinstance(e, Measure)])
    built = {measure["id"]: measure for measure in live}
    items = [
        e.model_dump(mode="json") if isinstance(e, Measure) else built[e.id] for _, e in window
    ]
    full = len(window) == page.page_size
    return MeasureList(items, total, capped, window[-1][0] if full else None)


async def _first_rows(
    session: AsyncSession,
    statement: Select[*tuple[Any, ...]],
    sort: MeasureSort,
    limit: int,
    after: tuple[Any, ...] | None,
    *,
    by_plan: bool,
    first_batch: int = 4,
) -> list[Any]:
    """The first `limit` rows in the list's order.

    In document order across plans, sorting every plan's measures to take a page costs as
    much as the table is large; the order begins with the plan, so the rows are taken plan
    by plan instead (4 plans, or `first_batch`, then 4 times as many while a selective filter
    leaves them short).
    """
    ordered = statement.order_by(*_ordering(sort))
    if not by_plan:
        return list((await session.execute(ordered.limit(limit))).all())
    descending = sort.startswith("-")
    plans = select(Plan.id).order_by(Plan.id.desc() if descending else Plan.id)
    if after is not None:
        plans = plans.where(Plan.id <= after[0] if descending else Plan.id >= after[0])
    rows: list[Any] = []
    batch = first_batch
    while len(rows) < limit:
        plan_ids = list(await session.scalars(plans.limit(batch)))
        if not plan_ids:
            break
        in_batch = ordered.where(
            MeasureRow.strategy_id.in_(_strategies_of(Dimension.plan_id.in_(plan_ids)))
        )
        rows += (await session.execute(in_batch.limit(limit - len(rows)))).all()
        plans = plans.where(Plan.id < plan_ids[-1] if descending else Plan.id > plan_ids[-1])
        batch *= 4
    return rows


def _sort_key(sort: MeasureSort, measure_id: int, document: tuple[int, ...]) -> tuple[int, ...]:
    """The order `_ordering` gives in SQL, for rows merged in Python."""
    if sort in ("id", "-id"):
        return (measure_id,)
    return (*document, measure_id)


def _place_key(sort: MeasureSort, place: Any) -> tuple[int, ...]:
    document = (place.plan_id, place.dimension_position, place.strategy_position, place.position)
    return _sort_key(sort, place.id, document)


def _adopted_key(sort: MeasureSort, found: adopted.AdoptedMeasure) -> tuple[int, ...]:
    measure = found.measure
    document = (
        measure.plan_id,
        found.dimension_position,
        found.strategy_position,
        measure.position,
    )
    return _sort_key(sort, measure.id, document)


def sort_key_length(sort: MeasureSort) -> int:
    return 1 if sort in ("id", "-id") else 5


def _beyond(sort: MeasureSort, key: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    return key < after if sort.startswith("-") else key > after


def _after(sort: MeasureSort, after: tuple[Any, ...]) -> ColumnElement[bool]:
    """Rows past `after` in the order `_ordering` gives, by a row-value comparison."""
    columns = _key_columns(sort)
    row = tuple_(*columns) if len(columns) > 1 else columns[0]
    value = tuple_(*(literal(v) for v in after)) if len(columns) > 1 else after[0]
    return row < value if sort.startswith("-") else row > value


def _key_columns(sort: MeasureSort) -> tuple[Any, ...]:
    if sort in ("id", "-id"):
        return (MeasureRow.id,)
    return (
        Dimension.plan_id,
        Dimension.position,
        Strategy.position,
        MeasureRow.position,
        MeasureRow.id,
    )


def _mentions(key: str) -> ColumnElement[bool]:
    """A measure matches when its text, an indicator's name, or a sub-item's does; asked of
    each row the other filters leave."""

    def own(measure: type[MeasureRow]) -> ColumnElement[bool]:
        return or_(
            contains(measure.search_text, key),
            measure.indicators.any(contains(IndicatorRow.search_text, key)),
        )

    return or_(own(MeasureRow), MeasureRow.sub_items.any(own(MeasureRow)))


async def _indexed(
    session: AsyncSession, statement: Select[*tuple[Any, ...]], key: str
) -> tuple[Select[*tuple[Any, ...]], tuple[int, bool] | None]:
    """`statement` narrowed to the measures that mention `key`, found through the trigram
    index of every plan's text; and its count when the search already knows it.

    The index is asked once per request, and for no more hits than the count needs: the
    first FIRST_HITS. When they are all there are, the top-level measures they name go to the
    count and the page as one parameter (kit/search.py `among`). When there are more, a term
    this common fills the count's cap among the first hits alone (the list says "more than
    1,000") and a page of it is found in the first plans the page reads, row by row
    (`_mentions`), so the rest of the hits are never fetched. Only when the first hits do
    not fill the cap (many of them in the same measures, or in drafts the reader may not
    see) are all of them fetched."""
    dialect = session.get_bind().dialect.name
    connection = await session.connection()
    hits = _hits(dialect, key)
    first = list((await connection.execute(hits.limit(FIRST_HITS))).scalars())
    if len(first) == FIRST_HITS:
        among_first = statement.where(among(dialect, MeasureRow.id, sorted(set(first))))
        total, capped = await capped_count(session, among_first)
        if capped:
            return statement.where(_mentions(key)), (total, capped)
        first = list((await connection.execute(hits)).scalars())
    return statement.where(among(dialect, MeasureRow.id, sorted(set(first)))), None


def _hits(dialect: str, key: str) -> Select[Any] | CompoundSelect[Any]:
    """The top-level measure of every measure or indicator whose text contains `key`."""
    if dialect != "sqlite":  # the trigram index's rows carry their parent: no second look-up
        top_level = func.coalesce(MeasureRow.parent_id, MeasureRow.id)
        by_indicator = (
            select(top_level)
            .join(IndicatorRow, IndicatorRow.measure_id == MeasureRow.id)
            .where(contains(IndicatorRow.search_text, key))
        )
        own = select(top_level).where(contains(MeasureRow.search_text, key))
        return own.union_all(by_indicator)
    own = ids_containing(dialect, "measure_search", MeasureRow.id, MeasureRow.search_text, key)
    by_indicator = select(IndicatorRow.measure_id).where(
        IndicatorRow.id.in_(
            ids_containing(
                dialect, "indicator_search", IndicatorRow.id, IndicatorRow.search_text, key
            )
        )
    )
    hits = own.union_all(by_indicator).subquery()
    hit = aliased(MeasureRow)
    return select(func.coalesce(hit.parent_id, hit.id)).join_from(hits, hit, hit.id == hits.c[0])


def _ordering(sort: MeasureSort) -> tuple[Any, ...]:
    columns = _key_columns(sort)
    return tuple(column.desc() for column in columns) if sort.startswith("-") else columns


@cache
def _one_placed(staff: bool) -> Select[*tuple[Any, ...]]:
    return _placed_for(staff).where(MeasureRow.id == bindparam("measure_id"))


async def measure_data(session: AsyncSession, subject: Subject, measure_id: int) -> Data:
    """One measure as GET /measures/{id} shows it, as plain data."""
    one = _one_placed(subject.is_staff)
    places = (await session.execute(one, {"measure_id": measure_id})).all()
    if places:
        return (await _with_nodes(session, list(places)))[0]
    if not subject.is_staff:
        for found in await adopted.measures(session, adopted.MeasureFilter()):
            if found.measure.id == measure_id:
                return found.measure.model_dump(mode="json")
    raise ResourceNotFound("Measure", "具體推動作法", measure_id)


async def get_measure(session: AsyncSession, subject: Subject, measure_id: int) -> Measure:
    """One measure as a schema, for writes that check and audit it."""
    return Measure.model_validate(await measure_data(session, subject, measure_id))

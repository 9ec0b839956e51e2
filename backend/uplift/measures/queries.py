"""Reading measures: the list (filtered, searched, paged) and one measure.

Measures are assembled by the plan tree's assembler (plans/tree.py) as plain data with
where they stand in their plan; the list is encoded once, straight from that data.
Every filter narrows through an index: a plan, dimension or strategy to its strategies,
then measures by strategy; `q` through the search indexes (kit/search.py).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    bindparam,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, aliased

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans, readable_plans_for, readable_rows_for
from uplift.kit import pagination
from uplift.kit.db import plain_rows
from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.pagination import TOTAL_CAP, Listing, PageParams
from uplift.kit.search import (
    TRIGRAM,
    among,
    containing,
    contains,
    ids_value,
    search_key,
    search_values,
)
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
class _Shape:
    """Which filters a list request uses: its statements are built once per shape, with the
    filters' values as parameters, so a request neither builds SQL nor computes its cache
    key (together a third of a page's processor time)."""

    staff: bool
    plan: bool = False
    owner: bool = False
    dimension: bool = False
    strategy: bool = False
    # `q`, by reading each row the other filters leave (`_mentions`), or among the ids the
    # search indexes found (the parameter `among_ids`, in this dialect's form).
    mentions: bool = False
    among: str | None = None


@cache
def _filtered(shape: _Shape) -> Select[*tuple[Any, ...]]:
    statement = _placed_for(shape.staff)
    if shape.plan:
        statement = statement.where(
            MeasureRow.strategy_id.in_(_strategies_of(Dimension.plan_id == bindparam("plan_id")))
        )
    if shape.owner:
        statement = statement.where(
            MeasureRow.id.in_(
                select(MeasureOwner.measure_id).where(
                    MeasureOwner.organization_id == bindparam("owner_id")
                )
            )
        )
    if shape.dimension:
        statement = statement.where(
            MeasureRow.strategy_id.in_(
                _strategies_of(Strategy.dimension_id == bindparam("dimension_id"))
            )
        )
    if shape.strategy:
        statement = statement.where(MeasureRow.strategy_id == bindparam("strategy_id"))
    if shape.mentions:
        statement = statement.where(_mentions())
    if shape.among is not None:
        statement = statement.where(among(shape.among, MeasureRow.id, driving=True))
    return statement


def _capped_count_of(statement: Select[Any]) -> Select[Any]:
    """How many rows match, counted up to `cap`."""
    limited = statement.order_by(None).limit(bindparam("cap")).subquery()
    return select(func.count()).select_from(limited)


def _rows_of(
    statement: Select[*tuple[Any, ...]], sort: MeasureSort, *, after: bool, by_plan: bool
) -> Select[*tuple[Any, ...]]:
    """The list's rows in its order, `limit` of them; past the sort key `after_0…` when
    `after`; when `by_plan`, of the `batch` plans from `bound` on (`_plans_past`), each row
    with the batch's last plan (`batch_end`), where the next batch starts."""
    if after:
        statement = statement.where(_after(sort))
    if by_plan:
        batch = _plans_past(sort.startswith("-")).subquery()
        in_plans = Dimension.plan_id.in_(select(batch.c.id))
        end = func.min(batch.c.id) if sort.startswith("-") else func.max(batch.c.id)
        statement = statement.add_columns(select(end).scalar_subquery().label("batch_end"))
        statement = statement.where(MeasureRow.strategy_id.in_(_strategies_of(in_plans)))
    return statement.order_by(*_ordering(sort)).limit(bindparam("limit"))


@cache
def _shaped_count(shape: _Shape) -> Select[Any]:
    return _capped_count_of(_filtered(shape))


@cache
def _shaped_rows(
    shape: _Shape, sort: MeasureSort, *, after: bool, by_plan: bool
) -> Select[*tuple[Any, ...]]:
    return _rows_of(_filtered(shape), sort, after=after, by_plan=by_plan)


@cache
def _plans_past(descending: bool) -> Select[Any]:
    """`batch` plan ids in id order, from `bound` on (`bound` included)."""
    bound = bindparam("bound", type_=Integer)
    return (
        select(Plan.id)
        .where(Plan.id <= bound if descending else Plan.id >= bound)
        .order_by(Plan.id.desc() if descending else Plan.id)
        .limit(bindparam("batch"))
    )


@cache
def _batch_end(descending: bool) -> Select[Any]:
    """The last of `batch` plan ids from `bound` on (`_plans_past`); None when there is none."""
    batch = _plans_past(descending).subquery()
    return select(func.min(batch.c.id) if descending else func.max(batch.c.id))


MeasureList = Listing[Data]


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
    shape = _Shape(
        subject.is_staff,
        plan=plan_id is not None,
        owner=organization is not None,
        dimension=dimension is not None,
        strategy=strategy is not None,
    )
    values: dict[str, Any] = {
        "plan_id": plan_id,
        "dimension_id": dimension,
        "strategy_id": strategy,
    }
    owner_code = None
    if plan_id is not None:
        await _ensure_exists(session, subject, Plan, plan_id, "plan_id", "計畫")
    if organization is not None:
        owner = await by_code(session, organization, parameter="organization")
        owner_code, values["owner_id"] = owner.code, owner.id
    if dimension is not None:
        await _ensure_exists(session, subject, Dimension, dimension, "dimension", "面向")
    if strategy is not None:
        await _ensure_exists(session, subject, Strategy, strategy, "strategy", "執行策略")
    key = search_key(q or "")
    counted: tuple[int, bool] | None = None
    if key:
        dialect = session.get_bind().dialect.name
        values.update(search_values(dialect, key))
        # Within a plan, a dimension or a strategy, reading its few hundred rows is cheaper
        # than looking the text up across every plan; across plans the index is.
        scoped = plan_id is not None or dimension is not None or strategy is not None
        if scoped:
            shape = replace(shape, mentions=True)
        else:
            shape, counted = await _indexed(session, shape, dialect, key, values)
    wanted = adopted.MeasureFilter(plan_id, owner_code, dimension, strategy, key)
    offset = page.offset
    if after is not None:
        values.update({f"after_{i}": value for i, value in enumerate(after)})
        offset = 0
    end = offset + page.page_size
    # Plan by plan pays when the rows are many; the index's hits are already few.
    by_plan = sort in ("document", "-document") and plan_id is None
    count = _shaped_count(shape)
    rows = _shaped_rows(shape, sort, after=after is not None, by_plan=by_plan)
    # Everyone but staff reads a plan under amendment as last adopted.
    views = None if subject.is_staff else adopted.statement(wanted)
    reading = _PageRead(count, rows, views, sort, end, values, after, by_plan, counted)
    (total, capped), places, adopted_views = await session.run_sync(reading.run)
    as_adopted = adopted.admitted(adopted_views, wanted)
    if after is not None:
        as_adopted = [a for a in as_adopted if _beyond(sort, _adopted_key(sort, a), after)]
    total += len(as_adopted)
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


@dataclass(frozen=True)
class _PageRead:
    """The count, the first `limit` rows of a list and the adopted views of plans under
    amendment (`views`, None for staff), read in one hop to the session's greenlet, past the
    ORM's result machinery (rows of columns do not need it)."""

    count: Select[Any]
    rows: Select[*tuple[Any, ...]]
    views: Select[Any] | None
    sort: MeasureSort
    limit: int
    values: dict[str, Any]
    after: tuple[Any, ...] | None
    by_plan: bool
    counted: tuple[int, bool] | None
    first_batch: int = 4

    def run(self, sync_session: Session) -> tuple[tuple[int, bool], list[Any], Sequence[Any]]:
        sync_session.flush()  # as session.execute would; nothing to do on a read
        connection = sync_session.connection()
        views = [] if self.views is None else connection.execute(self.views, self.values).all()
        total, capped = self.counted or _capped(connection, self.count, self.values)
        # Nothing matches: no plan need be read to find so (a search for a term no plan has).
        if not total:
            return (total, capped), [], views
        return (total, capped), self._first_rows(connection), views

    def _first_rows(self, connection: Connection) -> list[Any]:
        """The first `limit` rows in the list's order.

        In document order across plans, sorting every plan's measures to take a page costs
        as much as the table is large; the order begins with the plan, so the rows are taken
        plan by plan instead (4 plans, or `first_batch`, then 4 times as many while a
        selective filter leaves them short)."""
        if not self.by_plan:
            return list(connection.execute(self.rows, {**self.values, "limit": self.limit}))
        descending = self.sort.startswith("-")
        # From the plan of the cursor's row on, that plan included.
        if self.after is None:
            bound: int = _LARGEST_ID if descending else 0
        else:
            bound = self.after[0]
        rows: list[Any] = []
        batch = self.first_batch
        while len(rows) < self.limit:
            plans = {"bound": bound, "batch": batch}
            wanted = {**self.values, **plans, "limit": self.limit - len(rows)}
            found = connection.execute(self.rows, wanted).all()
            rows += found
            # The batch's last plan, which its rows carry; asked for when it had none.
            if found:
                end = found[0].batch_end
            else:
                end = connection.execute(_batch_end(descending), plans).scalar()
            if end is None:  # no plan from `bound` on
                break
            bound = end - 1 if descending else end + 1
            batch *= 4
        return rows


_LARGEST_ID = 2**31 - 1  # an INTEGER column's


def _capped(connection: Connection, count: Select[Any], values: dict[str, Any]) -> tuple[int, bool]:
    """The count up to the cap, and whether there were more."""
    cap = pagination.TOTAL_CAP
    found: int = connection.execute(count, {**values, "cap": cap + 1}).scalar_one()
    return min(found, cap), found > cap


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


def _after(sort: MeasureSort) -> ColumnElement[bool]:
    """Rows past the sort key `after_0…` in the order `_ordering` gives, by a row-value
    comparison."""
    columns = _key_columns(sort)
    after = [bindparam(f"after_{i}", type_=Integer) for i in range(len(columns))]
    row = tuple_(*columns) if len(columns) > 1 else columns[0]
    value = tuple_(*after) if len(columns) > 1 else after[0]
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


@cache
def _mentions() -> ColumnElement[bool]:
    """A measure matches when its text, an indicator's name, or a sub-item's does hold the
    key (kit/search.py `search_values`); asked of each row the other filters leave."""

    def own(measure: type[MeasureRow]) -> ColumnElement[bool]:
        return or_(
            contains(measure.search_text),
            measure.indicators.any(contains(IndicatorRow.search_text)),
        )

    return or_(own(MeasureRow), MeasureRow.sub_items.any(own(MeasureRow)))


async def _indexed(
    session: AsyncSession, shape: _Shape, dialect: str, key: str, values: dict[str, Any]
) -> tuple[_Shape, tuple[int, bool] | None]:
    """`shape` narrowed to the measures that mention `key`, found through the search
    indexes of every plan's text (kit/search.py `containing`); and its count when the search
    already knows it. Puts the ids found in `values`.

    The index is asked once per request, and for no more hits than the count needs: the
    first FIRST_HITS. When they are all there are, the top-level measures they name go to the
    count and the page as one parameter (kit/search.py `among`). When there are more, a term
    this common fills the count's cap among the first hits alone (the list says "more than
    1,000") and a page of it is found in the first plans the page reads, row by row
    (`_mentions`), so the rest of the hits are never fetched. Only when the first hits do
    not fill the cap (many of them in the same measures, or in drafts the reader may not
    see) are all of them fetched."""
    connection = await session.connection()
    short = len(key) < TRIGRAM
    found = {**values, "first_hits": FIRST_HITS}
    first = list((await connection.execute(_first_hits(dialect, short), found)).scalars())
    among_first = replace(shape, among=dialect)
    # Too few measures among the first hits to fill the cap: no need to count them.
    if len(first) == FIRST_HITS and len(set(first)) > pagination.TOTAL_CAP:
        values["among_ids"] = ids_value(dialect, sorted(set(first)))
        total, capped = await connection.run_sync(_capped, _shaped_count(among_first), values)
        if capped:
            return replace(shape, mentions=True), (total, capped)
    if len(first) == FIRST_HITS:
        first = list((await connection.execute(_hits(dialect, short), values)).scalars())
    values["among_ids"] = ids_value(dialect, sorted(set(first)))
    return among_first, None


@cache
def _first_hits(dialect: str, short: bool) -> CompoundSelect[Any]:
    return _hits(dialect, short).limit(bindparam("first_hits"))


@cache
def _hits(dialect: str, short: bool) -> CompoundSelect[Any]:
    """The top-level measure of every measure or indicator whose text contains the key."""
    own = containing(
        dialect,
        select(func.coalesce(MeasureRow.parent_id, MeasureRow.id)),
        "measure_search",
        MeasureRow.id,
        MeasureRow.search_text,
        short=short,
    )
    found = containing(
        dialect,
        select(IndicatorRow.measure_id),
        "indicator_search",
        IndicatorRow.id,
        IndicatorRow.search_text,
        short=short,
    ).subquery()
    hit = aliased(MeasureRow)
    by_indicator = select(func.coalesce(hit.parent_id, hit.id)).join_from(
        found, hit, hit.id == found.c.measure_id
    )
    return own.union_all(by_indicator)


def _ordering(sort: MeasureSort) -> tuple[Any, ...]:
    columns = _key_columns(sort)
    return tuple(column.desc() for column in columns) if sort.startswith("-") else columns


@cache
def _one_placed(staff: bool) -> Select[*tuple[Any, ...]]:
    return _placed_for(staff).where(MeasureRow.id == bindparam("measure_id"))


async def measure_data(session: AsyncSession, subject: Subject, measure_id: int) -> Data:
    """One measure as GET /measures/{id} shows it, as plain data."""
    one = _one_placed(subject.is_staff)
    places = await plain_rows(session, one, {"measure_id": measure_id})
    if places:
        return (await _with_nodes(session, list(places)))[0]
    if not subject.is_staff and (found := await adopted.measure(session, measure_id)):
        return found.model_dump(mode="json")
    raise ResourceNotFound("Measure", "具體推動作法", measure_id)


async def get_measure(session: AsyncSession, subject: Subject, measure_id: int) -> Measure:
    """One measure as a schema, for writes that check and audit it."""
    return Measure.model_validate(await measure_data(session, subject, measure_id))

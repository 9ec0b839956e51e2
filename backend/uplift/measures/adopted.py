"""The measures of plans under amendment as their last adopted revision has them: what the
measure pages show everyone but staff while an amendment is open (plans/adopted.py keeps
the adopted view; this reads measures out of it)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.search import search_key
from uplift.measures.schemas import Measure, MeasureNode, StructureRef, SubItem
from uplift.models import Plan, PlanRevision, PlanStatus


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
    views = await session.execute(statement(wanted), parameters(wanted))
    return admitted(views, wanted)


async def measure(session: AsyncSession, measure_id: int) -> Measure | None:
    """The adopted measure with this id, if a plan under amendment has one: only that one is
    made into a Measure, not every measure of the plan."""
    everything = MeasureFilter()
    for plan_id, view in await session.execute(statement(everything), parameters(everything)):
        for dimension, strategy, node in _nodes_of(view["tree"]):
            if node["id"] == measure_id:
                return _measure(plan_id, dimension, strategy, node)
    return None


@cache
def _views(one_plan: bool) -> Select[tuple[int, Any]]:
    views = (
        select(Plan.id, PlanRevision.adopted_view)
        .join(PlanRevision, PlanRevision.plan_id == Plan.id)
        .where(
            Plan.status == PlanStatus.amending,
            PlanRevision.number == Plan.revision + 1,
            PlanRevision.adopted_view.is_not(None),
        )
    )
    return views.where(Plan.id == bindparam("plan_id")) if one_plan else views


def statement(wanted: MeasureFilter) -> Select[tuple[int, Any]]:
    """The adopted views `measures` reads, built once: run it with `parameters(wanted)` and
    hand its rows to `admitted`, where a caller reads it with other statements."""
    return _views(wanted.plan_id is not None)


def parameters(wanted: MeasureFilter) -> dict[str, Any]:
    return {"plan_id": wanted.plan_id}


def admitted(views: Iterable[Any], wanted: MeasureFilter) -> list[AdoptedMeasure]:
    """The measures in the adopted `views` (rows of `statement`) that `wanted` admits."""
    found: list[AdoptedMeasure] = []
    for plan_id, view in views:
        found.extend(m for m in _measures_of(plan_id, view["tree"]) if wanted.admits(m))
    return found


def _nodes_of(tree: dict[str, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """(dimension, strategy, measure node) of an adopted tree, in document order."""
    for dimension in tree["dimensions"]:
        for strategy in dimension["strategies"]:
            for node in strategy["measures"]:
                yield dimension, strategy, node


def _measure(plan_id: int, dimension: Any, strategy: Any, node: Any) -> Measure:
    return Measure.model_validate(
        {
            **node,
            "plan_id": plan_id,
            "dimension": StructureRef.model_validate(dimension),
            "strategy": StructureRef.model_validate(strategy),
        }
    )


def _measures_of(plan_id: int, tree: dict[str, Any]) -> Iterator[AdoptedMeasure]:
    for dimension, strategy, node in _nodes_of(tree):
        yield AdoptedMeasure(
            _measure(plan_id, dimension, strategy, node),
            dimension["position"],
            strategy["position"],
        )

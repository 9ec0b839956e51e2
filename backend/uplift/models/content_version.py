"""Every write to what a plan shows changes the plan's content version, by itself.

One `after_flush` listener looks at the rows a flush wrote (new, changed, deleted), finds
the plans they belong to and gives each a new version, so no write path can forget to. An
organisation's new name shows in every tree that names it, so a changed organisation gives
every plan a new version (renames are rare). Bulk UPDATE and DELETE statements pass no
flush: the only one on plan content (replacing a measure's owners) adds the new owners
through the session in the same flush, which counts.
"""

from typing import Any

from sqlalchemy import Select, event, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from uplift.kit.versions import new_version
from uplift.models.measure import Indicator, Measure, MeasureOwner
from uplift.models.organization import Organization
from uplift.models.plan import (
    Plan,
    PlanBasis,
    PlanRevision,
    PlanSection,
    ReviewRound,
    TargetCategory,
    TargetCategoryMember,
)
from uplift.models.structure import Dimension, Strategy

# Rows that name their plan directly.
_OWN_PLAN = (PlanBasis, PlanSection, ReviewRound, TargetCategory, Dimension, PlanRevision)


class _Touched:
    """The plans, and the parents whose plans are still to be looked up, a flush wrote to."""

    def __init__(self) -> None:
        self.plans: set[int] = set()
        self.all_plans = False
        self.categories: set[int] = set()
        self.dimensions: set[int] = set()
        self.strategies: set[int] = set()
        self.measures: set[int] = set()

    def add(self, row: Any) -> None:
        if isinstance(row, Plan):
            if row.id is not None:
                self.plans.add(row.id)
        elif isinstance(row, _OWN_PLAN):
            self.plans.add(row.plan_id)
        elif isinstance(row, TargetCategoryMember):
            self.categories.add(row.category_id)
        elif isinstance(row, Strategy):
            self.dimensions.add(row.dimension_id)
        elif isinstance(row, Measure):
            self.strategies.add(row.strategy_id)
        elif isinstance(row, MeasureOwner | Indicator):
            self.measures.add(row.measure_id)
        elif isinstance(row, Organization):
            self.all_plans = True

    def lookups(self) -> list[Select[Any]]:
        wanted: list[Select[Any]] = []
        if self.categories:
            wanted.append(
                select(TargetCategory.plan_id).where(TargetCategory.id.in_(self.categories))
            )
        if self.dimensions:
            wanted.append(select(Dimension.plan_id).where(Dimension.id.in_(self.dimensions)))
        if self.strategies:
            wanted.append(_plan_of_strategies(Strategy.id.in_(self.strategies)))
        if self.measures:
            in_measures = select(Measure.strategy_id).where(Measure.id.in_(self.measures))
            wanted.append(_plan_of_strategies(Strategy.id.in_(in_measures)))
        return wanted


def _plan_of_strategies(condition: Any) -> Select[Any]:
    return (
        select(Dimension.plan_id)
        .join(Strategy, Strategy.dimension_id == Dimension.id)
        .where(condition)
    )


def _written(session: Session) -> list[Any]:
    changed = [row for row in session.dirty if session.is_modified(row)]
    return [*session.new, *changed, *session.deleted]


@event.listens_for(Session, "after_flush")
def _bump_content_versions(session: Session, _context: Any) -> None:
    touched = _Touched()
    for row in _written(session):
        touched.add(row)
    if not (touched.plans or touched.all_plans or touched.lookups()):
        return
    connection = session.connection()
    plans = set(touched.plans)
    for lookup in touched.lookups():
        plans.update(plan_id for (plan_id,) in connection.execute(lookup))
    version = new_version()
    statement = update(Plan).values(content_version=version)
    if not touched.all_plans:
        if not plans:
            return
        statement = statement.where(Plan.id.in_(plans))
    connection.execute(statement.execution_options(synchronize_session=False))
    # The plans this session holds carry the new version too, without a reload.
    for row in session.identity_map.values():
        if isinstance(row, Plan) and (touched.all_plans or row.id in plans):
            set_committed_value(row, "content_version", version)

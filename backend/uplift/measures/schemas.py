from decimal import Decimal

from pydantic import BaseModel, Field

from uplift.kit.bounds import Id, Position, Text
from uplift.kit.pagination import KeysetPage
from uplift.kit.patch import Patch, not_null
from uplift.kit.roc_date import FlexibleDate
from uplift.kit.schema import Schema
from uplift.models import Comparison, Frequency
from uplift.organizations.schemas import OrganizationCode

# The tree's nodes belong to the plan the tree is of (plans/ sits below measures/); named
# here too, as the measure pages' own parts.
from uplift.plans.schemas import Indicator as Indicator
from uplift.plans.schemas import MeasureNode as MeasureNode
from uplift.plans.schemas import SubItem as SubItem


class StructureRef(Schema):
    id: int
    code: str
    name: str


class Measure(MeasureNode):
    """A measure with where it stands in its plan."""

    plan_id: int
    dimension: StructureRef
    strategy: StructureRef


class MeasurePage(KeysetPage[Measure]):
    pass


MAX_OWNERS = 50  # a measure shared by every enterprise the commission oversees has about 10


class MeasureCreate(BaseModel):
    code: Text | None = Field(None, max_length=16, description="(1), (2) …; null if unnumbered.")
    text: Text = Field(min_length=1, max_length=5000)
    organizations: list[OrganizationCode] = Field(
        min_length=1, max_length=MAX_OWNERS, description="Owner organisation codes."
    )
    position: Position | None = Field(None, description="0-based place; default: last.")


class MeasureUpdate(Patch):
    """Only the fields sent change; `code: null` leaves the measure unnumbered."""

    code: Text | None = Field(None, max_length=16)
    text: Text = not_null(min_length=1, max_length=5000)
    organizations: list[OrganizationCode] = not_null(min_length=1, max_length=MAX_OWNERS)
    position: Position = not_null()


class SubItemCreate(BaseModel):
    code: Text | None = Field(None, max_length=16, examples=["甲"])
    text: Text = Field(min_length=1, max_length=5000)
    position: Position | None = None


class SubItemUpdate(Patch):
    code: Text | None = Field(None, max_length=16)
    text: Text = not_null(min_length=1, max_length=5000)
    position: Position = not_null()


class IndicatorCreate(BaseModel):
    name: Text = Field(min_length=1, max_length=200)
    unit: Text | None = Field(None, max_length=32)
    target: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    comparison: Comparison
    frequency: Frequency
    due_date: FlexibleDate | None = None
    source_phrase: Text | None = Field(None, max_length=1000)
    baseline: Decimal | None = Field(
        None, max_digits=14, decimal_places=4, description="Only for increase_over_baseline."
    )
    inferred: bool = Field(False, description="A value not read from source_phrase.")
    inferred_reason: Text | None = Field(
        None, max_length=1000, description="Why; required when inferred."
    )
    sub_item_id: Id | None = Field(None, description="Attach to this sub-item, not the measure.")


class IndicatorUpdate(Patch):
    name: Text = not_null(min_length=1, max_length=200)
    unit: Text | None = Field(None, max_length=32)
    target: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    comparison: Comparison = not_null()
    frequency: Frequency = not_null()
    due_date: FlexibleDate | None = None
    source_phrase: Text | None = Field(None, max_length=1000)
    baseline: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    inferred: bool = not_null()
    inferred_reason: Text | None = Field(None, max_length=1000)

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field, computed_field

from uplift.kit.bounds import Id, Position, Text
from uplift.kit.pagination import KeysetPage
from uplift.kit.roc_date import FlexibleDate, format_roc
from uplift.kit.schema import Schema
from uplift.models import Comparison, Frequency
from uplift.organizations.schemas import OrganizationCode, OrganizationRef


class Indicator(Schema):
    """A checkable target of a measure."""

    id: int
    key: str
    name: str
    unit: str | None
    target: float | None
    comparison: Comparison
    frequency: Frequency
    due_date: date | None
    source_phrase: str | None = Field(description="The words of the measure it comes from.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def due_date_roc(self) -> str | None:
        return format_roc(self.due_date) if self.due_date else None


class SubItem(Schema):
    """A sub-item (甲 乙 丙) of a measure."""

    id: int
    key: str = Field(description="Stays the same across revisions and years.")
    code: str | None
    position: int
    text: str
    indicators: list[Indicator]


class MeasureNode(SubItem):
    """A measure as it stands in the plan's tree."""

    organizations: list[OrganizationRef] = Field(description="The enterprises responsible.")
    sub_items: list[SubItem]


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


class MeasureUpdate(BaseModel):
    """Only the fields sent change."""

    code: Text | None = Field(None, max_length=16)
    text: Text | None = Field(None, min_length=1, max_length=5000)
    organizations: list[OrganizationCode] | None = Field(None, min_length=1, max_length=MAX_OWNERS)
    position: Position | None = None


class SubItemCreate(BaseModel):
    code: Text | None = Field(None, max_length=16, examples=["甲"])
    text: Text = Field(min_length=1, max_length=5000)
    position: Position | None = None


class SubItemUpdate(BaseModel):
    code: Text | None = Field(None, max_length=16)
    text: Text | None = Field(None, min_length=1, max_length=5000)
    position: Position | None = None


class IndicatorCreate(BaseModel):
    name: Text = Field(min_length=1, max_length=200)
    unit: Text | None = Field(None, max_length=32)
    target: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    comparison: Comparison
    frequency: Frequency
    due_date: FlexibleDate | None = None
    source_phrase: Text | None = Field(None, max_length=1000)
    sub_item_id: Id | None = Field(None, description="Attach to this sub-item, not the measure.")


class IndicatorUpdate(BaseModel):
    name: Text | None = Field(None, min_length=1, max_length=200)
    unit: Text | None = Field(None, max_length=32)
    target: Decimal | None = Field(None, max_digits=14, decimal_places=4)
    comparison: Comparison | None = None
    frequency: Frequency | None = None
    due_date: FlexibleDate | None = None
    source_phrase: Text | None = Field(None, max_length=1000)

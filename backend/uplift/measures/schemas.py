from datetime import date

from pydantic import Field, computed_field

from uplift.kit.pagination import Page
from uplift.kit.roc_date import format_roc
from uplift.kit.schema import Schema
from uplift.models import Comparison, Frequency
from uplift.organizations.schemas import OrganizationRef


class Indicator(Schema):
    """A checkable target of a measure."""

    id: int
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


class MeasurePage(Page[Measure]):
    pass

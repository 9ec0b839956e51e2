from pydantic import BaseModel, Field

from uplift.kit.bounds import Position, Text
from uplift.kit.patch import Patch, not_null
from uplift.kit.schema import Schema


class DimensionCreate(BaseModel):
    code: Text = Field(min_length=1, max_length=16, examples=["六"])
    name: Text = Field(min_length=1, max_length=200)
    position: Position | None = Field(None, description="0-based place; default: last.")


class DimensionUpdate(Patch):
    code: Text = not_null(min_length=1, max_length=16)
    name: Text = not_null(min_length=1, max_length=200)
    position: Position = not_null()


class StrategyCreate(DimensionCreate):
    pass


class StrategyUpdate(DimensionUpdate):
    pass


class Dimension(Schema):
    """A dimension (面向) of a plan."""

    id: int
    key: str
    plan_id: int
    code: str
    name: str
    position: int


class Strategy(Schema):
    """An execution strategy (執行策略) of a dimension."""

    id: int
    key: str
    dimension_id: int
    plan_id: int
    code: str
    name: str
    position: int

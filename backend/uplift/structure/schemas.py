from pydantic import BaseModel, Field

from uplift.kit.schema import Schema


class DimensionCreate(BaseModel):
    code: str = Field(min_length=1, max_length=16, examples=["六"])
    name: str = Field(min_length=1, max_length=200)
    position: int | None = Field(None, ge=0, description="0-based place; default: last.")


class DimensionUpdate(BaseModel):
    code: str | None = Field(None, min_length=1, max_length=16)
    name: str | None = Field(None, min_length=1, max_length=200)
    position: int | None = Field(None, ge=0)


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

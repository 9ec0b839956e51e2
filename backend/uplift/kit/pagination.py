"""Page-number pagination with a hard maximum page size and the total."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Self, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

Item = TypeVar("Item")


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    page_size: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, at most {MAX_PAGE_SIZE}.")
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[Item]):
    """A page of a list; subclass it per item (``class MeasurePage(Page[Measure])``) so the
    OpenAPI document and the generated client get readable names."""

    items: list[Item]
    total: int = Field(description="How many items match, over all pages.")
    page: int
    page_size: int

    @classmethod
    def of(cls, rows: Iterable[Any], total: int, params: PageParams) -> Self:
        """A page of ORM rows, each validated into the item schema."""
        return cls.model_validate(
            {
                "items": list(rows),
                "total": total,
                "page": params.page,
                "page_size": params.page_size,
            },
            from_attributes=True,
        )


async def count(session: AsyncSession, statement: Select[Any]) -> int:
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return (await session.execute(counted)).scalar_one()

"""Pagination: page numbers for shallow pages, a keyset cursor for deep ones, a capped total.

A page number costs as many skipped rows as it lies deep; a cursor names the last row seen,
so every page after it costs the same. Counting every match of an unfiltered list grows
with the table, so lists that can grow without bound count up to TOTAL_CAP and say so.
"""

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, Self, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from uplift.kit.errors import InvalidParameter

MAX_PAGE_SIZE = 100
TOTAL_CAP = 1_000
DEFAULT_PAGE_SIZE = 20

Item = TypeVar("Item")


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
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


async def capped_count(session: AsyncSession, statement: Select[Any]) -> tuple[int, bool]:
    """How many rows match, counted up to TOTAL_CAP; and whether there were more."""
    limited = statement.order_by(None).limit(TOTAL_CAP + 1).subquery()
    found = (await session.execute(select(func.count()).select_from(limited))).scalar_one()
    return min(found, TOTAL_CAP), found > TOTAL_CAP


CursorParam = Annotated[
    str | None,
    Query(
        max_length=500,
        description="Continue after the last item of a page (the page's `next` link carries "
        "it). Costs the same at any depth, where `page` costs more the deeper it goes.",
    ),
]


def encode_cursor(sort: str, key: tuple[Any, ...]) -> str:
    """An opaque cursor: the order it was taken in and the sort key of the last row."""
    raw = json.dumps([sort, list(key)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    cursor: str, sort: str, length: int, of: type | tuple[type, ...] = object
) -> tuple[Any, ...]:
    """The sort key a cursor carries, each part an instance of `of`; 422 when it is not one
    this list gave for `sort`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        taken, key = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        taken, key = None, None
    if (
        taken != sort
        or not isinstance(key, list)
        or len(key) != length
        or not all(_key_part(part, of) for part in key)
    ):
        raise InvalidParameter(
            "cursor",
            "query",
            "Not a cursor this list gave for this sort order: start again from the first page",
            "不是本列表依此排序提供的游標，請從第一頁重新開始",
        )
    return tuple(key)


def _key_part(part: Any, of: type | tuple[type, ...]) -> bool:
    """A part of a sort key: of the list's type; a number within an INTEGER column's range,
    as every integer key column is (a larger one is no row's, and the database refuses it)."""
    if isinstance(part, bool) or not isinstance(part, of):
        return False
    return not isinstance(part, int) or -(2**31) <= part < 2**31


def next_link(request: Request, sort: str, last_key: tuple[Any, ...] | None) -> str | None:
    """The URL of the page after the one ending at `last_key` (None: this was the last):
    the same request, by cursor instead of page number."""
    if last_key is None:
        return None
    cursor = encode_cursor(sort, last_key)
    return str(request.url.remove_query_params("page").include_query_params(cursor=cursor))


@dataclass(frozen=True)
class Listing(Generic[Item]):
    """A page of a list as its query found it: the items, the total (capped), and the sort
    key the next page starts after (None: this is the last)."""

    items: list[Item]
    total: int
    total_capped: bool
    next_key: tuple[Any, ...] | None

    def page_fields(self, request: Request, page: PageParams, sort: str) -> dict[str, Any]:
        """The fields of its KeysetPage: the items, counts and the link to the next page."""
        return {
            "items": self.items,
            "total": self.total,
            "page": page.page,
            "page_size": page.page_size,
            "total_capped": self.total_capped,
            "next": next_link(request, sort, self.next_key),
        }


class KeysetPage(Page[Item], Generic[Item]):
    """A page of a list that may grow without bound."""

    total: int = Field(
        description=f"How many items match, over all pages, counted up to {TOTAL_CAP:,}; "
        "`total_capped` says when there are more."
    )
    total_capped: bool = Field(
        description=f"More than {TOTAL_CAP:,} items match; `total` stops there."
    )
    next: str | None = Field(
        description="The URL of the page after this one (by `cursor`); null on the last page."
    )


def after_updated(
    key: tuple[Any, ...],
    updated_at: InstrumentedAttribute[datetime],
    id_: InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    """Rows after a cursor's (updated_at, id) key, the order of lists that systems sync by
    `updated_since`; 422 naming `cursor` when the key is not such a pair."""
    moment, last_id = key
    try:
        at = datetime.fromisoformat(moment) if isinstance(moment, str) else None
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or not isinstance(last_id, int):
        raise InvalidParameter(
            "cursor",
            "query",
            "Not a cursor this list gave: start again from the first page",
            "不是本列表提供的游標，請從第一頁重新開始",
        )
    # A row comparison: the (updated_at, id) index starts at the key, at any depth.
    return tuple_(updated_at, id_) > tuple_(literal(at, updated_at.type), last_id)

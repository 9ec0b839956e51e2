"""Reading the organisation tree, and finding the organisation a parameter names."""

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.pagination import PageParams, count
from uplift.models import Organization, OrganizationKind


async def list_organizations(
    session: AsyncSession,
    page: PageParams,
    *,
    kind: OrganizationKind | None = None,
    parent: str | None = None,
) -> tuple[Sequence[Organization], int]:
    statement: Select[Organization] = select(Organization)
    if kind is not None:
        statement = statement.where(Organization.kind == kind)
    if parent is not None:
        parent_row = await by_code(session, parent, parameter="parent")
        statement = statement.where(Organization.parent_id == parent_row.id)
    total = await count(session, statement)
    rows = await session.scalars(
        statement.order_by(Organization.position, Organization.id)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return rows.all(), total


async def by_code(
    session: AsyncSession, code: str, *, parameter: str, location: str = "query"
) -> Organization:
    """The organisation a parameter names, or a 422 naming the parameter."""
    organization = await session.scalar(select(Organization).where(Organization.code == code))
    if organization is None:
        raise InvalidParameter(
            parameter,
            location,
            f"There is no organisation with code {code!r}",
            f"沒有代碼為「{code}」的機關",
        )
    return organization


async def get_organization(
    session: AsyncSession, code: str, *, for_update: bool = False
) -> Organization:
    """The organisation with this code, locked for a write when asked; 404 otherwise."""
    statement = select(Organization).where(Organization.code == code)
    organization = await session.scalar(statement.with_for_update() if for_update else statement)
    if organization is None:
        raise ResourceNotFound("Organisation", "機關", code)
    return organization

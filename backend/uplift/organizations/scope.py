"""An organisation with everything below it: what an enterprise subject may see."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Organization


def subtree(organization_id: int) -> Select[int]:
    """The ids of the organisation and all its units, at any depth: one recursive CTE (the
    same SQL on SQLite and PostgreSQL), to use inside another query with `.in_()`."""
    tree = (
        select(Organization.id)
        .where(Organization.id == organization_id)
        .cte("tree", recursive=True)
    )
    tree = tree.union_all(select(Organization.id).where(Organization.parent_id == tree.c.id))
    return select(tree.c.id)


async def subtree_ids(session: AsyncSession, organization_id: int) -> list[int]:
    """The same ids, fetched: for a membership test in Python."""
    return list((await session.scalars(subtree(organization_id))).all())

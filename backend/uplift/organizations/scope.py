"""An organisation with everything below it: what an enterprise subject may see."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Organization


async def subtree_ids(session: AsyncSession, organization_id: int) -> list[int]:
    """The organisation and all its units, at any depth, in one recursive query."""
    tree = (
        select(Organization.id)
        .where(Organization.id == organization_id)
        .cte("tree", recursive=True)
    )
    tree = tree.union_all(select(Organization.id).where(Organization.parent_id == tree.c.id))
    return list((await session.scalars(select(tree.c.id))).all())

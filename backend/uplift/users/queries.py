"""Reading accounts."""

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import PageParams, count
from uplift.models import Role, User
from uplift.organizations.queries import by_code


async def list_users(
    session: AsyncSession,
    page: PageParams,
    *,
    role: Role | None = None,
    organization: str | None = None,
    active: bool | None = None,
) -> tuple[Sequence[User], int]:
    statement: Select[User] = select(User)
    if role is not None:
        statement = statement.where(User.role == role)
    if organization is not None:
        org = await by_code(session, organization, parameter="organization")
        statement = statement.where(User.organization_id == org.id)
    if active is not None:
        statement = statement.where(User.is_active.is_(active))
    total = await count(session, statement)
    rows = await session.scalars(
        statement.options(joinedload(User.organization))
        .order_by(User.username)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return rows.all(), total


async def get_user(session: AsyncSession, user_id: int, *, for_update: bool = False) -> User:
    statement = select(User).where(User.id == user_id).options(joinedload(User.organization))
    user = await session.scalar(statement.with_for_update(of=User) if for_update else statement)
    if user is None:
        raise ResourceNotFound("User", "使用者", user_id)
    return user

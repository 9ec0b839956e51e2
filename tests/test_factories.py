"""The factories build what they say, without HTTP, in the test's transaction."""

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.auth.secrets import digest
from uplift.config import DEFAULT_SECRET
from uplift.models import Dimension, Measure, MeasureOwner, Role, Strategy


async def test_a_plan_with_its_structure(session: AsyncSession) -> None:
    owner = await factories.organization(session)
    plan = await factories.plan(session, owner=owner, dimensions=2, strategies=3, measures=4)

    def counted(model: type, *where: object) -> object:
        return select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]

    dimensions = await session.scalar(counted(Dimension, Dimension.plan_id == plan.id))
    strategies = await session.scalar(
        counted(
            Strategy,
            Strategy.dimension_id.in_(select(Dimension.id).where(Dimension.plan_id == plan.id)),
        )
    )
    owned = await session.scalar(counted(MeasureOwner, MeasureOwner.organization_id == owner.id))
    assert (dimensions, strategies, owned) == (2, 6, 24)
    assert await session.scalar(select(Measure.search_text).where(Measure.id.is_not(None)).limit(1))


async def test_a_user_and_a_token_that_authenticates_as_them(
    session: AsyncSession, client: AsyncClient
) -> None:
    tree = await factories.enterprise_with_units(session)
    reporter = await factories.user(
        session, role=Role.enterprise_reporter, organization_id=tree.enterprise.id
    )
    token, secret = await factories.token(session, reporter, ["progress:write"])
    assert token.token_hash == digest(DEFAULT_SECRET, secret)
    assert token.organization_id == tree.enterprise.id and token.created_by_id == reporter.id
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200, me.text

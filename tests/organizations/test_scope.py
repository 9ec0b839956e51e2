"""An organisation's subtree: itself and every unit below it, in one query."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.auth.visibility import subtree, subtree_ids
from uplift.models import Organization


async def test_the_subtree_holds_every_level_and_nothing_beside_it(
    session: AsyncSession, count_queries: Callable[[], Any]
) -> None:
    tree = await factories.enterprise_with_units(session, units=2, sub_units=2)
    neighbour = await factories.enterprise_with_units(session, units=1, sub_units=0)

    with count_queries() as queries:
        ids = await subtree_ids(session, tree.enterprise.id)

    assert len(queries) == 1
    expected = {tree.enterprise.id, *(u.id for u in tree.units), *(u.id for u in tree.sub_units)}
    assert set(ids) == expected and len(ids) == 5
    assert not {neighbour.enterprise.id, neighbour.units[0].id} & set(ids)


async def test_a_unit_s_subtree_is_the_unit_and_its_own_units(session: AsyncSession) -> None:
    tree = await factories.enterprise_with_units(session, units=2, sub_units=1)
    assert set(await subtree_ids(session, tree.units[0].id)) == {
        tree.units[0].id,
        tree.sub_units[0].id,
    }
    assert await subtree_ids(session, tree.sub_units[0].id) == [tree.sub_units[0].id]


async def test_the_subtree_narrows_another_query(session: AsyncSession) -> None:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=1)
    codes = await session.scalars(
        select(Organization.code).where(Organization.id.in_(subtree(tree.units[0].id)))
    )
    assert set(codes) == {tree.units[0].code, tree.sub_units[0].code}


async def test_an_unknown_organisation_has_an_empty_subtree(session: AsyncSession) -> None:
    assert await subtree_ids(session, 987654) == []

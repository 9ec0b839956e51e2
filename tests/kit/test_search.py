"""Ids handed to a statement as one parameter, however many; a search's pattern written
into its statement."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.search import among, contains, search_values
from uplift.models import Measure


async def test_more_ids_than_a_statement_may_have_parameters_are_one_parameter(
    session: AsyncSession,
) -> None:
    dialect = session.get_bind().dialect.name
    real = list(await session.scalars(select(Measure.id).order_by(Measure.id).limit(3)))
    ids = [*real, *range(10_000_000, 10_040_000)]  # SQLite allows 32,766 parameters
    found = select(Measure.id).where(among(dialect, Measure.id, ids)).order_by(Measure.id)
    assert list(await session.scalars(found)) == real


async def test_no_ids_match_nothing(session: AsyncSession) -> None:
    dialect = session.get_bind().dialect.name
    counted = select(func.count()).where(among(dialect, Measure.id, []))
    assert await session.scalar(counted) == 0


async def test_the_statement_is_the_same_whatever_the_ids(session: AsyncSession) -> None:
    """One compiled statement for every search, kept in SQLAlchemy's cache."""
    dialect = session.get_bind().dialect.name
    rows = union_all(select(literal(1).label("id")), select(literal(2).label("id"))).subquery()
    one, two = (select(rows.c.id).where(among(dialect, rows.c.id, ids)) for ids in ([1], [1, 2, 3]))
    bind = session.get_bind()
    assert str(one.compile(bind)) == str(two.compile(bind))
    assert list(await session.scalars(two.order_by(rows.c.id))) == [1, 2]


async def test_a_pattern_is_matched_as_text_whatever_it_holds(session: AsyncSession) -> None:
    """The pattern is written into the statement (kit/search.py `contains`): wildcards, the
    escape character and quotes in it are matched as themselves."""
    texts = ["a100%_o'k/\\b", "a100x_o'k/\\b", "a100%xo'k/\\b", "a100%_o'k/b"]
    rows = union_all(*(select(literal(text).label("text")) for text in texts)).subquery()
    found = select(rows.c.text).where(contains(rows.c.text))
    values = search_values(session.get_bind().dialect.name, "100%_o'k/\\")
    assert list(await session.scalars(found, values)) == ["a100%_o'k/\\b"]


async def test_the_pattern_travels_in_the_statement(
    session: AsyncSession, count_queries: Callable[[], Any]
) -> None:
    found = select(Measure.id).where(contains(Measure.search_text))
    values = search_values(session.get_bind().dialect.name, "電子發票")
    with count_queries() as queries:
        assert list(await session.scalars(found, values))
    assert "'%電子發票%'" in queries[0].replace("%%", "%")

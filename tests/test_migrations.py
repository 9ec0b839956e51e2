"""The migrations build the schema the models describe, and undo it cleanly."""

from sqlalchemy import create_engine, inspect

from tests.fixtures.database import recreate_database, sibling_database_url
from uplift.kit import migrations
from uplift.kit.db_url import sync_url


def _tables(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_match_models_and_round_trip(database_url: str) -> None:
    url = sibling_database_url(database_url, "migrations")
    recreate_database(url)
    migrations.upgrade(url)
    migrations.check(url)  # raises when autogenerate would find a difference
    created = _tables(url)
    assert {"plans", "measures", "organizations", "indicators"} <= created
    migrations.downgrade(url, "base")
    assert _tables(url) == set()
    migrations.upgrade(url)
    assert _tables(url) == created

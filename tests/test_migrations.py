"""The migrations build the schema the models describe, and undo it cleanly."""

import asyncio
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text, update

from tests.fixtures.database import recreate_database, sibling_database_url
from uplift.kit import migrations
from uplift.kit.db import create_engine as create_async_engine
from uplift.kit.db import create_sessionmaker
from uplift.kit.db_url import sync_url
from uplift.seed.loader import BUILT_IN, load, read_seed_file


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


def _migration_module(name: str) -> ModuleType:
    path = Path(__file__).parents[1] / "migrations" / "versions" / name
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_INDICATOR_COLUMNS = (
    "source_phrase, unit, target, comparison, frequency, due_date, inferred, inferred_reason"
)


def _indicators(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {_INDICATOR_COLUMNS} FROM indicators ORDER BY id"))
        return [tuple(row) for row in rows]


def _kept_plan_fields(engine: Engine) -> dict[str, Any]:
    """Revision 1's snapshot of the 107 plan, as kept in plan_revisions."""
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT snapshot FROM plan_revisions WHERE number = 1")).scalar()
    document = json.loads(kept) if isinstance(kept, str) else kept
    assert isinstance(document, dict)
    return document


def _seeded(url: str) -> None:
    """A fresh database at the newest schema, with the 107 plan loaded."""
    recreate_database(url)
    migrations.upgrade(url)

    async def seed() -> None:
        engine = create_async_engine(url)
        try:
            async with create_sessionmaker(engine).begin() as session:
                await load(session, read_seed_file(BUILT_IN))
        finally:
            await engine.dispose()

    asyncio.run(seed())


def test_the_migration_corrects_a_107_plan_loaded_before_it(database_url: str) -> None:
    """A database seeded with the old guesses holds, after the upgrade, what the data set now
    says; an indicator edited since the seed is left alone."""
    url = sibling_database_url(database_url, "correction")
    _seeded(url)
    engine = create_engine(sync_url(url))
    try:
        now = _indicators(engine)
        assert len(now) == 20
        migration = _migration_module("20261127_indicators_say_what_the_source_says.py")
        with engine.begin() as conn:  # back to what the old seed wrote
            for phrase, old, new in migration.CORRECTIONS:
                values = dict(zip(migration._OLD, old, strict=True))
                conn.execute(
                    update(migration.indicators)
                    .where(migration.indicators.c.source_phrase == new.get("source_phrase", phrase))
                    .values(source_phrase=phrase, inferred=False, inferred_reason=None, **values)
                )
            conn.execute(text("UPDATE plan_sections SET title = '補充規定' WHERE heading = '捌'"))
            # someone has since set a target on one of them: that one is theirs
            conn.execute(
                text("UPDATE indicators SET target = 5 WHERE source_phrase = '調查表回收率'")
            )
        before = _indicators(engine)
        assert sum(a != b for a, b in zip(before, now, strict=True)) == 18
        migrations.downgrade(url, "9e4b2c7d1a05")
        assert set(_kept_plan_fields(engine)) >= {"principles"}
        migrations.upgrade(url)
        kept = _kept_plan_fields(engine)
        assert kept["core_values"] == ["公平共享", "參與合作", "開放透明"]
        assert "principles" not in kept
        after = _indicators(engine)
        edited = [i for i, row in enumerate(after) if row[0] == "調查表回收率"]
        assert [after[i][3:5] for i in edited] == [("report_only", "half_yearly")]
        assert [row for i, row in enumerate(after) if i not in edited] == [
            row for i, row in enumerate(now) if i not in edited
        ]
        with engine.connect() as conn:
            titles = conn.execute(
                text("SELECT heading, title FROM plan_sections ORDER BY position")
            )
            assert ("捌", None) in [tuple(row) for row in titles]
    finally:
        engine.dispose()


def test_the_standings_migration_sums_up_the_reports_stored_before_it(database_url: str) -> None:
    """Reports stored before the progress matrix read summed-up standings have theirs after
    the upgrade: down to the revision before the table, up again, and the matrix's rows are
    there, saying what the reports say."""
    url = sibling_database_url(database_url, "standings")
    _seeded(url)
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            plan, year = conn.execute(text("SELECT id, year FROM plans")).one()
            measure = conn.execute(text("SELECT key FROM measures LIMIT 1")).scalar()
            organization = conn.execute(
                text("SELECT id FROM organizations WHERE parent_id IS NOT NULL LIMIT 1")
            ).scalar()
            for period, submitted in ((f"{year}-H1", f"{year}-06-20 02:00:00"), (str(year), None)):
                conn.execute(
                    text(
                        "INSERT INTO progress_reports (plan_id, measure_key, organization_id, "
                        "period, current_status, submitted_status, state, version, "
                        "submitted_version, created_at, updated_at, submitted_at) VALUES "
                        "(:plan, :measure, :organization, :period, 'on_track', :status, "
                        ":state, 1, :submitted_version, :now, :now, :submitted)"
                    ),
                    {
                        "plan": plan, "measure": measure, "organization": organization,
                        "period": period, "status": "on_track" if submitted else None,
                        "state": "submitted" if submitted else "draft",
                        "submitted_version": 1 if submitted else None,
                        "now": f"{year}-06-20 02:00:00", "submitted": submitted,
                    },
                )  # fmt: skip
        migrations.downgrade(url, "5b0c3e1f7a2d")
        assert "progress_standings" not in _tables(url)
        migrations.upgrade(url)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT plan_id, measure_key, organization_id, current_reports, "
                    "submitted_reports, current_drafts, submitted_drafts, submitted_late "
                    "FROM progress_standings"
                )
            ).all()
        assert [tuple(row) for row in rows] == [(plan, measure, organization, 2, 1, 1, 0, 0)]
    finally:
        engine.dispose()

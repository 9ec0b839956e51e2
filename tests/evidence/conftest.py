"""The progress world (tests/progress/conftest.py), a storage directory of the test's own
and a small evidence size limit."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.tokens import bearer
from tests.progress.conftest import World, world  # noqa: F401  # the fixture, reused
from uplift.config import Settings

MAX_BYTES = 4096


@pytest.fixture
def storage(tmp_path: Path) -> Path:
    return tmp_path / "storage"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, storage: Path) -> Settings:
    return Settings(
        database_url=database_url,
        frontend_dist=tmp_path / "no-frontend",
        storage_dir=storage,
        evidence_max_bytes=MAX_BYTES,
    )


@pytest.fixture
async def reporter(session: AsyncSession, world: World) -> dict[str, str]:  # noqa: F811
    return await bearer(session, world.reporter.user_id, ["progress:read", "progress:write"])


@pytest.fixture
async def other_reporter(session: AsyncSession, world: World) -> dict[str, str]:  # noqa: F811
    return await bearer(session, world.other_reporter.user_id, ["progress:read", "progress:write"])


@pytest.fixture
async def reviewer(session: AsyncSession, world: World) -> dict[str, str]:  # noqa: F811
    return await bearer(session, world.reviewer.user_id, ["progress:read", "progress:review"])

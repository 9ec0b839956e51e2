"""The kept tree as the app runs in production: reads in autocommit on PostgreSQL, a BEGIN on
SQLite, each request on its own connection. The suite's `client` shares one test
transaction, so only here does a read really keep what it built for the next worker."""

from pathlib import Path

from sqlalchemy import select

from tests.fixtures import factories
from tests.fixtures.committed import (
    CommittedApp,
    committed,
    committed_app,
    committed_database_url,
)
from uplift.models import PlanSnapshot, PlanStatus

__all__ = ["committed", "committed_database_url"]  # fixtures


async def test_a_read_keeps_the_tree_for_every_worker(
    committed: CommittedApp, tmp_path: Path
) -> None:
    async with committed.sessionmaker() as session:
        owner = await factories.organization(session)
        plan = await factories.plan(session, owner=owner, dimensions=1, strategies=1, measures=1)
        plan.status = PlanStatus.published
        await session.commit()
        url = f"/api/v1/plans/{plan.id}/tree"
    async with committed.client() as http:
        built = await http.get(url)
    assert built.status_code == 200
    async with committed.sessionmaker() as session:
        kept = (
            await session.scalars(select(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id))
        ).all()
    assert [(row.etag, row.body) for row in kept] == [(built.headers["etag"], built.content)]

    # Another worker (its own app and engine on the same database) serves what was kept.
    settings = committed.settings
    async with committed_app(settings.database_url, tmp_path) as other, other.client() as http:
        again = await http.get(url)
        revalidated = await http.get(url, headers={"If-None-Match": built.headers["etag"]})
    assert (again.status_code, again.content) == (200, built.content)
    assert revalidated.status_code == 304

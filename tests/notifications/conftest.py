"""The follow-ups' world (an enterprise with a unit and another, a tracked follow-up of each,
due 2018-07-30), people with notification scopes, and the worker's sessions."""

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures import factories
from tests.fixtures.committed import committed_database_url
from tests.fixtures.smtp import smtp
from tests.follow_ups.conftest import World, settings, world
from uplift.kit import outbox
from uplift.models import Role, User

__all__ = ["committed_database_url", "settings", "smtp", "world"]
SCOPES = ["notifications:read", "notifications:write", "findings:read", "responses:write"]
POLICY = outbox.RetryPolicy(max_attempts=3, backoff_seconds=1)


@dataclass
class Person:
    user: User
    headers: dict[str, str]


async def person(session: AsyncSession, role: Role, organization_id: int | None) -> Person:
    user = await factories.user(session, role=role, organization_id=organization_id)
    scopes = [s for s in SCOPES if role == Role.enterprise_reporter or not s.startswith("resp")]
    _, secret = await factories.token(session, user, scopes)
    return Person(user, {"Authorization": f"Bearer {secret}", "Accept-Language": "en"})


@dataclass
class People:
    world: World
    reporter: Person
    unit_reporter: Person
    other_reporter: Person
    reviewer: Person
    admin: Person
    panel: Person


@pytest.fixture
async def people(session: AsyncSession, world: World) -> People:
    return People(
        world,
        reporter=await person(session, Role.enterprise_reporter, world.enterprise.id),
        unit_reporter=await person(session, Role.enterprise_reporter, world.unit.id),
        other_reporter=await person(session, Role.enterprise_reporter, world.other.id),
        reviewer=await person(session, Role.reviewer, None),
        admin=await person(session, Role.administrator, None),
        panel=await person(session, Role.panel_member, None),
    )


@pytest.fixture
def worker_sessions(session: AsyncSession) -> async_sessionmaker[AsyncSession]:
    """The worker's own sessions, on the test's connection: each commits a savepoint."""
    return async_sessionmaker(
        bind=session.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


async def run_jobs(sessions: async_sessionmaker[AsyncSession]) -> int:
    return await outbox.run_due(sessions, POLICY)

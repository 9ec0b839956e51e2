"""The API does what its OpenAPI document says: schemathesis sends every operation bounded,
generated requests, anonymously and as each role's demo account, with every check on (but
the few marked EXCLUDED below). No 500, no status the document does not list, no response
that breaks its schema.

It runs against the real application, lifespan and all, on a database of its own: the
generated writes commit, so they stay out of the suite's shared database.
"""

import asyncio
import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import load_plan_and_demo_accounts
from tests.fixtures import database
from tests.fixtures.tokens import bearer_for
from uplift.auth.policy import Policy, policies_of
from uplift.config import Settings
from uplift.kit import migrations
from uplift.kit.db import create_engine
from uplift.kit.routes import api_routes
from uplift.main import create_app
from uplift.models import Role

# More for a deeper search by hand: UPLIFT_CONTRACT_EXAMPLES=50 pytest tests/test_contract.py
EXAMPLES_PER_OPERATION = int(os.environ.get("UPLIFT_CONTRACT_EXAMPLES", "3"))

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 107,  # the same requests every run, so a failure reproduces
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            "no-shrink": True,  # a failure prints its request; shrinking would cost minutes
        },
        "phases": {
            "stateful": {"enabled": False},
            "coverage": {"generate-duplicate-query-parameters": False},
        },
        "checks": {
            "positive_data_acceptance": {
                # A schema cannot say which organisation codes exist, that a change to
                # something existing needs If-Match (428, or 412 with a made-up ETag), or
                # that an uploaded file must be a plan (415 for a picture).
                "expected-statuses": [
                    *("2xx", "3xx", "401", "403", "404", "409", "412", "415", "422", "428", "429")
                ]
            },
        },
    }
)


# Loaded when the module is: schemathesis makes one test per operation as pytest collects.
SETTINGS = Settings(
    database_url=database.sibling_database_url(database.test_database_url(), "contract"),
    frontend_dist=Path("no-frontend"),
)
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
async def contract_database() -> None:
    """Built, migrated and seeded before the first request; the app connects lazily."""
    database.recreate_database(SETTINGS.database_url)
    migrations.upgrade(SETTINGS.database_url)
    engine = create_engine(SETTINGS.database_url)
    await load_plan_and_demo_accounts(engine)
    await engine.dispose()


async def _mint(settings: Settings, role: Role) -> str:
    engine = create_engine(settings.database_url)
    try:
        async with engine.begin() as connection, AsyncSession(bind=connection) as session:
            return await bearer_for(session, settings, role)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def credentials() -> Callable[[Role | None, str], dict[str, str]]:
    """Headers for a role's demo account, with a token minted as each operation's run starts:
    a generated DELETE /tokens/{id} may revoke any token made before it."""

    @functools.cache
    def for_operation(role: Role | None, operation: str) -> dict[str, str]:
        if role is None:
            return {}
        return {"Authorization": f"Bearer {asyncio.run(_mint(SETTINGS, role))}"}

    return for_operation


def _operations_of(role: Role | None) -> list[str]:
    """Anonymous callers try what is public; a role, what only its policies let it do. The
    policy matrix in tests/auth checks that each is refused the rest."""
    document = APP.openapi()
    return [
        document["paths"][route.path][method.lower()]["operationId"]
        for route in api_routes(APP)
        for method in sorted(route.methods)
        if _for_whom(policies_of(route.dependant)[0], role)
    ]


def _for_whom(policy: Policy, role: Role | None) -> bool:
    return policy.public if role is None else not policy.public and policy.allows(role)


def _keeps_its_contract(role: Role | None) -> Callable[..., None]:
    @schema.include(operation_id=_operations_of(role)).parametrize()
    def test(case: schemathesis.Case, credentials: Callable[..., dict[str, str]]) -> None:
        case.call_and_validate(headers=credentials(role, case.operation.label))

    return test


test_the_contract_holds_for_anonymous_callers = _keeps_its_contract(None)
test_the_contract_holds_for_administrators = _keeps_its_contract(Role.administrator)
test_the_contract_holds_for_reviewers = _keeps_its_contract(Role.reviewer)
test_the_contract_holds_for_panel_members = _keeps_its_contract(Role.panel_member)
test_the_contract_holds_for_enterprise_reporters = _keeps_its_contract(Role.enterprise_reporter)

"""Every route declares who may call it; each role gets the answer the declaration says."""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.tokens import ROLE_ACCOUNTS, bearer_for
from uplift.auth.policy import Policy, policies_of
from uplift.config import Settings
from uplift.kit.routes import api_routes
from uplift.models import Role


def test_every_route_declares_exactly_one_policy(app: FastAPI) -> None:
    assert len(api_routes(app)) > 40, "the walk finds the routes (included routers too)"
    undeclared = [
        f"{sorted(route.methods)} {route.path}"
        for route in api_routes(app)
        if len(policies_of(route.dependant)) != 1
    ]
    assert undeclared == []


@pytest.mark.parametrize("role", [None, *ROLE_ACCOUNTS])
async def test_each_role_gets_what_the_policies_declare(
    app: FastAPI, session: AsyncSession, settings: Settings, role: Role | None
) -> None:
    headers = {"Accept-Language": "en"}
    if role is not None:
        headers["Authorization"] = f"Bearer {await bearer_for(session, settings, role)}"
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    wrong: list[str] = []
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        for route in api_routes(app):
            (policy,) = policies_of(route.dependant)
            # Not 1: DELETE /tokens/1 could revoke the matrix's own token midway.
            path = re.sub(r"\{[^}]+\}", "999999", route.path)
            for method in sorted(route.methods):
                body: dict[str, Any] | None = {} if method in {"POST", "PATCH", "PUT"} else None
                response = await http.request(method, path, json=body, headers=headers)
                expected = _expected(policy, role)
                if not expected(response.status_code):
                    wrong.append(f"{method} {route.path} as {role}: {response.status_code}")
    assert wrong == []


def _expected(policy: Policy, role: Role | None) -> Any:
    if policy.allows(role) and not (role is None and not policy.public):
        return lambda status: status not in (401, 403)
    return lambda status: status == (401 if role is None else 403)

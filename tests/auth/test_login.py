from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import DEMO_PASSWORDS
from uplift.config import Settings
from uplift.kit.db import utcnow
from uplift.main import create_app
from uplift.models import AuditEvent, User, UserSession


async def login(client: AsyncClient, username: str, password: str) -> Any:
    return await client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )


async def test_signing_in_sets_an_httponly_session_and_returns_me(client: AsyncClient) -> None:
    response = await login(client, "Reviewer", DEMO_PASSWORDS["reviewer"])  # any letter case
    assert response.status_code == 200
    me = response.json()
    assert (me["username"], me["role"], me["via"]) == ("reviewer", "reviewer", "session")
    assert "plans:write" in me["scopes"]
    cookie = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookie if c.startswith("uplift_session="))
    assert "httponly" in session_cookie.lower() and "samesite=lax" in session_cookie.lower()
    again = await client.get("/api/v1/auth/me")
    assert again.json()["csrf_token"] == me["csrf_token"]


async def test_wrong_password_and_unknown_user_answer_alike(client: AsyncClient) -> None:
    wrong = await login(client, "reviewer", "not-the-password")
    unknown = await login(client, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"] == "帳號或密碼錯誤"
    assert "set-cookie" not in wrong.headers


async def test_me_without_credentials_is_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/auth/me", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json()["title"] == "Authentication required"


async def test_signing_out_ends_the_session_on_the_server(client: AsyncClient) -> None:
    me = (await login(client, "admin", DEMO_PASSWORDS["admin"])).json()
    stolen_cookie = client.cookies["uplift_session"]
    response = await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": me["csrf_token"]})
    assert response.status_code == 204
    client.cookies.set("uplift_session", stolen_cookie)  # replaying the old cookie
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_changes_with_a_session_need_the_csrf_token(client: AsyncClient) -> None:
    await login(client, "admin", DEMO_PASSWORDS["admin"])
    missing = await client.post("/api/v1/auth/logout")
    assert missing.status_code == 403
    assert "X-CSRF-Token" in missing.json()["detail"]
    wrong = await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert (await client.get("/api/v1/auth/me")).status_code == 200  # still signed in


async def test_sessions_expire(client: AsyncClient, session: AsyncSession) -> None:
    await login(client, "panel", DEMO_PASSWORDS["panel"])
    await session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_disabled_accounts_cannot_sign_in(client: AsyncClient, session: AsyncSession) -> None:
    await session.execute(update(User).where(User.username == "panel").values(is_active=False))
    response = await login(client, "panel", DEMO_PASSWORDS["panel"])
    assert response.status_code == 401


async def test_sign_ins_are_audited(client: AsyncClient, session: AsyncSession) -> None:
    await login(client, "reviewer", "wrong-password")
    await login(client, "reviewer", DEMO_PASSWORDS["reviewer"])
    actions = (await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))).all()
    assert actions[-2:] == ["sign_in_failed", "sign_in"]


async def test_repeated_failures_per_account_are_throttled(client: AsyncClient) -> None:
    for _ in range(5):
        assert (await login(client, "reviewer", "wrong-password")).status_code == 401
    throttled = await login(client, "reviewer", DEMO_PASSWORDS["reviewer"])
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert throttled.headers["content-type"] == "application/problem+json"
    # Another account from the same address is not locked by it.
    assert (await login(client, "admin", DEMO_PASSWORDS["admin"])).status_code == 200


async def test_repeated_failures_per_address_are_throttled(
    settings: Settings, session: AsyncSession, app: FastAPI
) -> None:
    strict = create_app(settings.model_copy(update={"login_failures_per_address": 3}))
    strict.dependency_overrides = app.dependency_overrides
    transport = ASGITransport(app=strict)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        for name in ("a-user", "b-user", "c-user"):
            assert (await login(http, name, "wrong-password")).status_code == 401
        assert (await login(http, "admin", DEMO_PASSWORDS["admin"])).status_code == 429

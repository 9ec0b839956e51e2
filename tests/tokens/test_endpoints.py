from collections.abc import Callable
from typing import Any

from httpx import AsyncClient


async def create(http: AsyncClient, **body: Any) -> Any:
    payload = {"name": "營業處系統", "scopes": ["progress:write", "plans:read"], **body}
    return await http.post("/api/v1/tokens", json=payload)


async def test_reporter_creates_a_token_shown_once_that_works_as_bearer(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("reporter-taiwater") as reporter:
        response = await create(reporter)
        assert response.status_code == 201
        created = response.json()
        secret = created["token"]
        assert secret.startswith(created["prefix"] + "_")
        assert created["organization"]["code"] == "TAIWATER"
        listed = (await reporter.get("/api/v1/tokens")).json()["items"]
        assert [t["prefix"] for t in listed] == [created["prefix"]]
        assert "token" not in listed[0]
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json()["via"] == "token"
    assert me.json()["scopes"] == ["plans:read", "progress:write"]
    async with sign_in("reporter-taiwater") as reporter:
        used = (await reporter.get(f"/api/v1/tokens/{created['id']}")).json()
        assert used["last_used_at"] is not None


async def test_another_enterprise_cannot_see_or_revoke_it(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("reporter-taiwater") as water:
        token_id = (await create(water)).json()["id"]
    async with sign_in("reporter-taipower") as power:
        assert (await power.get(f"/api/v1/tokens/{token_id}")).status_code == 404
        assert (await power.delete(f"/api/v1/tokens/{token_id}")).status_code == 404
        assert (await power.get("/api/v1/tokens")).json()["total"] == 0
        other = await create(power, organization="TAIWATER")
        assert other.status_code == 422
        assert other.json()["errors"][0]["field"] == "organization"


async def test_revoked_tokens_stop_working(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("reporter-taiwater") as reporter:
        created = (await create(reporter)).json()
        assert (await reporter.delete(f"/api/v1/tokens/{created['id']}")).status_code == 204
        shown = (await reporter.get(f"/api/v1/tokens/{created['id']}")).json()
        assert shown["revoked_at"] is not None
    bearer = {"Authorization": f"Bearer {created['token']}"}
    response = await client.get("/api/v1/auth/me", headers=bearer)
    assert response.status_code == 401


async def test_scopes_are_limited_to_the_creators_role(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("reporter-taiwater") as reporter:
        response = await create(reporter, scopes=["users:write"])
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "scopes"


async def test_a_token_without_the_scope_is_refused(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("reporter-taiwater") as reporter:
        secret = (await create(reporter, scopes=["plans:read"])).json()["token"]
    response = await client.post(
        "/api/v1/tokens",
        json={"name": "x", "scopes": ["plans:read"]},
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"},
    )
    assert response.status_code == 403
    assert "tokens:write" in response.json()["detail"]


async def test_expired_tokens_and_garbage_are_401(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        past = await create(admin, scopes=["plans:read"], expires_at="2020-01-01T00:00:00+08:00")
        assert past.status_code == 422
    garbage = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer nonsense"})
    assert garbage.status_code == 401
    basic = await client.get("/api/v1/auth/me", headers={"Authorization": "Basic YTpi"})
    assert basic.status_code == 401


async def test_administrator_sees_every_token(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("reporter-taiwater") as reporter:
        await create(reporter)
    async with sign_in("admin") as admin:
        assert (await admin.get("/api/v1/tokens")).json()["total"] == 1


async def test_an_administrator_sets_up_an_enterprise_systems_token(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        response = await create(admin, organization="TAIWATER")
        assert response.status_code == 201
        created = response.json()
        assert (created["role"], created["organization"]["code"]) == (
            "enterprise_reporter",
            "TAIWATER",
        )
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {created['token']}"}
    )
    assert me.json()["scopes"] == ["plans:read", "progress:write"]
    async with sign_in("reporter-taiwater") as reporter:  # the enterprise sees its token
        assert (await reporter.get(f"/api/v1/tokens/{created['id']}")).status_code == 200

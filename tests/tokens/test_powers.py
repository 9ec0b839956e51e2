"""A token's powers never exceed its owner's current ones, nor those of the token that made it."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.tokens.test_endpoints import create
from uplift.kit.db import utcnow
from uplift.models import ApiToken, AuditEvent, Role, User

SECOND_ADMIN = {
    "username": "second.admin",
    "display_name": "第二管理員",
    "password": "a-long-enough-password",
    "role": "administrator",
}


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


async def works(client: AsyncClient, secret: str) -> bool:
    response = await client.get("/api/v1/auth/me", headers=bearer(secret))
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def mint(client: AsyncClient, secret: str, **body: Any) -> Any:
    payload = {"name": "由權杖建立", "scopes": ["tokens:write"], **body}
    return await client.post("/api/v1/tokens", json=payload, headers=bearer(secret))


async def change_user(admin: AsyncClient, username: str, **changes: Any) -> None:
    users = (await admin.get("/api/v1/users", params={"page_size": 100})).json()["items"]
    user_id = next(user["id"] for user in users if user["username"] == username)
    etag = (await admin.get(f"/api/v1/users/{user_id}")).headers["etag"]
    response = await admin.patch(
        f"/api/v1/users/{user_id}", json=changes, headers={"If-Match": etag}
    )
    assert response.status_code == 200, response.text


async def reporter_token(sign_in: Callable[[str], Any]) -> str:
    async with sign_in("reporter-taiwater") as reporter:
        secret: str = (await create(reporter)).json()["token"]
    return secret


async def second_admin_token(sign_in: Callable[[str], Any], client: AsyncClient) -> str:
    """A token with users:write, made by a second administrator the first can demote."""
    async with sign_in("admin") as admin:
        assert (await admin.post("/api/v1/users", json=SECOND_ADMIN)).status_code == 201
    login = {"username": SECOND_ADMIN["username"], "password": SECOND_ADMIN["password"]}
    csrf = (await client.post("/api/v1/auth/login", json=login)).json()["csrf_token"]
    created = await client.post(
        "/api/v1/tokens",
        json={"name": "名冊同步", "scopes": ["users:write"]},
        headers={"X-CSRF-Token": csrf},
    )
    await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201, created.text
    return str(created.json()["token"])


async def test_demoting_the_owner_ends_their_tokens_for_good(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    secret = await second_admin_token(sign_in, client)
    assert await works(client, secret)
    async with sign_in("admin") as admin:
        await change_user(admin, "second.admin", role="reviewer")
        assert not await works(client, secret)
        await change_user(admin, "second.admin", role="administrator")
    assert not await works(client, secret)


async def test_moving_the_owner_to_another_enterprise_ends_their_tokens(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    secret = await reporter_token(sign_in)
    async with sign_in("admin") as admin:
        await change_user(admin, "reporter-taiwater", organization="TAIPOWER")
    assert not await works(client, secret)


async def test_disabling_the_owner_ends_their_tokens_and_enabling_does_not_revive_them(
    sign_in: Callable[[str], Any], client: AsyncClient, session: AsyncSession
) -> None:
    secret = await reporter_token(sign_in)
    async with sign_in("admin") as admin:
        await change_user(admin, "reporter-taiwater", is_active=False)
        assert not await works(client, secret)
        await change_user(admin, "reporter-taiwater", is_active=True)
        assert not await works(client, secret)
        listed = (await admin.get("/api/v1/tokens")).json()["items"]
        assert [token["revoked_at"] is not None for token in listed] == [True]
    revoked = await session.scalar(
        select(AuditEvent).where(AuditEvent.action == "revoke", AuditEvent.actor_label == "admin")
    )
    assert revoked is not None and revoked.object_type == "api_token"


async def test_resetting_the_owners_password_ends_their_tokens(
    sign_in: Callable[[str], Any], client: AsyncClient, session: AsyncSession
) -> None:
    secret = await reporter_token(sign_in)
    owner_id = await session.scalar(select(User.id).where(User.username == "reporter-taiwater"))
    async with sign_in("admin") as admin:
        reset = await admin.post(
            f"/api/v1/users/{owner_id}/password", json={"password": "another-long-password"}
        )
        assert reset.status_code == 204
    assert not await works(client, secret)


async def test_a_token_is_judged_by_its_owners_current_role_when_used(
    sign_in: Callable[[str], Any], client: AsyncClient, session: AsyncSession
) -> None:
    secret = await second_admin_token(sign_in, client)
    # A change that did not go through the users service (a script, a restore) still counts.
    await session.execute(
        update(User).where(User.username == "second.admin").values(role=Role.panel_member)
    )
    assert not await works(client, secret)


async def test_a_token_mints_only_scopes_it_holds(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        parent = (await create(admin, scopes=["tokens:write"])).json()["token"]
    escalation = await mint(client, parent, scopes=["users:write"])
    assert escalation.status_code == 422
    assert escalation.json()["errors"][0]["field"] == "scopes"
    assert (await mint(client, parent, scopes=["tokens:write"])).status_code == 201


async def test_a_minted_token_never_outlives_its_parent(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    ends = utcnow() + timedelta(days=1)
    async with sign_in("admin") as admin:
        parent = await create(admin, scopes=["tokens:write"], expires_at=ends.isoformat())
    secret = parent.json()["token"]
    later = await mint(client, secret, expires_at=(ends + timedelta(days=1)).isoformat())
    assert later.status_code == 422
    assert later.json()["errors"][0]["field"] == "expires_at"
    inherited = await mint(client, secret)
    assert inherited.status_code == 201
    assert inherited.json()["expires_at"] == parent.json()["expires_at"]
    sooner = await mint(client, secret, expires_at=(ends - timedelta(hours=1)).isoformat())
    assert sooner.status_code == 201


async def test_a_minted_token_dies_with_the_token_that_minted_it(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        parent = (await create(admin, scopes=["tokens:write", "users:read"])).json()
        child = (await mint(client, parent["token"])).json()
        grandchild = (await mint(client, child["token"])).json()
        assert await works(client, grandchild["token"])
        assert (await admin.delete(f"/api/v1/tokens/{parent['id']}")).status_code == 204
        for token in (parent, child, grandchild):
            assert not await works(client, token["token"])
            shown = (await admin.get(f"/api/v1/tokens/{token['id']}")).json()
            assert shown["revoked_at"] is not None


async def test_a_token_whose_parent_was_revoked_meanwhile_does_not_work(
    sign_in: Callable[[str], Any], client: AsyncClient, session: AsyncSession
) -> None:
    async with sign_in("admin") as admin:
        parent = (await create(admin, scopes=["tokens:write"])).json()
    child = (await mint(client, parent["token"])).json()
    # As when the parent's revocation commits while the child is being minted.
    await session.execute(
        update(ApiToken).where(ApiToken.id == parent["id"]).values(revoked_at=utcnow())
    )
    assert not await works(client, child["token"])

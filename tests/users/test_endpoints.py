from collections.abc import Callable
from typing import Any

from httpx import AsyncClient

NEW_USER = {
    "username": "wang.xiaoming",
    "display_name": "王小明",
    "password": "a-long-enough-password",
    "role": "enterprise_reporter",
    "organization": "TAIWATER",
}


async def test_administrator_creates_a_reporter_who_can_sign_in(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        created = await admin.post("/api/v1/users", json=NEW_USER)
        assert created.status_code == 201
        body = created.json()
        assert body["organization"]["code"] == "TAIWATER"
        assert "password" not in body and "password_hash" not in body
    login = await client.post(
        "/api/v1/auth/login", json={"username": "Wang.XiaoMing", "password": NEW_USER["password"]}
    )
    assert login.status_code == 200
    assert login.json()["organization"]["short_name_zh"] == "台水公司"


async def test_usernames_are_unique_and_reporters_need_an_enterprise(
    sign_in: Callable[[str], Any],
) -> None:
    async with sign_in("admin") as admin:
        taken = await admin.post("/api/v1/users", json={**NEW_USER, "username": "REVIEWER"})
        assert taken.status_code == 409
        homeless = await admin.post("/api/v1/users", json={**NEW_USER, "organization": None})
        assert homeless.status_code == 422
        assert homeless.json()["errors"][0]["field"] == "organization"
        short = await admin.post("/api/v1/users", json={**NEW_USER, "password": "short"})
        assert [e["field"] for e in short.json()["errors"]] == ["password"]


async def test_changes_need_if_match_and_a_stale_one_is_refused(
    sign_in: Callable[[str], Any],
) -> None:
    async with sign_in("admin") as admin:
        user_id = (await admin.post("/api/v1/users", json=NEW_USER)).json()["id"]
        read = await admin.get(f"/api/v1/users/{user_id}")
        etag = read.headers["etag"]
        without = await admin.patch(f"/api/v1/users/{user_id}", json={"display_name": "甲"})
        assert without.status_code == 428
        first = await admin.patch(
            f"/api/v1/users/{user_id}", json={"display_name": "王大明"}, headers={"If-Match": etag}
        )
        assert first.status_code == 200
        assert first.json()["display_name"] == "王大明"
        second = await admin.patch(
            f"/api/v1/users/{user_id}", json={"display_name": "王二明"}, headers={"If-Match": etag}
        )
        assert second.status_code == 412
        assert (await admin.get(f"/api/v1/users/{user_id}")).json()["display_name"] == "王大明"


async def test_disabling_a_user_signs_them_out(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("reviewer") as reviewer, sign_in("admin") as admin:
        users = (await admin.get("/api/v1/users", params={"role": "reviewer"})).json()["items"]
        reviewer_id = users[0]["id"]
        etag = (await admin.get(f"/api/v1/users/{reviewer_id}")).headers["etag"]
        response = await admin.patch(
            f"/api/v1/users/{reviewer_id}", json={"is_active": False}, headers={"If-Match": etag}
        )
        assert response.status_code == 200
        assert (await reviewer.get("/api/v1/auth/me")).status_code == 401


async def test_administrators_cannot_lock_themselves_out(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("admin") as admin:
        me = (await admin.get("/api/v1/auth/me")).json()
        etag = (await admin.get(f"/api/v1/users/{me['id']}")).headers["etag"]
        response = await admin.patch(
            f"/api/v1/users/{me['id']}", json={"is_active": False}, headers={"If-Match": etag}
        )
        assert response.status_code == 409


async def test_password_reset_ends_sessions_and_sets_the_new_one(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("panel") as panel, sign_in("admin") as admin:
        panel_id = (await panel.get("/api/v1/auth/me")).json()["id"]
        reset = await admin.post(
            f"/api/v1/users/{panel_id}/password", json={"password": "brand-new-secret"}
        )
        assert reset.status_code == 204
        assert (await panel.get("/api/v1/auth/me")).status_code == 401
    login = await client.post(
        "/api/v1/auth/login", json={"username": "panel", "password": "brand-new-secret"}
    )
    assert login.status_code == 200


async def test_only_administrators_manage_users(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("reviewer") as reviewer:
        assert (await reviewer.get("/api/v1/users")).status_code == 403
        assert (await reviewer.post("/api/v1/users", json=NEW_USER)).status_code == 403


async def test_a_malformed_username_is_explained_in_zh_tw(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("admin") as admin:
        response = await admin.post("/api/v1/users", json={**NEW_USER, "username": "a b"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "格式不符"

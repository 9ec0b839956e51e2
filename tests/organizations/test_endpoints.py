from collections.abc import Callable
from typing import Any

from httpx import AsyncClient


async def test_lists_the_commission_and_four_enterprises_in_tree_order(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/organizations")).json()
    # The demo units (the test database is seeded as `uplift seed --demo`) come after them.
    assert [o["code"] for o in body["items"]][:6] == [
        "MOEA",
        "MOEACA",
        "TAIPOWER",
        "CPC",
        "TAISUGAR",
        "TAIWATER",
    ]
    assert {o["kind"] for o in body["items"][6:]} == {"unit"}
    by_code = {o["code"]: o for o in body["items"]}
    assert by_code["TAIWATER"]["parent_id"] == by_code["MOEACA"]["id"]
    assert by_code["TAIWATER"]["short_name_zh"] == "台水公司"
    assert by_code["TAIWATER"]["name_en"] == "Taiwan Water Corporation"


async def test_filters_by_kind_and_parent(client: AsyncClient) -> None:
    enterprises = (await client.get("/api/v1/organizations", params={"kind": "enterprise"})).json()
    assert enterprises["total"] == 4
    children = (await client.get("/api/v1/organizations", params={"parent": "MOEA"})).json()
    assert [o["code"] for o in children["items"]] == ["MOEACA"]


async def test_bad_kind_or_parent_is_422(client: AsyncClient) -> None:
    kind = await client.get("/api/v1/organizations", params={"kind": "company"})
    assert kind.status_code == 422
    assert kind.json()["errors"][0]["field"] == "kind"
    parent = await client.get("/api/v1/organizations", params={"parent": "NOPE"})
    assert parent.status_code == 422
    assert parent.json()["errors"][0]["field"] == "parent"


UNIT = {
    "code": "TAIWATER-TEST-9",
    "parent": "TAIWATER",
    "name_zh": "測試第九區管理處",
    "name_en": "Test Branch 9",
    "short_name_zh": "測試九區",
    "short_name_en": "Test 9",
}


async def test_an_administrator_creates_and_renames_a_unit_audited(
    sign_in: Callable[[str], Any], client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        created = await admin.post("/api/v1/organizations", json=UNIT)
        assert created.status_code == 201, created.text
        body = created.json()
        assert (body["kind"], body["code"]) == ("unit", "TAIWATER-TEST-9")
        parent = (await client.get("/api/v1/organizations/TAIWATER")).json()
        assert body["parent_id"] == parent["id"]
        below = (await client.get("/api/v1/organizations", params={"parent": "TAIWATER"})).json()
        assert "TAIWATER-TEST-9" in [o["code"] for o in below["items"]]
        url = "/api/v1/organizations/TAIWATER-TEST-9"
        etag = (await client.get(url)).headers["etag"]
        assert (await admin.patch(url, json={"name_zh": "甲"})).status_code == 428
        renamed = await admin.patch(url, json={"name_zh": "測試第九區"}, headers={"If-Match": etag})
        assert renamed.status_code == 200 and renamed.json()["name_zh"] == "測試第九區"
        stale = await admin.patch(url, json={"name_zh": "乙"}, headers={"If-Match": etag})
        assert stale.status_code == 412
        null = await admin.patch(url, json={"name_zh": None}, headers={"If-Match": "*"})
        assert (null.status_code, null.json()["errors"][0]["field"]) == (422, "name_zh")
        events = (
            await admin.get("/api/v1/audit-events", params={"object_type": "organization"})
        ).json()
        actions = {(e["action"], e["object_id"]) for e in events["items"]}
        assert {("create", str(body["id"])), ("update", str(body["id"]))} <= actions


async def test_a_unit_goes_only_under_an_enterprise_with_a_free_code(
    sign_in: Callable[[str], Any],
) -> None:
    async with sign_in("admin") as admin:
        under_commission = await admin.post(
            "/api/v1/organizations", json={**UNIT, "parent": "MOEACA"}
        )
        assert (under_commission.status_code, under_commission.json()["errors"][0]["field"]) == (
            422,
            "parent",
        )
        nowhere = await admin.post("/api/v1/organizations", json={**UNIT, "parent": "NOPE"})
        assert nowhere.json()["errors"][0]["field"] == "parent"
        taken = await admin.post("/api/v1/organizations", json={**UNIT, "code": "TAIPOWER"})
        assert taken.status_code == 409
        bad = await admin.post("/api/v1/organizations", json={**UNIT, "code": "有 空格"})
        assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "code")
        extra = await admin.post("/api/v1/organizations", json={**UNIT, "kind": "enterprise"})
        assert extra.status_code == 422
        long = await admin.post("/api/v1/organizations", json={**UNIT, "name_zh": "長" * 201})
        assert long.json()["errors"][0]["field"] == "name_zh"
        enterprise = await admin.patch(
            "/api/v1/organizations/TAIWATER", json={"name_zh": "改"}, headers={"If-Match": "*"}
        )
        assert enterprise.status_code == 409
        missing = await admin.patch(
            "/api/v1/organizations/NOPE", json={"name_zh": "改"}, headers={"If-Match": "*"}
        )
        assert missing.status_code == 404
        listed = (await admin.get("/api/v1/organizations", params={"page_size": 100})).json()
    assert not {"有 空格", "NOPE"} & {o["code"] for o in listed["items"]}


async def test_only_an_administrator_manages_units(sign_in: Callable[[str], Any]) -> None:
    for username in ("reviewer", "reporter-taiwater"):
        async with sign_in(username) as other:
            refused = await other.post("/api/v1/organizations", json=UNIT)
            assert refused.status_code == 403
            renamed = await other.patch(
                "/api/v1/organizations/TAIWATER-DEMO-1",
                json={"name_zh": "改"},
                headers={"If-Match": "*"},
            )
            assert renamed.status_code == 403


async def test_the_demo_units_say_they_are_demo_data(client: AsyncClient) -> None:
    units = (await client.get("/api/v1/organizations", params={"kind": "unit"})).json()["items"]
    assert units and all("示範" in u["name_zh"] and "demo" in u["name_en"] for u in units)

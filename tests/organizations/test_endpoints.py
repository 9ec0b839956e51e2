from httpx import AsyncClient


async def test_lists_the_commission_and_four_enterprises_in_tree_order(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/organizations")).json()
    assert [o["code"] for o in body["items"]] == [
        "MOEA",
        "MOEACA",
        "TAIPOWER",
        "CPC",
        "TAISUGAR",
        "TAIWATER",
    ]
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

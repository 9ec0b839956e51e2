from typing import Any

import pytest
from httpx import AsyncClient

from tests.plans.test_authoring import SignIn, draft_plan


async def list_measures(client: AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/measures", params={"page_size": 100, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_lists_top_level_measures_in_document_order(client: AsyncClient) -> None:
    body = await list_measures(client)
    assert body["total"] == 177
    assert len(body["items"]) == 100
    first = body["items"][0]
    assert (first["dimension"]["code"], first["strategy"]["code"], first["code"]) == (
        "一",
        "(一)",
        "(1)",
    )
    second_page = await list_measures(client, page=2)
    assert len(second_page["items"]) == 77
    ids = [m["id"] for m in body["items"] + second_page["items"]]
    assert len(set(ids)) == 177


@pytest.mark.parametrize(
    ("code", "total"), [("TAIPOWER", 48), ("CPC", 45), ("TAISUGAR", 43), ("TAIWATER", 43)]
)
async def test_filters_by_owning_enterprise(client: AsyncClient, code: str, total: int) -> None:
    body = await list_measures(client, organization=code)
    assert body["total"] == total
    assert all(code in {o["code"] for o in m["organizations"]} for m in body["items"])


async def test_search_finds_electronic_invoice_measures_including_sub_items(
    client: AsyncClient,
) -> None:
    body = await list_measures(client, q="電子發票")
    owners = sorted(m["organizations"][0]["code"] for m in body["items"])
    assert owners == ["CPC", "TAIPOWER"]
    taipower = next(m for m in body["items"] if m["organizations"][0]["code"] == "TAIPOWER")
    assert taipower["text"] == "電子發票查詢、歸戶等相關功能："
    assert [s["code"] for s in taipower["sub_items"]] == ["甲", "乙", "丙"]


async def test_search_finds_accessibility_measures(client: AsyncClient) -> None:
    body = await list_measures(client, q="無障礙")
    assert {m["organizations"][0]["code"] for m in body["items"]} == {"TAIPOWER", "TAIWATER"}
    assert all("無障礙" in m["text"] for m in body["items"])


@pytest.mark.parametrize("query", ["WIFI", "ｗｉｆｉ", "wifi或iTaiwan", "提供 wifi"])
async def test_search_ignores_case_width_and_spaces(client: AsyncClient, query: str) -> None:
    body = await list_measures(client, q=query)
    assert body["total"] == 1
    assert "iTaiwan" in body["items"][0]["text"]


async def test_search_treats_wildcards_as_text(client: AsyncClient) -> None:
    assert (await list_measures(client, q="%"))["total"] == 0
    assert (await list_measures(client, q="_"))["total"] == 0


async def test_search_combines_with_the_enterprise_filter(client: AsyncClient) -> None:
    body = await list_measures(client, q="電子發票", organization="CPC")
    assert body["total"] == 1


async def test_filters_by_dimension_and_strategy(client: AsyncClient) -> None:
    tree = (await client.get("/api/v1/plans/1/tree")).json()
    open_innovation = tree["dimensions"][4]
    participation = open_innovation["strategies"][0]
    by_dimension = await list_measures(client, dimension=open_innovation["id"])
    assert by_dimension["total"] == sum(len(s["measures"]) for s in open_innovation["strategies"])
    by_strategy = await list_measures(client, strategy=participation["id"], plan_id=1)
    assert by_strategy["total"] == len(participation["measures"]) == 7
    assert {m["strategy"]["name"] for m in by_strategy["items"]} == {"開放參與"}


async def test_sorts_by_id_both_ways(client: AsyncClient) -> None:
    ascending = [m["id"] for m in (await list_measures(client, sort="id"))["items"]]
    descending = [m["id"] for m in (await list_measures(client, sort="-id"))["items"]]
    assert ascending == sorted(ascending)
    assert descending == sorted(descending, reverse=True)
    last = (await list_measures(client, sort="-document", page_size=1))["items"][0]
    assert (last["dimension"]["code"], last["strategy"]["code"]) == ("五", "(二)")


async def test_gets_one_measure_with_its_indicators(client: AsyncClient) -> None:
    found = await list_measures(client, q="每 2個月至少測試")
    measure_id = found["items"][0]["id"]
    measure = (await client.get(f"/api/v1/measures/{measure_id}")).json()
    assert measure["organizations"][0]["code"] == "TAIWATER"
    indicator = measure["indicators"][0]
    assert indicator["name"] == "電話禮貌測試"
    assert (indicator["target"], indicator["comparison"], indicator["frequency"]) == (
        1,
        "at_least",
        "bimonthly",
    )


async def test_milestone_indicator_has_its_roc_due_date(client: AsyncClient) -> None:
    found = await list_measures(client, q="電子支付代收電費")
    sub_item = next(s for s in found["items"][0]["sub_items"] if s["code"] == "乙")
    indicator = sub_item["indicators"][0]
    assert (indicator["due_date"], indicator["due_date_roc"]) == ("2018-06-30", "107年6月30日")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"organization": "NOPE"}, "organization"),
        ({"plan_id": 999}, "plan_id"),
        ({"dimension": 999999}, "dimension"),
        ({"strategy": "x"}, "strategy"),
        ({"sort": "score"}, "sort"),
        ({"q": ""}, "q"),
        ({"q": "長" * 101}, "q"),
    ],
)
async def test_bad_filters_are_422_naming_the_parameter(
    client: AsyncClient, params: dict[str, Any], field: str
) -> None:
    response = await client.get("/api/v1/measures", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert [e["field"] for e in problem["errors"]] == [field]
    assert field in problem["detail"]


async def test_unknown_measure_is_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/measures/424242")
    assert response.status_code == 404
    assert response.json()["type"] == "urn:uplift:problem:not-found"


async def test_list_takes_the_same_number_of_queries_for_5_or_100_rows(
    client: AsyncClient, count_queries: Any
) -> None:
    # From the end of the plan, so that both pages hold measures with sub-items.
    with count_queries() as small:
        await list_measures(client, page_size=10, sort="-document")
    with count_queries() as large:
        await list_measures(client, page_size=100, sort="-document")
    assert len(small) == len(large) <= 7


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("愛心碼", "電子發票查詢、歸戶等相關功能："),  # only in sub-item 丙
        ("電話禮貌測試", "注重電話禮貌"),  # an indicator's name
        ("電子支付代收電費開辦", "提供多元化的繳費措施"),  # a sub-item's indicator
    ],
)
async def test_search_reaches_sub_items_and_indicators(
    client: AsyncClient, query: str, found: str
) -> None:
    body = await list_measures(client, q=query)
    assert body["total"] == 1
    assert body["items"][0]["text"].startswith(found)


@pytest.mark.parametrize("parameter", ["plan_id", "dimension", "strategy"])
async def test_a_draft_in_a_filter_answers_like_an_unknown_id(
    sign_in: SignIn, client: AsyncClient, parameter: str
) -> None:
    made_for = {"plan_id": "plan", "dimension": "dimension", "strategy": "strategy"}
    async with draft_plan(sign_in) as (_, made):
        draft_id = made[made_for[parameter]]["id"]
    unknown_id = 2_000_000_000
    draft = await client.get("/api/v1/measures", params={parameter: draft_id})
    unknown = await client.get("/api/v1/measures", params={parameter: unknown_id})
    assert draft.status_code == unknown.status_code == 422
    assert draft.json()["errors"] == [
        {**error, "message": error["message"].replace(str(unknown_id), str(draft_id))}
        for error in unknown.json()["errors"]
    ]

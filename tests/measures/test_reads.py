"""Deep pages by cursor, a capped total, search on the indexes, and reads whose cost
does not grow with the data."""

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.measures.test_endpoints import list_measures
from tests.plans.test_authoring import SignIn, draft_plan, write
from uplift.plans.page_cache import PageCache


async def _walk(client: AsyncClient, **params: Any) -> list[int]:
    """Every id of the list, following `next` from the first page."""
    ids: list[int] = []
    response = await client.get("/api/v1/measures", params={"page_size": 40, **params})
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        ids += [m["id"] for m in body["items"]]
        if body["next"] is None:
            return ids
        response = await client.get(body["next"])


@pytest.mark.parametrize("sort", ["document", "-document", "id", "-id"])
async def test_a_cursor_walks_the_same_list_as_page_numbers(client: AsyncClient, sort: str) -> None:
    by_page = [
        m["id"]
        for page in (1, 2)
        for m in (await list_measures(client, sort=sort, page=page))["items"]
    ]
    assert await _walk(client, sort=sort) == by_page
    assert len(by_page) == 177


async def test_a_cursor_keeps_the_filters(client: AsyncClient) -> None:
    walked = await _walk(client, organization="CPC", page_size=10)
    assert walked == [m["id"] for m in (await list_measures(client, organization="CPC"))["items"]]


async def test_a_cursor_from_another_order_is_refused(client: AsyncClient) -> None:
    first = await list_measures(client, sort="id", page_size=5)
    cursor = first["next"].split("cursor=")[1]
    # The right order with a key that is not the list's (ids are integers).
    forged = [
        base64.urlsafe_b64encode(json.dumps(["id", [key]]).encode()).decode()
        for key in ("1; x", 2**40, True)
    ]
    for bad in (cursor, "not-a-cursor", *forged):
        response = await client.get("/api/v1/measures", params={"cursor": bad})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "cursor"


async def test_a_large_total_is_capped_and_says_so(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await list_measures(client))["total_capped"] is False
    monkeypatch.setattr("uplift.kit.pagination.TOTAL_CAP", 100)
    body = await list_measures(client, page=1)  # another URL: the first answer is kept
    assert (body["total"], body["total_capped"]) == (100, True)


@pytest.mark.parametrize("query", ["無障礙", "發票", "網"])
async def test_search_finds_short_and_long_terms_alike(client: AsyncClient, query: str) -> None:
    """Three characters and more go through the trigram index; fewer through the short
    terms' index."""
    body = await list_measures(client, q=query)
    assert body["total"] > 0
    assert all(
        query in m["text"]
        or any(query in s["text"] for s in m["sub_items"])
        or any(query in i["name"] for i in m["indicators"])
        or any(query in i["name"] for s in m["sub_items"] for i in s["indicators"])
        for m in body["items"]
    )


@pytest.mark.parametrize(
    "query", ["無障礙", "電子發票", "客服中心", "發票", "電費", "網", "度", "、", "("]
)
async def test_a_search_across_plans_finds_what_a_search_within_the_plan_finds(
    client: AsyncClient, query: str
) -> None:
    """Across plans the indexes answer (trigrams from three characters, the short terms'
    index below); within a plan its rows are read one by one."""
    plan_id = (await client.get("/api/v1/plans/featured")).json()["id"]
    across = await list_measures(client, q=query, page_size=100)
    within = await list_measures(client, q=query, plan_id=plan_id, page_size=100)
    assert across["total"] > 0
    assert [m["id"] for m in across["items"]] == [m["id"] for m in within["items"]]
    assert across["total"] == within["total"]


@pytest.mark.parametrize(("first_hits", "cap", "capped"), [(4, 3, True), (4, 1000, False)])
async def test_a_common_term_is_paged_without_fetching_every_hit(
    client: AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    first_hits: int,
    cap: int,
    capped: bool,
) -> None:
    """A term whose first hits fill the count's cap is paged row by row in the first plans;
    one whose first hits do not is looked up in full: either way the same page as the scan
    within the plan. (The thresholds are scaled down to the 107 plan's size.)"""
    plan_id = (await client.get("/api/v1/plans/featured")).json()["id"]
    monkeypatch.setattr("uplift.measures.queries.FIRST_HITS", first_hits)
    monkeypatch.setattr("uplift.kit.pagination.TOTAL_CAP", cap)
    across = await list_measures(client, q="滿意度", page_size=5)
    monkeypatch.setattr("uplift.kit.pagination.TOTAL_CAP", 1000)
    scanned = await list_measures(client, q="滿意度", plan_id=plan_id, page_size=5)
    assert scanned["total"] > 5
    assert [m["id"] for m in across["items"]] == [m["id"] for m in scanned["items"]]
    expected_total = min(scanned["total"], cap)
    assert (across["total"], across["total_capped"]) == (expected_total, capped)


async def test_a_short_term_does_not_match_across_punctuation(client: AsyncClient) -> None:
    """The short terms' index on SQLite ignores punctuation: 「查詢、歸戶」 holds the pair 詢歸
    there, not in the text."""
    assert (await list_measures(client, q="歸戶"))["total"] == 1
    assert (await list_measures(client, q="詢歸"))["total"] == 0
    assert (await list_measures(client, q="、歸"))["total"] == 1


async def test_a_term_no_plan_has_is_an_empty_page(client: AsyncClient) -> None:
    body = await list_measures(client, q="不存在的詞語")
    assert (body["total"], body["items"], body["next"]) == (0, [], None)


@pytest.mark.parametrize("across", [False, True], ids=["within the plan", "across plans"])
async def test_search_follows_edits(sign_in: SignIn, across: bool) -> None:
    """A measure edited, given an indicator or deleted is found, or not, by the next search:
    within its plan (its rows read one by one) and across every plan (the search indexes,
    trigrams from three characters and the short terms' index below), for terms of one, two
    and three characters."""
    async with draft_plan(sign_in) as (http, made):
        scope = {} if across else {"plan_id": made["plan"]["id"]}

        async def totals(*queries: str) -> list[int]:
            return [(await list_measures(http, q=q, **scope))["total"] for q in queries]

        url = f"/api/v1/measures/{made['measure']['id']}"
        assert await totals("鱷", "鱷魚", "鱷魚池") == [0, 0, 0]
        await write(http, "PATCH", url, url, json={"text": "建置鱷魚池監測"})
        assert await totals("鱷", "鱷魚", "鱷魚池") == [1, 1, 1]
        await write(http, "PATCH", url, url, json={"text": "建置智慧水表系統"})
        assert await totals("鱷", "鱷魚", "鱷魚池", "智慧水表") == [0, 0, 0, 1]
        await write(
            http,
            "POST",
            f"{url}/indicators",
            url,
            json={"name": "鱷魚通報處理", "comparison": "report_only", "frequency": "monthly"},
        )
        assert await totals("鱷", "鱷魚", "鱷魚通") == [1, 1, 1]
        await write(http, "DELETE", url, url)
        assert await totals("鱷", "鱷魚", "鱷魚通", "智慧水表") == [0, 0, 0, 0]


async def test_reads_send_as_many_statements_however_many_plans_there_are(
    app: FastAPI, client: AsyncClient, sign_in: SignIn, count_queries: Callable[[], Any]
) -> None:
    app.state.page_cache = PageCache(0)  # the statements the answers are built from
    plan_id = (await client.get("/api/v1/plans/featured")).json()["id"]
    measure_id = (await list_measures(client, page_size=1))["items"][0]["id"]
    reads = [
        f"/api/v1/plans/{plan_id}/tree",
        f"/api/v1/measures?plan_id={plan_id}",
        f"/api/v1/measures?q=電子發票&plan_id={plan_id}",
        f"/api/v1/measures/{measure_id}",
    ]

    async def statements() -> list[int]:
        sent = []
        for url in reads:
            with count_queries() as queries:
                assert (
                    await client.get(url, headers={"Cache-Control": "no-cache"})
                ).status_code == 200
            sent.append(len(queries))
        return sent

    await statements()  # the tree is kept from here on
    before = await statements()
    async with sign_in("reviewer") as http:
        for year in (2019, 2020, 2021):
            copied = await http.post(f"/api/v1/plans/{plan_id}/copy", json={"year": year})
            assert copied.status_code == 201
    assert await statements() == before

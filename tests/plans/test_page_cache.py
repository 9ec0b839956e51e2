"""Measures and pages of the measures list kept by content version: a kept answer costs one
statement, and every write shows in the next read, to each kind of reader its own."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.plans.test_authoring import SignIn, draft_plan
from uplift.models import Organization
from uplift.plans.page_cache import PageCache

PAGE = "/api/v1/measures?organization=TAIPOWER&page_size=5"


def owners_named(body: dict[str, Any], code: str) -> set[str]:
    return {o["name_zh"] for m in body["items"] for o in m["organizations"] if o["code"] == code}


async def test_a_kept_page_costs_one_statement_however_many_plans(
    client: AsyncClient, sign_in: SignIn, count_queries: Callable[[], Any]
) -> None:
    first = await client.get(PAGE)
    with count_queries() as built:
        assert (await client.get(PAGE.replace("5", "6"))).status_code == 200
    with count_queries() as kept:
        again = await client.get(PAGE)
    assert (again.content, again.headers["etag"]) == (first.content, first.headers["etag"])
    assert len(kept) == 1 < len(built)
    plan_id = (await client.get("/api/v1/plans/featured")).json()["id"]
    async with sign_in("reviewer") as http:
        for year in (2019, 2020):
            copied = await http.post(f"/api/v1/plans/{plan_id}/copy", json={"year": year})
            assert copied.status_code == 201
    assert (await client.get(PAGE)).content == first.content  # the drafts are not public
    with count_queries() as kept_again:
        await client.get(PAGE)
    assert len(kept_again) == 1


async def test_an_organisations_new_name_shows_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    """Enterprises' names come from the plan data (a seed load renames them), units' from
    the API: either way through the ORM, which gives every plan a new version."""
    measure_id = (await client.get(PAGE)).json()["items"][0]["id"]
    taipower = await session.scalar(select(Organization).where(Organization.code == "TAIPOWER"))
    assert taipower is not None
    before = (await client.get(PAGE)).json()
    assert owners_named(before, "TAIPOWER") == {taipower.name_zh}
    taipower.name_zh = "台電新名"
    await session.flush()
    assert owners_named((await client.get(PAGE)).json(), "TAIPOWER") == {"台電新名"}
    measure = (await client.get(f"/api/v1/measures/{measure_id}")).json()
    assert {o["name_zh"] for o in measure["organizations"]} == {"台電新名"}


async def test_an_edit_shows_at_once_and_staff_and_public_are_kept_apart(
    client: AsyncClient, sign_in: SignIn
) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}"
        listed = f"/api/v1/measures?plan_id={made['plan']['id']}"
        seen = await http.get(url)
        assert (await http.get(listed)).json()["total"] == 1
        # The public is not told of a draft, however often staff read it.
        assert (await client.get(url)).status_code == 404
        assert (await client.get(listed)).status_code == 422
        changed = await http.patch(
            url, json={"text": "改寫"}, headers={"If-Match": seen.headers["etag"]}
        )
        assert changed.status_code == 200
        assert (await http.get(url)).json()["text"] == "改寫"
        assert (await http.get(listed)).json()["items"][0]["text"] == "改寫"
        assert (await client.get(url)).status_code == 404


async def test_nothing_is_kept_with_no_room(
    app: FastAPI, client: AsyncClient, count_queries: Callable[[], Any]
) -> None:
    app.state.page_cache = PageCache(0)
    await client.get(PAGE)
    with count_queries() as again:
        assert (await client.get(PAGE)).status_code == 200
    assert len(again) > 1
    assert len(app.state.page_cache) == 0


def test_the_least_recently_read_go_first_past_the_size() -> None:
    cache = PageCache(max_bytes=10)
    for name in ("a", "b", "c"):
        cache.keep((name, False, ()), b"1234")
    assert cache.get(("a", False, ())) is None  # 12 bytes: the oldest went
    assert cache.get(("b", False, ())) == b"1234"  # b is now the most recent
    cache.keep(("d", False, ()), b"1234")
    assert cache.get(("c", False, ())) is None
    assert cache.get(("b", False, ())) == b"1234"
    cache.keep(("huge", False, ()), b"x" * 11)  # larger than the whole cache: not kept
    assert cache.get(("huge", False, ())) is None
    assert len(cache) == 2

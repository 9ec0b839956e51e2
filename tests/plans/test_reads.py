"""The plan's read path: a content version every write changes, reads kept by it (304
before anything is built), one tree whose bytes are the documented schema's."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.plans.test_authoring import SignIn, draft_plan, write
from uplift.models import Organization, Plan, PlanSnapshot
from uplift.plans.page_cache import PageCache
from uplift.plans.schemas import PlanTree

INDICATOR = {
    "name": "禮貌測試",
    "unit": "次",
    "target": 1.5,
    "comparison": "at_least",
    "frequency": "bimonthly",
    "due_date": "119.06.30",
}


async def _version(session: AsyncSession, plan_id: int) -> str:
    version = await session.scalar(select(Plan.content_version).where(Plan.id == plan_id))
    assert version is not None
    return version


async def test_every_write_changes_the_content_version_and_a_read_does_not(
    sign_in: SignIn, session: AsyncSession
) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_id = made["plan"]["id"]
        plan_url = f"/api/v1/plans/{plan_id}"
        dimension_url = f"/api/v1/dimensions/{made['dimension']['id']}"
        strategy_url = f"/api/v1/strategies/{made['strategy']['id']}"
        measure_url = f"/api/v1/measures/{made['measure']['id']}"
        seen = {await _version(session, plan_id)}

        async def changes(method: str, url: str, guard: str | None = None, **kw: Any) -> Any:
            response = await write(http, method, url, guard, **kw)
            assert response.status_code < 300, (url, response.text)
            version = await _version(session, plan_id)
            assert version not in seen, f"{method} {url} left the version as it was"
            seen.add(version)
            return response.json() if response.status_code != 204 else None

        for read in (
            plan_url,
            f"{plan_url}/tree",
            measure_url,
            f"/api/v1/measures?plan_id={plan_id}",
        ):
            assert (await http.get(read)).status_code == 200
        assert await _version(session, plan_id) in seen  # reads change nothing

        await changes("PATCH", plan_url, plan_url, json={"objectives": "更快"})
        await changes("PATCH", dimension_url, dimension_url, json={"name": "基礎服務二"})
        await changes("PATCH", strategy_url, strategy_url, json={"name": "一致"})
        await changes("PATCH", measure_url, measure_url, json={"text": "改寫"})
        await changes("PATCH", measure_url, measure_url, json={"organizations": ["TAIPOWER"]})
        sub = await changes(
            "POST", f"{measure_url}/sub-items", measure_url, json={"code": "甲", "text": "子項"}
        )
        sub_url = f"{measure_url}/sub-items/{sub['sub_items'][0]['id']}"
        await changes("PATCH", sub_url, measure_url, json={"text": "子項二"})
        with_indicator = await changes(
            "POST", f"{measure_url}/indicators", measure_url, json=INDICATOR
        )
        indicator_url = f"{measure_url}/indicators/{with_indicator['indicators'][0]['id']}"
        await changes("PATCH", indicator_url, measure_url, json={"unit": "件"})
        await changes("DELETE", indicator_url, measure_url)
        await changes("DELETE", sub_url, measure_url)
        second = await changes(
            "POST",
            f"{strategy_url}/measures",
            json={"text": "第二項", "organizations": ["TAIWATER"]},
        )
        await changes(
            "DELETE", f"/api/v1/measures/{second['id']}", f"/api/v1/measures/{second['id']}"
        )
        extra = await changes("POST", f"{plan_url}/dimensions", json={"code": "二", "name": "二"})
        await changes(
            "DELETE", f"/api/v1/dimensions/{extra['id']}", f"/api/v1/dimensions/{extra['id']}"
        )
        await changes("PATCH", measure_url, measure_url, json={"code": "(2)"})

        # An organisation's new name shows in every tree: every plan gets a new version.
        others = {plan.id: plan.content_version for plan in await session.scalars(select(Plan))}
        organization = await session.scalar(
            select(Organization).where(Organization.code == "TAIPOWER")
        )
        assert organization is not None
        organization.short_name_zh = "臺灣電力"
        await session.flush()
        rows = await session.execute(select(Plan.id, Plan.content_version))
        renamed = {plan_id: version for plan_id, version in rows}
        assert all(renamed[i] != version for i, version in others.items())


async def test_publishing_and_amending_change_the_content_version(
    sign_in: SignIn, session: AsyncSession
) -> None:
    async with sign_in("reviewer") as http:
        plan_id = (await http.get("/api/v1/plans/featured")).json()["id"]
        url = f"/api/v1/plans/{plan_id}"
        before = await _version(session, plan_id)
        opened = await http.post(
            f"{url}/amendments", json={"reason": "修正", "amended_on": "107.09.01"}
        )
        assert opened.status_code == 201
        amending = await _version(session, plan_id)
        adopted = await http.post(f"{url}/amendments/{opened.json()['number']}/adopt")
        assert adopted.status_code == 200
        assert len({before, amending, await _version(session, plan_id)}) == 3


async def test_an_unchanged_plan_answers_304_from_its_version_alone(
    app: FastAPI, client: AsyncClient, count_queries: Callable[[], Any]
) -> None:
    plan_id = (await client.get("/api/v1/plans/featured")).json()["id"]
    for url in (f"/api/v1/plans/{plan_id}", f"/api/v1/plans/{plan_id}/tree"):
        first = await client.get(url)
        etag = first.headers["etag"]
        with count_queries() as queries:
            again = await client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["etag"] == etag
        assert len(queries) == 1, queries  # the version and the kept ETag, in one
        with count_queries() as queries:
            kept = await client.get(url)
        assert (kept.content, kept.headers["etag"]) == (first.content, etag)
        assert len(queries) == 1, queries  # the body as this worker holds it
        app.state.page_cache = PageCache(app.state.settings.page_cache_bytes)  # a new worker
        with count_queries() as queries:
            kept = await client.get(url)
        assert (kept.content, kept.headers["etag"]) == (first.content, etag)
        assert len(queries) == 2, queries  # and the body kept in the database: none built


async def test_a_write_replaces_the_kept_tree(sign_in: SignIn, session: AsyncSession) -> None:
    async with draft_plan(sign_in) as (http, made):
        tree_url = f"/api/v1/plans/{made['plan']['id']}/tree"
        measure_url = f"/api/v1/measures/{made['measure']['id']}"
        old = await http.get(tree_url)
        await write(http, "PATCH", measure_url, measure_url, json={"text": "新的文字"})
        new = await http.get(tree_url, headers={"If-None-Match": old.headers["etag"]})
        assert new.status_code == 200
        assert new.json()["dimensions"][0]["strategies"][0]["measures"][0]["text"] == "新的文字"
        kept = await session.scalars(
            select(PlanSnapshot.view).where(PlanSnapshot.plan_id == made["plan"]["id"])
        )
        assert sorted(kept) == ["tree:live"]  # one body per view, the old one replaced


async def test_the_plan_detail_etag_is_what_a_write_accepts(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/plans/{made['plan']['id']}"
        await http.get(url)  # kept now
        etag = (await http.get(url)).headers["etag"]
        changed = await http.patch(url, json={"title": "新標題"}, headers={"If-Match": etag})
        assert changed.status_code == 200
        stale = await http.patch(url, json={"title": "再改"}, headers={"If-Match": etag})
        assert stale.status_code == 412
        assert (await http.get(url)).headers["etag"] == changed.headers["etag"]


async def test_the_tree_is_written_as_its_documented_schema(client: AsyncClient) -> None:
    plan_id = (await client.get("/api/v1/plans/featured")).json()["id"]
    body = (await client.get(f"/api/v1/plans/{plan_id}/tree")).content
    assert PlanTree.model_validate_json(body).model_dump_json().encode() == body


async def test_copying_a_plan_writes_each_level_at_once(
    sign_in: SignIn, count_queries: Callable[[], Any]
) -> None:
    """The 107 plan's 400-odd measures, owners and indicators go in a statement per level
    (there were 446 statements, one per row), so the copy takes a fraction of a second."""
    async with sign_in("reviewer") as http:
        plan_id = (await http.get("/api/v1/plans/featured")).json()["id"]
        with count_queries() as queries:
            copied = await http.post(f"/api/v1/plans/{plan_id}/copy", json={"year": 2019})
        assert copied.status_code == 201
        assert len(queries) < 80, len(queries)
        tree = (await http.get(f"/api/v1/plans/{copied.json()['id']}/tree")).json()
        original = (await http.get(f"/api/v1/plans/{plan_id}/tree")).json()

    def shape(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: shape(v)
                for k, v in node.items()
                if k not in ("id", "plan", "due_date", "due_date_roc")
            }
        if isinstance(node, list):
            return [shape(v) for v in node]
        return node

    assert shape(tree["dimensions"]) == shape(original["dimensions"])

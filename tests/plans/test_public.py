"""What the public sees: the last adopted revision while an amendment is open, which plan
comes first, and a plan checked before it is published."""

from typing import Any

from httpx import AsyncClient

from tests.plans.test_authoring import SignIn, draft_plan, write

OLD_TEXT = "訂定標準作業流程。"
NEW_TEXT = "修正中的作法。"


def measure_texts(tree: dict[str, Any]) -> list[str]:
    return [m["text"] for d in tree["dimensions"] for s in d["strategies"] for m in s["measures"]]


async def plan_actions(http: AsyncClient, plan_id: int) -> list[str]:
    """What the audit log records of a plan."""
    events = await http.get(
        "/api/v1/audit-events", params={"object_type": "plan", "object_id": plan_id}
    )
    return [event["action"] for event in events.json()["items"]]


async def amend_in_public_view(http: AsyncClient, made: dict[str, Any]) -> str:
    """Publish the draft, open an amendment, and change the plan, a measure and the tree."""
    plan_url = f"/api/v1/plans/{made['plan']['id']}"
    measure_url = f"/api/v1/measures/{made['measure']['id']}"
    await write(http, "POST", f"{plan_url}/publish", guard=plan_url)
    opened = await http.post(
        f"{plan_url}/amendments", json={"reason": "r", "amended_on": "119.08.01"}
    )
    assert opened.status_code == 201, opened.text
    await write(http, "PATCH", measure_url, guard=measure_url, json={"text": NEW_TEXT})
    await write(http, "PATCH", plan_url, guard=plan_url, json={"title": "修正中的標題"})
    added = await http.post(
        f"/api/v1/strategies/{made['strategy']['id']}/measures",
        json={"code": "(2)", "text": "修正新增的作法", "organizations": ["TAIWATER"]},
    )
    assert added.status_code == 201
    return plan_url


async def test_the_public_reads_the_adopted_revision_while_an_amendment_is_open(
    sign_in: SignIn, client: AsyncClient
) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = await amend_in_public_view(http, made)
        plan_id, measure_id = made["plan"]["id"], made["measure"]["id"]

        tree = (await client.get(f"{plan_url}/tree")).json()
        assert measure_texts(tree) == [OLD_TEXT]
        assert tree["plan"]["amendment_in_progress"] is True
        detail = (await client.get(plan_url)).json()
        assert (detail["title"], detail["amendment_in_progress"]) == (made["plan"]["title"], True)
        listed_plans = (await client.get("/api/v1/plans")).json()["items"]
        assert [p["title"] for p in listed_plans if p["id"] == plan_id] == [made["plan"]["title"]]
        assert detail["counts"]["measures"] == 1
        measure = (await client.get(f"/api/v1/measures/{measure_id}")).json()
        assert measure["text"] == OLD_TEXT
        listed = (await client.get("/api/v1/measures", params={"plan_id": plan_id})).json()
        assert [m["text"] for m in listed["items"]] == [OLD_TEXT]
        assert listed["total"] == 1
        found = await client.get("/api/v1/measures", params={"q": NEW_TEXT})
        assert found.json()["total"] == 0
        found = await client.get(
            "/api/v1/measures", params={"q": "標準作業流程", "plan_id": plan_id}
        )
        assert [m["id"] for m in found.json()["items"]] == [measure_id]
        exported = (await client.get(f"{plan_url}/export")).json()
        assert measure_texts(exported) == [OLD_TEXT]
        assert (await client.get(f"{plan_url}/revisions/2")).status_code == 404

        staff_tree = (await http.get(f"{plan_url}/tree")).json()
        assert measure_texts(staff_tree) == [NEW_TEXT, "修正新增的作法"]
        assert staff_tree["plan"]["amendment_in_progress"] is True

        await http.post(f"{plan_url}/amendments/2/adopt")
        tree = (await client.get(f"{plan_url}/tree")).json()
        assert measure_texts(tree) == [NEW_TEXT, "修正新增的作法"]
        assert tree["plan"]["amendment_in_progress"] is False


async def test_public_measure_pages_mix_adopted_and_live_plans_in_order(
    sign_in: SignIn, client: AsyncClient
) -> None:
    async with draft_plan(sign_in) as (http, made):
        await amend_in_public_view(http, made)
        everything = (await client.get("/api/v1/measures", params={"page_size": 100})).json()
        assert everything["total"] == 178  # the 107 plan's 177 and the adopted one
        last_page = (
            await client.get("/api/v1/measures", params={"page_size": 10, "page": 18})
        ).json()
        assert [m["text"] for m in last_page["items"]][-1] == OLD_TEXT
        newest_first = (
            await client.get("/api/v1/measures", params={"sort": "-id", "page_size": 1})
        ).json()
        assert newest_first["items"][0]["id"] == made["measure"]["id"]
        for filters, found in [
            ({"organization": "TAIWATER"}, 1),
            ({"organization": "TAIPOWER"}, 0),
            ({"dimension": made["dimension"]["id"]}, 1),
            ({"strategy": made["strategy"]["id"]}, 1),
        ]:
            params = {"plan_id": made["plan"]["id"], **filters}
            assert (await client.get("/api/v1/measures", params=params)).json()["total"] == found


async def test_a_public_tree_under_amendment_takes_no_more_queries(
    sign_in: SignIn, client: AsyncClient, count_queries: Any
) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = await amend_in_public_view(http, made)
        with count_queries() as adopted:
            assert (await client.get(f"{plan_url}/tree")).status_code == 200
        with count_queries() as live:
            assert (await client.get("/api/v1/plans/1/tree")).status_code == 200
        assert len(adopted) <= len(live)


async def test_a_copy_takes_the_adopted_revision_unless_asked_for_the_working_one(
    sign_in: SignIn,
) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = await amend_in_public_view(http, made)
        adopted = (await http.post(f"{plan_url}/copy", json={"year": 2031})).json()
        tree = (await http.get(f"/api/v1/plans/{adopted['id']}/tree")).json()
        assert measure_texts(tree) == [OLD_TEXT]
        working = (
            await http.post(f"{plan_url}/copy", json={"year": 2032, "content": "working"})
        ).json()
        tree = (await http.get(f"/api/v1/plans/{working['id']}/tree")).json()
        assert measure_texts(tree) == [NEW_TEXT, "修正新增的作法"]


async def test_publication_lists_every_problem_at_once(sign_in: SignIn) -> None:
    async with sign_in("reviewer") as http:
        empty = (
            await http.post(
                "/api/v1/plans", json={"year": 2033, "title": "空的計畫", "issuer": "MOEACA"}
            )
        ).json()
        url = f"/api/v1/plans/{empty['id']}"
        response = await write(http, "POST", f"{url}/publish", guard=url)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == [
            "dimensions",
            "strategies",
            "measures",
        ]
        assert response.json()["errors"][0]["message"] == "計畫尚無面向"
        assert (await http.get(url)).json()["status"] == "draft"


async def test_publication_names_each_measure_and_indicator_at_fault(
    sign_in: SignIn, session: Any
) -> None:
    from sqlalchemy import delete

    from uplift.models import MeasureOwner

    async with draft_plan(sign_in) as (http, made):
        measure_url = f"/api/v1/measures/{made['measure']['id']}"
        await write(
            http,
            "POST",
            f"{measure_url}/indicators",
            guard=measure_url,
            json={
                "name": "完成率",
                "comparison": "at_least",
                "frequency": "yearly",
                "due_date": "2031-01-31",
            },
        )
        # An ownerless measure cannot be written through the API; an older import could.
        await session.execute(
            delete(MeasureOwner).where(MeasureOwner.measure_id == made["measure"]["id"])
        )
        url = f"/api/v1/plans/{made['plan']['id']}"
        response = await write(http, "POST", f"{url}/publish", guard=url)
        assert response.status_code == 422
        errors = {e["field"]: e["message"] for e in response.json()["errors"]}
        place = "dimensions.0.strategies.0.measures.0"
        assert set(errors) == {f"{place}.organizations", f"{place}.indicators.0.due_date"}
        assert "一 (一) (1)" in errors[f"{place}.organizations"]
        assert "完成率" in errors[f"{place}.indicators.0.due_date"]


async def test_a_draft_can_be_deleted_and_nothing_else(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/plans/{made['plan']['id']}"
        assert (await http.delete(url)).status_code == 428
        assert (
            await write(http, "DELETE", "/api/v1/plans/1", guard="/api/v1/plans/1")
        ).status_code == 409
        deleted = await write(http, "DELETE", url, guard=url)
        assert deleted.status_code == 204
        assert (await http.get(url)).status_code == 404
        measure = await http.get(f"/api/v1/measures/{made['measure']['id']}")
        assert measure.status_code == 404
        assert "delete" in await plan_actions(http, made["plan"]["id"])
    async with sign_in("panel") as panel:
        assert (await panel.delete("/api/v1/plans/1")).status_code == 403


async def test_the_featured_plan_is_the_newest_published_one_not_archived(
    sign_in: SignIn, client: AsyncClient
) -> None:
    assert (await client.get("/api/v1/plans/featured")).json()["id"] == 1
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/plans/{made['plan']['id']}"
        assert (await client.get("/api/v1/plans/featured")).json()["id"] == 1  # a draft
        await write(http, "POST", f"{url}/publish", guard=url)
        assert (await client.get("/api/v1/plans/featured")).json()["id"] == made["plan"]["id"]
        archived = await write(http, "POST", f"{url}/archive", guard=url)
        assert (archived.status_code, archived.json()["status"]) == (200, "archived")
        assert (await client.get("/api/v1/plans/featured")).json()["id"] == 1
        assert (await client.get(url)).status_code == 200  # still readable by id
        listed = (await client.get("/api/v1/plans")).json()["items"]
        assert [p["id"] for p in listed] == [1, made["plan"]["id"]]
        again = await write(http, "POST", f"{url}/archive", guard=url)
        assert again.status_code == 409
        assert "archive" in await plan_actions(http, made["plan"]["id"])

"""Reviewers write plans: a draft, its structure, publication, amendments and revisions."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from io import BytesIO
from typing import Any

import pytest
from httpx import AsyncClient, Response
from openpyxl import load_workbook

SignIn = Callable[[str], Any]


def workbook_with_year(workbook: bytes, year: int) -> bytes:
    """What a staff member does in Excel: change the year on the 計畫 sheet."""
    book = load_workbook(BytesIO(workbook))
    for row in book["計畫"].iter_rows(min_row=2):
        if row[1].value == "year":
            row[2].value = year
    out = BytesIO()
    book.save(out)
    return out.getvalue()


async def write(
    http: AsyncClient, method: str, url: str, guard: str | None = None, **kw: Any
) -> Response:
    """A change guarded by the ETag of `guard` (a URL read just before), as the web app does."""
    headers = {}
    if guard is not None:
        headers["If-Match"] = (await http.get(guard)).headers["etag"]
    return await http.request(method, url, headers=headers, **kw)


@asynccontextmanager
async def draft_plan(sign_in: SignIn) -> AsyncIterator[tuple[AsyncClient, dict[str, Any]]]:
    """A reviewer with a new 2030 draft holding one dimension, strategy and measure."""
    async with sign_in("reviewer") as http:
        plan = (
            await http.post(
                "/api/v1/plans",
                json={
                    "year": 2030,
                    "title": "119年度提升服務效能執行計畫",
                    "issuer": "MOEACA",
                    "report_due_date": "120年3月15日",
                },
            )
        ).json()
        dimension = (
            await http.post(
                f"/api/v1/plans/{plan['id']}/dimensions", json={"code": "一", "name": "基礎服務"}
            )
        ).json()
        strategy = (
            await http.post(
                f"/api/v1/dimensions/{dimension['id']}/strategies",
                json={"code": "(一)", "name": "服務一致及正確性"},
            )
        ).json()
        measure = (
            await http.post(
                f"/api/v1/strategies/{strategy['id']}/measures",
                json={"code": "(1)", "text": "訂定標準作業流程。", "organizations": ["TAIWATER"]},
            )
        ).json()
        yield http, {"plan": plan, "dimension": dimension, "strategy": strategy, "measure": measure}


async def test_a_reviewer_builds_a_draft(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan = made["plan"]
        assert (plan["status"], plan["roc_year"], plan["revision"]) == ("draft", 119, 0)
        assert plan["report_due_date"] == "2031-03-15"
        measure = made["measure"]
        assert measure["organizations"][0]["code"] == "TAIWATER"
        assert measure["plan_id"] == plan["id"]
        tree = (await http.get(f"/api/v1/plans/{plan['id']}/tree")).json()
        assert tree["dimensions"][0]["strategies"][0]["measures"][0]["text"] == "訂定標準作業流程。"


async def test_drafts_are_hidden_from_the_public(sign_in: SignIn, client: AsyncClient) -> None:
    async with draft_plan(sign_in) as (_, made):
        plan_id, measure_id = made["plan"]["id"], made["measure"]["id"]
    assert (await client.get(f"/api/v1/plans/{plan_id}")).status_code == 404
    assert (await client.get(f"/api/v1/measures/{measure_id}")).status_code == 404
    assert (await client.get("/api/v1/plans")).json()["total"] == 1
    async with sign_in("reporter-taiwater") as reporter:
        assert (await reporter.get(f"/api/v1/plans/{plan_id}/tree")).status_code == 404


async def test_sub_items_indicators_and_owners_change_under_the_measures_etag(
    sign_in: SignIn,
) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}"
        added = await write(
            http, "POST", f"{url}/sub-items", guard=url, json={"code": "甲", "text": "子項一"}
        )
        assert added.status_code == 201
        sub_id = added.json()["sub_items"][0]["id"]
        indicator = await write(
            http,
            "POST",
            f"{url}/indicators",
            guard=url,
            json={
                "name": "禮貌測試",
                "unit": "次",
                "target": 1,
                "comparison": "at_least",
                "frequency": "bimonthly",
                "due_date": "119.06.30",
                "sub_item_id": sub_id,
            },
        )
        assert indicator.status_code == 201
        shown = indicator.json()["sub_items"][0]["indicators"][0]
        assert (shown["due_date"], shown["due_date_roc"]) == ("2030-06-30", "119年6月30日")
        owners = await write(
            http, "PATCH", url, guard=url, json={"organizations": ["TAISUGAR", "TAIWATER"]}
        )
        assert [o["code"] for o in owners.json()["organizations"]] == ["TAISUGAR", "TAIWATER"]
        removed = await write(http, "DELETE", f"{url}/indicators/{shown['id']}", guard=url)
        assert removed.json()["sub_items"][0]["indicators"] == []


async def test_a_stale_etag_never_overwrites(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}"
        seen = (await http.get(url)).headers["etag"]
        first = await http.patch(url, json={"text": "甲的修改"}, headers={"If-Match": seen})
        assert first.status_code == 200
        second = await http.patch(url, json={"text": "乙的修改"}, headers={"If-Match": seen})
        assert second.status_code == 412
        assert second.headers["content-type"] == "application/problem+json"
        assert (await http.get(url)).json()["text"] == "甲的修改"
        missing = await http.patch(url, json={"text": "丙"})
        assert missing.status_code == 428


async def test_positions_move_and_stay_dense(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        strategy_id = made["strategy"]["id"]
        second = (
            await http.post(
                f"/api/v1/strategies/{strategy_id}/measures",
                json={"code": "(2)", "text": "第二項", "organizations": ["CPC"], "position": 0},
            )
        ).json()
        measures = await http.get("/api/v1/measures", params={"strategy": strategy_id})
        assert [m["code"] for m in measures.json()["items"]] == ["(2)", "(1)"]
        url = f"/api/v1/measures/{second['id']}"
        await write(http, "PATCH", url, guard=url, json={"position": 5})
        measures = await http.get("/api/v1/measures", params={"strategy": strategy_id})
        assert [m["code"] for m in measures.json()["items"]] == ["(1)", "(2)"]


async def test_a_dimension_with_strategies_cannot_be_deleted(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/dimensions/{made['dimension']['id']}"
        response = await write(http, "DELETE", url, guard=url)
        assert response.status_code == 409


async def test_publication_then_amendment_makes_revision_two(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = f"/api/v1/plans/{made['plan']['id']}"
        measure_url = f"/api/v1/measures/{made['measure']['id']}"
        published = await write(http, "POST", f"{plan_url}/publish", guard=plan_url)
        assert (published.json()["status"], published.json()["revision"]) == ("published", 1)
        locked = await write(http, "PATCH", measure_url, guard=measure_url, json={"text": "改"})
        assert locked.status_code == 409
        opened = await http.post(
            f"{plan_url}/amendments", json={"reason": "配合組織調整", "amended_on": "119年7月1日"}
        )
        assert opened.status_code == 201
        assert (opened.json()["number"], opened.json()["state"]) == (2, "open")
        changed = await write(
            http, "PATCH", measure_url, guard=measure_url, json={"text": "修正後的作法。"}
        )
        assert changed.status_code == 200
        adopted = await http.post(f"{plan_url}/amendments/2/adopt")
        assert adopted.json()["state"] == "adopted"
        revisions = (await http.get(f"{plan_url}/revisions")).json()
        assert [(r["number"], r["amended_on_roc"]) for r in revisions][1] == (2, "119年7月1日")
        first = (await http.get(f"{plan_url}/revisions/1")).json()
        first_text = first["plan"]["dimensions"][0]["strategies"][0]["measures"][0]["text"]
        assert first_text == "訂定標準作業流程。"  # revision 1 stays as it was
        changes = (await http.get(f"{plan_url}/revisions/2/changes")).json()
        assert changes["since"] == 1
        (change,) = changes["changes"]
        assert (change["entity"], change["change"]) == ("measure", "changed")
        assert change["fields"] == [
            {"field": "text", "before": "訂定標準作業流程。", "after": "修正後的作法。"}
        ]


async def test_the_seeded_plan_is_revision_one(client: AsyncClient) -> None:
    revisions = (await client.get("/api/v1/plans/1/revisions")).json()
    assert [(r["number"], r["state"]) for r in revisions] == [(1, "adopted")]
    snapshot = (await client.get("/api/v1/plans/1/revisions/1")).json()["plan"]
    assert sum(len(s["measures"]) for d in snapshot["dimensions"] for s in d["strategies"]) == 177


async def test_copy_into_the_next_year_keeps_keys_and_moves_dates(sign_in: SignIn) -> None:
    async with sign_in("reviewer") as http:
        response = await http.post("/api/v1/plans/1/copy", json={"year": 2019})
        assert response.status_code == 201
        copied = response.json()
        assert copied["title"] == "經濟部國營事業委員會108年度提升服務效能執行計畫"
        assert (copied["status"], copied["previous_plan_id"]) == ("draft", 1)
        assert copied["report_due_date"] == "2020-03-15"
        old = (await http.get("/api/v1/plans/1/tree")).json()
        new = (await http.get(f"/api/v1/plans/{copied['id']}/tree")).json()

        def keys(tree: dict[str, Any]) -> list[str]:
            return [
                m["key"] for d in tree["dimensions"] for s in d["strategies"] for m in s["measures"]
            ]

        assert keys(new) == keys(old) and len(keys(new)) == 177
        again = await http.post("/api/v1/plans/1/copy", json={"year": 2019})
        assert again.status_code == 409


@pytest.mark.parametrize("file_format", ["json", "xlsx"])
async def test_export_then_import_gives_the_same_plan(sign_in: SignIn, file_format: str) -> None:
    async with sign_in("reviewer") as http:
        exported = await http.get("/api/v1/plans/1/export", params={"format": file_format})
        assert exported.status_code == 200
        assert "attachment" in exported.headers["content-disposition"]
        body = exported.content
        if file_format == "json":
            body = body.replace(b'"year": 2018', b'"year": 2025')
            media = "application/json"
        else:
            body = workbook_with_year(body, 2025)
            media = exported.headers["content-type"]
        imported = await http.post(
            "/api/v1/plans/import", content=body, headers={"Content-Type": media}
        )
        assert imported.status_code == 201, imported.text
        assert (imported.json()["year"], imported.json()["status"]) == (2025, "draft")
        assert imported.json()["counts"]["measures"] == 177


async def test_import_reports_every_problem_and_writes_nothing(sign_in: SignIn) -> None:
    async with sign_in("reviewer") as http:
        before = (await http.get("/api/v1/plans")).json()["total"]
        bad = b'{"year": 2026, "issuer": "NOPE", "title": "", "dimensions": [{"code": "1"}]}'
        response = await http.post(
            "/api/v1/plans/import", content=bad, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422
        fields = [e["field"] for e in response.json()["errors"]]
        assert "dimensions.0.name" in fields
        assert (await http.get("/api/v1/plans")).json()["total"] == before
        wrong_type = await http.post(
            "/api/v1/plans/import", content=b"x", headers={"Content-Type": "text/plain"}
        )
        assert wrong_type.status_code == 415


async def test_every_authoring_write_is_audited(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        events = (
            await http.get(
                "/api/v1/audit-events",
                params={"object_type": "measure", "object_id": made["measure"]["id"]},
            )
        ).json()["items"]
        assert [e["action"] for e in events] == ["create"]
        assert events[0]["after"]["text"] == "訂定標準作業流程。"
        assert events[0]["actor_label"] == "reviewer"


async def test_a_write_answers_with_the_etag_for_the_next_write(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}"
        first = await write(http, "PATCH", url, guard=url, json={"text": "一改"})
        assert first.headers["etag"] == (await http.get(url)).headers["etag"]
        second = await http.patch(
            url, json={"text": "二改"}, headers={"If-Match": first.headers["etag"]}
        )
        assert second.status_code == 200


async def test_change_labels_name_owners_as_people_read_them(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = f"/api/v1/plans/{made['plan']['id']}"
        await write(http, "POST", f"{plan_url}/publish", guard=plan_url)
        await http.post(f"{plan_url}/amendments", json={"reason": "r", "amended_on": "119.08.01"})
        await http.post(
            f"/api/v1/strategies/{made['strategy']['id']}/measures",
            json={"code": "(2)", "text": "新增作法", "organizations": ["TAIWATER"]},
        )
        changes = (await http.get(f"{plan_url}/revisions/2/changes")).json()["changes"]
    assert [(c["change"], c["label"]) for c in changes] == [("added", "一 (一) 台水公司 (2)")]

"""PATCH means one thing everywhere: a field left out stays as it is, `null` clears a field
that may be empty, and a field that may not be empty refuses `null` with a 422 naming it."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient

from tests.plans.test_authoring import draft_plan, write
from uplift.kit.patch import Patch

SignIn = Callable[[str], Any]


def test_every_patch_body_is_a_patch(app: FastAPI) -> None:
    bodies = {
        context.path_format: context.dependant.body_params[0].field_info.annotation
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and "PATCH" in (context.methods or ())
    }
    # plan, dimension, strategy, measure, sub-item, indicator, user, unit, round, visit,
    # follow-up answer, finding, contact, notification settings, webhook subscription
    assert len(bodies) == 15
    assert [path for path, body in bodies.items() if not issubclass(body, Patch)] == []


REFUSED = {
    "plan": ["title", "objectives", "core_values"],
    "dimension": ["code", "name", "position"],
    "strategy": ["code", "name", "position"],
    "measure": ["text", "organizations", "position"],
}


@pytest.mark.parametrize("domain", list(REFUSED))
async def test_null_for_a_field_that_may_not_be_empty_is_422_naming_it(
    sign_in: SignIn, domain: str
) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = _url(domain, made)
        before = (await http.get(url)).json()
        for field in REFUSED[domain]:
            refused = await write(http, "PATCH", url, guard=url, json={field: None})
            assert refused.status_code == 422, (field, refused.text)
            assert [e["field"] for e in refused.json()["errors"]] == [field]
        assert (await http.get(url)).json() == before


async def test_sub_item_and_indicator_fields_follow_the_same_rule(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = _url("measure", made)
        sub = await write(http, "POST", f"{url}/sub-items", guard=url, json={"text": "子項"})
        sub_url = f"{url}/sub-items/{sub.json()['sub_items'][0]['id']}"
        indicator = await write(
            http,
            "POST",
            f"{url}/indicators",
            guard=url,
            json={
                "name": "滿意度",
                "unit": "%",
                "target": 90,
                "comparison": "at_least",
                "frequency": "yearly",
                "due_date": "2030-12-31",
            },
        )
        indicator_url = f"{url}/indicators/{indicator.json()['indicators'][0]['id']}"
        for target, field in [
            (sub_url, "text"),
            (indicator_url, "name"),
            (indicator_url, "comparison"),
            (indicator_url, "frequency"),
        ]:
            refused = await write(http, "PATCH", target, guard=url, json={field: None})
            assert [e["field"] for e in refused.json()["errors"]] == [field], target
        cleared = await write(
            http, "PATCH", indicator_url, guard=url, json={"unit": None, "due_date": None}
        )
        shown = cleared.json()["indicators"][0]
        assert (shown["unit"], shown["due_date"], shown["name"]) == (None, None, "滿意度")
        assert shown["target"] is not None  # left out, so untouched


async def test_null_clears_and_absent_keeps(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = _url("plan", made)
        cleared = await write(
            http, "PATCH", plan_url, guard=plan_url, json={"report_due_date": None}
        )
        assert cleared.status_code == 200
        assert cleared.json()["report_due_date"] is None
        assert cleared.json()["title"] == made["plan"]["title"]
        measure_url = _url("measure", made)
        unnumbered = await write(http, "PATCH", measure_url, guard=measure_url, json={"code": None})
        assert (unnumbered.json()["code"], unnumbered.json()["text"]) == (
            None,
            "訂定標準作業流程。",
        )


async def test_a_user_refuses_null_for_what_they_must_have(
    sign_in: SignIn, client: AsyncClient
) -> None:
    async with sign_in("admin") as admin:
        users = (await admin.get("/api/v1/users")).json()["items"]
        reviewer = next(u for u in users if u["username"] == "reviewer")
        url = f"/api/v1/users/{reviewer['id']}"
        for field in ["display_name", "role", "is_active"]:
            refused = await write(admin, "PATCH", url, guard=url, json={field: None})
            assert [e["field"] for e in refused.json()["errors"]] == [field]
        kept = (await admin.get(url)).json()
        assert (kept["role"], kept["is_active"]) == ("reviewer", True)


def _url(domain: str, made: dict[str, Any]) -> str:
    return {
        "plan": f"/api/v1/plans/{made['plan']['id']}",
        "dimension": f"/api/v1/dimensions/{made['dimension']['id']}",
        "strategy": f"/api/v1/strategies/{made['strategy']['id']}",
        "measure": f"/api/v1/measures/{made['measure']['id']}",
    }[domain]

"""A query parameter the operation does not take is a 422 naming it, never silently ignored."""

from httpx import AsyncClient

from tests.plans.test_authoring import SignIn, draft_plan, write


async def test_a_misspelt_filter_is_refused_with_the_names_the_operation_takes(
    client: AsyncClient,
) -> None:
    # `plan` for `plan_id`: ignored, it would have answered every plan's measures.
    response = await client.get(
        "/api/v1/measures", params={"plan": 1}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Invalid input"
    [error] = problem["errors"]
    assert (error["field"], error["location"]) == ("plan", "query")
    assert "plan_id" in error["message"] and "page_size" in error["message"]

    in_chinese = (await client.get("/api/v1/measures", params={"plan": 1})).json()
    assert in_chinese["errors"][0]["message"].startswith("此作業沒有「plan」查詢參數")


async def test_parameters_of_the_route_and_of_its_dependencies_are_taken(
    client: AsyncClient,
) -> None:
    # plan_id is the route's own; page_size comes from the pagination dependency.
    response = await client.get("/api/v1/measures", params={"plan_id": 1, "page_size": 2})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2
    # An operation that takes none refuses any, an empty name included.
    assert (await client.get("/api/v1/healthz")).status_code == 200
    assert (await client.get("/api/v1/healthz?probe=1")).status_code == 422
    assert (await client.get("/api/v1/plans?=x")).status_code == 422


async def test_a_write_with_an_unknown_parameter_changes_nothing(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        plan_url = f"/api/v1/plans/{made['plan']['id']}"
        refused = await write(
            http, "PATCH", f"{plan_url}?force=true", guard=plan_url, json={"title": "改過的標題"}
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "force"
        assert (await http.get(plan_url)).json()["title"] == made["plan"]["title"]


async def test_a_long_unknown_name_is_echoed_cut_short(client: AsyncClient) -> None:
    response = await client.get("/api/v1/plans", params={"x" * 5000: "1"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "x" * 64 + "…"

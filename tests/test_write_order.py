"""Every write to something existing takes the same steps in the same order (README, "One
way to write"): find and lock it (404), check it may change (409), check If-Match (428,
412), change it, audit it. So an unknown id is 404 even without If-Match, and a stale ETag
on a plan that cannot change tells the caller what would still stop them: the plan's state.
"""

from collections.abc import Callable
from typing import Any

import pytest
from httpx import AsyncClient

from tests.plans.test_authoring import draft_plan

SignIn = Callable[[str], Any]
STALE = {"If-Match": '"stale"'}


async def _published(http: AsyncClient) -> dict[str, str]:
    """URLs of things in the seeded plan, which is published (so nothing in it may change)."""
    tree = (await http.get("/api/v1/plans/1/tree")).json()
    dimension = tree["dimensions"][0]
    strategy = dimension["strategies"][0]
    return {
        "plan": "/api/v1/plans/1",
        "dimension": f"/api/v1/dimensions/{dimension['id']}",
        "strategy": f"/api/v1/strategies/{strategy['id']}",
        "measure": f"/api/v1/measures/{strategy['measures'][0]['id']}",
    }


CHANGES = {
    "plan": {"title": "改"},
    "dimension": {"name": "改"},
    "strategy": {"name": "改"},
    "measure": {"text": "改"},
}


@pytest.mark.parametrize("domain", list(CHANGES))
async def test_a_stale_etag_on_something_that_cannot_change_answers_its_state_first(
    sign_in: SignIn, domain: str
) -> None:
    async with sign_in("reviewer") as http:
        url = (await _published(http))[domain]
        stale = await http.patch(url, json=CHANGES[domain], headers=STALE)
        assert stale.status_code == 409, stale.text
        missing = await http.patch(url, json=CHANGES[domain])
        assert missing.status_code == 409, missing.text


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/api/v1/plans/9999", "PATCH"),
        ("/api/v1/plans/9999/publish", "POST"),
        ("/api/v1/dimensions/9999", "PATCH"),
        ("/api/v1/strategies/9999", "DELETE"),
        ("/api/v1/measures/9999", "PATCH"),
        ("/api/v1/measures/9999/sub-items/1", "PATCH"),
    ],
)
async def test_an_unknown_id_is_404_even_without_if_match(
    sign_in: SignIn, url: str, method: str
) -> None:
    async with sign_in("reviewer") as http:
        kw = {"json": {"text": "改", "name": "改"}} if method == "PATCH" else {}
        response = await http.request(method, url, **kw)
        assert response.status_code == 404, response.text


@pytest.mark.parametrize(
    ("part", "method"),
    [
        ("sub-items/9999", "PATCH"),
        ("sub-items/9999", "DELETE"),
        ("indicators/9999", "PATCH"),
        ("indicators/9999", "DELETE"),
    ],
)
async def test_an_unknown_part_of_a_measure_is_404_even_without_if_match(
    sign_in: SignIn, part: str, method: str
) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}/{part}"
        kw = {"json": {"text": "改", "name": "改"}} if method == "PATCH" else {}
        response = await http.request(method, url, **kw)
        assert response.status_code == 404, response.text


async def test_an_unknown_user_is_404_even_without_if_match(sign_in: SignIn) -> None:
    async with sign_in("admin") as admin:
        response = await admin.patch("/api/v1/users/9999", json={"display_name": "甲"})
        assert response.status_code == 404


async def test_a_stale_etag_is_412_on_every_kind_of_draft_item(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        urls = {
            "plan": f"/api/v1/plans/{made['plan']['id']}",
            "dimension": f"/api/v1/dimensions/{made['dimension']['id']}",
            "strategy": f"/api/v1/strategies/{made['strategy']['id']}",
            "measure": f"/api/v1/measures/{made['measure']['id']}",
        }
        for domain, url in urls.items():
            stale = await http.patch(url, json=CHANGES[domain], headers=STALE)
            assert stale.status_code == 412, (domain, stale.text)
            assert stale.headers["content-type"] == "application/problem+json"
            assert (await http.patch(url, json=CHANGES[domain])).status_code == 428, domain
            unchanged = (await http.get(url)).json()
            assert "改" not in [unchanged.get(name) for name in ("title", "name", "text")]

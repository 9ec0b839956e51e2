"""Indicators say what their source says: a value inferred is marked so, with its reason;
fields that contradict one another are refused, naming the field, and nothing is stored."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.measures.test_endpoints import list_measures
from tests.plans.test_authoring import SignIn, draft_plan, write


async def test_the_107_indicators_show_what_is_read_and_what_is_inferred(
    client: AsyncClient,
) -> None:
    survey = (await list_measures(client, q="直銷客戶滿意度調查"))["items"][0]["indicators"][0]
    assert (survey["comparison"], survey["frequency"], survey["inferred"]) == (
        "exactly",
        "yearly",
        False,
    )
    stations = (await list_measures(client, q="自營加油站規劃辦理"))["items"][0]
    inferred = stations["sub_items"][0]["indicators"][0]
    assert inferred["inferred"] is True
    assert "每年自行辦理顧客滿意度問卷調查" in inferred["inferred_reason"]
    web = (await list_measures(client, q="通過無障礙檢測"))["items"][0]["indicators"][0]
    assert (web["due_date"], web["comparison"], web["target"], web["unit"]) == (
        None,
        "completion",
        100,
        "%",
    )
    online = (await list_measures(client, q="線上服務的認知與使用率"))["items"][0]
    assert online["indicators"][0]["comparison"] == "increase_over_baseline"
    assert online["indicators"][0]["frequency"] == "unspecified"
    assert online["indicators"][0]["baseline"] is None


async def test_the_amendment_section_has_its_heading_alone(client: AsyncClient) -> None:
    plan = (await client.get("/api/v1/plans/1")).json()
    assert [(s["heading"], s["title"]) for s in plan["sections"]][-1] == ("捌", None)


BASE = {"name": "使用率", "unit": "%", "frequency": "unspecified"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BASE, "comparison": "report_only", "inferred": True}, "inferred_reason"),
        (
            {**BASE, "comparison": "report_only", "inferred": True, "inferred_reason": "  "},
            "inferred_reason",
        ),
        ({**BASE, "comparison": "report_only", "inferred_reason": "推定"}, "inferred"),
        ({**BASE, "comparison": "completion", "target": 90}, "target"),
        ({**BASE, "comparison": "completion", "target": 100, "unit": "件"}, "target"),
        ({**BASE, "comparison": "at_least", "target": 1, "baseline": 3}, "baseline"),
    ],
)
async def test_contradicting_fields_are_refused(
    sign_in: SignIn, body: dict[str, Any], field: str
) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}"
        response = await write(http, "POST", f"{url}/indicators", url, json=body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == [field]
        assert (await http.get(url)).json()["indicators"] == []


async def test_an_editor_marks_a_value_inferred_and_back(sign_in: SignIn) -> None:
    async with draft_plan(sign_in) as (http, made):
        url = f"/api/v1/measures/{made['measure']['id']}"
        body = {
            **BASE,
            "comparison": "increase_over_baseline",
            "baseline": 62.5,
            "target": 5,
            "inferred": True,
            "inferred_reason": "原文未寫提升幅度",
        }
        created = await write(http, "POST", f"{url}/indicators", url, json=body)
        assert created.status_code in (200, 201), created.text
        indicator = created.json()["indicators"][0]
        assert (indicator["baseline"], indicator["target"], indicator["inferred"]) == (
            62.5,
            5,
            True,
        )
        one = f"{url}/indicators/{indicator['id']}"
        refused = await write(http, "PATCH", one, url, json={"inferred_reason": None})
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == ["inferred_reason"]
        read = await write(
            http, "PATCH", one, url, json={"inferred": False, "inferred_reason": None}
        )
        assert read.status_code == 200, read.text
        again = read.json()["indicators"][0]
        assert (again["inferred"], again["inferred_reason"]) == (False, None)

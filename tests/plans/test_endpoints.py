from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Dimension, Measure, MeasureOwner, Organization, Plan, Strategy


async def plan_107_id(client: AsyncClient) -> int:
    plans = (await client.get("/api/v1/plans", params={"year": 2018})).json()
    return int(plans["items"][0]["id"])


async def test_lists_the_107_plan_with_its_roc_year(client: AsyncClient) -> None:
    response = await client.get("/api/v1/plans")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    plan = body["items"][0]
    assert plan["year"] == 2018
    assert plan["roc_year"] == 107
    assert plan["title"] == "經濟部國營事業委員會107年度提升服務效能執行計畫"
    assert plan["report_due_date"] == "2019-03-15"
    assert plan["report_due_date_roc"] == "108年3月15日"
    assert plan["issuer"]["code"] == "MOEACA"


async def test_filters_plans_by_year(client: AsyncClient) -> None:
    response = await client.get("/api/v1/plans", params={"year": 2019})
    assert response.json() == {"items": [], "total": 0, "page": 1, "page_size": 20}


async def test_plan_detail_has_basis_targets_rules_and_counts(client: AsyncClient) -> None:
    plan = (await client.get(f"/api/v1/plans/{await plan_107_id(client)}")).json()
    assert [b["issuer"] for b in plan["bases"]] == ["行政院", "經濟部"]
    assert plan["bases"][0]["issued_on_roc"] == "106年1月9日"
    assert plan["bases"][0]["document_number"] == "院授發社字第1061300008號"
    assert plan["core_values"] == ["公平共享", "參與合作", "開放透明"]
    categories = {c["name_zh"]: c for c in plan["target_categories"]}
    assert set(categories) == {"整體服務類", "專案規劃類"}
    assert len(categories["專案規劃類"]["members"]) == 5
    assert categories["整體服務類"]["members"][0]["scope"] == "各區營業處"
    assert [r["name_zh"] for r in plan["review_rounds"]] == ["期中查證", "期末查證"]
    sections = {s["key"]: s for s in plan["sections"]}
    assert "不予評分" in sections["assessment"]["body"]
    assert sections["rewards"]["body"] == "請各事業依據本會查證結果辦理獎懲。"
    counts = plan["counts"]
    assert (counts["dimensions"], counts["strategies"], counts["measures"]) == (5, 11, 177)
    assert (counts["measure_assignments"], counts["sub_items"]) == (179, 11)
    by_owner = {c["organization"]["code"]: c["measures"] for c in counts["by_organization"]}
    assert by_owner == {"TAIPOWER": 48, "CPC": 45, "TAISUGAR": 43, "TAIWATER": 43}


async def test_tree_nests_the_whole_plan(client: AsyncClient) -> None:
    response = await client.get(f"/api/v1/plans/{await plan_107_id(client)}/tree")
    assert response.status_code == 200
    tree = response.json()
    assert tree["plan"]["roc_year"] == 107
    dimensions = tree["dimensions"]
    assert [d["name"] for d in dimensions] == [
        "基礎服務",
        "服務遞送",
        "服務量能",
        "服務評價",
        "開放創新",
    ]
    strategies = [s for d in dimensions for s in d["strategies"]]
    assert len(strategies) == 11
    measures = [m for s in strategies for m in s["measures"]]
    assert len(measures) == 177
    assert sum(len(m["organizations"]) for m in measures) == 179
    assert sum(len(m["sub_items"]) for m in measures) == 11
    first = strategies[0]["measures"][0]
    assert first["code"] == "(1)"
    assert first["organizations"][0]["short_name_zh"] == "台電公司"
    assert first["text"].startswith("訂定申辦業務標準作業流程")
    shared = [m for m in measures if len(m["organizations"]) == 2]
    assert [{o["code"] for o in m["organizations"]} for m in shared] == [
        {"TAISUGAR", "TAIWATER"}
    ] * 2


async def _add_strategy_with_measures(session: AsyncSession, plan_id: int, how_many: int) -> None:
    dimension = await session.scalar(select(Dimension).where(Dimension.plan_id == plan_id))
    owner = await session.scalar(select(Organization).where(Organization.code == "CPC"))
    assert dimension is not None and owner is not None
    strategy = Strategy(dimension_id=dimension.id, code="(九)", position=99, name="測試策略")
    session.add(strategy)
    await session.flush()
    for position in range(how_many):
        measure = Measure(strategy_id=strategy.id, position=position, text=f"測試作法{position}")
        measure.owners = [MeasureOwner(position=0, organization_id=owner.id)]
        measure.sub_items = [
            Measure(strategy_id=strategy.id, position=0, code="甲", text="子項"),
        ]
        measure.indicators = []
        session.add(measure)
    await session.flush()
    session.expunge_all()


async def test_tree_takes_the_same_number_of_queries_as_the_plan_grows(
    client: AsyncClient, session: AsyncSession, count_queries: object
) -> None:
    plan_id = await plan_107_id(client)
    with count_queries() as before:  # type: ignore[operator]
        assert (await client.get(f"/api/v1/plans/{plan_id}/tree")).status_code == 200
    await _add_strategy_with_measures(session, plan_id, 30)
    with count_queries() as after:  # type: ignore[operator]
        response = await client.get(f"/api/v1/plans/{plan_id}/tree")
    measures = [
        m for d in response.json()["dimensions"] for s in d["strategies"] for m in s["measures"]
    ]
    assert len(measures) == 207
    assert len(after) == len(before) <= 10


async def test_unknown_plan_is_a_problem_404_in_either_language(client: AsyncClient) -> None:
    response = await client.get("/api/v1/plans/999999")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "找不到資源"
    assert "999999" in response.json()["detail"]
    english = await client.get("/api/v1/plans/999999/tree", headers={"Accept-Language": "en"})
    assert english.status_code == 404
    assert english.json()["detail"] == "Plan 999999 does not exist"


async def test_a_plan_id_that_is_not_a_number_is_422_naming_it(client: AsyncClient) -> None:
    # /plans/abc itself is no resource (404): a word there names one, like /plans/featured.
    assert (await client.get("/api/v1/plans/abc")).status_code == 404
    response = await client.get("/api/v1/plans/abc/tree")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "plan_id"
    assert response.json()["errors"][0]["location"] == "path"


async def test_plans_are_stored_with_their_gregorian_year(session: AsyncSession) -> None:
    assert (await session.scalars(select(Plan.year))).all() == [2018]

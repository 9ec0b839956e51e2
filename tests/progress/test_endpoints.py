"""The contract enterprise systems and the web app build against: statuses, headers,
problem+json with the item and field, who may call what."""

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from tests.fixtures.tokens import bearer
from tests.progress.conftest import YEAR, World, item
from uplift.models import ProgressReport, Role

API = "/api/v1/progress-reports"


@pytest.fixture
async def reporter(session: AsyncSession, world: World) -> dict[str, str]:
    return await bearer(session, world.reporter.user_id, ["progress:read", "progress:write"])


@pytest.fixture
async def reviewer(session: AsyncSession, world: World) -> dict[str, str]:
    return await bearer(session, world.reviewer.user_id, ["progress:read", "progress:review"])


async def _stored(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(ProgressReport)) or 0)


async def test_a_system_creates_then_updates_a_report_by_its_natural_key(
    client: AsyncClient, world: World, reporter: dict[str, str]
) -> None:
    created = await client.post(API, json=item(world, external_id="ERP-1"), headers=reporter)
    assert created.status_code == 201, created.text
    assert created.headers["ETag"]
    body = created.json()
    assert (body["state"], body["version"], body["external_id"]) == ("draft", 1, "ERP-1")
    assert body["current"]["values"][0] == {
        "indicator_id": world.percent.id, "indicator_key": world.percent.key,
        "value": "97.5000", "unit": "%",
    }  # fmt: skip
    assert body["due_date"] == f"{YEAR}-02-28" and body["due_date_roc"].startswith("119年")
    updated = await client.post(API, json=item(world, narrative="更新"), headers=reporter)
    assert updated.status_code == 200 and updated.json()["id"] == body["id"]
    read = await client.get(f"{API}/{body['id']}", headers=reporter)
    assert read.status_code == 200 and read.json()["current"]["narrative"] == "更新"
    assert read.headers["ETag"] == updated.headers["ETag"]


async def test_an_idempotency_key_replays_the_first_answer(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    headers = {**reporter, "Idempotency-Key": "progress-once"}
    first = await client.post(API, json=item(world), headers=headers)
    again = await client.post(API, json=item(world), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    other = await client.post(API, json=item(world, narrative="別的"), headers=headers)
    assert other.status_code == 422
    assert await _stored(session) == 1


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"narative": "錯字"}, 422, "narative"),
        ({"values": [{"indicator_id": 1, "value": "很多", "unit": "%"}]}, 422, "values.0.value"),
        ({"narrative": "長" * 10_001}, 422, "narrative"),
        ({"period": "2030-Q5"}, 422, "period"),
        ({"period": f"{YEAR + 1}-B1"}, 422, "period"),
        ({"values": [{"indicator_id": 1, "value": "1", "unit": "%", "note": "x"}]}, 422,
         "values.0.note"),
        ({"values": [{"indicator_id": 1, "value": "1", "unit": "%"}]}, 422,
         "values.0.indicator_id"),  # the seeded plan's first indicator: another measure's
        ({"values": [{"indicator_id": 1, "value": "1e30", "unit": "%"}]}, 422, "values.0.value"),
        ({"external_id": "有空白 x"}, 422, "external_id"),
    ],
)  # fmt: skip
async def test_bad_input_is_a_problem_naming_the_field_and_stores_nothing(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    reporter: dict[str, str],
    fields: dict[str, Any],
    status: int,
    field: str,
) -> None:
    response = await client.post(API, json=item(world, **fields), headers=reporter)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert await _stored(session) == 0


async def test_another_enterprise_measure_is_not_found(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    body = item(world, measure_key=world.foreign.key, values=[])
    response = await client.post(API, json=body, headers=reporter)
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "measure_key"
    assert await _stored(session) == 0


async def test_submit_needs_if_match_and_a_reviewer_returns_or_accepts(
    client: AsyncClient, world: World, reporter: dict[str, str], reviewer: dict[str, str]
) -> None:
    created = await client.post(API, json=item(world), headers=reporter)
    report = created.json()["id"]
    etag = created.headers["ETag"]
    assert (await client.post(f"{API}/{report}/submit", headers=reporter)).status_code == 428
    stale = await client.post(f"{API}/{report}/submit", headers={**reporter, "If-Match": '"x"'})
    assert stale.status_code == 412
    assert (await client.get(f"{API}/{report}", headers=reviewer)).status_code == 404  # a draft
    submitted = await client.post(f"{API}/{report}/submit", headers={**reporter, "If-Match": etag})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    etag = submitted.headers["ETag"]
    as_reporter = await client.post(
        f"{API}/{report}/accept", headers={**reporter, "If-Match": etag}
    )
    assert as_reporter.status_code == 403
    no_comment = await client.post(
        f"{API}/{report}/return", json={}, headers={**reviewer, "If-Match": etag}
    )
    assert no_comment.status_code == 422
    returned = await client.post(
        f"{API}/{report}/return", json={"comment": "請補充"}, headers={**reviewer, "If-Match": etag}
    )
    assert returned.status_code == 200 and returned.json()["review_comment"] == "請補充"
    again = await client.post(
        f"{API}/{report}/accept", headers={**reviewer, "If-Match": returned.headers["ETag"]}
    )
    assert again.status_code == 409  # returned, not submitted


async def test_the_list_filters_and_pages_by_cursor_in_a_stable_order(
    client: AsyncClient, world: World, reporter: dict[str, str]
) -> None:
    for month in range(1, 7):
        body = item(world, measure_key=world.free.key, period=f"{YEAR}-M{month:02d}", values=[])
        assert (await client.post(API, json=body, headers=reporter)).status_code == 201
    await client.post(API, json=item(world), headers=reporter)
    params = {"plan_id": world.plan.id, "measure": world.free.key, "page_size": 4}
    first = (await client.get(API, params=params, headers=reporter)).json()
    assert first["total"] == 6 and len(first["items"]) == 4
    second = (await client.get(first["next"], headers=reporter)).json()
    periods = [r["period"] for r in first["items"] + second["items"]]
    assert periods == [f"{YEAR}-M{m:02d}" for m in range(1, 7)]
    assert second["next"] is None
    by_period = await client.get(API, params={"period": f"{YEAR}-B1"}, headers=reporter)
    assert [r["measure_key"] for r in by_period.json()["items"]] == [world.measure.key]
    by_org = await client.get(API, params={"organization": world.enterprise.code}, headers=reporter)
    assert by_org.json()["total"] == 7
    by_unit = await client.get(API, params={"unit": world.unit.code}, headers=reporter)
    assert by_unit.json()["total"] == 0
    drafts = await client.get(
        API, params={"state": "draft", "status": "on_track"}, headers=reporter
    )
    assert drafts.json()["total"] == 7
    later = first["items"][-1]["updated_at"]
    since = await client.get(API, params={"updated_since": later}, headers=reporter)
    assert since.json()["total"] == 4  # the 4th to 6th month, and the bimonthly one
    bad = await client.get(API, params={"cursor": "not-a-cursor"}, headers=reporter)
    assert bad.status_code == 422


@pytest.mark.parametrize("role", [Role.panel_member, Role.administrator])
async def test_other_roles_may_not_report(
    client: AsyncClient, session: AsyncSession, world: World, role: Role
) -> None:
    user = await factories.user(session, role=role)
    headers = await bearer(session, user.id, ["plans:read"])
    assert (await client.post(API, json=item(world), headers=headers)).status_code == 403
    assert (await client.post(API, json=item(world))).status_code == 401


async def test_a_token_without_the_write_scope_may_not_report(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    headers = await bearer(session, world.reporter.user_id, ["progress:read"])
    assert (await client.post(API, json=item(world), headers=headers)).status_code == 403
    assert (await client.get(API, headers=headers)).status_code == 200


# --- the batch ----------------------------------------------------------------------------


def _batch_headers(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


async def test_a_batch_saves_good_items_and_answers_each_bad_one(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    items = [
        item(world, external_id="A-1"),
        item(world, period=f"{YEAR}-B2", values=[{"indicator_id": world.percent.id,
                                                  "value": "abc", "unit": "%"}]),
        item(world, period=f"{YEAR}-B3", measure_key=world.foreign.key, values=[]),
        item(world, period=f"{YEAR}-B4", values=[{"indicator_id": world.percent.id,
                                                  "value": "1", "unit": "次"}]),
        item(world, period=f"{YEAR}-B5", colour="blue"),
    ]  # fmt: skip
    response = await client.post(
        f"{API}/batch", json={"items": items}, headers=_batch_headers(reporter, "batch-1")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 4}
    results = body["items"]
    assert (results[0]["outcome"], results[0]["external_id"]) == ("created", "A-1")
    pointers = [[e["field"] for e in r["problem"]["errors"]] for r in results[1:]]
    assert pointers == [
        ["/items/1/values/0/value"],
        ["/items/2/measure_key"],
        ["/items/3/values/0/unit"],
        ["/items/4/colour"],
    ]
    assert [r["problem"]["status"] for r in results[1:]] == [422, 404, 422, 422]
    assert await _stored(session) == 1
    again = await client.post(
        f"{API}/batch", json={"items": items[:1]}, headers=_batch_headers(reporter, "batch-2")
    )
    assert again.json()["summary"]["unchanged"] == 1


async def test_a_batch_needs_an_idempotency_key_and_at_most_1000_items(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    missing = await client.post(f"{API}/batch", json={"items": [item(world)]}, headers=reporter)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "Idempotency-Key"
    too_many = await client.post(
        f"{API}/batch",
        json={"items": [item(world)] * 1001},
        headers=_batch_headers(reporter, "too-many"),
    )
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "items"
    unknown = await client.post(
        f"{API}/batch",
        json={"items": [item(world)], "mode": "x"},
        headers=_batch_headers(reporter, "unknown"),
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "mode"
    assert await _stored(session) == 0


async def test_submitting_a_batch_is_all_or_nothing(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    good = [item(world, period=f"{YEAR}-B{n}") for n in range(1, 4)]
    bad = item(world, period=f"{YEAR}-Q1")
    refused = await client.post(
        f"{API}/batch?submit=true",
        json={"items": [*good, bad]},
        headers=_batch_headers(reporter, "submit-bad"),
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["/items/3/period"]
    assert await _stored(session) == 0
    accepted = await client.post(
        f"{API}/batch?submit=true", json={"items": good}, headers=_batch_headers(reporter, "ok")
    )
    assert accepted.status_code == 200, accepted.text
    assert {r["state"] for r in accepted.json()["items"]} == {"submitted"}
    listed = await client.get(API, params={"state": "submitted"}, headers=reporter)
    assert listed.json()["total"] == 3


async def test_a_dry_run_answers_everything_and_stores_nothing(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    items = [item(world), item(world, period=f"{YEAR}-Q1")]
    response = await client.post(
        f"{API}/batch?dry_run=true&submit=false",
        json={"items": items},
        headers=_batch_headers(reporter, "dry"),
    )
    body = response.json()
    assert body["dry_run"] is True
    assert body["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert body["items"][0]["id"] is None
    assert await _stored(session) == 0


async def test_the_write_order_answers_404_then_the_state_then_if_match(
    client: AsyncClient, world: World, reporter: dict[str, str], reviewer: dict[str, str]
) -> None:
    unknown = await client.post(f"{API}/999999/submit", headers=reporter)
    assert unknown.status_code == 404  # before If-Match is asked for
    created = await client.post(API, json=item(world), headers=reporter)
    report = created.json()["id"]
    submitted = await client.post(
        f"{API}/{report}/submit", headers={**reporter, "If-Match": created.headers["ETag"]}
    )
    stale = await client.post(f"{API}/{report}/submit", headers={**reporter, "If-Match": '"x"'})
    assert stale.status_code == 409  # it is submitted: no ETag would help
    accepted = await client.post(
        f"{API}/{report}/accept", headers={**reviewer, "If-Match": submitted.headers["ETag"]}
    )
    assert accepted.status_code == 200
    refused = await client.post(API, json=item(world, narrative="再改"), headers=reporter)
    assert refused.status_code == 409


@pytest.mark.parametrize("raw", [None, 7, "text", [], {"items": []}])
async def test_a_batch_item_of_any_shape_is_a_problem_not_a_500(
    client: AsyncClient, world: World, reporter: dict[str, str], raw: Any
) -> None:
    response = await client.post(
        f"{API}/batch",
        json={"items": [raw]},
        headers=_batch_headers(reporter, f"odd-{type(raw).__name__}"),
    )
    assert response.status_code == 200, response.text
    (result,) = response.json()["items"]
    assert result["outcome"] == "rejected"
    assert result["problem"]["errors"][0]["field"].startswith("/items/0")


async def test_a_batch_names_the_same_report_twice_once(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    response = await client.post(
        f"{API}/batch",
        json={"items": [item(world), item(world, narrative="又一次")]},
        headers=_batch_headers(reporter, "twice"),
    )
    body = response.json()
    assert body["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert body["items"][1]["problem"]["errors"][0]["type"] == "duplicate"
    assert await _stored(session) == 1


async def test_a_batch_corrects_submitted_reports_as_new_versions(
    client: AsyncClient, world: World, reporter: dict[str, str]
) -> None:
    items = [item(world, period=f"{YEAR}-B{n}") for n in (1, 2)]
    first = await client.post(
        f"{API}/batch?submit=true", json={"items": items}, headers=_batch_headers(reporter, "v1")
    )
    assert first.status_code == 200
    items[0]["narrative"] = "更正"
    second = await client.post(
        f"{API}/batch?submit=true", json={"items": items}, headers=_batch_headers(reporter, "v2")
    )
    body = second.json()
    assert body["summary"] == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    assert [r["state"] for r in body["items"]] == ["submitted", "submitted"]
    corrected = (await client.get(f"{API}/{body['items'][0]['id']}", headers=reporter)).json()
    assert [v["narrative"] for v in corrected["versions"]] == [
        items[1]["narrative"],
        "更正",
    ]


@pytest.mark.parametrize(
    ("link", "field"),
    [
        ({"url": "ftp://example.org/a", "title": "紀錄", "effective_date": "2030-01-05"}, "url"),
        ({"url": "https://example.org/a", "title": "", "effective_date": "2030-01-05"}, "title"),
        ({"url": "https://example.org/a", "title": "紀錄", "effective_date": "明天"},
         "effective_date"),
        ({"url": "https://example.org/" + "a" * 2000, "title": "紀錄",
          "effective_date": "2030-01-05"}, "url"),
    ],
)  # fmt: skip
async def test_a_bad_evidence_link_is_named_by_item_and_field(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    reporter: dict[str, str],
    link: dict[str, str],
    field: str,
) -> None:
    response = await client.post(
        f"{API}/batch",
        json={"items": [item(world, evidence=[link])]},
        headers=_batch_headers(reporter, f"evidence-{field}-{len(link['url'])}"),
    )
    (result,) = response.json()["items"]
    assert result["problem"]["errors"][0]["field"] == f"/items/0/evidence/0/{field}"
    assert await _stored(session) == 0


async def test_a_batch_over_the_body_limit_is_413_and_stores_nothing(
    client: AsyncClient, session: AsyncSession, world: World, reporter: dict[str, str]
) -> None:
    items = [item(world, narrative="長" * 2000) for _ in range(200)]  # about 1.2 MB
    response = await client.post(
        f"{API}/batch", json={"items": items}, headers=_batch_headers(reporter, "large")
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert await _stored(session) == 0


async def test_a_correction_in_draft_leaves_reviewers_the_submitted_version(
    client: AsyncClient, world: World, reporter: dict[str, str], reviewer: dict[str, str]
) -> None:
    """The enterprise corrects a submitted report: its draft is its own until submitted,
    and the commission keeps reading what was submitted, in the list and the report."""
    created = await client.post(API, json=item(world, narrative="第一版"), headers=reporter)
    report = created.json()["id"]
    submit = {**reporter, "If-Match": created.headers["ETag"]}
    assert (await client.post(f"{API}/{report}/submit", headers=submit)).status_code == 200
    corrected = await client.post(API, json=item(world, narrative="更正中"), headers=reporter)
    assert (corrected.json()["state"], corrected.json()["version"]) == ("draft", 2)

    listed = await client.get(API, params={"status": "on_track"}, headers=reviewer)
    [seen] = [r for r in listed.json()["items"] if r["id"] == report]
    assert (seen["state"], seen["version"], seen["current"]["narrative"]) == ("draft", 1, "第一版")
    read = (await client.get(f"{API}/{report}", headers=reviewer)).json()
    assert [v["narrative"] for v in read["versions"]] == ["第一版"]
    own = (await client.get(f"{API}/{report}", headers=reporter)).json()
    assert [v["narrative"] for v in own["versions"]] == ["第一版", "更正中"]
    # Nothing to decide until the correction is submitted.
    etag = (await client.get(f"{API}/{report}", headers=reviewer)).headers["ETag"]
    accept = await client.post(f"{API}/{report}/accept", headers={**reviewer, "If-Match": etag})
    assert accept.status_code == 409

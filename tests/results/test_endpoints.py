"""The results report over HTTP: its life cycle, the due date and lateness, bad input and
who may do what."""

from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.results.conftest import World
from uplift.kit.clock import taipei_today
from uplift.models import AuditEvent, ResultsReport, ResultsSummary, ResultsVersion

TODAY = date(2030, 6, 1)


@pytest.fixture(autouse=True)
def on_today(app: FastAPI) -> None:
    app.dependency_overrides[taipei_today] = lambda: TODAY


def guarded(headers: dict[str, str], read: Response) -> dict[str, str]:
    return {**headers, "If-Match": read.headers["ETag"]}


async def _put(client: AsyncClient, world: World, body: dict[str, Any]) -> Response:
    read = await client.get(world.url(), headers=world.reporter)
    assert read.status_code == 200, read.text
    return await client.put(world.url(), json=body, headers=guarded(world.reporter, read))


async def _act(
    client: AsyncClient, world: World, action: str, headers: dict[str, str], **body: Any
) -> Response:
    read = await client.get(world.url(), headers=headers)
    assert read.status_code == 200, read.text
    return await client.post(world.url(action=action), json=body, headers=guarded(headers, read))


async def _set_due(client: AsyncClient, world: World, due: str | None) -> Response:
    read = await client.get(world.due_url, headers=world.reviewer)
    return await client.put(
        world.due_url, json={"due_date": due}, headers=guarded(world.reviewer, read)
    )


async def _rows(session: AsyncSession) -> tuple[int, int, int]:
    counts = [
        await session.scalar(select(func.count()).select_from(model))
        for model in (ResultsReport, ResultsVersion, ResultsSummary)
    ]
    return (int(counts[0] or 0), int(counts[1] or 0), int(counts[2] or 0))


def _field(response: Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json")
    return str(response.json()["errors"][0]["field"])


async def test_draft_submit_return_resubmit_accept(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    assert (await _set_due(client, world, "119年12月31日")).json()["due_date"] == "2030-12-31"
    empty = await client.get(world.url(), headers=world.reporter)
    assert empty.json()["id"] is None and empty.json()["state"] is None
    assert [d["key"] for d in empty.json()["dimensions"]] == [d.key for d in world.dimensions]

    partial = await _put(client, world, world.body(dimensions=1))
    assert partial.status_code == 200, partial.text
    assert partial.json()["missing_dimensions"] == [world.dimensions[1].key]
    refused = await _act(client, world, "submit", world.reporter)
    assert (refused.status_code, _field(refused)) == (422, "summaries")
    assert world.dimensions[1].code in refused.json()["detail"]

    full = await _put(client, world, world.body())
    assert (full.json()["state"], full.json()["version"]) == ("draft", 1)  # edited in place
    submitted = await _act(client, world, "submit", world.reporter)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["timeliness"] == "on_time"

    no_comment = await _act(client, world, "return", world.reviewer)
    assert (no_comment.status_code, _field(no_comment)) == (422, "comment")
    returned = await _act(client, world, "return", world.reviewer, comment="請補充成果數據")
    assert returned.json()["state"] == "returned"
    mine = await client.get(world.url(), headers=world.reporter)
    assert mine.json()["review_comment"] == "請補充成果數據"
    again = await _act(client, world, "submit", world.reporter)
    assert again.status_code == 409  # a returned report is changed first

    corrected = await _put(client, world, world.body(dimensions=2) | {"summaries": [
        {**s, "results": s["results"] + "（補充）"} for s in world.body()["summaries"]  # type: ignore[attr-defined]
    ]})  # fmt: skip
    assert (corrected.json()["state"], corrected.json()["version"]) == ("draft", 2)
    seen = await client.get(world.url(), headers=world.reviewer)
    assert seen.json()["version"] == 1 and len(seen.json()["versions"]) == 1  # not the draft
    assert (await _act(client, world, "accept", world.reviewer)).status_code == 409
    assert (await _act(client, world, "submit", world.reporter)).status_code == 200
    accepted = await _act(client, world, "accept", world.reviewer)
    assert accepted.json()["state"] == "accepted"
    assert [v["number"] for v in accepted.json()["versions"]] == [1, 2]
    final = await _put(client, world, world.body())
    assert final.status_code == 409
    actions = list(
        await session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "results_report")
            .order_by(AuditEvent.id)
        )
    )
    assert actions == ["save", "save", "submit", "return", "save", "submit", "accept"]


async def test_a_report_submitted_after_the_due_date_is_late(
    client: AsyncClient, world: World
) -> None:
    listed = await client.get(world.list_url, headers=world.reviewer)
    assert [(r["organization"]["code"], r["timeliness"]) for r in listed.json()["items"]] == [
        (world.enterprise.code, "no_due_date"),
        (world.other.code, "no_due_date"),
    ]
    await _set_due(client, world, "2025-12-31")  # before TODAY and before the clock's now
    listed = await client.get(world.list_url, headers=world.reviewer)
    assert [r["timeliness"] for r in listed.json()["items"]] == ["missing", "missing"]
    assert all(r["late"] for r in listed.json()["items"])
    assert listed.json()["due_date_roc"] == "114年12月31日"
    await _put(client, world, world.body())
    await _act(client, world, "submit", world.reporter)
    listed = await client.get(world.list_url, headers=world.reviewer)
    row = listed.json()["items"][0]
    assert (row["state"], row["timeliness"], row["late"]) == ("submitted", "late", True)
    assert row["submitted_on_roc"].startswith("1") and row["due_date"] == "2025-12-31"
    await _set_due(client, world, "2030-12-31")
    listed = await client.get(world.list_url, headers=world.reviewer)
    assert [r["timeliness"] for r in listed.json()["items"]] == ["on_time", "not_yet_due"]
    own = await client.get(world.list_url, headers=world.reporter)
    assert [r["organization"]["code"] for r in own.json()["items"]] == [world.enterprise.code]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b, w: b["summaries"][0].update(dimension_key="x"), "summaries.0.dimension_key"),
        (lambda b, w: b["summaries"].append(dict(b["summaries"][0])), "summaries.2.dimension_key"),
        (lambda b, w: b["summaries"][0].update(performance="長" * 10_001),
         "summaries.0.performance"),
        (lambda b, w: b["summaries"][1].update(results=""), "summaries.1.results"),
        (lambda b, w: b["summaries"][0].update(note="x"), "summaries.0.note"),
        (lambda b, w: b["summaries"][0]["key_figures"][0].update(value="很多"),
         "summaries.0.key_figures.0.value"),
    ],
)  # fmt: skip
async def test_bad_input_names_the_field_and_stores_nothing(
    client: AsyncClient, session: AsyncSession, world: World, change: Any, field: str
) -> None:
    body = world.body()
    change(body, world)
    response = await _put(client, world, body)
    assert (response.status_code, _field(response)) == (422, field), response.text
    assert await _rows(session) == (0, 0, 0)


async def test_if_match_is_required_and_checked(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    missing = await client.put(world.url(), json=world.body(), headers=world.reporter)
    assert missing.status_code == 428
    stale = await client.put(
        world.url(), json=world.body(), headers={**world.reporter, "If-Match": '"stale"'}
    )
    assert stale.status_code == 412
    assert await _rows(session) == (0, 0, 0)
    read = await client.get(world.url(), headers=world.reporter)
    await client.put(world.url(), json=world.body(), headers=guarded(world.reporter, read))
    late = await client.post(world.url(action="submit"), headers=guarded(world.reporter, read))
    assert late.status_code == 412  # the ETag read before the save
    due = await client.put(world.due_url, json={"due_date": "2030-12-31"}, headers=world.reviewer)
    assert due.status_code == 428


async def test_who_may_read_and_write(client: AsyncClient, world: World) -> None:
    await _put(client, world, world.body())
    for stranger in (world.other_reporter, world.unit_reporter):
        assert (await client.get(world.url(), headers=stranger)).status_code == 404
        put = await client.put(
            world.url(), json=world.body(), headers={**stranger, "If-Match": "*"}
        )
        assert put.status_code == 404
    assert (await client.get(world.url(), headers=world.reviewer)).status_code == 404  # a draft
    assert (await client.get(world.url(), headers=world.admin)).status_code == 404
    put = await client.put(
        world.url(), json=world.body(), headers={**world.reviewer, "If-Match": "*"}
    )
    assert put.status_code == 403
    accept = await client.post(
        world.url(action="accept"), headers={**world.reporter, "If-Match": "*"}
    )
    assert accept.status_code == 403
    due = await client.put(
        world.due_url, json={"due_date": None}, headers={**world.reporter, "If-Match": "*"}
    )
    assert due.status_code == 403
    assert (await client.get(world.url())).status_code == 401
    assert (await client.get(world.url(code="no-such"), headers=world.reviewer)).status_code == 404
    await _act(client, world, "submit", world.reporter)
    assert (await client.get(world.url(), headers=world.admin)).status_code == 200
    assert (await client.get(world.url(), headers=world.reviewer)).status_code == 200


async def test_the_due_date_takes_roc_dates_and_refuses_others(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    assert (await client.get(world.due_url, headers=world.reporter)).json()["due_date"] is None
    bad = await _set_due(client, world, "119年2月30日")
    assert (bad.status_code, _field(bad)) == (422, "due_date")
    assert (await client.get(world.due_url, headers=world.reviewer)).json()["due_date"] is None
    good = await _set_due(client, world, "119.03.15")
    assert good.json()["due_date_roc"] == "119年3月15日" and good.headers["ETag"]
    cleared = await _set_due(client, world, None)
    assert cleared.json()["due_date"] is None
    events = await session.scalar(
        select(func.count()).where(AuditEvent.action == "set_results_due_date")
    )
    assert events == 2

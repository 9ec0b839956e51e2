"""Follow-ups over HTTP: the loop (answer, continue tracking, answer again, release), the
board's standings, extensions, units' handling, bad input with nothing changed, and who may
do what."""

from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.follow_ups.conftest import World
from uplift.kit.clock import taipei_today
from uplift.models import (
    AuditEvent,
    DomainEvent,
    FollowUpAnswer,
    FollowUpDeadline,
    FollowUpDecision,
    FollowUpExtension,
    UnitHandling,
)

TODAY = date(2018, 7, 10)  # a Tuesday; the deadline (2018-07-30) is 14 working days away
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def on_today(app: FastAPI) -> None:
    app.dependency_overrides[taipei_today] = lambda: TODAY


def later(app: FastAPI, day: date) -> None:
    app.dependency_overrides[taipei_today] = lambda: day


def _field(response: Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return str(response.json()["errors"][0]["field"])


async def _rows(session: AsyncSession) -> tuple[int, ...]:
    models = (FollowUpAnswer, FollowUpDecision, FollowUpDeadline, FollowUpExtension, UnitHandling)
    return tuple(
        [int(await session.scalar(select(func.count()).select_from(m)) or 0) for m in models]
    )


async def _read(client: AsyncClient, world: World, headers: dict[str, str]) -> Response:
    read = await client.get(world.url(), headers=headers)
    assert read.status_code == 200, read.text
    return read


async def _answer(client: AsyncClient, world: World, **body: Any) -> Response:
    payload = {"text": "已完成線上意見回饋表單。", "progress_percent": 60, **body}
    return await client.post(world.url("answers"), json=payload, headers=world.reporter)


async def _decide(client: AsyncClient, world: World, number: int, **body: Any) -> Response:
    read = await _read(client, world, world.reviewer)
    headers = {**world.reviewer, "If-Match": read.headers["ETag"]}
    return await client.post(world.url(f"answers/{number}/decision"), json=body, headers=headers)


async def _upload(client: AsyncClient, headers: dict[str, str]) -> int:
    files = {"file": ("改善紀錄.pdf", PDF, "application/pdf")}
    response = await client.post("/api/v1/evidence-files", headers=headers, files=files)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_the_loop_answer_continue_answer_release(
    app: FastAPI, client: AsyncClient, session: AsyncSession, world: World
) -> None:
    first = await _read(client, world, world.reporter)
    body = first.json()
    assert (body["state"], body["standing"], body["due_on"]) == (
        "tracking",
        "tracking",
        "2018-07-30",
    )
    assert body["due_on_roc"] == "107/07/30" or "107" in body["due_on_roc"]
    assert body["working_days_left"] == 14
    assert body["finding"]["text_zh"].startswith("建議事項 1")
    assert body["finding"]["round"]["year"] == 2018
    assert [d["cause"] for d in body["deadlines"]] == ["opened"]

    answered = await _answer(client, world, asks_release=True)
    assert answered.status_code == 201, answered.text
    assert answered.json()["state"] == "awaiting_decision"
    assert answered.json()["answers"][0]["late"] is False
    again = await _answer(client, world)
    assert again.status_code == 409 and "awaits" in again.json()["detail"]

    # Releasing as implemented needs evidence: the first answer has none
    refused = await _decide(client, world, 1, outcome="release_implemented")
    assert (refused.status_code, _field(refused)) == (422, "outcome")
    no_date = await _decide(client, world, 1, outcome="continue_tracking", reason="尚未完成")
    assert (no_date.status_code, _field(no_date)) == (422, "due_on")
    holiday = await _decide(
        client, world, 1, outcome="continue_tracking", reason="尚未完成", due_on="2018-09-24"
    )  # 中秋節
    assert (holiday.status_code, _field(holiday)) == (422, "due_on")
    continued = await _decide(
        client, world, 1, outcome="continue_tracking", reason="尚未完成", due_on="107/08/31"
    )
    assert continued.status_code == 200, continued.text
    assert continued.json()["state"] == "tracking" and continued.json()["due_on"] == "2018-08-31"
    assert [d["cause"] for d in continued.json()["deadlines"]] == ["opened", "continued"]
    twice = await _decide(client, world, 1, outcome="continue_tracking", reason="x", working_days=5)
    assert twice.status_code == 409

    later(app, date(2018, 9, 3))  # after the new deadline: the answer is late
    file_id = await _upload(client, world.reporter)
    second = await _answer(
        client,
        world,
        progress_percent=100,
        asks_release=True,
        evidence=[
            {"title": "改善紀錄", "file_id": file_id},
            {"title": "公告", "url": "https://example.org/notice", "effective_on": "107/08/01"},
        ],
    )
    assert second.status_code == 201, second.text
    assert second.json()["answers"][1]["late"] is True
    assert [e["kind"] for e in second.json()["answers"][1]["evidence"]] == ["file", "link"]
    stale = await _decide(client, world, 1, outcome="release_implemented")
    assert stale.status_code == 409  # decided already
    released = await _decide(client, world, 2, outcome="release_implemented", reason="同意解列")
    assert released.status_code == 200, released.text
    out = released.json()
    assert (out["state"], out["release"], out["standing"]) == (
        "released",
        "implemented",
        "released",
    )
    assert out["released_at"] is not None
    assert [a["decision"]["outcome"] for a in out["answers"]] == [
        "continue_tracking",
        "release_implemented",
    ]
    after = await _answer(client, world)
    assert after.status_code == 409
    summary = await client.get(
        "/api/v1/follow-ups/summary", params={"round": world.round.id}, headers=world.reviewer
    )
    counts = {r["organization"]["code"]: r["counts"] for r in summary.json()["rows"]}
    assert counts[world.enterprise.code]["released_implemented"] == 1
    assert counts[world.enterprise.code]["overdue"] == 0
    kinds = list(
        await session.scalars(
            select(DomainEvent.kind)
            .where(
                DomainEvent.object_id == world.follow_up.id, DomainEvent.object_type == "follow_up"
            )
            .order_by(DomainEvent.id)
        )
    )
    assert kinds == [
        "follow_up.opened",
        "follow_up.answered",
        "follow_up.decided",
        "follow_up.answered",
        "follow_up.decided",
    ]
    audited = list(
        await session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.object_type == "follow_up",
                AuditEvent.object_id == str(world.follow_up.id),
            )
        )
    )
    assert audited.count("decide") == 2 and audited.count("answer") == 2
    # The evidence file is read by whoever reads the follow-up: the reviewer downloads it
    download = await client.get(f"/api/v1/evidence-files/{file_id}", headers=world.reviewer)
    assert download.status_code == 200 and download.content == PDF
    # … and the panel member the round assigns to the enterprise; another enterprise cannot
    by_panel = await client.get(f"/api/v1/evidence-files/{file_id}", headers=world.panel)
    assert by_panel.status_code == 200 and by_panel.content == PDF
    by_other = await client.get(f"/api/v1/evidence-files/{file_id}", headers=world.other_reporter)
    assert by_other.status_code == 404


async def test_decisions_refused_leave_nothing_changed(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    assert (await _answer(client, world)).status_code == 201
    before = await _rows(session)
    no_reason = await _decide(client, world, 1, outcome="release_not_implemented")
    assert (no_reason.status_code, _field(no_reason)) == (422, "reason")
    past = await _decide(
        client, world, 1, outcome="continue_tracking", reason="再議", due_on="2018-07-09"
    )
    assert (past.status_code, _field(past)) == (422, "due_on")
    too_many = await _decide(
        client, world, 1, outcome="continue_tracking", reason="再議", working_days=251
    )
    assert too_many.status_code == 422
    unguarded = await client.post(
        world.url("answers/1/decision"),
        json={"outcome": "release_not_implemented", "reason": "x"},
        headers=world.reviewer,
    )
    assert unguarded.status_code == 428
    stale = await client.post(
        world.url("answers/1/decision"),
        json={"outcome": "release_not_implemented", "reason": "x"},
        headers={**world.reviewer, "If-Match": '"stale"'},
    )
    assert stale.status_code == 412
    assert await _rows(session) == before
    by_days = await _decide(
        client, world, 1, outcome="continue_tracking", reason="再議", working_days=10
    )
    assert by_days.status_code == 200
    assert by_days.json()["deadlines"][-1]["working_days"] == 10
    assert by_days.json()["due_on"] == "2018-07-24"


async def test_the_latest_undecided_answer_is_edited_and_then_locked(
    client: AsyncClient, world: World
) -> None:
    assert (await _answer(client, world)).status_code == 201
    read = await _read(client, world, world.reporter)
    headers = {**world.reporter, "If-Match": read.headers["ETag"]}
    edited = await client.patch(
        world.url("answers/1"), json={"progress_percent": 80}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    answer = edited.json()["answers"][0]
    assert (answer["progress_percent"], answer["text"]) == (80, "已完成線上意見回饋表單。")
    null = await client.patch(
        world.url("answers/1"),
        json={"text": None},
        headers={**world.reporter, "If-Match": edited.headers["ETag"]},
    )
    assert null.status_code == 422
    assert (
        await _decide(client, world, 1, outcome="release_not_implemented", reason="不可行")
    ).status_code == 200
    read = await _read(client, world, world.reporter)
    locked = await client.patch(
        world.url("answers/1"),
        json={"progress_percent": 90},
        headers={**world.reporter, "If-Match": read.headers["ETag"]},
    )
    assert locked.status_code == 409
    assert (await client.patch(world.url("answers/9"), json={}, headers=headers)).status_code == 404


async def test_extensions_one_at_a_time_approved_keeps_the_history(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    url = world.url("extensions")
    before = await _rows(session)
    no_reason = await client.post(
        url, json={"reason": " ", "requested_due_on": "2018-08-31"}, headers=world.reporter
    )
    assert (no_reason.status_code, _field(no_reason)) == (422, "reason")
    earlier = await client.post(
        url, json={"reason": "需時採購", "requested_due_on": "2018-07-20"}, headers=world.reporter
    )
    assert (earlier.status_code, _field(earlier)) == (422, "requested_due_on")
    weekend = await client.post(
        url, json={"reason": "需時採購", "requested_due_on": "2018-09-01"}, headers=world.reporter
    )
    assert (weekend.status_code, _field(weekend)) == (422, "requested_due_on")
    assert await _rows(session) == before
    asked = await client.post(
        url, json={"reason": "需時採購", "requested_due_on": "2018-08-31"}, headers=world.reporter
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["extension_pending"] is True
    second = await client.post(
        url, json={"reason": "再延", "requested_due_on": "2018-09-28"}, headers=world.reporter
    )
    assert second.status_code == 409
    bare_refusal = await client.post(
        world.url("extensions/1/decision"), json={"approve": False}, headers=world.reviewer
    )
    assert (bare_refusal.status_code, _field(bare_refusal)) == (422, "reason")
    approved = await client.post(
        world.url("extensions/1/decision"), json={"approve": True}, headers=world.reviewer
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["due_on"] == "2018-08-31" and body["extension_pending"] is False
    assert [(d["cause"], d["due_on"]) for d in body["deadlines"]] == [
        ("opened", "2018-07-30"),
        ("extended", "2018-08-31"),
    ]
    assert body["extensions"][0]["state"] == "approved"
    again = await client.post(
        world.url("extensions/1/decision"), json={"approve": True}, headers=world.reviewer
    )
    assert again.status_code == 409


async def test_the_board_judges_standings_today(
    app: FastAPI, client: AsyncClient, world: World, session: AsyncSession
) -> None:
    from tests.follow_ups.conftest import tracked

    later(app, date(2018, 7, 24))  # 07-30 is 4 working days away: due soon
    board = await client.get("/api/v1/follow-ups", headers=world.reviewer)
    assert board.status_code == 200, board.text
    mine = [i for i in board.json()["items"] if i["organization"]["code"] == world.enterprise.code]
    assert [(i["standing"], i["working_days_left"]) for i in mine] == [("due_soon", 4)]
    later(app, date(2018, 8, 1))  # two working days past it
    overdue = await client.get(
        "/api/v1/follow-ups",
        params={"overdue": "true", "round": world.round.id},
        headers=world.reviewer,
    )
    items = overdue.json()["items"]
    assert {i["id"] for i in items} == {world.follow_up.id, world.other_follow_up.id}
    assert {i["working_days_left"] for i in items} == {-2}
    assert {i["standing"] for i in items} == {"overdue"}
    # Paging by cursor: the earliest deadline first, every row once
    third = await tracked(session, world.round, world.enterprise, number=2)
    first_page = await client.get(
        "/api/v1/follow-ups",
        params={"page_size": 2, "round": world.round.id},
        headers=world.reviewer,
    )
    assert first_page.json()["total"] == 3
    rest = await client.get(first_page.json()["next"], headers=world.reviewer)
    ids = [i["id"] for i in first_page.json()["items"] + rest.json()["items"]]
    assert sorted(ids) == sorted([world.follow_up.id, world.other_follow_up.id, third.id])
    summary = await client.get(
        "/api/v1/follow-ups/summary", params={"round": world.round.id}, headers=world.reviewer
    )
    assert summary.status_code == 200, summary.text
    rows = {r["organization"]["code"]: r["counts"] for r in summary.json()["rows"]}
    assert rows[world.enterprise.code]["overdue"] == 2
    assert rows[world.other.code]["overdue"] == 1
    filtered = await client.get(
        "/api/v1/follow-ups",
        params={"organization": world.other.code, "status": "tracking"},
        headers=world.reviewer,
    )
    assert [i["id"] for i in filtered.json()["items"]] == [world.other_follow_up.id]
    unknown = await client.get(
        "/api/v1/follow-ups", params={"organization": "NOPE"}, headers=world.reviewer
    )
    assert (unknown.status_code, _field(unknown)) == (422, "organization")


async def test_the_board_costs_the_same_for_any_page(
    client: AsyncClient, session: AsyncSession, world: World, count_queries: Any
) -> None:
    from tests.follow_ups.conftest import tracked

    await client.get("/api/v1/follow-ups", headers=world.reviewer)  # the token's first use
    with count_queries() as few:
        await client.get("/api/v1/follow-ups", headers=world.reviewer)
    for number in range(2, 7):
        await tracked(session, world.round, world.enterprise, number=number)
    with count_queries() as many:
        response = await client.get("/api/v1/follow-ups", headers=world.reviewer)
    assert len(response.json()["items"]) == 7
    assert len(many) == len(few)


async def test_who_reads_which_follow_ups(client: AsyncClient, world: World) -> None:
    async def ids(headers: dict[str, str]) -> set[int]:
        response = await client.get("/api/v1/follow-ups", headers=headers)
        assert response.status_code == 200, response.text
        return {i["id"] for i in response.json()["items"]}

    both = {world.follow_up.id, world.other_follow_up.id}
    assert both <= await ids(world.reviewer)
    assert await ids(world.reporter) == {world.follow_up.id}
    assert await ids(world.other_reporter) == {world.other_follow_up.id}
    assert await ids(world.panel) == {world.follow_up.id}
    assert await ids(world.unit_reporter) == set()  # not handed to it yet
    hidden = await client.get(world.url(), headers=world.other_reporter)
    assert hidden.status_code == 404
    not_theirs = await client.post(
        world.url("answers"),
        json={"text": "x", "progress_percent": 1},
        headers=world.other_reporter,
    )
    assert not_theirs.status_code == 404
    reviewer_answers = await client.post(
        world.url("answers"), json={"text": "x", "progress_percent": 1}, headers=world.reviewer
    )
    assert reviewer_answers.status_code == 403
    anonymous = await client.get("/api/v1/follow-ups")
    assert anonymous.status_code == 401


async def test_a_unit_handles_what_its_head_office_hands_it(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    units = world.url("units")
    stranger = await client.post(
        units, json={"unit": world.other.code, "request": "請辦理"}, headers=world.reporter
    )
    assert (stranger.status_code, _field(stranger)) == (422, "unit")
    handed = await client.post(
        units, json={"unit": world.unit.code, "request": "請說明辦理情形"}, headers=world.reporter
    )
    assert handed.status_code == 201, handed.text
    twice = await client.post(units, json={"unit": world.unit.code}, headers=world.reporter)
    assert twice.status_code == 409
    seen = await client.get("/api/v1/follow-ups", headers=world.unit_reporter)
    assert [i["id"] for i in seen.json()["items"]] == [world.follow_up.id]
    # A unit writes its handling, never the answer
    unit_answer = await client.post(
        world.url("answers"), json={"text": "x", "progress_percent": 1}, headers=world.unit_reporter
    )
    assert unit_answer.status_code == 403
    head_office_writes = await client.put(
        world.url(f"units/{world.unit.code}"),
        json={"text": "x", "progress_percent": 1},
        headers=world.reporter,
    )
    assert head_office_writes.status_code == 403
    wrote = await client.put(
        world.url(f"units/{world.unit.code}"),
        json={"text": "本處已完成表單建置。", "progress_percent": 100},
        headers=world.unit_reporter,
    )
    assert wrote.status_code == 200, wrote.text
    detail = await _read(client, world, world.reporter)
    unit = detail.json()["units"][0]
    assert (unit["unit"]["code"], unit["text"], unit["progress_percent"]) == (
        world.unit.code,
        "本處已完成表單建置。",
        100,
    )
    missing = await client.put(
        world.url("units/NOPE"),
        json={"text": "x", "progress_percent": 1},
        headers=world.unit_reporter,
    )
    assert missing.status_code == 404


async def test_bad_bodies_are_422_and_store_nothing(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    before = await _rows(session)
    for body in (
        {"text": "", "progress_percent": 10},
        {"text": "x", "progress_percent": 101},
        {"text": "x" * 8001, "progress_percent": 1},
        {"text": "x", "progress_percent": 1, "evidence": [{"title": "t"}]},
        {"text": "x", "progress_percent": 1, "evidence": [{"title": "t", "url": "ftp://x"}]},
        {"text": "x", "progress_percent": 1, "evidence": [{"title": "t", "file_id": 999999}]},
        {"text": "x", "progress_percent": 1, "unknown": 1},
    ):
        response = await client.post(world.url("answers"), json=body, headers=world.reporter)
        assert response.status_code == 422, (body, response.text)
    assert await _rows(session) == before

"""In-app notifications for the loop's events, written by the worker after commit: the
enterprise's reporters hear of its follow-ups, reviewers of answers awaiting them; each
reads only their own, newest first, and marks them read."""

from datetime import date

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.smtp import SmtpServer
from tests.notifications.conftest import People, run_jobs
from uplift.kit.clock import taipei_today
from uplift.models import Contact, Notification, UnitHandling

INBOX = "/api/v1/notifications"


@pytest.fixture(autouse=True)
def on_today(app: FastAPI) -> None:
    app.dependency_overrides[taipei_today] = lambda: date(2018, 7, 10)


async def _inbox(client: AsyncClient, headers: dict[str, str], **params: str) -> list[dict]:
    response = await client.get(INBOX, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_an_opened_follow_up_reaches_its_enterprise_and_no_one_else(
    client: AsyncClient, people: People, worker_sessions: async_sessionmaker[AsyncSession]
) -> None:
    assert await _inbox(client, people.reporter.headers) == []  # nothing before the worker
    await run_jobs(worker_sessions)
    mine = await _inbox(client, people.reporter.headers)
    assert [(n["kind"], n["object_id"]) for n in mine] == [
        ("follow_up.opened", people.world.follow_up.id)
    ]
    assert mine[0]["title_zh"] == "新的列管事項" and mine[0]["read_at"] is None
    assert mine[0]["link"] == f"/follow-ups/{people.world.follow_up.id}"
    theirs = await _inbox(client, people.other_reporter.headers)
    assert [n["object_id"] for n in theirs] == [people.world.other_follow_up.id]
    assert await _inbox(client, people.unit_reporter.headers) == []  # not handed to the unit
    assert await _inbox(client, people.reviewer.headers) == []
    assert await _inbox(client, people.panel.headers) == []
    await run_jobs(worker_sessions)  # nothing twice
    assert len(await _inbox(client, people.reporter.headers)) == 1


async def test_a_unit_hears_of_what_was_handed_to_it(
    client: AsyncClient,
    people: People,
    session: AsyncSession,
    worker_sessions: async_sessionmaker[AsyncSession],
) -> None:
    w = people.world
    session.add(
        UnitHandling(
            follow_up_id=w.follow_up.id,
            organization_id=w.unit.id,
            assigned_by="t",
            written_by="t",
        )
    )
    await session.flush()
    await run_jobs(worker_sessions)
    heard = await _inbox(client, people.unit_reporter.headers)
    assert [n["object_id"] for n in heard] == [w.follow_up.id]


async def test_an_answer_reaches_the_reviewers_and_an_e_mail_goes_to_the_contacts(
    client: AsyncClient,
    people: People,
    session: AsyncSession,
    worker_sessions: async_sessionmaker[AsyncSession],
    smtp: SmtpServer,
) -> None:
    w = people.world
    session.add(Contact(organization_id=w.enterprise.id, name="窗口", email="desk@example.com"))
    session.add(
        Contact(
            organization_id=w.enterprise.id,
            name="No reminders",
            email="quiet@example.com",
            receives_reminders=False,
        )
    )
    await session.flush()
    answered = await client.post(
        w.url("answers"),
        json={"text": "已完成線上意見回饋表單。", "progress_percent": 60},
        headers=people.reporter.headers,
    )
    assert answered.status_code == 201, answered.text
    await run_jobs(worker_sessions)
    kinds = [n["kind"] for n in await _inbox(client, people.reviewer.headers)]
    assert kinds == ["follow_up.answered"]
    assert "follow_up.answered" not in [
        n["kind"] for n in await _inbox(client, people.reporter.headers)
    ]
    # the follow-up opened in the fixture: its e-mail to the receiving contact only
    assert [m["To"] for m in smtp.messages] == ["desk@example.com"]
    mail = smtp.messages[0]
    assert "新的列管事項" in mail["Subject"] and "A new follow-up is tracked" in mail["Subject"]
    plain = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content()
    assert text.index("辦理期限：民國107年7月30日") < text.index("Due on 2018-07-30")
    assert f"https://uplift.example.gov.tw/follow-ups/{w.follow_up.id}" in text


async def test_reading_marks_and_someone_elses_is_404(
    client: AsyncClient,
    people: People,
    session: AsyncSession,
    worker_sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = people.reporter.headers
    for n in range(3):
        session.add(
            Notification(
                user_id=people.reporter.user.id,
                key=f"test:{n}",
                kind="follow_up.decided",
                object_type="follow_up",
                object_id=people.world.follow_up.id,
                payload={},
            )
        )
    await session.flush()
    count = await client.get(f"{INBOX}/unread-count", headers=me)
    assert count.json() == {"unread": 3}
    first = await client.get(INBOX, headers=me, params={"page_size": 2})
    body = first.json()
    assert (body["total"], body["total_capped"], len(body["items"])) == (3, False, 2)
    assert body["items"][0]["id"] > body["items"][1]["id"]  # newest first
    rest = await client.get(body["next"].removeprefix("http://testserver"), headers=me)
    assert [n["id"] for n in rest.json()["items"]] == [body["items"][1]["id"] - 1]
    newest = body["items"][0]["id"]
    read = await client.post(f"{INBOX}/{newest}/read", headers=me)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert [n["id"] for n in await _inbox(client, me, unread="true")] == [
        newest - 1,
        newest - 2,
    ]
    assert (
        await client.post(f"{INBOX}/{newest}/read", headers=people.other_reporter.headers)
    ).status_code == 404
    assert (await client.post(f"{INBOX}/{newest}/read")).status_code == 401
    all_read = await client.post(f"{INBOX}/read-all", headers=me)
    assert all_read.json() == {"marked": 2}
    assert (await client.get(f"{INBOX}/unread-count", headers=me)).json() == {"unread": 0}
    bad = await client.get(INBOX, headers=me, params={"cursor": "garbage"})
    assert bad.status_code == 422
    assert await session.scalar(select(func.count(Notification.id))) is not None


async def test_settings_reviewers_choose_a_digest_others_an_address(
    client: AsyncClient, people: People
) -> None:
    url = "/api/v1/me/notification-settings"
    me = people.reviewer.headers
    read = await client.get(url, headers=me)
    assert read.json() == {"email": None, "digest_frequency": "daily", "receives_digest": False}
    assert (await client.patch(url, json={"email": "x@example.com"}, headers=me)).status_code == 428
    changed = await client.patch(
        url,
        json={"email": "Reviewer@Example.com", "digest_frequency": "weekly"},
        headers=me | {"If-Match": read.headers["ETag"]},
    )
    assert changed.json() == {
        "email": "reviewer@example.com",
        "digest_frequency": "weekly",
        "receives_digest": True,
    }
    reporter = people.reporter.headers
    theirs = await client.get(url, headers=reporter)
    refused = await client.patch(
        url,
        json={"digest_frequency": "weekly"},
        headers=reporter | {"If-Match": theirs.headers["ETag"]},
    )
    assert refused.status_code == 422
    bad = await client.patch(
        url, json={"email": "nope"}, headers=reporter | {"If-Match": theirs.headers["ETag"]}
    )
    assert bad.status_code == 422
    assert (await client.get(url)).status_code == 401


async def test_a_decision_reaches_the_reporters_and_the_contacts_with_the_new_deadline(
    client: AsyncClient,
    people: People,
    session: AsyncSession,
    worker_sessions: async_sessionmaker[AsyncSession],
    smtp: SmtpServer,
) -> None:
    w = people.world
    session.add(Contact(organization_id=w.enterprise.id, name="Desk", email="desk@example.com"))
    await session.flush()
    answered = await client.post(
        w.url("answers"),
        json={"text": "已完成線上意見回饋表單。", "progress_percent": 60},
        headers=people.reporter.headers,
    )
    assert answered.status_code == 201, answered.text
    read = await client.get(w.url(), headers=w.reviewer)
    decided = await client.post(
        w.url("answers/1/decision"),
        json={"outcome": "continue_tracking", "reason": "再議", "due_on": "2018-08-31"},
        headers={**w.reviewer, "If-Match": read.headers["ETag"]},
    )
    assert decided.status_code == 200, decided.text
    await run_jobs(worker_sessions)
    kinds = [n["kind"] for n in await _inbox(client, people.reporter.headers)]
    assert kinds == ["follow_up.decided", "follow_up.opened"]
    (mail,) = [m for m in smtp.to("desk@example.com") if "已審核" in m["Subject"]]
    body = mail.get_body(("plain",))
    assert body is not None
    assert "審核結果：繼續列管，新辦理期限民國107年8月31日" in body.get_content()

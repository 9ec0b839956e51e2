from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.pagination import TOTAL_CAP
from uplift.models import AuditEvent


async def test_a_write_is_recorded_with_who_before_and_after(
    sign_in: Callable[[str], Any],
) -> None:
    async with sign_in("admin") as admin:
        token = await admin.post("/api/v1/tokens", json={"name": "腳本", "scopes": ["plans:read"]})
        token_id = token.json()["id"]
        await admin.delete(f"/api/v1/tokens/{token_id}")
    async with sign_in("reviewer") as reviewer:
        events = (
            await reviewer.get(
                "/api/v1/audit-events", params={"object_type": "api_token", "object_id": token_id}
            )
        ).json()
    assert [e["action"] for e in events["items"]] == ["revoke", "create"]
    revoke, create = events["items"]
    assert revoke["actor_label"] == "admin" and revoke["actor_type"] == "user"
    assert revoke["before"]["revoked_at"] is None and revoke["after"]["revoked_at"] is not None
    assert create["before"] is None and create["after"]["name"] == "腳本"
    assert "token" not in create["after"]  # the secret is never logged
    assert revoke["occurred_at"].endswith("Z")  # UTC, with its offset


async def test_enterprise_reporters_cannot_read_the_log(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("reporter-taiwater") as reporter:
        assert (await reporter.get("/api/v1/audit-events")).status_code == 403


async def test_the_api_offers_no_way_to_change_an_event(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("admin") as admin:
        for method in ("PUT", "PATCH", "DELETE"):
            response = await admin.request(method, "/api/v1/audit-events")
            assert response.status_code == 405


@pytest.mark.parametrize(
    "statement",
    [update(AuditEvent).values(action="tampered"), delete(AuditEvent)],
    ids=["update", "delete"],
)
async def test_the_database_refuses_to_change_an_event(
    session: AsyncSession, statement: Any
) -> None:
    session.add(AuditEvent(actor_type="system", actor_label="t", action="x", object_type="y"))
    await session.flush()
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(statement)
    assert await session.scalar(text("SELECT count(*) FROM audit_events")) >= 1


async def test_the_database_refuses_to_empty_the_log(session: AsyncSession) -> None:
    session.add(AuditEvent(actor_type="system", actor_label="t", action="x", object_type="y"))
    await session.flush()
    # SQLite has no TRUNCATE; a DELETE without WHERE is how it empties a table.
    postgres = session.get_bind().dialect.name == "postgresql"
    emptying = "TRUNCATE audit_events" if postgres else "DELETE FROM audit_events"
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text(emptying))
    assert await session.scalar(text("SELECT count(*) FROM audit_events")) >= 1


async def test_times_are_iso_8601_not_unix_seconds(sign_in: Callable[[str], Any]) -> None:
    async with sign_in("admin") as admin:
        unix = await admin.get("/api/v1/audit-events", params={"until": "0.5"})
        iso = await admin.get("/api/v1/audit-events", params={"until": "2026-11-27T08:00:00+08:00"})
    assert unix.status_code == 422
    assert iso.status_code == 200


async def _events_at_one_moment(session: AsyncSession, object_type: str, count: int) -> None:
    """Events recorded in the same instant: the cursor must still tell them apart by id."""
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    session.add_all(
        AuditEvent(
            occurred_at=moment,
            actor_type="system",
            actor_label="test",
            action="update",
            object_type=object_type,
            object_id=str(n),
        )
        for n in range(count)
    )
    await session.flush()


async def test_the_log_pages_by_cursor_as_by_page_number(
    sign_in: Callable[[str], Any], session: AsyncSession
) -> None:
    await _events_at_one_moment(session, "cursor-walk", 7)
    async with sign_in("reviewer") as reviewer:
        url = "/api/v1/audit-events?object_type=cursor-walk&page_size=3"
        by_number = [
            e["id"]
            for page in (1, 2, 3)
            for e in (await reviewer.get(f"{url}&page={page}")).json()["items"]
        ]
        by_cursor, pages, following = [], 0, url
        while following:
            page = (await reviewer.get(following)).json()
            assert (page["total"], page["total_capped"]) == (7, False)
            by_cursor += [e["id"] for e in page["items"]]
            following, pages = page["next"], pages + 1
        refused = await reviewer.get(f"{url}&cursor=bm90LWEtY3Vyc29y")
    assert by_cursor == by_number and len(set(by_cursor)) == 7
    assert by_cursor == sorted(by_cursor, reverse=True)  # newest first, then by id
    assert pages == 3
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "cursor"


async def test_a_long_log_counts_up_to_its_cap(
    sign_in: Callable[[str], Any], session: AsyncSession
) -> None:
    await _events_at_one_moment(session, "cap", TOTAL_CAP + 1)
    async with sign_in("reviewer") as reviewer:
        page = (await reviewer.get("/api/v1/audit-events?object_type=cap&page_size=1")).json()
    assert (page["total"], page["total_capped"]) == (TOTAL_CAP, True)
    assert page["next"] is not None

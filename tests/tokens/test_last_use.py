"""Using a token records "last used" without turning the read into a write that can fail."""

import asyncio

import pytest
from sqlalchemy import select, text

from tests.fixtures.committed import CommittedApp
from uplift.models import ApiToken


async def test_parallel_reads_with_one_token_all_answer(committed: CommittedApp) -> None:
    token_id, secret = await committed.new_token(await committed.new_user(), ["users:read"])
    bearer = {"Authorization": f"Bearer {secret}"}
    async with committed.client() as http:
        reads = [http.get("/api/v1/auth/me", headers=bearer) for _ in range(20)]
        answers = await asyncio.gather(*reads)
    assert [answer.status_code for answer in answers] == [200] * 20
    async with committed.sessionmaker() as session:
        used = await session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token_id))
    assert used is not None


async def test_a_read_does_not_wait_for_a_writer_holding_the_token(
    committed: CommittedApp,
) -> None:
    async with committed.sessionmaker() as session:
        if (await session.connection()).dialect.name == "sqlite":
            pytest.skip("SQLite has one writer: the hint waits for it after the response")
    token_id, secret = await committed.new_token(await committed.new_user(), ["users:read"])
    async with committed.sessionmaker() as writer:
        # Someone else changes the token and has not committed yet.
        await writer.execute(
            text("UPDATE api_tokens SET name = 'renamed' WHERE id = :id"), {"id": token_id}
        )
        async with committed.client() as http:
            read = http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
            answer = await asyncio.wait_for(read, timeout=5)
        await writer.rollback()
    assert answer.status_code == 200

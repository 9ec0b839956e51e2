"""Sign-in throttling: per account from one address, and per address; under parallel guesses."""

import asyncio
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.auth.test_login import login
from tests.conftest import DEMO_PASSWORDS
from tests.fixtures.committed import PASSWORD, committed_app

STRANGER = "203.0.113.66"


def client_at(app: FastAPI, address: str) -> AsyncClient:
    transport = ASGITransport(app=app, client=(address, 50000))
    return AsyncClient(transport=transport, base_url="http://testserver")


async def test_a_stranger_cannot_lock_an_administrator_out(app: FastAPI) -> None:
    async with client_at(app, STRANGER) as stranger:
        for _ in range(5):
            assert (await login(stranger, "admin", "wrong-password")).status_code == 401
        assert (await login(stranger, "admin", DEMO_PASSWORDS["admin"])).status_code == 429
    async with client_at(app, "198.51.100.10") as owner:
        assert (await login(owner, "admin", DEMO_PASSWORDS["admin"])).status_code == 200


async def test_a_successful_sign_in_clears_that_addresss_failures(client: AsyncClient) -> None:
    for _ in range(4):
        assert (await login(client, "reviewer", "wrong-password")).status_code == 401
    assert (await login(client, "reviewer", DEMO_PASSWORDS["reviewer"])).status_code == 200
    client.cookies.clear()
    for _ in range(5):
        assert (await login(client, "reviewer", "wrong-password")).status_code == 401
    assert (await login(client, "reviewer", "wrong-password")).status_code == 429


async def statuses(attempts: list[Any]) -> list[int]:
    return sorted(response.status_code for response in await asyncio.gather(*attempts))


# Small limits keep the test quick: on SQLite each password checked holds the one write lock.
async def test_parallel_guesses_at_one_account_stop_at_the_limit(
    committed_database_url: str, tmp_path: Path
) -> None:
    async with committed_app(
        committed_database_url, tmp_path, login_failures_per_account=3
    ) as committed:
        user = await committed.new_user()
        async with committed.client("192.0.2.21") as attacker:
            answers = await statuses([login(attacker, user.username, "wrong") for _ in range(10)])
            assert answers == [401] * 3 + [429] * 7
            assert (await login(attacker, user.username, PASSWORD)).status_code == 429
        async with committed.client("192.0.2.22") as owner:
            assert (await login(owner, user.username, PASSWORD)).status_code == 200


async def test_parallel_guesses_from_one_address_stop_at_its_cap(
    committed_database_url: str, tmp_path: Path
) -> None:
    async with committed_app(
        committed_database_url, tmp_path, login_failures_per_address=4
    ) as committed:
        users = [await committed.new_user() for _ in range(2)]
        async with committed.client("192.0.2.31") as attacker:
            guesses = [login(attacker, user.username, "wrong") for user in users for _ in range(5)]
            assert await statuses(guesses) == [401] * 4 + [429] * 6

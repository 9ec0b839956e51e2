"""The findings feed: filters, the stable (updated_at, id) order with cursors, updated_since
for syncing, 304 on an unchanged page, and a fixed number of statements per page."""

from collections.abc import Callable
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.findings.conftest import World, act, drafted, issued

FEED = "/api/v1/findings"


async def test_filters(client: AsyncClient, world: World) -> None:
    strength = await drafted(client, world, kind="strength", measures=[world.measures[1]])
    on_unit = await issued(client, world, unit=world.unit.code)
    other = await client.post(
        FEED,
        json=world.body(organization=world.other.code, measures=[world.other_measure]),
        headers=world.reviewer,
    )
    ids = {strength["id"], on_unit["id"], other.json()["id"]}

    async def found(query: str) -> set[int]:
        response = await client.get(f"{FEED}?{query}", headers=world.reviewer)
        assert response.status_code == 200, response.text
        return {f["id"] for f in response.json()["items"]} & ids

    assert await found(f"round={world.round.id}") == ids
    assert await found(f"plan_id={world.plan.id}&year=2018") == ids
    assert await found("year=2019") == set()
    assert await found(f"organization={world.enterprise.code}") == ids - {other.json()["id"]}
    assert await found(f"unit={world.unit.code}") == {on_unit["id"]}
    assert await found("kind=strength") == {strength["id"]}
    assert await found("status=issued") == {on_unit["id"]}
    assert await found(f"measure={world.measures[1]}") == {strength["id"]}
    bad = await client.get(f"{FEED}?organization=nope", headers=world.reviewer)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "organization"
    assert (await client.get(f"{FEED}?kind=score", headers=world.reviewer)).status_code == 422


async def test_pages_by_cursor_sync_by_updated_since_and_revalidate(
    client: AsyncClient, world: World
) -> None:
    made = [await drafted(client, world) for _ in range(5)]
    url = f"{FEED}?round={world.round.id}&page_size=2"
    first = await client.get(url, headers=world.reviewer)
    assert first.json()["total"] == 5 and first.json()["total_capped"] is False
    seen = [f["id"] for f in first.json()["items"]]
    link = first.json()["next"]
    while link:
        page = await client.get(link, headers=world.reviewer)
        seen += [f["id"] for f in page.json()["items"]]
        link = page.json()["next"]
    assert seen == [f["id"] for f in made]
    same = await client.get(url, headers={**world.reviewer, "If-None-Match": first.headers["ETag"]})
    assert same.status_code == 304

    # A transition moves the finding to the end of the order, where a sync finds it
    moment = first.json()["items"][0]["updated_at"]
    approved = await act(client, made[0]["id"], "approve", world.reviewer)
    since = await client.get(
        FEED, params={"round": world.round.id, "updated_since": approved.json()["updated_at"]},
        headers=world.reviewer,
    )  # fmt: skip
    assert [f["id"] for f in since.json()["items"]] == [made[0]["id"]]
    assert approved.json()["updated_at"] > moment
    changed = await client.get(
        url, headers={**world.reviewer, "If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200
    bad = await client.get(f"{FEED}?cursor=nonsense", headers=world.reviewer)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


async def test_a_page_costs_the_same_statements_at_any_size(
    client: AsyncClient, session: AsyncSession, world: World, count_queries: Callable[[], Any]
) -> None:
    counts = []
    for size in (1, 6):
        while len((await client.get(f"{FEED}?round={world.round.id}&page_size=100",
                                    headers=world.reviewer)).json()["items"]) < size:  # fmt: skip
            await issued(client, world, unit=world.unit.code, measures=world.measures)
        with count_queries() as statements:
            response = await client.get(
                f"{FEED}?round={world.round.id}&page_size={size}", headers=world.reviewer
            )
        assert len(response.json()["items"]) == size
        counts.append(len(statements))
    assert counts[0] == counts[1], counts

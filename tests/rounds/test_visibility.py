"""Who reads which round, and what of its panel and visits: a panel member the rounds they
sit on and their enterprises' visits; an enterprise the rounds covering it, the members
assigned to it (never a conflict) and its own visits; the public only published rounds."""

from datetime import date
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.tokens import bearer
from tests.rounds.conftest import Rounds, set_status
from uplift.models import (
    PanelConflict,
    PanelMember,
    RoundStatus,
    User,
    Visit,
)


async def _visits(session: AsyncSession, rounds: Rounds) -> None:
    """Year-end visits to all four enterprises; the expert `panel` steps aside from CPC."""
    for day, code in enumerate(["TAIPOWER", "CPC", "TAISUGAR", "TAIWATER"], start=5):
        session.add(
            Visit(
                round_id=rounds.year_end.id,
                organization_id=rounds.codes[code],
                visit_date=date(2018, 11, day),
            )
        )
    member_id = await session.scalar(
        select(PanelMember.id)
        .join(User, User.id == PanelMember.user_id)
        .where(PanelMember.round_id == rounds.year_end.id, User.username == "panel")
    )
    assert member_id is not None
    session.add(
        PanelConflict(
            member_id=member_id,
            organization_id=rounds.codes["CPC"],
            reason="曾任中油顧問",
            declared_by="panel",
        )
    )
    await session.flush()


def _by_kind(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["kind"]: item for item in items}


async def test_a_panel_member_sees_the_rounds_they_sit_on(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    await _visits(session, rounds)
    async with sign_in("panel-cpc") as http:
        listed = (await http.get("/api/v1/rounds")).json()["items"]
        assert [i["kind"] for i in listed] == ["year_end"]
        assert (await http.get(rounds.url(rounds.mid))).status_code == 404
        detail = (await http.get(rounds.url(rounds.year_end))).json()
    assert [v["organization"] for v in detail["visits"]] == ["TAIPOWER", "TAIWATER"]
    assert listed[0]["counts"]["visits"] == 2
    panel = {m["username"]: m for m in detail["panel"]}
    assert panel["panel-cpc"]["assignments"] == ["TAIPOWER", "TAIWATER"]
    assert panel["panel"]["assignments"] == []  # not their own: not shown
    assert panel["panel"]["conflicts"] == []


async def test_staff_see_everyone_with_assignments_and_conflicts(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    await _visits(session, rounds)
    async with sign_in("admin") as http:
        detail = (await http.get(rounds.url(rounds.year_end))).json()
    assert len(detail["visits"]) == 4
    panel = {m["username"]: m for m in detail["panel"]}
    assert [c["reason"] for c in panel["panel"]["conflicts"]] == ["曾任中油顧問"]
    assert panel["panel-cpc"]["delegated_by"] == "CPC"


async def test_an_enterprise_sees_its_rounds_members_names_and_own_visits(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    await _visits(session, rounds)
    async with sign_in("reporter-taiwater") as http:
        listed = (await http.get("/api/v1/rounds")).json()["items"]
        detail = (await http.get(rounds.url(rounds.year_end))).json()
    assert [i["kind"] for i in listed] == ["mid_year", "year_end"]
    assert [v["organization"] for v in detail["visits"]] == ["TAIWATER"]
    assert sorted((m["name"], m["kind"]) for m in detail["panel"]) == sorted(
        (m.name, m.kind.value)
        for m in await session.scalars(
            select(PanelMember).where(PanelMember.round_id == rounds.year_end.id)
        )
    )
    for member in detail["panel"]:
        assert member["conflicts"] == [] and member["assignments"] == []
        assert member["username"] is None and member["delegated_by"] is None
    async with sign_in("reporter-taipower") as http:  # CPC's conflict: never to enterprises
        detail = (await http.get(rounds.url(rounds.year_end))).json()
    assert all(m["conflicts"] == [] for m in detail["panel"])
    async with sign_in("reporter-taiwater-unit") as http:  # a unit reads its enterprise's rounds
        assert len((await http.get("/api/v1/rounds")).json()["items"]) == 2


async def test_a_token_with_findings_read_works_like_its_owner(
    client: AsyncClient, session: AsyncSession, rounds: Rounds
) -> None:
    await _visits(session, rounds)
    owner = await session.scalar(select(User.id).where(User.username == "reporter-taiwater"))
    reading = await bearer(session, owner, ["findings:read"])
    detail = (await client.get(rounds.url(rounds.year_end), headers=reading)).json()
    assert [v["organization"] for v in detail["visits"]] == ["TAIWATER"]
    blind = await bearer(session, owner, ["progress:read"])
    assert (await client.get("/api/v1/rounds", headers=blind)).json()["items"] == []
    assert (await client.get(rounds.url(rounds.year_end), headers=blind)).status_code == 404


async def test_the_public_reads_only_published_rounds(
    client: AsyncClient, session: AsyncSession, rounds: Rounds
) -> None:
    await _visits(session, rounds)
    assert (await client.get("/api/v1/rounds")).json()["items"] == []
    assert (await client.get(rounds.url(rounds.year_end))).status_code == 404
    await set_status(session, rounds.year_end, RoundStatus.published)
    listed = (await client.get("/api/v1/rounds")).json()["items"]
    assert [i["kind"] for i in listed] == ["year_end"]
    detail = (await client.get(rounds.url(rounds.year_end))).json()
    assert (detail["panel"], detail["visits"]) == ([], [])
    assert (await client.get(rounds.url(rounds.year_end, "/visits"))).json()["items"] == []


async def test_reads_take_as_many_queries_however_large_the_round(
    sign_in: Any, session: AsyncSession, rounds: Rounds, count_queries: Any
) -> None:
    await _visits(session, rounds)
    async with sign_in("reviewer") as http:
        with count_queries() as before:
            await http.get(rounds.url(rounds.year_end))
        with count_queries() as listed_before:
            await http.get("/api/v1/rounds")
        for n in range(5):
            session.add(PanelMember(round_id=rounds.year_end.id, kind="expert", name=f"委員{n}"))
            session.add(
                Visit(
                    round_id=rounds.year_end.id,
                    organization_id=rounds.codes["CPC"],
                    visit_date=date(2018, 12, n + 1),
                )
            )
        await session.flush()
        with count_queries() as after:
            await http.get(rounds.url(rounds.year_end))
        with count_queries() as listed_after:
            await http.get("/api/v1/rounds")
    assert len(after) == len(before)
    assert len(listed_after) == len(listed_before)

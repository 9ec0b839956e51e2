"""Who reads which finding, and who may draft for which enterprise: drafts never leave the
commission and the panel; an enterprise reads its own once issued (a unit those naming it,
a token only with findings:read); the public what is published."""

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.findings.conftest import World, act, drafted, issued
from tests.fixtures import loop
from uplift.models import FindingStatus, ReviewRoundKind, RoundStatus


async def _listed(client: AsyncClient, headers: dict[str, str] | None) -> set[int]:
    response = await client.get("/api/v1/findings?page_size=100", headers=headers or {})
    assert response.status_code == 200, response.text
    return {f["id"] for f in response.json()["items"]}


async def test_each_reader_sees_what_it_may(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    draft = await drafted(client, world)
    approved = await drafted(client, world)
    await act(client, approved["id"], "approve", world.reviewer)
    mine = await issued(client, world)
    for_unit = await issued(client, world, unit=world.unit.code)
    other_draft = await loop.finding(session, world.round, world.other, number=9)
    published = await loop.finding(
        session, world.round, world.other, status=FindingStatus.published, number=10
    )
    everything = {draft["id"], approved["id"], mine["id"], for_unit["id"], other_draft.id,
                  published.id}  # fmt: skip

    seen = {
        "reviewer": (world.reviewer, everything),
        "panel": (world.panel, everything - {other_draft.id}),
        "reporter": (world.reporter, {mine["id"], for_unit["id"], published.id}),
        "unit reporter": (world.unit_reporter, {for_unit["id"], published.id}),
        "other reporter": (world.other_reporter, {published.id}),
        "token without findings:read": (world.reporter_without_scope, {published.id}),
        "public": (None, {published.id}),
    }
    for who, (headers, expected) in seen.items():
        assert await _listed(client, headers) & everything == expected, who
        for finding_id in everything:
            response = await client.get(f"/api/v1/findings/{finding_id}", headers=headers or {})
            assert response.status_code == (200 if finding_id in expected else 404), (
                who,
                finding_id,
            )


async def test_a_panel_member_drafts_only_for_their_assignments(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    refused = await client.post(
        "/api/v1/findings", json=world.body(organization=world.other.code, measures=[]),
        headers=world.panel,
    )  # fmt: skip
    assert refused.status_code == 403
    assert "assigns" in refused.json()["detail"]
    by_reviewer = await client.post(
        "/api/v1/findings",
        json=world.body(organization=world.other.code, measures=[world.other_measure]),
        headers=world.reviewer,
    )
    assert by_reviewer.status_code == 201, by_reviewer.text
    # A round they do not sit on is not there for them
    mid_year = await loop.verification_round(
        session, world.plan, [world.enterprise], kind=ReviewRoundKind.mid_year,
        status=RoundStatus.drafting,
    )  # fmt: skip
    unseen = await client.post(
        "/api/v1/findings", json=world.body(round_id=mid_year.id), headers=world.panel
    )
    assert unseen.status_code == 404
    # Reporters and the public may not draft or decide
    assert (
        await client.post("/api/v1/findings", json=world.body(), headers=world.reporter)
    ).status_code == 403
    assert (await client.post("/api/v1/findings", json=world.body())).status_code == 401
    draft = await drafted(client, world)
    by_panel = await act(client, draft["id"], "approve", world.panel)
    assert by_panel.status_code == 403


async def test_the_editor_offers_each_drafter_what_they_may_draft_for(
    client: AsyncClient, world: World
) -> None:
    def offered(response: object) -> dict[int, list[str]]:
        items = response.json()["items"]  # type: ignore[attr-defined]
        return {r["id"]: [e["code"] for e in r["enterprises"]] for r in items}

    panel = await client.get("/api/v1/findings/drafting", headers=world.panel)
    assert offered(panel) == {world.round.id: [world.enterprise.code]}
    reviewer = await client.get("/api/v1/findings/drafting", headers=world.reviewer)
    assert offered(reviewer)[world.round.id] == [world.enterprise.code, world.other.code]
    reporter = await client.get("/api/v1/findings/drafting", headers=world.reporter)
    assert reporter.status_code == 403

"""/webhooks and /deliveries: who may call them, what they accept, what they show."""

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.deliveries.conftest import bearer
from tests.fixtures import factories
from uplift.deliveries import service
from uplift.models import AuditEvent, DeliveryChannel, Role

HOOK = "https://erp.example.gov.tw/uplift/hook"


async def _create(client: AsyncClient, headers: dict[str, str], **body: Any) -> Any:
    return await client.post(
        "/api/v1/webhooks",
        headers=headers,
        json={"url": HOOK, "events": ["finding.issued"], **body},
    )


async def test_a_reporter_subscribes_for_its_own_organisation_and_sees_the_secret_once(
    session: AsyncSession, client: AsyncClient
) -> None:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=0)
    reporter = await bearer(session, Role.enterprise_reporter, tree.enterprise.id)
    created = await _create(client, reporter, description="營業處系統")
    assert created.status_code == 201, created.text
    made = created.json()
    assert made["secret"].startswith("whsec_")
    assert made["organization"]["code"] == tree.enterprise.code
    assert made["events"] == ["finding.issued"] and made["is_active"] is True
    shown = await client.get(created.headers["Location"], headers=reporter)
    assert shown.status_code == 200 and "secret" not in shown.json()
    listed = await client.get("/api/v1/webhooks", headers=reporter)
    assert [item["id"] for item in listed.json()["items"]] == [made["id"]]

    for_unit = await _create(client, reporter, organization=tree.units[0].code)
    assert for_unit.status_code == 201
    assert for_unit.json()["organization"]["code"] == tree.units[0].code

    audit = await session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "webhook_subscription",
            AuditEvent.object_id == str(made["id"]),
        )
    )
    assert list(audit) == ["create"]


async def test_another_enterprise_cannot_see_or_change_a_subscription(
    session: AsyncSession, client: AsyncClient
) -> None:
    own = await factories.organization(session)
    other = await factories.organization(session)
    reporter = await bearer(session, Role.enterprise_reporter, own.id)
    stranger = await bearer(session, Role.enterprise_reporter, other.id)
    made = (await _create(client, reporter)).json()
    url = f"/api/v1/webhooks/{made['id']}"
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.delete(url, headers=stranger)).status_code == 404
    rotate = await client.post(f"{url}/rotate-secret", headers=stranger)
    assert rotate.status_code == 404
    assert (await client.get("/api/v1/webhooks", headers=stranger)).json()["items"] == []
    for_them = await _create(client, stranger, organization=own.code)
    assert for_them.status_code == 422
    assert [e["field"] for e in for_them.json()["errors"]] == ["organization"]
    commission = await _create(client, await bearer(session, Role.administrator))
    assert commission.json()["organization"] is None  # the commission's
    assert (
        await client.get(f"/api/v1/webhooks/{commission.json()['id']}", headers=reporter)
    ).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://erp.example.gov.tw/hook"}, "url"),
        ({"url": "https://" + "a" * 2000 + ".tw/"}, "url"),
        ({"url": "https://user:pass@erp.example.gov.tw/hook"}, "url"),
        ({"events": []}, "events"),
        ({"events": ["finding.deleted"]}, "events"),
        ({"events": ["finding.issued", "finding.issued"]}, "events"),
        ({"description": "x" * 201}, "description"),
    ],
)
async def test_bounded_inputs_are_422_naming_the_field(
    session: AsyncSession, client: AsyncClient, body: dict[str, Any], field: str
) -> None:
    admin = await bearer(session, Role.administrator)
    refused = await _create(client, admin, **body)
    assert refused.status_code == 422, refused.text
    assert field in {e["field"].split(".")[0] for e in refused.json()["errors"]}


async def test_production_wants_https_to_another_machine(
    session: AsyncSession, client: AsyncClient, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = await bearer(session, Role.administrator)
    monkeypatch.setattr(settings, "environment", "production")  # the app reads this object
    for url in (
        "http://erp.example.gov.tw/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://localhost/hook",
    ):
        refused = await _create(client, admin, url=url)
        assert refused.status_code == 422, url
    assert (await _create(client, admin)).status_code == 201


async def test_patch_needs_if_match_and_rotate_gives_a_new_secret(
    session: AsyncSession, client: AsyncClient
) -> None:
    admin = await bearer(session, Role.administrator)
    made = (await _create(client, admin)).json()
    url = f"/api/v1/webhooks/{made['id']}"
    change = {"events": ["follow_up.decided", "finding.issued"], "description": "ERP"}
    assert (await client.patch(url, headers=admin, json=change)).status_code == 428
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    changed = await client.patch(url, headers={**admin, "If-Match": etag}, json=change)
    assert changed.status_code == 200, changed.text
    assert changed.json()["events"] == ["finding.issued", "follow_up.decided"]
    stale = await client.patch(url, headers={**admin, "If-Match": etag}, json={"is_active": False})
    assert stale.status_code == 412
    null = await client.patch(url, headers={**admin, "If-Match": "*"}, json={"url": None})
    assert null.status_code == 422

    rotated = await client.post(f"{url}/rotate-secret", headers=admin)
    assert rotated.status_code == 200
    assert rotated.json()["secret"].startswith("whsec_")
    assert rotated.json()["secret"] != made["secret"]
    assert (await client.delete(url, headers=admin)).status_code == 204
    assert (await client.get(url, headers=admin)).status_code == 404


@pytest.mark.parametrize("role", [Role.reviewer, Role.panel_member])
async def test_reviewers_and_panel_may_not_touch_webhooks(
    session: AsyncSession, client: AsyncClient, role: Role
) -> None:
    headers = await bearer(session, role)
    assert (await client.get("/api/v1/webhooks", headers=headers)).status_code == 403
    assert (await _create(client, headers)).status_code == 403
    assert (await client.get("/api/v1/webhooks")).status_code == 401


@pytest.mark.parametrize("role", [Role.reviewer, Role.panel_member, Role.enterprise_reporter])
async def test_only_administrators_see_and_replay_deliveries(
    session: AsyncSession, client: AsyncClient, role: Role
) -> None:
    organization = await factories.organization(session)
    headers = await bearer(session, role, organization.id if role != Role.reviewer else None)
    delivery = await service.queue_email(
        session, key="test:who", kind="digest", to="a@example.com", subject="s", text="t"
    )
    assert delivery is not None
    for method, url in (
        ("GET", "/api/v1/deliveries"),
        ("GET", f"/api/v1/deliveries/{delivery.id}"),
        ("POST", f"/api/v1/deliveries/{delivery.id}/replay"),
    ):
        assert (await client.request(method, url, headers=headers)).status_code == 403
        assert (await client.request(method, url)).status_code == 401


async def test_the_board_filters_and_pages_by_cursor(
    session: AsyncSession, client: AsyncClient
) -> None:
    admin = await bearer(session, Role.administrator)
    organization = await factories.organization(session)
    made = []
    for n in range(5):
        delivery = await service.queue(
            session,
            key=f"test:board:{n}",
            channel=DeliveryChannel.webhook if n % 2 else DeliveryChannel.email,
            kind="finding.issued" if n % 2 else "digest",
            recipient=f"r{n}",
            content={"n": n},
            organization_id=organization.id,
        )
        assert delivery is not None
        made.append(delivery.id)
    query = {"organization": organization.code, "page_size": 2}
    first = (await client.get("/api/v1/deliveries", params=query, headers=admin)).json()
    assert first["total"] == 5 and [i["id"] for i in first["items"]] == made[:2:-1][:2]
    second = (await client.get(first["next"], headers=admin)).json()
    third = (await client.get(second["next"], headers=admin)).json()
    seen = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert seen == made[::-1] and third["next"] is None
    webhooks = await client.get(
        "/api/v1/deliveries",
        params={"organization": organization.code, "channel": "webhook", "status": "pending"},
        headers=admin,
    )
    assert [i["id"] for i in webhooks.json()["items"]] == [made[3], made[1]]
    kinds = await client.get(
        "/api/v1/deliveries",
        params={"organization": organization.code, "kind": "digest"},
        headers=admin,
    )
    assert kinds.json()["total"] == 3
    bad = await client.get("/api/v1/deliveries", params={"cursor": "nope"}, headers=admin)
    assert bad.status_code == 422
    shown = await client.get(f"/api/v1/deliveries/{made[0]}", headers=admin)
    assert shown.json()["content"] == {"n": 0} and shown.json()["attempt_list"] == []

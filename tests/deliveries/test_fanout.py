"""Every event to each receiver subscribed to it that may hear of it: an enterprise's
receiver hears of its own organisation and units only, the commission's of everything."""

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook

from tests.deliveries.conftest import Receiver, bearer, run_jobs
from tests.fixtures import factories, loop
from uplift.auth.subject import Subject
from uplift.follow_ups.deadlines import open_follow_up
from uplift.kit import events
from uplift.kit.events import EventKind
from uplift.models import Delivery, FindingStatus, Role

Maker = async_sessionmaker[AsyncSession]
KINDS = ["finding.issued", "round.notified"]
REVIEWER = Subject(kind="user", role=Role.reviewer, user_id=None, label="審查人員")


async def subscribe(
    client: AsyncClient, headers: dict[str, str], url: str, events: list[str]
) -> tuple[int, str]:
    created = await client.post(
        "/api/v1/webhooks", headers=headers, json={"url": url, "events": events}
    )
    assert created.status_code == 201, created.text
    return created.json()["id"], created.json()["secret"]


def heard(receiver: Receiver, secret: str) -> list[tuple[str, str | None, int]]:
    """What a receiver got, each signature checked: (type, organisation, object id)."""
    found = []
    for request in receiver.received:
        body = Webhook(secret).verify(request.body, request.headers)
        found.append((body["type"], body["data"]["organization"], body["data"]["object_id"]))
    return sorted(found, key=lambda item: item[2])


async def test_each_receiver_hears_only_what_its_organisation_may_see(
    session: AsyncSession, worker_sessions: Maker, receivers: object, client: AsyncClient
) -> None:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=0)
    other = await factories.organization(session)
    own_rx: Receiver = await receivers()  # type: ignore[operator]
    other_rx: Receiver = await receivers()  # type: ignore[operator]
    commission_rx: Receiver = await receivers()  # type: ignore[operator]
    reporter = await bearer(session, Role.enterprise_reporter, tree.enterprise.id)
    _, own = await subscribe(client, reporter, own_rx.url, KINDS)
    other_reporter = await bearer(session, Role.enterprise_reporter, other.id)
    _, others = await subscribe(client, other_reporter, other_rx.url, ["finding.issued"])
    admin = await bearer(session, Role.administrator)
    _, commission = await subscribe(client, admin, commission_rx.url, KINDS)

    issued = EventKind.finding_issued
    payload = {"round_id": 1, "kind": "recommendation"}
    await events.record(session, issued, 9001, organization_id=tree.enterprise.id, payload=payload)
    await events.record(session, issued, 9002, organization_id=tree.units[0].id, payload=payload)
    await events.record(session, issued, 9003, organization_id=other.id, payload=payload)
    await events.record(session, EventKind.round_notified, 9004, organization_id=None)
    # Not subscribed by anyone: no delivery.
    await events.record(session, EventKind.finding_published, 9005, organization_id=other.id)
    await run_jobs(worker_sessions)

    mine, unit, theirs = tree.enterprise.code, tree.units[0].code, other.code
    assert heard(own_rx, own) == [
        ("finding.issued", mine, 9001),
        ("finding.issued", unit, 9002),
    ]
    assert heard(other_rx, others) == [("finding.issued", theirs, 9003)]
    assert heard(commission_rx, commission) == [
        ("finding.issued", mine, 9001),
        ("finding.issued", unit, 9002),
        ("finding.issued", theirs, 9003),
        ("round.notified", None, 9004),
    ]
    body = own_rx.received[0].json
    assert body["data"]["round_id"] == 1 and body["timestamp"].endswith("Z")


async def test_an_event_dispatched_twice_is_delivered_once(
    session: AsyncSession, worker_sessions: Maker, receivers: object, client: AsyncClient
) -> None:
    """A worker killed after the handler ran but before its job was marked done runs it
    again: the delivery's key makes the second run write nothing."""
    receiver: Receiver = await receivers()  # type: ignore[operator]
    admin = await bearer(session, Role.administrator)
    await subscribe(client, admin, receiver.url, ["follow_up.decided"])
    event = await events.record(session, EventKind.follow_up_decided, 77, organization_id=None)
    await events.dispatch(session, {"event_id": event.id})
    await events.dispatch(session, {"event_id": event.id})
    await run_jobs(worker_sessions)
    count = select(func.count()).where(Delivery.event_id == event.id)
    assert await session.scalar(count) == 1
    assert len(receiver.received) == 1


async def test_a_paused_subscription_is_not_queued_for(
    session: AsyncSession, worker_sessions: Maker, receivers: object, client: AsyncClient
) -> None:
    receiver: Receiver = await receivers()  # type: ignore[operator]
    admin = await bearer(session, Role.administrator)
    webhook_id, _ = await subscribe(client, admin, receiver.url, ["finding.issued"])
    url = f"/api/v1/webhooks/{webhook_id}"
    etag = (await client.get(url, headers=admin)).headers["ETag"]
    paused = await client.patch(url, headers={**admin, "If-Match": etag}, json={"is_active": False})
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    await events.record(session, EventKind.finding_issued, 5, organization_id=None)
    await run_jobs(worker_sessions)
    assert receiver.received == []


async def test_follow_ups_opened_by_the_loop_reach_their_own_enterprise_only(
    session: AsyncSession, worker_sessions: Maker, receivers: object, client: AsyncClient
) -> None:
    """The events the loop's own services record (a follow-up opened on issue), not made up."""
    own, other = await factories.organization(session), await factories.organization(session)
    plan = await factories.plan(session, owner=own, year=2018)
    round_ = await loop.verification_round(session, plan, [own, other])
    own_rx: Receiver = await receivers()  # type: ignore[operator]
    _, secret = await subscribe(
        client,
        await bearer(session, Role.enterprise_reporter, own.id),
        own_rx.url,
        ["follow_up.opened"],
    )
    opened = []
    for number, enterprise in enumerate((own, other, own), start=1):
        finding = await loop.finding(
            session, round_, enterprise, status=FindingStatus.issued, number=number
        )
        opened.append(await open_follow_up(session, REVIEWER, finding, round_))
    await run_jobs(worker_sessions)
    assert heard(own_rx, secret) == [
        ("follow_up.opened", own.code, opened[0].id),
        ("follow_up.opened", own.code, opened[2].id),
    ]
    assert {r.json["data"]["finding_id"] for r in own_rx.received} == {
        opened[0].finding_id,
        opened[2].finding_id,
    }

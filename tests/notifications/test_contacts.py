"""Contacts (聯絡窗口): an enterprise manages its own, a unit its own, administrators any,
reviewers read; anyone else's answer 404; e-mails case-folded and unique per organisation."""

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.notifications.conftest import People
from uplift.models import AuditEvent

NEW = {"name": "王小明", "email": "Ming.Wang@Example.COM", "language": "en"}


def url(code: str) -> str:
    return f"/api/v1/organizations/{code}/contacts"


async def test_a_reporter_adds_lists_changes_and_removes_their_contacts(
    client: AsyncClient, people: People, session: AsyncSession
) -> None:
    code, me = people.world.enterprise.code, people.reporter.headers
    made = await client.post(url(code), json=NEW, headers=me)
    assert made.status_code == 201, made.text
    contact = made.json()
    assert contact["email"] == "ming.wang@example.com"
    assert (contact["language"], contact["receives_reminders"], contact["is_active"]) == (
        "en",
        True,
        True,
    )
    listed = (await client.get(url(code), headers=me)).json()
    assert [c["id"] for c in listed["items"]] == [contact["id"]]

    one = f"/api/v1/contacts/{contact['id']}"
    read = await client.get(one, headers=me)
    assert (await client.patch(one, json={"name": "王大明"}, headers=me)).status_code == 428
    changed = await client.patch(
        one,
        json={"receives_reminders": False, "language": "zh-TW"},
        headers=me | {"If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["receives_reminders"], changed.json()["language"]) == (False, "zh-TW")
    stale = await client.delete(one, headers=me | {"If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    gone = await client.delete(one, headers=me | {"If-Match": changed.headers["ETag"]})
    assert gone.status_code == 204
    assert (await client.get(one, headers=me)).status_code == 404
    actions = (
        await session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "contact", AuditEvent.object_id == str(contact["id"]))
            .order_by(AuditEvent.id)
        )
    ).all()
    assert list(actions) == ["create", "update", "delete"]


async def test_the_same_email_twice_in_one_organisation_is_a_conflict(
    client: AsyncClient, people: People
) -> None:
    code, me = people.world.enterprise.code, people.reporter.headers
    assert (await client.post(url(code), json=NEW, headers=me)).status_code == 201
    again = await client.post(url(code), json=NEW | {"email": "ming.wang@example.com"}, headers=me)
    assert again.status_code == 409
    # another organisation may have the same person
    admin = people.admin.headers
    assert (
        await client.post(url(people.world.other.code), json=NEW, headers=admin)
    ).status_code == 201


async def test_bad_input_is_422_naming_the_field(client: AsyncClient, people: People) -> None:
    code, me = people.world.enterprise.code, people.reporter.headers
    for field, value in [
        ("email", "not-an-address"),
        ("email", "a@b"),
        ("name", ""),
        ("name", "x" * 101),
        ("language", "fr"),
        ("receives_reminders", "yes"),
    ]:
        refused = await client.post(url(code), json=NEW | {field: value}, headers=me)
        assert refused.status_code == 422, (field, value)
        assert [e["field"] for e in refused.json()["errors"]] == [field]


async def test_who_reads_and_who_manages_whose_contacts(
    client: AsyncClient, people: People
) -> None:
    w = people.world
    made = await client.post(url(w.enterprise.code), json=NEW, headers=people.reporter.headers)
    one = f"/api/v1/contacts/{made.json()['id']}"
    # reviewers read any, change none
    assert (
        await client.get(url(w.enterprise.code), headers=people.reviewer.headers)
    ).status_code == 200
    assert (await client.get(one, headers=people.reviewer.headers)).status_code == 200
    assert (
        await client.post(url(w.enterprise.code), json=NEW, headers=people.reviewer.headers)
    ).status_code == 403
    # another enterprise's reporter: as if it did not exist
    other = people.other_reporter.headers
    assert (await client.get(url(w.enterprise.code), headers=other)).status_code == 404
    assert (await client.get(one, headers=other)).status_code == 404
    assert (await client.post(url(w.enterprise.code), json=NEW, headers=other)).status_code == 404
    # a unit's reporter manages the unit's own contacts, not its head office's
    unit = people.unit_reporter.headers
    assert (await client.get(one, headers=unit)).status_code == 404
    assert (await client.post(url(w.unit.code), json=NEW, headers=unit)).status_code == 201
    # the head office manages its units' too
    second = NEW | {"email": "b@example.com"}
    assert (
        await client.post(url(w.unit.code), json=second, headers=people.reporter.headers)
    ).status_code == 201
    # a panel member may not; nobody unsigned
    assert (
        await client.get(url(w.enterprise.code), headers=people.panel.headers)
    ).status_code == 403
    assert (await client.get(url(w.enterprise.code))).status_code == 401
    assert (await client.get(url("no-such-org"), headers=people.admin.headers)).status_code == 404

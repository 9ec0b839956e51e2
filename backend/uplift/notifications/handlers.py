"""In-app notifications and contacts' e-mail for the loop's events, written by a worker after
the change commits (kit/events.py). Safe to run again: every row has a unique key
(`event:<id>` per user, `event:<id>:contact:<id>` per e-mail) and those already there are
skipped.

Who hears of what:
- finding issued, published or corrected; follow-up opened, decided, extension decided: the
  reporters who read it (the enterprise's, and the units' it names or was handed to);
- follow-up answered, extension requested: every active reviewer (their move);
- e-mail to the receiving contacts: a follow-up opened (a new tracked recommendation and its
  deadline) and decided (released, or tracked on with a new deadline);
- a deadline passed: nothing here, the sweep's overdue reminder says it to the same people.
Panel members hear of nothing: their part ends when a finding is issued.
"""

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.config import get_settings
from uplift.deliveries.service import queue_email
from uplift.kit import events
from uplift.kit.events import EventKind
from uplift.kit.roc_date import format_roc
from uplift.models import DomainEvent, Finding, FollowUp, Notification, Role, User
from uplift.notifications import audience, templates
from uplift.notifications.reminders import facts_of

TO_ENTERPRISE = {
    EventKind.finding_issued,
    EventKind.finding_published,
    EventKind.finding_corrected,
    EventKind.follow_up_opened,
    EventKind.follow_up_decided,
    EventKind.follow_up_extension_decided,
}
TO_REVIEWERS = {EventKind.follow_up_answered, EventKind.follow_up_extension_requested}
MAILED = {EventKind.follow_up_opened, EventKind.follow_up_decided}


@events.handler
async def notify(session: AsyncSession, event: DomainEvent) -> None:
    try:
        kind = EventKind(event.kind)
    except ValueError:
        return
    if kind in TO_REVIEWERS:
        users = set(
            (
                await session.scalars(
                    select(User.id).where(User.role == Role.reviewer, User.is_active.is_(True))
                )
            ).all()
        )
        await _write(session, event, users, dict(event.payload))
        return
    if kind not in TO_ENTERPRISE or event.organization_id is None:
        return
    heard = await audience.load(session, [event.organization_id])
    payload = dict(event.payload)
    if event.object_type == "finding":
        finding = await session.get(Finding, event.object_id)
        if finding is None:
            return
        units = [finding.unit_id] if finding.unit_id is not None else []
        payload |= {"number": finding.number, "published": kind == EventKind.finding_published}
    else:
        units = (await audience.handed_units(session, [event.object_id])).get(event.object_id, [])
    reached = heard.organizations(event.organization_id, units)
    await _write(session, event, heard.users(reached), payload)
    if kind in MAILED:
        await _mail(session, event, kind, heard.receiving(reached))


async def _write(
    session: AsyncSession, event: DomainEvent, users: set[int], payload: dict[str, Any]
) -> None:
    key = f"event:{event.id}"
    there = set(
        (await session.scalars(select(Notification.user_id).where(Notification.key == key))).all()
    )
    rows = [
        {
            "user_id": user_id,
            "key": key,
            "kind": event.kind,
            "event_id": event.id,
            "organization_id": event.organization_id,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "payload": payload,
        }
        for user_id in sorted(users - there)
    ]
    if rows:
        await session.execute(insert(Notification), rows)


async def _mail(
    session: AsyncSession, event: DomainEvent, kind: EventKind, contacts: list[Any]
) -> None:
    if not contacts:
        return
    follow_up = await session.get(FollowUp, event.object_id)
    facts = (await facts_of(session, [event.object_id])).get(event.object_id)
    if follow_up is None or facts is None:
        return
    settings = get_settings()
    extra = ""
    if kind == EventKind.follow_up_decided and follow_up.state == "tracking":
        extra = f"審核結果：繼續列管，新辦理期限民國{format_roc(follow_up.due_on)}"
    elif kind == EventKind.follow_up_decided:
        extra = "審核結果：解除列管"
    for contact in contacts:
        mail = templates.follow_up_mail(
            kind.value, facts, contact.language, settings.public_url, extra
        )
        await queue_email(
            session,
            key=f"event:{event.id}:contact:{contact.id}",
            kind=kind.value,
            to=contact.email,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            organization_id=contact.organization_id,
            event_id=event.id,
            contact_id=contact.id,
        )

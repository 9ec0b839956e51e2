"""Reading webhook subscriptions (those the subject may see) and deliveries (administrators)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.deliveries.auth import readable_webhooks
from uplift.deliveries.schemas import Attempt, DeliverySummary, Webhook
from uplift.deliveries.schemas import Delivery as DeliverySchema
from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import Listing, PageParams, capped_count, count
from uplift.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryChannel,
    DeliveryStatus,
    Organization,
    WebhookSubscription,
)
from uplift.organizations.queries import by_code
from uplift.organizations.schemas import OrganizationRef

SORT = "newest"


async def webhook_of(session: AsyncSession, row: WebhookSubscription) -> Webhook:
    owner = (
        await session.get(Organization, row.organization_id)
        if row.organization_id is not None
        else None
    )
    return Webhook(
        id=row.id,
        url=row.url,
        events=list(row.events),
        description=row.description,
        is_active=row.is_active,
        organization=OrganizationRef.model_validate(owner) if owner else None,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_webhooks(
    session: AsyncSession, subject: Subject, page: PageParams
) -> tuple[list[Webhook], int]:
    statement = select(WebhookSubscription).where(readable_webhooks(subject))
    total = await count(session, statement)
    rows = await session.scalars(
        statement.order_by(WebhookSubscription.id.desc()).offset(page.offset).limit(page.page_size)
    )
    return [await webhook_of(session, row) for row in rows], total


async def get_webhook(
    session: AsyncSession, subject: Subject, webhook_id: int, *, for_update: bool = False
) -> WebhookSubscription:
    """Another organisation's subscription answers 404, as if it did not exist."""
    statement = select(WebhookSubscription).where(
        WebhookSubscription.id == webhook_id, readable_webhooks(subject)
    )
    if for_update:
        statement = statement.with_for_update()
    row = await session.scalar(statement)
    if row is None:
        raise ResourceNotFound("Webhook subscription", "Webhook 訂閱", webhook_id)
    return row


@dataclass(frozen=True)
class DeliveryFilter:
    channel: DeliveryChannel | None = None
    status: DeliveryStatus | None = None
    kind: str | None = None
    organization: str | None = None  # a code
    subscription_id: int | None = None
    created_since: datetime | None = None
    created_until: datetime | None = None


DeliveryListing = Listing[DeliverySummary]


async def _filtered(session: AsyncSession, wanted: DeliveryFilter) -> Select[Any]:
    statement = select(Delivery)
    if wanted.channel is not None:
        statement = statement.where(Delivery.channel == wanted.channel)
    if wanted.status is not None:
        statement = statement.where(Delivery.status == wanted.status)
    if wanted.kind is not None:
        statement = statement.where(Delivery.kind == wanted.kind)
    if wanted.organization is not None:
        owner = await by_code(session, wanted.organization, parameter="organization")
        statement = statement.where(Delivery.organization_id == owner.id)
    if wanted.subscription_id is not None:
        statement = statement.where(Delivery.subscription_id == wanted.subscription_id)
    if wanted.created_since is not None:
        statement = statement.where(Delivery.created_at >= wanted.created_since)
    if wanted.created_until is not None:
        statement = statement.where(Delivery.created_at < wanted.created_until)
    return statement


async def list_deliveries(
    session: AsyncSession,
    page: PageParams,
    wanted: DeliveryFilter,
    after: tuple[Any, ...] | None = None,
) -> DeliveryListing:
    """Newest first (by id): the `page`-th page, or the one after a cursor's key."""
    statement = await _filtered(session, wanted)
    total, capped = await capped_count(session, statement)
    ordered = statement.order_by(Delivery.id.desc())
    ordered = (
        ordered.where(Delivery.id < after[0]) if after is not None else ordered.offset(page.offset)
    )
    rows = list(await session.scalars(ordered.limit(page.page_size)))
    items = [DeliverySummary.model_validate(row) for row in rows]
    next_key = (rows[-1].id,) if len(rows) == page.page_size else None
    return DeliveryListing(items, total, capped, next_key)


async def get_delivery(
    session: AsyncSession, delivery_id: int, *, for_update: bool = False
) -> Delivery:
    statement = select(Delivery).where(Delivery.id == delivery_id)
    if for_update:
        statement = statement.with_for_update()
    row = await session.scalar(statement)
    if row is None:
        raise ResourceNotFound("Delivery", "發送紀錄", delivery_id)
    return row


async def attempts_of(session: AsyncSession, delivery_id: int) -> Sequence[DeliveryAttempt]:
    statement = (
        select(DeliveryAttempt)
        .where(DeliveryAttempt.delivery_id == delivery_id)
        .order_by(DeliveryAttempt.number, DeliveryAttempt.id)
    )
    return (await session.scalars(statement)).all()


async def delivery_of(session: AsyncSession, row: Delivery) -> DeliverySchema:
    attempts = [Attempt.model_validate(a) for a in await attempts_of(session, row.id)]
    return DeliverySchema(
        **DeliverySummary.model_validate(row).model_dump(),
        content=row.content,
        attempt_list=attempts,
    )

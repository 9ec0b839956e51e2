"""Webhook subscriptions and deliveries as the API shows them."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StrictBool

from uplift.kit.bounds import Text
from uplift.kit.events import EventKind
from uplift.kit.pagination import KeysetPage, Page
from uplift.kit.patch import Patch, not_null
from uplift.kit.schema import Schema
from uplift.models import DeliveryChannel, DeliveryStatus
from uplift.organizations.schemas import OrganizationCode, OrganizationRef

# What a receiver may subscribe to: every kind of event the loop records (kit/events.py).
# round.notified concerns several enterprises at once: only the commission's receivers hear it.
WebhookEvent = EventKind
Url = Annotated[str, Field(min_length=8, max_length=2000, pattern=r"^https?://[^\x00\s]+$")]
Description = Annotated[Text, Field(max_length=200)]
Events = Annotated[
    list[WebhookEvent],
    Field(min_length=1, max_length=len(EventKind), description="Event kinds, each once."),
]


class WebhookCreate(BaseModel):
    url: Url = Field(
        description="Where each event is POSTed: https (http only outside production); "
        "never an address on this machine or a private network in production.",
        examples=["https://erp.example.gov.tw/uplift/webhook"],
    )
    events: Events = Field(examples=[["finding.issued", "follow_up.decided"]])
    description: Description = ""
    organization: OrganizationCode | None = Field(
        None,
        description="Whose receiver it is: an enterprise reporter's own organisation (or one "
        "of its units) by default; an administrator's the commission's (omit it) or any "
        "organisation's.",
    )


class WebhookPatch(Patch):
    url: Url = not_null()
    events: Events = not_null()
    description: Description = not_null()
    # 0 or "yes" is a mistake, not a false.
    is_active: StrictBool = not_null(description="False pauses it: no new deliveries are queued.")


class Webhook(Schema):
    """A subscription as lists show it: never its secret (see NewWebhook)."""

    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    organization: OrganizationRef | None = Field(description="None: the commission's.")
    created_at: datetime
    updated_at: datetime


class NewWebhook(Webhook):
    secret: str = Field(
        description="The signing secret (whsec_…, Standard Webhooks): shown in this answer "
        "only, on creation and on each rotation; keep it with the receiver."
    )


class WebhookPage(Page[Webhook]):
    pass


class Attempt(Schema):
    number: int
    started_at: datetime
    duration_ms: int
    ok: bool
    status_code: int | None
    error: str | None
    worker: str
    replay: bool


class DeliverySummary(Schema):
    id: int
    message_id: str
    channel: DeliveryChannel
    status: DeliveryStatus
    kind: str
    recipient: str
    organization_id: int | None
    event_id: int | None
    subscription_id: int | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime


class Delivery(DeliverySummary):
    content: dict[str, Any] = Field(
        description="What is sent: a webhook's JSON body, or an e-mail's subject, text and html."
    )
    attempt_list: list[Attempt] = Field(description="Every try, oldest first.")


class DeliveryPage(KeysetPage[DeliverySummary]):
    pass

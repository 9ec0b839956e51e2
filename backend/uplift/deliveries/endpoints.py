"""Webhook subscriptions (administrators and enterprises) and the deliveries board
(administrators) over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from uplift.auth.policy import MANAGE_WEBHOOKS, READ_DELIVERIES, READ_WEBHOOKS, REPLAY_DELIVERIES
from uplift.auth.subject import Subject
from uplift.config import SettingsDep
from uplift.deliveries import queries, service
from uplift.deliveries.schemas import (
    Delivery,
    DeliveryPage,
    NewWebhook,
    Webhook,
    WebhookCreate,
    WebhookPage,
    WebhookPatch,
)
from uplift.kit.bounds import Id, Text, Timestamp
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor
from uplift.kit.responses import json_response, resource_response
from uplift.models import DeliveryChannel, DeliveryStatus

router = APIRouter(tags=["webhooks"])

Reader = Annotated[Subject, Depends(READ_WEBHOOKS)]
Manager = Annotated[Subject, Depends(MANAGE_WEBHOOKS)]
Administrator = Annotated[Subject, Depends(READ_DELIVERIES)]
Replayer = Annotated[Subject, Depends(REPLAY_DELIVERIES)]

WEBHOOK = "/webhooks/{webhook_id:int}"
WHO = (
    "Administrators see every subscription, the commission's own included; an enterprise's "
    "reporters (and its tokens with webhooks:read) those of their organisation and its "
    "units. Anything else is 404."
)
SIGNED = (
    "Each event is POSTed as JSON {type, timestamp, data} with the Standard Webhooks headers "
    "webhook-id (the same on every retry: drop a duplicate), webhook-timestamp and "
    "webhook-signature (HMAC-SHA256 with the secret). A receiver hears only of events about "
    "its organisation or its units; the commission's of every event."
)


@router.get(
    "/webhooks",
    summary="List webhook subscriptions",
    description=WHO,
    response_model=WebhookPage,
    responses=problem_responses(401, 403, 422),
)
async def list_webhooks(session: SessionDep, page: PageDep, subject: Reader) -> Response:
    rows, total = await queries.list_webhooks(session, subject, page)
    return json_response(WebhookPage.of(rows, total, page))


@router.post(
    "/webhooks",
    summary="Subscribe a receiver to events",
    description="The answer carries the signing secret, this once (rotate it to see a new "
    "one). " + SIGNED,
    status_code=201,
    response_model=NewWebhook,
    responses=problem_responses(401, 403, 422),
)
async def create_webhook(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    data: WebhookCreate,
    subject: Manager,
) -> Response:
    row, secret = await service.create_webhook(session, subject, data, settings)
    shown = await queries.webhook_of(session, row)
    response = json_response(NewWebhook(**dict(shown), secret=secret), status_code=201)
    response.headers["Location"] = str(request.url_for("get_webhook", webhook_id=row.id))
    return response


@router.get(
    WEBHOOK,
    summary="Get a webhook subscription",
    description=WHO + " Never the secret.",
    response_model=Webhook,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_webhook(session: SessionDep, webhook_id: Id, subject: Reader) -> Response:
    row = await queries.get_webhook(session, subject, webhook_id)
    return json_response(await queries.webhook_of(session, row))


@router.patch(
    WEBHOOK,
    summary="Change a webhook subscription",
    description="Its URL, events, description, or is_active (false pauses it: events are not "
    "queued for it meanwhile; those queued already are still sent). Needs If-Match.",
    response_model=Webhook,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_webhook(
    session: SessionDep,
    settings: SettingsDep,
    webhook_id: Id,
    data: WebhookPatch,
    subject: Manager,
    if_match: IfMatchDep,
) -> Response:
    row = await queries.get_webhook(session, subject, webhook_id, for_update=True)
    if_match.check(await queries.webhook_of(session, row))
    return resource_response(await service.update_webhook(session, subject, row, data, settings))


@router.post(
    WEBHOOK + "/rotate-secret",
    summary="Rotate a subscription's secret",
    description="A new secret, in this answer only; every try from now on (retries of "
    "earlier events too) is signed with it.",
    response_model=NewWebhook,
    responses=problem_responses(401, 403, 404, 422),
)
async def rotate_secret(session: SessionDep, webhook_id: Id, subject: Manager) -> Response:
    row = await queries.get_webhook(session, subject, webhook_id, for_update=True)
    row, secret = await service.rotate_secret(session, subject, row)
    shown = await queries.webhook_of(session, row)
    return json_response(NewWebhook(**dict(shown), secret=secret))


@router.delete(
    WEBHOOK,
    summary="Delete a webhook subscription",
    description="Its pending deliveries are given up (dead); every delivery and attempt "
    "stays on the administrators' board.",
    status_code=204,
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_webhook(session: SessionDep, webhook_id: Id, subject: Manager) -> Response:
    row = await queries.get_webhook(session, subject, webhook_id, for_update=True)
    await service.delete_webhook(session, subject, row)
    return Response(status_code=204)


DELIVERY = "/deliveries/{delivery_id:int}"


@router.get(
    "/deliveries",
    summary="Every delivery (e-mail and webhooks)",
    description="Administrators: newest first; follow each page's `next` link (a cursor) "
    "for the next page.",
    response_model=DeliveryPage,
    responses=problem_responses(401, 403, 422),
    tags=["deliveries"],
)
async def list_deliveries(
    request: Request,
    session: SessionDep,
    page: PageDep,
    _: Administrator,
    channel: Annotated[DeliveryChannel | None, Query()] = None,
    status: Annotated[DeliveryStatus | None, Query()] = None,
    kind: Annotated[
        Text | None, Query(max_length=64, description="An event kind, reminder.…, digest.")
    ] = None,
    organization: Annotated[
        Text | None, Query(max_length=64, description="The recipient's organisation (code).")
    ] = None,
    subscription: Annotated[Id | None, Query(description="A webhook subscription's id.")] = None,
    created_since: Annotated[Timestamp | None, Query(description="Queued at or after.")] = None,
    created_until: Annotated[Timestamp | None, Query(description="Queued before.")] = None,
    cursor: CursorParam = None,
) -> Response:
    after = decode_cursor(cursor, queries.SORT, 1, int) if cursor is not None else None
    wanted = queries.DeliveryFilter(
        channel, status, kind, organization, subscription, created_since, created_until
    )
    found = await queries.list_deliveries(session, page, wanted, after)
    return json_response(
        DeliveryPage(
            **found.page_fields(request, page, queries.SORT),
        )
    )


@router.get(
    DELIVERY,
    summary="A delivery with every attempt",
    description="Administrators: what was sent and each try (when, how long, the receiver's "
    "status code or error, which worker, whether it was a replay).",
    response_model=Delivery,
    responses=problem_responses(401, 403, 404, 422),
    tags=["deliveries"],
)
async def get_delivery(session: SessionDep, delivery_id: Id, _: Administrator) -> Response:
    row = await queries.get_delivery(session, delivery_id)
    return json_response(await queries.delivery_of(session, row))


@router.post(
    DELIVERY + "/replay",
    summary="Replay a dead delivery",
    description="Back to pending with one more try, under the same message id (a receiver "
    "that had it drops it); its attempt is marked as a replay and the replay audited. Only a "
    "dead delivery: a pending one will be tried anyway and a delivered one was received (409).",
    status_code=202,
    response_model=Delivery,
    responses=problem_responses(401, 403, 404, 409, 422),
    tags=["deliveries"],
)
async def replay_delivery(session: SessionDep, delivery_id: Id, subject: Replayer) -> Response:
    row = await queries.get_delivery(session, delivery_id, for_update=True)
    row = await service.replay(session, subject, row)
    return json_response(await queries.delivery_of(session, row), status_code=202)

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from uplift.auth.policy import (
    MANAGE_CONTACTS,
    MANAGE_NOTIFICATIONS,
    READ_CONTACTS,
    READ_NOTIFICATIONS,
)
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id
from uplift.kit.db import SessionDep
from uplift.kit.errors import ResourceNotFound, problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor, next_link
from uplift.kit.responses import json_response, resource_response
from uplift.models import Notification as NotificationRow
from uplift.models import User
from uplift.notifications import auth, queries, service, tasks, templates
from uplift.notifications.schemas import (
    Contact,
    ContactCreate,
    ContactPage,
    ContactUpdate,
    Notification,
    NotificationPage,
    NotificationSettings,
    NotificationSettingsUpdate,
    ReadAll,
    UnreadCount,
)
from uplift.organizations.queries import get_organization

# The app registers the sweep task and the event handler too (the in-process runner on
# SQLite runs them beside the requests).
__all__ = ["router", "tasks"]
router = APIRouter(tags=["notifications"])
AUTH_ERRORS = (401, 403)
CodePath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[!-~]+$")]
SORT = "newest"


def notification_out(row: NotificationRow) -> Notification:
    title_zh, title_en = templates.title(row.kind, row.payload)
    return Notification(
        id=row.id,
        kind=row.kind,
        object_type=row.object_type,
        object_id=row.object_id,
        organization_id=row.organization_id,
        payload=row.payload,
        title_zh=title_zh,
        title_en=title_en,
        link=templates.link(row.object_type, row.object_id, row.payload),
        created_at=row.created_at,
        read_at=row.read_at,
    )


# --- contacts ----------------------------------------------------------------------------


@router.get(
    "/organizations/{code}/contacts",
    summary="List an organisation's contacts",
    description="Who hears of the organisation's follow-ups (聯絡窗口), by name. Reviewers and "
    "administrators read any organisation's; its reporters their own and its units'.",
    response_model=ContactPage,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def list_contacts(
    session: SessionDep,
    code: CodePath,
    page: PageDep,
    subject: Annotated[Subject, Depends(READ_CONTACTS)],
) -> Response:
    organization = await get_organization(session, code)
    await auth.check(session, subject, organization, write=False)
    rows, total = await queries.list_contacts(session, organization, page)
    return json_response(ContactPage.of(rows, total, page))


@router.post(
    "/organizations/{code}/contacts",
    summary="Add a contact",
    description="The e-mail is case-folded and unique in the organisation. Audited.",
    status_code=201,
    response_model=Contact,
    responses=problem_responses(*AUTH_ERRORS, 404, 409, 422),
)
async def create_contact(
    session: SessionDep,
    code: CodePath,
    data: ContactCreate,
    subject: Annotated[Subject, Depends(MANAGE_CONTACTS)],
) -> Response:
    organization = await get_organization(session, code)
    await auth.check(session, subject, organization, write=True)
    contact = await service.create_contact(session, subject, organization, data)
    return resource_response(Contact.model_validate(contact), status_code=201)


@router.get(
    "/contacts/{contact_id}",
    summary="Get a contact",
    description="Answers an ETag, which a change sends back as If-Match.",
    response_model=Contact,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def get_contact(
    session: SessionDep, contact_id: Id, subject: Annotated[Subject, Depends(READ_CONTACTS)]
) -> Response:
    contact = await queries.get_contact(session, subject, contact_id)
    return resource_response(Contact.model_validate(contact))


@router.patch(
    "/contacts/{contact_id}",
    summary="Change a contact",
    description="Name, e-mail, language, whether they receive reminders, active. Needs "
    "If-Match. Audited.",
    response_model=Contact,
    responses=problem_responses(*AUTH_ERRORS, 404, 409, 422),
)
async def update_contact(
    session: SessionDep,
    contact_id: Id,
    data: ContactUpdate,
    subject: Annotated[Subject, Depends(MANAGE_CONTACTS)],
    if_match: IfMatchDep,
) -> Response:
    contact = await queries.get_contact(session, subject, contact_id, write=True)
    if_match.check(Contact.model_validate(contact))
    contact = await service.update_contact(session, subject, contact, data)
    return resource_response(Contact.model_validate(contact))


@router.delete(
    "/contacts/{contact_id}",
    summary="Remove a contact",
    description="Needs If-Match. Deliveries already sent to the contact are kept. Audited.",
    status_code=204,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def delete_contact(
    session: SessionDep,
    contact_id: Id,
    subject: Annotated[Subject, Depends(MANAGE_CONTACTS)],
    if_match: IfMatchDep,
) -> Response:
    contact = await queries.get_contact(session, subject, contact_id, write=True)
    if_match.check(Contact.model_validate(contact))
    await service.delete_contact(session, subject, contact)
    return Response(status_code=204)


# --- the signed-in user's settings ---------------------------------------------------------


async def _me(session: SessionDep, subject: Subject, *, lock: bool = False) -> User:
    user = (
        None
        if subject.user_id is None
        else await session.get(User, subject.user_id, with_for_update=lock)
    )
    if user is None:
        raise ResourceNotFound("User", "使用者", subject.user_id or "-")
    return user


@router.get(
    "/me/notification-settings",
    summary="Your notification settings",
    description="The e-mail your digest goes to and how often it comes (reviewers: a digest "
    "of what awaits their decision, daily or weekly, or off). A token reads its creator's.",
    response_model=NotificationSettings,
    responses=problem_responses(*AUTH_ERRORS, 404),
)
async def get_settings_(
    session: SessionDep, subject: Annotated[Subject, Depends(READ_NOTIFICATIONS)]
) -> Response:
    return resource_response(service.settings_of(await _me(session, subject)))


@router.patch(
    "/me/notification-settings",
    summary="Change your notification settings",
    description="`email: null` clears it (no e-mail then); only reviewers choose a digest "
    "frequency. Needs If-Match. Audited.",
    response_model=NotificationSettings,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def update_settings(
    session: SessionDep,
    data: NotificationSettingsUpdate,
    subject: Annotated[Subject, Depends(MANAGE_NOTIFICATIONS)],
    if_match: IfMatchDep,
) -> Response:
    user = await _me(session, subject, lock=True)
    if_match.check(service.settings_of(user))
    user = await service.update_settings(session, subject, user, data)
    return resource_response(service.settings_of(user))


# --- in-app notifications ------------------------------------------------------------------


@router.get(
    "/notifications",
    summary="Your notifications",
    description="Newest first; `unread=true` only those not read yet. Deep pages by `cursor` "
    "(the `next` link).",
    response_model=NotificationPage,
    responses=problem_responses(*AUTH_ERRORS, 422),
)
async def list_notifications(
    request: Request,
    session: SessionDep,
    page: PageDep,
    subject: Annotated[Subject, Depends(READ_NOTIFICATIONS)],
    unread: Annotated[bool | None, Query(description="Only unread (true) or read (false).")] = None,
    cursor: CursorParam = None,
) -> Response:
    before = None if cursor is None else decode_cursor(cursor, SORT, 1, int)[0]
    rows, total, capped = await queries.inbox(
        session, subject, page, unread=unread, before_id=before
    )
    full = len(rows) == page.page_size
    body = NotificationPage(
        items=[notification_out(row) for row in rows],
        total=total,
        total_capped=capped,
        page=page.page,
        page_size=page.page_size,
        next=next_link(request, SORT, (rows[-1].id,) if full else None),
    )
    return json_response(body)


@router.get(
    "/notifications/unread-count",
    summary="How many of your notifications are unread",
    response_model=UnreadCount,
    responses=problem_responses(*AUTH_ERRORS),
)
async def unread_count(
    session: SessionDep, subject: Annotated[Subject, Depends(READ_NOTIFICATIONS)]
) -> Response:
    return json_response(UnreadCount(unread=await queries.unread_count(session, subject)))


@router.post(
    "/notifications/{notification_id}/read",
    summary="Mark a notification read",
    description="Marking one read again changes nothing. Another user's is 404.",
    response_model=Notification,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def mark_read(
    session: SessionDep,
    notification_id: Id,
    subject: Annotated[Subject, Depends(MANAGE_NOTIFICATIONS)],
) -> Response:
    row = await queries.own(session, subject, notification_id, lock=True)
    return json_response(notification_out(await service.mark_read(session, row)))


@router.post(
    "/notifications/read-all",
    summary="Mark all your notifications read",
    response_model=ReadAll,
    responses=problem_responses(*AUTH_ERRORS),
)
async def mark_all_read(
    session: SessionDep, subject: Annotated[Subject, Depends(MANAGE_NOTIFICATIONS)]
) -> Response:
    return json_response(ReadAll(marked=await service.mark_all_read(session, subject)))

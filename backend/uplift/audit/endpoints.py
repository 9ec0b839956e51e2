from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from uplift.audit import queries
from uplift.audit.schemas import AuditEventPage
from uplift.auth.policy import READ_AUDIT
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id, Text, Timestamp
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor, next_link
from uplift.kit.responses import json_response

router = APIRouter(prefix="/audit-events", tags=["audit"])


@router.get(
    "",
    summary="List audit events",
    description="Every write, newest first: who, when, what, before and after. Filter by "
    "subject (`actor_user_id`, `actor_token_id`), object (`object_type`, `object_id`), "
    "`action` and time (`since`, `until`: ISO 8601 with offset). The log only grows: follow "
    "`next` (by `cursor`) to page through it at the same cost at any depth.",
    response_model=AuditEventPage,
    responses=problem_responses(401, 403, 422),
)
async def list_audit_events(
    request: Request,
    session: SessionDep,
    page: PageDep,
    _: Annotated[Subject, Depends(READ_AUDIT)],
    actor_user_id: Id | None = None,
    actor_token_id: Id | None = None,
    object_type: Annotated[Text | None, Query(max_length=64)] = None,
    object_id: Annotated[Text | None, Query(max_length=64)] = None,
    action: Annotated[Text | None, Query(max_length=64)] = None,
    since: Timestamp | None = None,
    until: Timestamp | None = None,
    cursor: CursorParam = None,
) -> Response:
    after = None
    if cursor is not None:
        after = queries.after_key(decode_cursor(cursor, queries.NEWEST_FIRST, 2))
    wanted = queries.EventFilter(
        actor_user_id=actor_user_id,
        actor_token_id=actor_token_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        since=since,
        until=until,
    )
    found = await queries.list_events(session, page, wanted, after)
    body = AuditEventPage.model_validate(
        {
            "items": list(found.items),
            "total": found.total,
            "total_capped": found.total_capped,
            "page": page.page,
            "page_size": page.page_size,
            "next": next_link(request, queries.NEWEST_FIRST, found.next_key),
        },
        from_attributes=True,
    )
    return json_response(body)

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from uplift.audit import queries
from uplift.audit.schemas import AuditEventPage
from uplift.auth.policy import READ_AUDIT
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id, Text, Timestamp
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response

router = APIRouter(prefix="/audit-events", tags=["audit"])


@router.get(
    "",
    summary="List audit events",
    description="Every write, newest first: who, when, what, before and after. Filter by "
    "subject (`actor_user_id`, `actor_token_id`), object (`object_type`, `object_id`), "
    "`action` and time (`since`, `until`: ISO 8601 with offset).",
    response_model=AuditEventPage,
    responses=problem_responses(401, 403, 422),
)
async def list_audit_events(
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
) -> Response:
    rows, total = await queries.list_events(
        session,
        page,
        actor_user_id=actor_user_id,
        actor_token_id=actor_token_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        since=since,
        until=until,
    )
    return json_response(AuditEventPage.of(rows, total, page))

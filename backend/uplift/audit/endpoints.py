import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BeforeValidator

from uplift.audit import service
from uplift.audit.schemas import AuditEventPage
from uplift.auth.policy import READ_AUDIT
from uplift.auth.subject import Subject
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response

router = APIRouter(prefix="/audit-events", tags=["audit"])


def _iso_8601(value: object) -> object:
    """pydantic would read `until=0.5` as a Unix time; the contract promises ISO 8601."""
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value)):
        raise ValueError("expected an ISO 8601 date and time, e.g. 2026-11-27T08:00:00+08:00")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_8601)]


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
    actor_user_id: Annotated[int | None, Query(ge=1)] = None,
    actor_token_id: Annotated[int | None, Query(ge=1)] = None,
    object_type: Annotated[str | None, Query(max_length=64)] = None,
    object_id: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    since: IsoDateTime | None = None,
    until: IsoDateTime | None = None,
) -> Response:
    rows, total = await service.list_events(
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

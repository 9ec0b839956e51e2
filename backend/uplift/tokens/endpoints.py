from typing import Annotated

from fastapi import APIRouter, Depends, Response

from uplift.auth.policy import MANAGE_TOKENS, READ_TOKENS
from uplift.auth.subject import Subject
from uplift.config import SettingsDep
from uplift.kit.bounds import Id
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response
from uplift.tokens import queries, service
from uplift.tokens.schemas import ApiToken, ApiTokenPage, NewApiToken, TokenCreate

router = APIRouter(prefix="/tokens", tags=["tokens"])
AUTH_ERRORS = (401, 403)


@router.get(
    "",
    summary="List API tokens",
    description="Administrators see all; an enterprise reporter sees its organisation's.",
    response_model=ApiTokenPage,
    responses=problem_responses(*AUTH_ERRORS, 422),
)
async def list_tokens(
    session: SessionDep,
    page: PageDep,
    subject: Annotated[Subject, Depends(READ_TOKENS)],
    active: bool | None = None,
) -> Response:
    rows, total = await queries.list_tokens(session, subject, page, active=active)
    return json_response(ApiTokenPage.of(rows, total, page))


@router.post(
    "",
    summary="Create an API token",
    description="The secret is in this response only; it is stored as a hash. Scopes must be "
    "your role's; a reporter's token acts for its own organisation. A token that creates one "
    "grants only scopes it holds, and the new token expires no later than it (by default when "
    "it does) and is revoked with it. Changing a user's role or organisation, disabling them "
    "or resetting their password revokes every token they made.",
    status_code=201,
    response_model=NewApiToken,
    responses=problem_responses(*AUTH_ERRORS, 422),
)
async def create_token(
    session: SessionDep,
    settings: SettingsDep,
    data: TokenCreate,
    subject: Annotated[Subject, Depends(MANAGE_TOKENS)],
) -> Response:
    token, secret = await service.create_token(session, subject, data, settings.secret_key)
    created = NewApiToken(**dict(ApiToken.model_validate(token)), token=secret)
    return json_response(created, status_code=201)


@router.get(
    "/{token_id}",
    summary="Get an API token",
    response_model=ApiToken,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def get_token(
    session: SessionDep, token_id: Id, subject: Annotated[Subject, Depends(READ_TOKENS)]
) -> Response:
    return json_response(
        ApiToken.model_validate(await queries.get_token(session, subject, token_id))
    )


@router.delete(
    "/{token_id}",
    summary="Revoke an API token",
    description="It stops working at once, with every token it created; the records stay, "
    "marked revoked.",
    status_code=204,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def revoke_token(
    session: SessionDep, token_id: Id, subject: Annotated[Subject, Depends(MANAGE_TOKENS)]
) -> Response:
    token = await queries.get_token(session, subject, token_id)
    await service.revoke_token(session, subject, token)
    return Response(status_code=204)

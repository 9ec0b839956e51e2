from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from uplift.audit import service as audit
from uplift.auth import service
from uplift.auth.policy import ANYONE, SIGNED_IN
from uplift.auth.schemas import LoginRequest, Me
from uplift.auth.subject import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Subject,
    client_address,
    user_subject,
)
from uplift.config import SettingsDep
from uplift.kit.db import SessionDep
from uplift.kit.errors import UpliftError, problem_response, problem_responses
from uplift.kit.i18n import request_language
from uplift.kit.responses import json_response
from uplift.models import Organization, User
from uplift.organizations.schemas import OrganizationRef

router = APIRouter(prefix="/auth", tags=["auth"])


class TooManyAttemptsError(UpliftError):
    status = 429
    slug = "too-many-attempts"


async def _me(session: SessionDep, subject: Subject) -> Me:
    assert subject.user_id is not None and subject.role is not None
    user = await session.get_one(User, subject.user_id)
    organization = (
        await session.get(Organization, subject.organization_id)
        if subject.organization_id
        else None
    )
    return Me(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=subject.role,
        organization=OrganizationRef.model_validate(organization) if organization else None,
        scopes=sorted(subject.scopes),
        via="token" if subject.kind == "token" else "session",
        csrf_token=subject.csrf_token,
    )


@router.post(
    "/login",
    summary="Sign in",
    description=(
        "Starts a session: an httpOnly cookie, and a CSRF token to send as X-CSRF-Token on "
        "changes. Wrong credentials answer 401 without saying which part was wrong; repeated "
        "failures for an account from one address, or from one address in all, answer 429 "
        "with Retry-After."
    ),
    response_model=Me,
    responses=problem_responses(401, 422, 429),
)
async def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: LoginRequest,
    subject: Annotated[Subject, Depends(ANYONE)],
) -> Response:
    username = service.normalize_username(credentials.username)
    address = client_address(request, settings.trusted_proxies)
    wait = await service.retry_after(session, settings, username, address)
    if wait:
        raise_too_many(wait)
    user = await service.authenticate(session, username, credentials.password, address)
    if user is None:
        await audit.record(
            session, subject, "sign_in_failed", "user", None, after={"username": username}
        )
        english = request_language(request) == "en"
        detail = "Wrong username or password" if english else "帳號或密碼錯誤"
        # Returned, not raised: the failed attempt must be committed to count.
        return problem_response(request, 401, detail, slug="not-authenticated")
    new = await service.start_session(session, settings, user, address)
    signed_in = user_subject(user, address, new.user_session)
    await audit.record(session, signed_in, "sign_in", "user", user.id)
    response = json_response(await _me(session, signed_in))
    secure = settings.production
    max_age = settings.session_hours * 3600
    response.set_cookie(
        SESSION_COOKIE, new.token, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
    response.set_cookie(
        CSRF_COOKIE, new.user_session.csrf_token, max_age=max_age, samesite="strict", secure=secure
    )
    return response


def raise_too_many(wait: int) -> None:
    error = TooManyAttemptsError(
        f"Too many failed sign-ins: try again in {wait} seconds",
        f"登入失敗次數過多，請於 {wait} 秒後再試",
    )
    error.headers = {"Retry-After": str(wait)}
    raise error


@router.post(
    "/logout",
    summary="Sign out",
    description="Ends this session on the server and clears its cookies.",
    status_code=204,
    responses=problem_responses(401, 403),
)
async def logout(session: SessionDep, subject: Annotated[Subject, Depends(SIGNED_IN)]) -> Response:
    if subject.session_id is not None:
        await service.end_session(session, subject.session_id)
        await audit.record(session, subject, "sign_out", "user", subject.user_id)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get(
    "/me",
    summary="Who am I",
    description="The signed-in user (or the API token's owner), role, organisation and scopes.",
    response_model=Me,
    responses=problem_responses(401),
)
async def me(session: SessionDep, subject: Annotated[Subject, Depends(SIGNED_IN)]) -> Response:
    return json_response(await _me(session, subject))

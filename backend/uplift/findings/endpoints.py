"""Findings over HTTP: the panel drafts, the commission approves, issues (the letter to an
enterprise), corrects and publishes; the feed serves everyone what they may read."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from uplift.auth.policy import DECIDE_FINDINGS, DRAFT_FINDINGS, READ_FINDINGS
from uplift.auth.subject import Subject
from uplift.findings import queries, service
from uplift.findings.schemas import (
    CorrectionIn,
    DraftingRounds,
    Finding,
    FindingIn,
    FindingList,
    FindingPage,
    FindingPatch,
    IssueIn,
    LetterIn,
    Published,
    PublishIn,
)
from uplift.kit.bounds import Id, Text, Timestamp
from uplift.kit.clock import Today
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.idempotency import IdempotentRoute
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor
from uplift.kit.responses import json_response, resource_response
from uplift.models import FindingKind, FindingStatus

router = APIRouter(tags=["findings"], route_class=IdempotentRoute)

Drafter = Annotated[Subject, Depends(DRAFT_FINDINGS)]
Decider = Annotated[Subject, Depends(DECIDE_FINDINGS)]
Reader = Annotated[Subject, Depends(READ_FINDINGS)]

FINDING = "/findings/{finding_id:int}"
GUARDED = "Needs If-Match with the finding's ETag. Answers the finding as it now is."
WHO = (
    "Who reads a finding: commission staff every one, drafts included; a panel member those "
    "of the enterprises a round assigns them (drafts included); an enterprise's reporters "
    "(and its tokens with findings:read) its own once issued (a unit those naming it); "
    "everyone the published ones. Anything else is 404. 不予評分: findings carry no score."
)
TRANSITION_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    "/findings",
    summary="Draft a finding",
    description="A strength (優點) or a recommendation (建議事項) of a round on one of the "
    "enterprises it covers (422 naming `organization` otherwise), optionally on one of its "
    "units and measures of the plan it owns. A panel member drafts only for an enterprise "
    "the round assigns them (403); a reviewer for any. The round must not have issued or "
    "published its findings (409). Numbered after the round's findings of its kind for the "
    "enterprise.",
    status_code=201,
    response_model=Finding,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_finding(
    request: Request, session: SessionDep, data: FindingIn, subject: Drafter
) -> Response:
    finding = await service.create(session, subject, data)
    response = resource_response(finding, status_code=201)
    response.headers["Location"] = str(request.url_for("get_finding", finding_id=finding.id))
    return response


@router.post(
    "/findings/issue",
    summary="Issue the letter to one enterprise",
    description="Every approved finding of the enterprise in the round is issued with the "
    "letter's date (ISO or ROC; within the plan's year −1 … +2 and not after today in "
    "Taipei) and 發文字號: its text is frozen, and each recommendation's follow-up opens, "
    "due on `due_on` (a working day) or the round's default. All or none; 409 when none is "
    "approved.",
    response_model=FindingList,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def issue_letter(
    session: SessionDep, data: LetterIn, subject: Decider, today: Today
) -> Response:
    return json_response(await service.issue_letter(session, subject, data, today))


@router.post(
    "/findings/publish",
    summary="Publish a round's findings",
    description="The round's status must be `issued` (409 otherwise, naming it): every "
    "issued finding of the round is published (公布) and the round becomes `published`.",
    response_model=Published,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def publish_findings(session: SessionDep, data: PublishIn, subject: Decider) -> Response:
    return json_response(await service.publish(session, subject, data.round_id))


@router.get(
    "/findings",
    summary="The findings feed",
    description="In the order (updated_at, id), stable for systems that sync: follow each "
    "page's `next` link, or ask again with `updated_since`; every transition moves a "
    "finding's updated_at. " + WHO,
    response_model=FindingPage,
    responses=problem_responses(401, 403, 422),
)
async def list_findings(
    request: Request,
    session: SessionDep,
    page: PageDep,
    subject: Reader,
    plan_id: Annotated[Id | None, Query(description="Only this plan's rounds.")] = None,
    year: Annotated[
        int | None, Query(ge=1912, le=9999, description="The plan's year (Gregorian).")
    ] = None,
    round: Annotated[Id | None, Query(description="Only this round's findings.")] = None,
    organization: Annotated[
        Text | None, Query(max_length=64, description="The enterprise (code).")
    ] = None,
    unit: Annotated[Text | None, Query(max_length=64, description="A unit (code).")] = None,
    kind: Annotated[FindingKind | None, Query()] = None,
    status: Annotated[FindingStatus | None, Query()] = None,
    measure: Annotated[
        Text | None, Query(max_length=36, description="A measure's stable key.")
    ] = None,
    updated_since: Annotated[
        Timestamp | None, Query(description="Changed at or after this moment.")
    ] = None,
    cursor: CursorParam = None,
) -> Response:
    after = decode_cursor(cursor, queries.SORT, 2) if cursor is not None else None
    wanted = queries.FindingFilter(
        plan_id, year, round, organization, unit, kind, status, measure, updated_since
    )
    found = await queries.list_findings(session, subject, page, wanted, after)
    return json_response(
        FindingPage(
            **found.page_fields(request, page, queries.SORT),
        )
    )


@router.get(
    "/findings/drafting",
    summary="Rounds and enterprises you draft findings for",
    description="A reviewer: every round with every enterprise it covers; a panel member: "
    "the rounds they sit on with the enterprises each assigns them (a declared conflict "
    "removes one). What the findings editor offers.",
    response_model=DraftingRounds,
    responses=problem_responses(401, 403),
)
async def drafting_rounds(session: SessionDep, subject: Drafter) -> Response:
    return json_response(await queries.drafting(session, subject))


@router.get(
    FINDING,
    summary="Get a finding",
    description=WHO,
    response_model=Finding,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_finding(session: SessionDep, finding_id: Id, subject: Reader) -> Response:
    return json_response(await queries.get_finding(session, subject, finding_id))


@router.patch(
    FINDING,
    summary="Edit a finding before issue",
    description="Text, kind, unit and measures of a draft (its panel member or a reviewer) "
    "or of an approved finding (a reviewer; it stays approved). Issued findings change only "
    "by a correction (409). " + GUARDED,
    response_model=Finding,
    responses=TRANSITION_ERRORS,
)
async def update_finding(
    session: SessionDep,
    finding_id: Id,
    data: FindingPatch,
    subject: Drafter,
    if_match: IfMatchDep,
) -> Response:
    return resource_response(await service.update(session, subject, finding_id, data, if_match))


@router.delete(
    FINDING,
    summary="Delete a draft finding",
    description="Drafts only (409 otherwise). Needs If-Match with the finding's ETag.",
    status_code=204,
    responses=TRANSITION_ERRORS,
)
async def delete_finding(
    session: SessionDep, finding_id: Id, subject: Drafter, if_match: IfMatchDep
) -> Response:
    await service.remove(session, subject, finding_id, if_match)
    return Response(status_code=204)


@router.post(
    FINDING + "/approve",
    summary="Approve a draft finding",
    description="draft → approved (409 otherwise). " + GUARDED,
    response_model=Finding,
    responses=TRANSITION_ERRORS,
)
async def approve_finding(
    session: SessionDep, finding_id: Id, subject: Decider, if_match: IfMatchDep
) -> Response:
    return resource_response(await service.approve(session, subject, finding_id, if_match))


@router.post(
    FINDING + "/issue",
    summary="Issue one approved finding",
    description="approved → issued (a draft is 409 「尚未核定」; issuing twice 409). The text "
    "is kept as issued; a recommendation's follow-up opens, due on `due_on` (a working day, "
    "422 naming it otherwise) or the round's default. " + GUARDED,
    response_model=Finding,
    responses=TRANSITION_ERRORS,
)
async def issue_finding(
    session: SessionDep,
    finding_id: Id,
    data: IssueIn,
    subject: Decider,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    finding = await service.issue(session, subject, finding_id, data, if_match, today)
    return resource_response(finding)


@router.post(
    FINDING + "/corrections",
    summary="Correct an issued finding",
    description="Records the change and its reason; the issued text stays readable. A draft "
    "or an approved finding is edited instead (409). " + GUARDED,
    response_model=Finding,
    responses=TRANSITION_ERRORS,
)
async def correct_finding(
    session: SessionDep,
    finding_id: Id,
    data: CorrectionIn,
    subject: Decider,
    if_match: IfMatchDep,
) -> Response:
    return resource_response(await service.correct(session, subject, finding_id, data, if_match))

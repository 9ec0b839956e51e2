"""Follow-ups (管考) over HTTP: the board and its summary, one follow-up's history, the
enterprise's answers and extension requests, the commission's decisions, and the head
office handing a recommendation to its units (督導所屬)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from uplift.auth.policy import ANSWER_FOLLOW_UPS, DECIDE_FOLLOW_UPS, READ_FOLLOW_UPS
from uplift.auth.subject import Subject
from uplift.follow_ups import queries, service
from uplift.follow_ups.schemas import (
    STANDING,
    AnswerIn,
    AnswerPatch,
    DecisionIn,
    ExtensionDecisionIn,
    ExtensionIn,
    FollowUpDetail,
    FollowUpPage,
    FollowUpSummary,
    HandOffIn,
    UnitHandlingIn,
)
from uplift.kit.bounds import Id, Text
from uplift.kit.clock import Today
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.idempotency import IdempotentRoute
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor
from uplift.kit.responses import json_response, resource_response
from uplift.kit.roc_date import FlexibleDate
from uplift.models import FollowUpState

router = APIRouter(tags=["follow-ups"], route_class=IdempotentRoute)

Reader = Annotated[Subject, Depends(READ_FOLLOW_UPS)]
Answerer = Annotated[Subject, Depends(ANSWER_FOLLOW_UPS)]
Decider = Annotated[Subject, Depends(DECIDE_FOLLOW_UPS)]
Number = Annotated[int, Path(ge=1, le=10_000)]
UnitCode = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[!-~]+$", description="The unit's code.")
]

ONE = "/follow-ups/{follow_up_id:int}"
WHO = (
    "Staff read every follow-up; a panel member those of the enterprises a round assigns "
    "them; an enterprise its own; a unit those its head office handed it. Anything else is 404."
)
HEAD_OFFICE = (
    "The enterprise's head office only: a unit handed the follow-up is 403 (it writes its "
    "handling with PUT …/units/{code})."
)
GUARDED = "Needs If-Match with the follow-up's ETag (GET /follow-ups/{id})."
ANSWERS_IT = "Answers the follow-up as GET /follow-ups/{id} now shows it, with its ETag."
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.get(
    "/follow-ups",
    summary="The follow-up board: every tracked recommendation and its standing",
    description="In the order (due_on, id), the earliest deadline first; follow each page's "
    "`next` link. " + STANDING + " " + WHO,
    response_model=FollowUpPage,
    responses=problem_responses(401, 403, 422),
)
async def list_follow_ups(
    request: Request,
    session: SessionDep,
    page: PageDep,
    subject: Reader,
    today: Today,
    status: Annotated[FollowUpState | None, Query(description="The stored state.")] = None,
    overdue: Annotated[bool | None, Query(description="Tracking and past the deadline.")] = None,
    due_soon: Annotated[bool | None, Query(description="Tracking and due soon.")] = None,
    organization: Annotated[
        Text | None, Query(max_length=64, description="An enterprise (code).")
    ] = None,
    round: Annotated[Id | None, Query(description="A verification round (id).")] = None,
    plan_id: Annotated[Id | None, Query(description="A plan's rounds.")] = None,
    year: Annotated[int | None, Query(ge=1912, le=9999, description="A plan year.")] = None,
    due_before: Annotated[FlexibleDate | None, Query(description="Due before this day.")] = None,
    due_after: Annotated[FlexibleDate | None, Query(description="Due after this day.")] = None,
    cursor: CursorParam = None,
) -> Response:
    after = decode_cursor(cursor, queries.SORT, 2) if cursor is not None else None
    wanted = queries.FollowUpFilter(
        status, overdue, due_soon, organization, round, plan_id, year, due_before, due_after
    )
    found = await queries.list_follow_ups(session, subject, page, wanted, today, after)
    return json_response(
        FollowUpPage(
            **found.page_fields(request, page, queries.SORT),
            today=today,
        )
    )


@router.get(
    "/follow-ups/summary",
    summary="Follow-ups per enterprise and round, counted by standing",
    description=STANDING + " Released ones are counted by how they were released. " + WHO,
    response_model=FollowUpSummary,
    responses=problem_responses(401, 403, 422),
)
async def follow_up_summary(
    session: SessionDep,
    subject: Reader,
    today: Today,
    plan_id: Annotated[Id | None, Query(description="A plan's rounds.")] = None,
    year: Annotated[int | None, Query(ge=1912, le=9999, description="A plan year.")] = None,
    round: Annotated[Id | None, Query(description="A verification round (id).")] = None,
) -> Response:
    found = await queries.summary(
        session, subject, today, plan_id=plan_id, year=year, round_id=round
    )
    return json_response(found)


@router.get(
    ONE,
    summary="A follow-up with its whole history",
    description="The recommendation, every deadline, every answer with its evidence and "
    "decision, every extension request, and the units it was handed to. " + STANDING + " " + WHO,
    response_model=FollowUpDetail,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_follow_up(
    session: SessionDep, follow_up_id: Id, subject: Reader, today: Today
) -> Response:
    follow_up = await queries.readable(session, subject, follow_up_id)
    return json_response(await queries.detail_of(session, subject, follow_up, today))


@router.post(
    ONE + "/answers",
    summary="Answer a follow-up (辦理情形)",
    description="Only while tracked: 409 while the last answer awaits the commission's "
    "decision, and once released. The follow-up then awaits a decision; an answer after the "
    "deadline in force is marked `late`. Evidence files must be ones you may read (your "
    "uploads to POST /evidence-files). " + HEAD_OFFICE + " " + ANSWERS_IT,
    status_code=201,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def answer_follow_up(
    session: SessionDep, follow_up_id: Id, data: AnswerIn, subject: Answerer, today: Today
) -> Response:
    found = await service.answer(session, subject, follow_up_id, data, today)
    return resource_response(found, status_code=201)


@router.patch(
    ONE + "/answers/{number}",
    summary="Edit the latest answer before it is decided",
    description="A decided answer is locked (409), as is an earlier one. A field left out "
    "stays as it is. " + HEAD_OFFICE + " " + GUARDED + " " + ANSWERS_IT,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def edit_answer(
    session: SessionDep,
    follow_up_id: Id,
    number: Number,
    data: AnswerPatch,
    subject: Answerer,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    found = await service.edit_answer(session, subject, follow_up_id, number, data, if_match, today)
    return resource_response(found)


@router.post(
    ONE + "/answers/{number}/decision",
    summary="Decide an answer: release, or continue tracking",
    description="`release_implemented` needs evidence in the answer (422 `outcome`); "
    "`release_not_implemented` a reason (422 `reason`); `continue_tracking` a reason and a "
    "new deadline: `due_on`, a working day after today (422 `due_on`), or `working_days` "
    "(1–250) counted from today on the office calendar. Only the latest answer, once (409). "
    + GUARDED
    + " "
    + ANSWERS_IT,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def decide_answer(
    session: SessionDep,
    follow_up_id: Id,
    number: Number,
    data: DecisionIn,
    subject: Decider,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    found = await service.decide(session, subject, follow_up_id, number, data, if_match, today)
    return resource_response(found)


@router.post(
    ONE + "/extensions",
    summary="Ask for a later deadline (展延)",
    description="With a reason (422 without) and a working day after the deadline in force. "
    "One request at a time (409), never once released (409). " + HEAD_OFFICE + " " + ANSWERS_IT,
    status_code=201,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def request_extension(
    session: SessionDep, follow_up_id: Id, data: ExtensionIn, subject: Answerer, today: Today
) -> Response:
    found = await service.request_extension(session, subject, follow_up_id, data, today)
    return resource_response(found, status_code=201)


@router.post(
    ONE + "/extensions/{number}/decision",
    summary="Approve or refuse an extension request",
    description="Approved, the requested day becomes the deadline in force; every earlier "
    "deadline stays in the history. Refusing needs a reason (422). A decided request is "
    "409. " + ANSWERS_IT,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def decide_extension(
    session: SessionDep,
    follow_up_id: Id,
    number: Number,
    data: ExtensionDecisionIn,
    subject: Decider,
    today: Today,
) -> Response:
    found = await service.decide_extension(session, subject, follow_up_id, number, data, today)
    return resource_response(found)


@router.post(
    ONE + "/units",
    summary="Hand the recommendation to a unit (督導所屬)",
    description="The unit (its code) must be under the enterprise (422 otherwise); a unit "
    "is handed a follow-up once (409). The unit then reads the follow-up and writes its "
    "handling; the head office reads it here and writes the one answer. "
    + HEAD_OFFICE
    + " "
    + ANSWERS_IT,
    status_code=201,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def hand_to_unit(
    session: SessionDep, follow_up_id: Id, data: HandOffIn, subject: Answerer, today: Today
) -> Response:
    found = await service.hand_to_unit(session, subject, follow_up_id, data, today)
    return resource_response(found, status_code=201)


@router.put(
    ONE + "/units/{code}",
    summary="A unit's handling of the recommendation handed to it",
    description="That unit's reporters only (403 for anyone else who reads it); not once "
    "released (409). " + ANSWERS_IT,
    response_model=FollowUpDetail,
    responses=WRITE_ERRORS,
)
async def write_unit_handling(
    session: SessionDep,
    follow_up_id: Id,
    code: UnitCode,
    data: UnitHandlingIn,
    subject: Answerer,
    today: Today,
) -> Response:
    found = await service.unit_handling(session, subject, follow_up_id, code, data, today)
    return resource_response(found)

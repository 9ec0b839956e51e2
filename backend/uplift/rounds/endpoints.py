"""Verification rounds over HTTP: the rounds of a plan, a round's verification plan and
status, its panel (members, assignments, conflicts) and its visits. Who reads which round
is auth/visibility.readable_rounds; what of its panel and visits, rounds/queries.py."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from uplift.auth.policy import DECLARE_CONFLICTS, MANAGE_ROUNDS, READ_ROUNDS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.idempotency import IdempotentRoute
from uplift.kit.if_match import IfMatchDep
from uplift.kit.responses import json_response, resource_response
from uplift.rounds import queries, service
from uplift.rounds.schemas import (
    AssignmentsIn,
    ConflictIn,
    PanelList,
    PanelMemberIn,
    PanelMemberOut,
    RoundDetail,
    RoundIn,
    RoundList,
    RoundPatch,
    StatusIn,
    VisitIn,
    VisitList,
    VisitOut,
    VisitPatch,
)

router = APIRouter(tags=["rounds"], route_class=IdempotentRoute)

Reader = Annotated[Subject, Depends(READ_ROUNDS)]
Manager = Annotated[Subject, Depends(MANAGE_ROUNDS)]
Declarer = Annotated[Subject, Depends(DECLARE_CONFLICTS)]

ROUND = "/rounds/{round_id:int}"
MEMBER = ROUND + "/panel/{member_id:int}"
VISIT = ROUND + "/visits/{visit_id:int}"
WHO = (
    "Staff read every round; a panel member the rounds they sit on; an enterprise (its "
    "reporters, or a token with findings:read) the rounds covering it; anyone the published "
    "ones. A round the caller may not read is 404."
)
GUARDED = "Needs If-Match with the round's ETag (GET /rounds/{id}). Answers the round as it now is."
READ_ERRORS = problem_responses(404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.get(
    "/rounds",
    summary="Verification rounds (查證作業)",
    description=WHO + " By plan year, the mid-year round before the year-end one. Each with "
    "the enterprises covered and counts: the panel's size and the visits the caller reads.",
    response_model=RoundList,
    responses=READ_ERRORS,
)
async def list_rounds(
    session: SessionDep,
    subject: Reader,
    plan_id: Annotated[Id | None, Query(description="Only this plan's rounds.")] = None,
    year: Annotated[
        int | None, Query(ge=1912, le=9999, description="Only rounds of plans of this year.")
    ] = None,
) -> Response:
    return json_response(await queries.list_rounds(session, subject, plan_id, year))


@router.post(
    "/rounds",
    summary="Open a verification round for a plan",
    description="A planned round of a kind the plan's review rounds call for (422 otherwise; "
    "409 when the plan has one of that kind), covering the plan's target enterprises.",
    status_code=201,
    response_model=RoundDetail,
    responses=WRITE_ERRORS,
)
async def open_round(session: SessionDep, data: RoundIn, subject: Manager) -> Response:
    return resource_response(await service.open_round(session, subject, data), status_code=201)


@router.get(
    ROUND,
    summary="A verification round: its plan, status, notice, enterprises, panel and visits",
    description=WHO + " Staff see the whole panel with assignments and conflicts; a panel "
    "member every member, with only their own assignments and conflicts, and the visits to "
    "their enterprises; an enterprise the members assigned to it (names and kinds only) and "
    "its own visits; the public neither panel nor visits.",
    response_model=RoundDetail,
    responses=READ_ERRORS,
)
async def get_round(session: SessionDep, round_id: Id, subject: Reader) -> Response:
    return json_response(await queries.round_detail(session, subject, round_id))


@router.patch(
    ROUND,
    summary="Change a round's verification plan (查證計畫) or the enterprises it covers",
    description="Fields left out stay; dates lie within the plan's year ±1 and `ends_on` is "
    "not before `starts_on`. Frozen once the findings are issued (409). An enterprise with "
    "visits, assignments or findings in the round stays covered (409). " + GUARDED,
    response_model=RoundDetail,
    responses=WRITE_ERRORS,
)
async def update_round(
    session: SessionDep, round_id: Id, data: RoundPatch, subject: Manager, if_match: IfMatchDep
) -> Response:
    return resource_response(await service.update_round(session, subject, round_id, data, if_match))


@router.post(
    ROUND + "/status",
    summary="Move a round one step forward",
    description="planned → notified → in_progress → drafting → signed_off → issued; anything "
    "else 409 naming the current status and the next. `notified` records `notified_on` and "
    "`notice_number` (發文字號), both required. `signed_off` needs no draft finding left; "
    "`issued` every finding issued. `published` is POST /findings/publish's. " + GUARDED,
    response_model=RoundDetail,
    responses=WRITE_ERRORS,
)
async def change_round_status(
    session: SessionDep, round_id: Id, data: StatusIn, subject: Manager, if_match: IfMatchDep
) -> Response:
    detail = await service.change_status(session, subject, round_id, data, if_match)
    return resource_response(detail)


@router.get(
    ROUND + "/panel",
    summary="A round's panel (查證小組)",
    description="As GET /rounds/{id} shows it to the caller.",
    response_model=PanelList,
    responses=READ_ERRORS,
)
async def list_panel(session: SessionDep, round_id: Id, subject: Reader) -> Response:
    row = await queries.round_of(session, subject, round_id)
    view = await queries.view_of(session, subject, row.id)
    return json_response(PanelList(items=await queries.panel_of(session, row.id, view)))


@router.post(
    ROUND + "/panel",
    summary="Add a member to the panel",
    description="Commission staff, an invited expert or a delegate of an enterprise "
    "(`delegated_by`, required for a delegate and only for one). `username`, when given, is "
    "a panel member's or reviewer's account: what they may read follows their assignments. "
    "Closed once the findings are issued (409).",
    status_code=201,
    response_model=PanelMemberOut,
    responses=WRITE_ERRORS,
)
async def add_panel_member(
    session: SessionDep, round_id: Id, data: PanelMemberIn, subject: Manager
) -> Response:
    member = await service.add_member(session, subject, round_id, data)
    return resource_response(member, status_code=201)


@router.put(
    MEMBER + "/assignments",
    summary="Set the enterprises a member verifies",
    description="All at once. Each must be covered by the round, not the enterprise that "
    "delegated the member (受遴派人員不得查證其所屬事業) and not one they declared a conflict "
    "with: 422 naming `organizations.N` otherwise.",
    response_model=PanelMemberOut,
    responses=WRITE_ERRORS,
)
async def set_assignments(
    session: SessionDep, round_id: Id, member_id: Id, data: AssignmentsIn, subject: Manager
) -> Response:
    member = await service.set_assignments(session, subject, round_id, member_id, data)
    return resource_response(member)


@router.delete(
    MEMBER,
    summary="Remove a member from the panel",
    description="Only before the round is in progress, and never a member who drafted "
    "findings (409).",
    status_code=204,
    responses=WRITE_ERRORS,
)
async def remove_panel_member(
    session: SessionDep, round_id: Id, member_id: Id, subject: Manager
) -> Response:
    await service.remove_member(session, subject, round_id, member_id)
    return Response(status_code=204)


@router.post(
    MEMBER + "/conflicts",
    summary="Declare a conflict of interest (迴避)",
    description="A panel member for themself (403 for another member), a reviewer for "
    "anyone. The member steps aside from the enterprise (the assignment is removed, and "
    "cannot be made again) and the declaration stays on record. Twice for one enterprise: "
    "409.",
    status_code=201,
    response_model=PanelMemberOut,
    responses=WRITE_ERRORS,
)
async def declare_conflict(
    session: SessionDep, round_id: Id, member_id: Id, data: ConflictIn, subject: Declarer
) -> Response:
    member = await service.declare_conflict(session, subject, round_id, member_id, data)
    return resource_response(member, status_code=201)


@router.get(
    ROUND + "/visits",
    summary="A round's visits (訪查行程)",
    description="Staff every visit; a panel member the visits to their enterprises; an "
    "enterprise its own. By day.",
    response_model=VisitList,
    responses=READ_ERRORS,
)
async def list_visits(session: SessionDep, round_id: Id, subject: Reader) -> Response:
    row = await queries.round_of(session, subject, round_id)
    return json_response(VisitList(items=await queries.visits_of(session, subject, row.id)))


@router.post(
    ROUND + "/visits",
    summary="Plan a visit",
    description="To an enterprise the round covers, on a day within the round's dates (when "
    "set; else the plan's year ±1), with units of that enterprise (422 naming `units.N` "
    "otherwise). Closed once the findings are issued (409).",
    status_code=201,
    response_model=VisitOut,
    responses=WRITE_ERRORS,
)
async def add_visit(session: SessionDep, round_id: Id, data: VisitIn, subject: Manager) -> Response:
    visit = await service.add_visit(session, subject, round_id, data)
    return resource_response(visit, status_code=201)


@router.get(
    VISIT,
    summary="A visit",
    response_model=VisitOut,
    responses=READ_ERRORS,
)
async def get_visit(session: SessionDep, round_id: Id, visit_id: Id, subject: Reader) -> Response:
    row = await queries.round_of(session, subject, round_id)
    return json_response(await queries.visit_of(session, subject, row.id, visit_id))


@router.patch(
    VISIT,
    summary="Change a visit",
    description="Its day, place, note or units. Needs If-Match with the visit's ETag.",
    response_model=VisitOut,
    responses=WRITE_ERRORS,
)
async def update_visit(
    session: SessionDep,
    round_id: Id,
    visit_id: Id,
    data: VisitPatch,
    subject: Manager,
    if_match: IfMatchDep,
) -> Response:
    visit = await service.update_visit(session, subject, round_id, visit_id, data, if_match)
    return resource_response(visit)


@router.delete(
    VISIT,
    summary="Cancel a visit",
    status_code=204,
    responses=WRITE_ERRORS,
)
async def remove_visit(
    session: SessionDep, round_id: Id, visit_id: Id, subject: Manager
) -> Response:
    await service.remove_visit(session, subject, round_id, visit_id)
    return Response(status_code=204)

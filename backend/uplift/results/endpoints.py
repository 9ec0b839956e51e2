"""The year-end results report over HTTP: an enterprise writes and submits its own, reviewers
list every enterprise's with lateness, return or accept them, and set the due date."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from uplift.auth.policy import READ_PROGRESS, REPORT_PROGRESS, REVIEW_RESULTS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id
from uplift.kit.clock import Today
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.responses import json_response, resource_response
from uplift.plans.queries import readable_plan
from uplift.progress.schemas import ReturnIn
from uplift.results import queries, service
from uplift.results.schemas import (
    TIMELINESS,
    DueDate,
    DueDateIn,
    ResultsReport,
    ResultsReportIn,
    ResultsReportList,
)

router = APIRouter(tags=["results"])

Reporter = Annotated[Subject, Depends(REPORT_PROGRESS)]
Reviewer = Annotated[Subject, Depends(REVIEW_RESULTS)]
Reader = Annotated[Subject, Depends(READ_PROGRESS)]
OrgCode = Annotated[
    str,
    Path(min_length=1, max_length=64, pattern=r"^[!-~]+$", description="The enterprise's code."),
]

REPORT = "/plans/{plan_id:int}/results-reports/{org_code}"
GUARDED = "Needs If-Match with the report's ETag. Answers the report as it now is."
WHO = (
    "An enterprise's reporters read and write their own enterprise's report (drafts "
    "included); reviewers and administrators read it once submitted, as last submitted. "
    "Anyone else, or an enterprise that does not report on the plan, is 404."
)


@router.get(
    "/plans/{plan_id:int}/results-due-date",
    summary="When the plan's results reports are due",
    description="The plan gives no due date: the commission sets it (null until then).",
    response_model=DueDate,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_due_date(session: SessionDep, plan_id: Id, subject: Reader) -> Response:
    plan = await readable_plan(session, subject, plan_id)
    return json_response(queries.due_date_of(plan.id, await queries.due_date_row(session, plan.id)))


@router.put(
    "/plans/{plan_id:int}/results-due-date",
    summary="Set when the plan's results reports are due",
    description="A reviewer sets (or, with null, clears) the day; audited. Needs If-Match "
    "with the ETag of GET .../results-due-date.",
    response_model=DueDate,
    responses=problem_responses(401, 403, 404, 422),
)
async def set_due_date(
    session: SessionDep, plan_id: Id, data: DueDateIn, subject: Reviewer, if_match: IfMatchDep
) -> Response:
    return resource_response(await service.set_due_date(session, subject, plan_id, data, if_match))


@router.get(
    "/plans/{plan_id:int}/results-reports",
    summary="Results reports: every enterprise's state and lateness",
    description="Every enterprise of the plan (an owner of its measures) with its report's "
    "state, first submission (Taipei day, ROC), the due date and its timeliness. "
    + TIMELINESS
    + " An enterprise's reporters see their own row only.",
    response_model=ResultsReportList,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_results_reports(
    session: SessionDep, plan_id: Id, subject: Reader, today: Today
) -> Response:
    plan = await readable_plan(session, subject, plan_id)
    return json_response(await queries.list_reports(session, subject, plan, today))


@router.get(
    REPORT,
    summary="An enterprise's results report with its versions",
    description=WHO + " A report not started reads as empty (`id` null), with an ETag for "
    "its first save. " + TIMELINESS,
    response_model=ResultsReport,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_results_report(
    session: SessionDep, plan_id: Id, org_code: OrgCode, subject: Reader, today: Today
) -> Response:
    return json_response(await queries.report_detail(session, subject, plan_id, org_code, today))


@router.put(
    REPORT,
    summary="Save the enterprise's results report (draft)",
    description="The enterprise's reporters save its summaries per dimension: the first "
    "version, the draft edited, or (once submitted or returned) the next version, a draft "
    "until submitted again; an accepted report is final (409). A summary must name a "
    "dimension of the plan, each once. " + GUARDED,
    response_model=ResultsReport,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def save_results_report(
    session: SessionDep,
    plan_id: Id,
    org_code: OrgCode,
    data: ResultsReportIn,
    subject: Reporter,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    report = await service.save_draft(session, subject, plan_id, org_code, data, if_match, today)
    return resource_response(report)


TRANSITION_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    REPORT + "/submit",
    summary="Submit the results report for review",
    description="Only a draft with a summary for every dimension of the plan (422 naming "
    "`summaries` otherwise). " + GUARDED,
    response_model=ResultsReport,
    responses=TRANSITION_ERRORS,
)
async def submit_results_report(
    session: SessionDep,
    plan_id: Id,
    org_code: OrgCode,
    subject: Reporter,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    report = await service.transition(
        session, subject, plan_id, org_code, if_match, "submit", today
    )
    return resource_response(report)


@router.post(
    REPORT + "/return",
    summary="Return a submitted results report, asking for more",
    description="The comment says what the enterprise should add. " + GUARDED,
    response_model=ResultsReport,
    responses=TRANSITION_ERRORS,
)
async def return_results_report(
    session: SessionDep,
    plan_id: Id,
    org_code: OrgCode,
    data: ReturnIn,
    subject: Reviewer,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    report = await service.transition(
        session, subject, plan_id, org_code, if_match, "return", today, comment=data.comment
    )
    return resource_response(report)


@router.post(
    REPORT + "/accept",
    summary="Accept a submitted results report",
    description=GUARDED,
    response_model=ResultsReport,
    responses=TRANSITION_ERRORS,
)
async def accept_results_report(
    session: SessionDep,
    plan_id: Id,
    org_code: OrgCode,
    subject: Reviewer,
    if_match: IfMatchDep,
    today: Today,
) -> Response:
    report = await service.transition(
        session, subject, plan_id, org_code, if_match, "accept", today
    )
    return resource_response(report)

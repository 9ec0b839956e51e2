"""Progress reports over HTTP: for people in the web app and for enterprise systems."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from uplift.auth.policy import OVERSEE_PROGRESS, READ_PROGRESS, REPORT_PROGRESS, REVIEW_PROGRESS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id, Text, Timestamp
from uplift.kit.clock import Today
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.etag import etag_matches
from uplift.kit.i18n import request_language
from uplift.kit.idempotency import REQUIRE_KEY, IdempotentRoute
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor
from uplift.kit.responses import encode_json, etag_for, json_response, resource_response
from uplift.models import ReportState, WorkStatus
from uplift.progress import queries, service, standing, timeline
from uplift.progress.schemas import (
    BatchIn,
    BatchResult,
    MeasureProgress,
    PlanProgress,
    ProgressTimeline,
    ReportDetail,
    ReportIn,
    ReportLevel,
    ReportPage,
    ReturnIn,
)

# Only digits name a report, so GET /progress-reports/batch is 405, not a bad id.
router = APIRouter(tags=["progress"], route_class=IdempotentRoute)

Reporter = Annotated[Subject, Depends(REPORT_PROGRESS)]
Reviewer = Annotated[Subject, Depends(REVIEW_PROGRESS)]
Reader = Annotated[Subject, Depends(READ_PROGRESS)]
Overseer = Annotated[Subject, Depends(OVERSEE_PROGRESS)]

KEY = (
    "Keyed by its natural key: the plan (`plan_id` or `plan_year`), `measure_key`, "
    "`organization` (code) and `period`. Posting the same key again changes that report: "
    "a draft is edited, a submitted or returned report gets a new version (a draft until it "
    "is submitted again); an accepted report is final (409). An enterprise reports for "
    "itself and its units, on measures owned by the reporting organisation or one above "
    "it; another enterprise's measure or unit is 404 and nothing is stored."
)


@router.post(
    "/progress-reports",
    summary="Save a progress report (draft)",
    description=KEY,
    status_code=201,
    response_model=ReportDetail,
    responses={
        200: {"model": ReportDetail, "description": "An existing report changed, or unchanged"},
        **problem_responses(401, 403, 404, 409, 422),
    },
)
async def save_report(
    request: Request, session: SessionDep, data: ReportIn, subject: Reporter
) -> Response:
    report, outcome = await service.save_one(session, subject, data, request_language(request))
    return resource_response(report, status_code=201 if outcome == "created" else 200)


@router.post(
    "/progress-reports/batch",
    summary="Save up to 1,000 progress reports",
    description=(
        "Each item is a report as POST /progress-reports takes it. Saving drafts is per item: "
        "good items are saved, each bad one is answered with an RFC 9457 problem whose "
        "pointers name item and field (`/items/17/values/0/value`); the answer has a summary "
        "and a result per item. `submit=true` saves and submits every item, or none (422 "
        "with every fault). `dry_run=true` checks and answers everything, storing nothing. "
        "Needs `Idempotency-Key`. The body is within UPLIFT_MAX_BODY_BYTES (1 MiB by default; "
        "413 beyond): long narratives go in smaller batches."
    ),
    response_model=BatchResult,
    responses=problem_responses(401, 403, 409, 413, 422),
    dependencies=[REQUIRE_KEY],
)
async def save_batch(
    request: Request,
    session: SessionDep,
    data: BatchIn,
    subject: Reporter,
    submit: Annotated[bool, Query(description="Also submit every item: all or nothing.")] = False,
    dry_run: Annotated[
        bool, Query(description="Check everything and answer what would happen, storing nothing.")
    ] = False,
) -> Response:
    result = await service.save_batch(
        session,
        subject,
        data.items,
        submit=submit,
        dry_run=dry_run,
        language=request_language(request),
    )
    return json_response(result)


@router.get(
    "/progress-reports",
    summary="List progress reports",
    description=(
        "In the order (updated_at, id), stable for systems that sync: follow each page's "
        "`next` link, or ask again with `updated_since`. An enterprise sees its own and its "
        "units' reports, drafts included (a unit only its own); reviewers and administrators "
        "see every enterprise's and unit's once submitted, never a draft. Units report to "
        "their head office (督導所屬), which reviews them and submits the enterprise's own "
        "report: `level=enterprise` is what the commission reviews, `level=unit` what the "
        "units said; each report's `reviewed_by` says who reviews it."
    ),
    response_model=ReportPage,
    responses=problem_responses(401, 403, 422),
)
async def list_reports(
    request: Request,
    session: SessionDep,
    page: PageDep,
    subject: Reader,
    plan_id: Annotated[Id | None, Query(description="Only this plan's reports.")] = None,
    organization: Annotated[
        Text | None,
        Query(max_length=64, description="An organisation (code): its and its units' reports."),
    ] = None,
    unit: Annotated[
        Text | None, Query(max_length=64, description="Exactly this organisation (code).")
    ] = None,
    measure: Annotated[Text | None, Query(max_length=36, description="A measure's key.")] = None,
    period: Annotated[
        str | None, Query(max_length=8, pattern=r"^[0-9]{4}(-[A-Z][0-9]{1,2})?$")
    ] = None,
    state: Annotated[ReportState | None, Query(description="The life-cycle state.")] = None,
    status: Annotated[
        WorkStatus | None, Query(description="The current version's work status.")
    ] = None,
    updated_since: Annotated[
        Timestamp | None, Query(description="Changed at or after this moment.")
    ] = None,
    level: Annotated[
        ReportLevel | None,
        Query(description="`enterprise`: the enterprises' own reports; `unit`: their units'."),
    ] = None,
    cursor: CursorParam = None,
) -> Response:
    after = decode_cursor(cursor, queries.SORT, 2) if cursor is not None else None
    wanted = queries.ReportFilter(
        plan_id, organization, unit, measure, period, state, status, updated_since, level
    )
    found = await queries.list_reports(session, subject, page, wanted, after)
    return json_response(
        ReportPage(
            **found.page_fields(request, page, queries.SORT),
        )
    )


@router.get(
    "/progress-reports/{report_id:int}",
    summary="Get a progress report with its versions",
    response_model=ReportDetail,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_report(session: SessionDep, report_id: Id, subject: Reader) -> Response:
    row = await queries.readable_report(session, subject, report_id)
    return json_response(await queries.detail_of(session, subject, row))


REVIEWS = (
    "Who reviews a report (its `reviewed_by`): a reviewer an enterprise's own report; the "
    "enterprise's reporters and tokens (scope progress:review) a report of a unit directly "
    "below it (督導所屬). Anyone else who can read the report is 403. "
)
GUARDED = "Needs If-Match with the report's ETag. Answers the report as it now is."
TRANSITION_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    "/progress-reports/{report_id:int}/submit",
    summary="Submit a draft report for review",
    description=GUARDED,
    response_model=ReportDetail,
    responses=TRANSITION_ERRORS,
)
async def submit_report(
    session: SessionDep, report_id: Id, subject: Reporter, if_match: IfMatchDep
) -> Response:
    report = await service.transition(session, subject, report_id, if_match, "submit")
    return resource_response(report)


@router.post(
    "/progress-reports/{report_id:int}/return",
    summary="Return a submitted report, asking for more",
    description="The comment says what the enterprise should add. " + REVIEWS + GUARDED,
    response_model=ReportDetail,
    responses=TRANSITION_ERRORS,
)
async def return_report(
    session: SessionDep, report_id: Id, data: ReturnIn, subject: Reviewer, if_match: IfMatchDep
) -> Response:
    report = await service.transition(
        session, subject, report_id, if_match, "return", comment=data.comment
    )
    return resource_response(report)


@router.post(
    "/progress-reports/{report_id:int}/accept",
    summary="Accept a submitted report",
    description=REVIEWS + GUARDED,
    response_model=ReportDetail,
    responses=TRANSITION_ERRORS,
)
async def accept_report(
    session: SessionDep, report_id: Id, subject: Reviewer, if_match: IfMatchDep
) -> Response:
    report = await service.transition(session, subject, report_id, if_match, "accept")
    return resource_response(report)


STANDING = (
    "Computed now from the reports, on today's date in Taipei, never stored. Reviewers and "
    "administrators count each report's last submitted version (never a draft); an "
    "enterprise's reporters and tokens count their current versions, drafts flagged "
    "`draft`, and see only their own organisation's rows. Answers an ETag; a GET with a "
    "matching If-None-Match is 304."
)
READ_ERRORS = problem_responses(401, 403, 404, 422)
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the If-None-Match tag is current"}
}


def _tagged(
    request: Request, content: PlanProgress | MeasureProgress | ProgressTimeline | dict[str, Any]
) -> Response:
    body = encode_json(content)
    etag = etag_for(body)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.get(
    "/plans/{plan_id:int}/progress",
    summary="Where things stand: the plan's progress matrix",
    description=(
        "Enterprise × dimension × strategy: measures by the work status of their latest "
        "report, periods expected so far, missing reports (no submitted report by the end "
        "of the period's due day), late reports (submitted after it), the lagging measures "
        "(delayed, or with a missing period), and a summary per enterprise. Only the "
        "enterprises' own reports count: a unit reports to its head office, which submits "
        "for the enterprise (督導所屬), so a unit's report neither fills nor makes late an "
        "enterprise's period. " + STANDING
    ),
    response_model=PlanProgress,
    responses={**NOT_MODIFIED, **READ_ERRORS},
)
async def plan_progress(
    request: Request, session: SessionDep, plan_id: Id, subject: Reader, today: Today
) -> Response:
    return _tagged(request, await standing.plan_progress(session, subject, plan_id, today))


@router.get(
    "/plans/{plan_id:int}/progress/measures/{measure_key}",
    summary="A measure's progress: reports by period and indicator results",
    description=(
        "Per organisation (the measure's owners, and any unit that reported): its counted "
        "reports by period (late ones flagged), and for each indicator of the measure and "
        "its sub-items the result: the periods its frequency expects (reported, missing, "
        "not yet due), the latest value against the target, the share, the change over "
        "the baseline or the milestone's state. The measure is named by its stable key, "
        "as reports name it, under its plan (keys repeat across plan years). " + STANDING
    ),
    response_model=MeasureProgress,
    responses={**NOT_MODIFIED, **READ_ERRORS},
)
async def measure_progress(
    request: Request,
    session: SessionDep,
    plan_id: Id,
    measure_key: Annotated[str, Path(min_length=1, max_length=36, pattern=r"^[!-~]+$")],
    subject: Reader,
    today: Today,
) -> Response:
    found = await standing.measure_progress(session, subject, plan_id, measure_key, today)
    return _tagged(request, found)


@router.get(
    "/plans/{plan_id:int}/progress/timeline",
    summary="The plan year month by month: reports by status, missing and late reports",
    description=(
        "For the commission's reviewers and administrators. Per month of the plan year, the "
        "reports whose period ends in it by the work status of their last submitted version "
        "(a year's report counts in December), and the expected periods ending in it with no "
        "submitted report by the end of their due day (missing); then the missing reports, "
        "longest overdue first, and the reports submitted after their due day (late), each "
        "with its days late, at most 200 of each with their totals. A unit's report counts "
        "for the enterprise owning the measure. Computed now on today's date in Taipei, "
        "never stored. Answers an ETag; a GET with a matching If-None-Match is 304."
    ),
    response_model=ProgressTimeline,
    responses={**NOT_MODIFIED, **READ_ERRORS},
)
async def plan_timeline(
    request: Request, session: SessionDep, plan_id: Id, subject: Overseer, today: Today
) -> Response:
    return _tagged(request, await timeline.plan_timeline(session, subject, plan_id, today))

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import RootModel

from uplift.auth.policy import ANYONE, AUTHOR_PLANS
from uplift.auth.subject import Subject
from uplift.config import SettingsDep
from uplift.kit.bounds import Id
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import PageDep
from uplift.kit.rate_limit import CounterSessionDep, enforce
from uplift.kit.responses import json_response, resource_response
from uplift.models import PlanStatus
from uplift.plans import adopted, queries, service, snapshots, transfer
from uplift.plans.document import PlanRecord
from uplift.plans.schemas import (
    AmendmentCreate,
    Plan,
    PlanCopy,
    PlanCreate,
    PlanPage,
    PlanTree,
    PlanUpdate,
    Revision,
    RevisionChanges,
    RevisionDetail,
)
from uplift.plans.transfer import problems as import_problems
from uplift.plans.transfer import upload as import_upload
from uplift.plans.transfer import workbook_writer as workbook
from uplift.plans.transfer.limits import ImportLimits
from uplift.plans.transfer.upload import JSON, MULTIPART, XLSX

# Only digits name a plan here, so /plans/featured and /plans/import stay resources of their
# own: PATCH /plans/import is 405, not a plan id that fails validation.
PLAN_PATH = "/{plan_id:int}"

router = APIRouter(prefix="/plans", tags=["plans"])
Reader = Annotated[Subject, Depends(ANYONE)]


class RevisionList(RootModel[list[Revision]]):
    pass


@router.get(
    "",
    summary="List plans",
    description="Newest year first. `year` is Gregorian; each plan also gives its `roc_year`.",
    response_model=PlanPage,
    responses=problem_responses(422),
)
async def list_plans(
    session: SessionDep,
    page: PageDep,
    subject: Annotated[Subject, Depends(ANYONE)],
    year: Annotated[int | None, Query(ge=1912, le=2999, description="Gregorian year.")] = None,
    status: Annotated[PlanStatus | None, Query()] = None,
) -> Response:
    rows, total = await queries.list_plans(session, subject, page, year=year, status=status)
    return json_response(PlanPage.of(rows, total, page))


@router.get(
    "/featured",
    summary="Get the plan the public sees first",
    description="The newest published plan that is not archived (one under amendment counts, "
    "read as last adopted by the public). The web app's home page shows it.",
    response_model=Plan,
    responses=problem_responses(404),
)
async def get_featured_plan(session: SessionDep, subject: Reader) -> Response:
    return json_response(await queries.featured_plan(session, subject))


@router.get(
    PLAN_PATH,
    summary="Get a plan",
    description="Basis, objectives, target categories, sections, review rounds and counts.",
    response_model=Plan,
    responses=problem_responses(404, 422),
)
async def get_plan(request: Request, session: SessionDep, plan_id: Id, subject: Reader) -> Response:
    return await snapshots.cached_read(
        request,
        session,
        subject,
        plan_id,
        "detail",
        lambda: queries.plan_detail_body(session, subject, plan_id),
    )


@router.get(
    "/{plan_id}/tree",
    summary="Get a plan's whole tree",
    description=(
        "Dimensions → strategies → measures (with owners, indicators and sub-items) "
        "in one response."
    ),
    response_model=PlanTree,
    responses=problem_responses(404, 422),
)
async def get_plan_tree(
    request: Request, session: SessionDep, plan_id: Id, subject: Reader
) -> Response:
    return await snapshots.cached_read(
        request,
        session,
        subject,
        plan_id,
        "tree",
        lambda: queries.plan_tree_body(session, subject, plan_id),
    )


Author = Annotated[Subject, Depends(AUTHOR_PLANS)]
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    "",
    summary="Create a draft plan",
    status_code=201,
    response_model=Plan,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_plan(session: SessionDep, data: PlanCreate, subject: Author) -> Response:
    plan = await service.create_plan(session, subject, data)
    return resource_response(await queries.plan_detail(session, subject, plan.id), status_code=201)


@router.patch(
    PLAN_PATH,
    summary="Change a plan",
    description="Title, report date, objectives and their core values (核心精神). A draft, "
    "or a plan with an open amendment. Needs If-Match.",
    response_model=Plan,
    responses=WRITE_ERRORS,
)
async def update_plan(
    session: SessionDep, plan_id: Id, data: PlanUpdate, subject: Author, if_match: IfMatchDep
) -> Response:
    plan = await service.locked_for_write(session, subject, plan_id, if_match)
    await service.update_plan(session, subject, plan, data)
    return resource_response(await queries.plan_detail(session, subject, plan_id))


@router.post(
    "/{plan_id}/publish",
    summary="Publish a draft plan",
    description="Makes revision 1; from then on the plan changes only by amendment. The plan "
    "is checked first: at least one dimension, strategy and measure, an owner for every "
    "measure, indicators due in the plan's year, the report due in it or the next; every "
    "problem comes back at once (422, `errors[]` naming each item). Needs If-Match.",
    response_model=Plan,
    responses=WRITE_ERRORS,
)
async def publish_plan(
    session: SessionDep, plan_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    plan = await service.locked_for_write(session, subject, plan_id, if_match, service.may_publish)
    await service.publish_plan(session, subject, plan)
    return resource_response(await queries.plan_detail(session, subject, plan_id))


@router.delete(
    PLAN_PATH,
    summary="Delete a draft plan",
    description="Only a draft, which was never public; a published plan is archived instead. "
    "Needs If-Match.",
    status_code=204,
    responses=WRITE_ERRORS,
)
async def delete_plan(
    session: SessionDep, plan_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    plan = await service.locked_for_write(session, subject, plan_id, if_match, service.may_delete)
    await service.delete_draft(session, subject, plan)
    return Response(status_code=204)


@router.post(
    "/{plan_id}/archive",
    summary="Archive a published plan",
    description="It stays readable by id, but is no longer the plan the public sees first "
    "(GET /plans/featured). Needs If-Match.",
    response_model=Plan,
    responses=WRITE_ERRORS,
)
async def archive_plan(
    session: SessionDep, plan_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    plan = await service.locked_for_write(session, subject, plan_id, if_match, service.may_archive)
    await service.archive_plan(session, subject, plan)
    return resource_response(await queries.plan_detail(session, subject, plan_id))


@router.post(
    "/{plan_id}/amendments",
    summary="Open an amendment",
    description="Records the reason and date (捌); the plan's structure may then change until "
    "the amendment is adopted as the next revision.",
    status_code=201,
    response_model=Revision,
    responses=WRITE_ERRORS,
)
async def open_amendment(
    session: SessionDep, plan_id: Id, data: AmendmentCreate, subject: Author
) -> Response:
    plan = await service.lock_plan(session, plan_id)
    amendment = await service.open_amendment(session, subject, plan, data)
    return json_response(Revision.model_validate(amendment), status_code=201)


@router.post(
    "/{plan_id}/amendments/{number}/adopt",
    summary="Adopt an amendment",
    description="Snapshots the plan as revision `number`; earlier revisions stay readable.",
    response_model=Revision,
    responses=WRITE_ERRORS,
)
async def adopt_amendment(
    session: SessionDep, plan_id: Id, number: Id, subject: Author
) -> Response:
    plan = await service.lock_plan(session, plan_id)
    amendment = await service.adopt_amendment(session, subject, plan, number)
    return json_response(Revision.model_validate(amendment))


@router.get(
    "/{plan_id}/revisions",
    summary="List a plan's revisions",
    response_model=list[Revision],
    responses=problem_responses(404, 422),
)
async def list_revisions(session: SessionDep, plan_id: Id, subject: Reader) -> Response:
    await queries.get_plan(session, subject, plan_id)
    revisions = await service.list_revisions(session, plan_id)
    return json_response(RevisionList([Revision.model_validate(r) for r in revisions]))


@router.get(
    "/{plan_id}/revisions/{number}",
    summary="Get a revision",
    description="The plan exactly as it stood in that revision (an open amendment: as it is).",
    response_model=RevisionDetail,
    responses=problem_responses(404, 422),
)
async def get_revision(session: SessionDep, plan_id: Id, number: Id, subject: Reader) -> Response:
    await queries.get_plan(session, subject, plan_id)
    revision, record = await service.revision_record(session, subject, plan_id, number)
    return json_response(RevisionDetail(**dict(Revision.model_validate(revision)), plan=record))


@router.get(
    "/{plan_id}/revisions/{number}/changes",
    summary="What changed between two revisions",
    description="Entities added, removed and changed in revision `number` since revision "
    "`since` (default: the one before), matched by their stable keys.",
    response_model=RevisionChanges,
    responses=problem_responses(404, 422),
)
async def revision_changes(
    session: SessionDep,
    plan_id: Id,
    number: Id,
    subject: Reader,
    since: Id | None = None,
) -> Response:
    await queries.get_plan(session, subject, plan_id)
    base = since if since is not None else number - 1
    found = await service.revision_changes(session, subject, plan_id, number, base)
    return json_response(RevisionChanges(since=base, number=number, changes=found))


@router.post(
    "/{plan_id}/copy",
    summary="Carry a plan into another year",
    description="A new draft with the same structure and stable keys (so each measure can be "
    "followed across years), its dates moved by the years between.",
    status_code=201,
    response_model=Plan,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def copy_plan(session: SessionDep, plan_id: Id, data: PlanCopy, subject: Author) -> Response:
    await queries.get_plan(session, subject, plan_id)
    plan = await service.lock_plan(session, plan_id)
    copied = await service.copy_plan(session, subject, plan, data)
    return resource_response(
        await queries.plan_detail(session, subject, copied.id), status_code=201
    )


async def _export_allowance(
    counter: CounterSessionDep, settings: SettingsDep, subject: Reader
) -> None:
    # Signed-in callers are known and audited; anonymous ones are counted by address.
    if subject.kind == "anonymous":
        bucket = f"export:{subject.address}"
        await enforce(counter, bucket, settings.exports_per_window, settings.export_window_seconds)


@router.get(
    "/{plan_id}/export",
    summary="Export a plan's structure",
    description="JSON (the seed file's plan format) or an Excel workbook; importing either "
    "gives the same plan back.",
    response_model=PlanRecord,
    responses={
        200: {
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            "description": "The file.",
        },
        **problem_responses(404, 422, 429),
    },
    dependencies=[Depends(_export_allowance)],
)
async def export_plan(
    session: SessionDep,
    plan_id: Id,
    subject: Reader,
    format: Literal["json", "xlsx"] = "json",
) -> Response:
    plan = await queries.get_plan(session, subject, plan_id)
    if adopted.reads_adopted(subject, plan):
        record = await adopted.plan_record(session, plan)
    else:
        record = await transfer.export_plan(session, plan_id)
    name = f"plan-{record.year}"
    if format == "xlsx":
        body, media_type = workbook.workbook_from_plan(record), XLSX
    else:
        body, media_type = transfer.json_from_plan(record), "application/json"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'},
    )


@router.post(
    "/import",
    summary="Import a plan as a new draft",
    description="Send the file itself as the body (`application/json` or the Excel type), or "
    "as the `file` field of a `multipart/form-data` upload (its type from the part's content "
    "type or the file name, .json or .xlsx). Everything is checked first; every problem comes "
    "back with its sheet, row and column (or JSON path), and nothing is written. A file beyond "
    "the import's limits (size, unpacked size, rows, columns, cells, nesting) is refused with "
    "413 (422 for nesting) naming the limit.",
    status_code=201,
    response_model=Plan,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                JSON: {"schema": {"type": "object", "description": "The plan, as exported."}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
                MULTIPART: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": "The plan as a .json or .xlsx file.",
                            }
                        },
                        "required": ["file"],
                    }
                },
            },
        }
    },
    responses=problem_responses(401, 403, 409, 413, 415, 422),
)
async def import_plan(
    request: Request, session: SessionDep, subject: Author, settings: SettingsDep
) -> Response:
    limits = ImportLimits.of(settings)
    upload = await import_upload.read_upload(request, limits)
    record, source = await import_upload.read_plan(upload, limits)
    problems = await transfer.check_references(session, record, source)
    if problems:
        raise import_problems.PlanImportError(problems)
    plan = await service.import_plan(session, subject, record)
    return resource_response(await queries.plan_detail(session, subject, plan.id), status_code=201)

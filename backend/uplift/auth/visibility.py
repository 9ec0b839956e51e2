"""What a subject may read, in one place, low enough that every domain can ask it: plans by
status and role, an organisation with its units, API tokens by organisation, progress
reports by organisation and state, and the files they name.

Each answer is a SQL condition (or a subquery) to put in the domain's own query, so a thing
the subject may not read is simply not found (404, as if it did not exist) and a list never
counts it. It imports only kit/, models/ and the subject; a domain's auth.py builds on it.
"""

from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true, union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, aliased

from uplift.auth.subject import Subject
from uplift.models import (
    ApiToken,
    EvidenceFile,
    Finding,
    FindingStatus,
    FollowUp,
    FollowUpAnswer,
    FollowUpEvidence,
    Organization,
    OrganizationKind,
    PanelAssignment,
    PanelMember,
    Plan,
    PlanStatus,
    ProgressReport,
    ProgressVersion,
    ResultsReport,
    ResultsVersion,
    Role,
    RoundEnterprise,
    RoundStatus,
    StoredFile,
    UnitHandling,
    VerificationRound,
)

PUBLIC_STATUSES = (PlanStatus.published, PlanStatus.amending, PlanStatus.archived)


def readable_plans(subject: Subject) -> ColumnElement[bool]:
    """Commission staff see drafts; everyone else what is published."""
    return readable_plans_for(staff=subject.is_staff)


def readable_plans_for(*, staff: bool) -> ColumnElement[bool]:
    """The same by whether the reader is staff, which is all it depends on: a statement
    built once per kind of reader (a hot read's) asks this."""
    if staff:
        return true()
    # Equalities rather than IN: an IN list is an "expanding" parameter, which re-renders
    # the whole statement's SQL on every execution (half a millisecond on a plan read).
    return or_(*(Plan.status == status for status in PUBLIC_STATUSES))


def readable_rows(subject: Subject) -> ColumnElement[bool]:
    """Plans whose rows this subject reads as they stand: a plan under amendment is read as
    last adopted by everyone but staff (plans/adopted.py), never from its changing rows."""
    return readable_rows_for(staff=subject.is_staff)


def readable_rows_for(*, staff: bool) -> ColumnElement[bool]:
    """The same by whether the reader is staff, which is all it depends on."""
    if staff:
        return true()
    return Plan.status != PlanStatus.amending


def subtree(organization_id: int) -> Select[int]:
    """The ids of the organisation and all its units, at any depth: one recursive CTE (the
    same SQL on SQLite and PostgreSQL), to use inside another query with `.in_()`."""
    tree = (
        select(Organization.id)
        .where(Organization.id == organization_id)
        .cte(recursive=True)  # unnamed: two subtrees may meet in one statement
    )
    tree = tree.union_all(select(Organization.id).where(Organization.parent_id == tree.c.id))
    return select(tree.c.id)


async def subtree_ids(session: AsyncSession, organization_id: int) -> list[int]:
    """The same ids, fetched: for a membership test in Python."""
    return list((await session.scalars(subtree(organization_id))).all())


def reaches_organizations(
    subject: Subject, column: QueryableAttribute[int | None]
) -> ColumnElement[bool]:
    """Rows owned (through `column`) by the subject's organisation or one of its units; an
    administrator reaches every organisation, anyone without one reaches none."""
    if subject.role == Role.administrator:
        return true()
    if subject.organization_id is None:
        return false()
    return column.in_(subtree(subject.organization_id))


def readable_tokens(subject: Subject) -> ColumnElement[bool]:
    """Administrators see every API token; an enterprise its own organisation's and its
    units'."""
    return reaches_organizations(subject, ApiToken.organization_id)


def reports_for_organization(subject: Subject) -> bool:
    """Whether the subject writes and reads reports as an organisation (its own and its
    units'), drafts included, rather than reviewing what enterprises submitted."""
    return subject.role == Role.enterprise_reporter


def readable_reports(subject: Subject) -> ColumnElement[bool]:
    """An enterprise's reporters and tokens read its own and its units' reports, drafts
    included (a unit reads only its own: not its siblings', not its head office's);
    reviewers and administrators every enterprise's and unit's reports once submitted, as
    last submitted (`shown_version`), never a draft; anyone else none."""
    if reports_for_organization(subject):
        if subject.organization_id is None:
            return false()
        return ProgressReport.organization_id.in_(subtree(subject.organization_id))
    if subject.is_staff:
        return ProgressReport.submitted_version.is_not(None)
    return false()


class Versioned(Protocol):
    """A reviewed document kept in versions: a progress report, a results report."""

    @property
    def version(self) -> int: ...

    @property
    def submitted_version(self) -> int | None: ...


def shown_version(subject: Subject, report: Versioned) -> int:
    """The last version of a readable report this subject reads: an enterprise its current
    one, a draft included; a reviewer the last one submitted, which a correction in draft
    does not hide (the report's state says the enterprise is correcting it)."""
    if reports_for_organization(subject) or report.submitted_version is None:
        return report.version
    return report.submitted_version


def shown_version_number(subject: Subject) -> Any:
    """`shown_version` in SQL: the number of the version this subject reads of a report."""
    if reports_for_organization(subject):
        return ProgressReport.version
    return func.coalesce(ProgressReport.submitted_version, ProgressReport.version)


def readable_results_reports(subject: Subject) -> ColumnElement[bool]:
    """The same rule for the year-end results reports: an enterprise reads its own, drafts
    included; reviewers and administrators every enterprise's once submitted."""
    if reports_for_organization(subject):
        if subject.organization_id is None:
            return false()
        return ResultsReport.organization_id.in_(subtree(subject.organization_id))
    if subject.is_staff:
        return ResultsReport.submitted_version.is_not(None)
    return false()


def readable_stored_files(subject: Subject) -> ColumnElement[bool]:
    """A stored file is read with the reports that name it: the subject may read a version
    of a report that has it as evidence (an enterprise its subtree's, drafts included; a
    reviewer versions up to the last submitted). A file nothing names yet is its uploading
    organisation's (and the organisations above it in the subtree that reads its reports).
    A results report's document is read by the same rule, with the results report; a file
    named by a follow-up's answer by whoever reads the follow-up (readable_follow_ups)."""
    named = (
        select(EvidenceFile.id)
        .join(ProgressVersion, ProgressVersion.id == EvidenceFile.version_id)
        .join(ProgressReport, ProgressReport.id == ProgressVersion.report_id)
        .where(
            EvidenceFile.file_id == StoredFile.id,
            readable_reports(subject),
            ProgressVersion.number <= shown_version_number(subject),
        )
        .exists()
    )
    shown = (
        ResultsReport.version
        if reports_for_organization(subject)
        else (ResultsReport.submitted_version)
    )
    a_document = (
        select(ResultsVersion.id)
        .join(ResultsReport, ResultsReport.id == ResultsVersion.report_id)
        .where(
            ResultsVersion.document_file_id == StoredFile.id,
            readable_results_reports(subject),
            ResultsVersion.number <= shown,
        )
        .exists()
    )
    answered = (
        select(FollowUpEvidence.id)
        .join(FollowUpAnswer, FollowUpAnswer.id == FollowUpEvidence.answer_id)
        .join(FollowUp, FollowUp.id == FollowUpAnswer.follow_up_id)
        .where(FollowUpEvidence.file_id == StoredFile.id, readable_follow_ups(subject))
        .exists()
    )
    if subject.kind == "token" and "progress:read" not in subject.scopes:
        return answered  # a token that reads findings only: follow-ups' evidence
    if not reports_for_organization(subject) or subject.organization_id is None:
        return or_(named, a_document, answered)
    unnamed = StoredFile.organization_id.in_(subtree(subject.organization_id)) & ~(
        select(EvidenceFile.id).where(EvidenceFile.file_id == StoredFile.id).exists()
    )
    return or_(named, a_document, answered, unnamed)


def _units() -> Select[int]:
    return select(Organization.id).where(Organization.kind == OrganizationKind.unit)


def head_office_reports() -> ColumnElement[bool]:
    """Reports an enterprise itself made (its head office's, the consolidated ones), not its
    units': what the commission reviews and what the progress matrix counts (督導所屬)."""
    return head_office(ProgressReport.organization_id)


def head_office(organization_id: Any) -> ColumnElement[bool]:
    """The organisation is no unit: what it reports counts for its enterprise."""
    return organization_id.not_in(_units())  # type: ignore[no-any-return]


def reviewable_reports(subject: Subject) -> ColumnElement[bool]:
    """Reports this subject reviews (returns or accepts): a reviewer an enterprise's own
    reports; an enterprise's reporters and tokens the reports of the units directly below
    their organisation (督導所屬: the head office reviews its units, and the commission only
    what the head office submits); anyone else none. Readability is checked apart."""
    if subject.role == Role.reviewer:
        return head_office_reports()
    if reports_for_organization(subject) and subject.organization_id is not None:
        below = _units().where(Organization.parent_id == subject.organization_id)
        return ProgressReport.organization_id.in_(below)
    return false()


# The verification loop. Commission staff read everything; a panel member the enterprises a
# round assigns them (drafts included), in that round only; an enterprise its own findings
# once issued and its own follow-ups (a unit those its head office handed it); the public
# what is published.


def panel_assignments(subject: Subject) -> Select[int, int]:
    """(round id, organisation id) of every enterprise a round assigns this subject to: a
    declared conflict (迴避) removed the assignment, so it is not here."""
    return (
        select(PanelMember.round_id, PanelAssignment.organization_id)
        .join(PanelAssignment, PanelAssignment.member_id == PanelMember.id)
        .where(PanelMember.user_id == subject.user_id)
    )


def assigned(
    subject: Subject,
    round_id: QueryableAttribute[int],
    organization_id: QueryableAttribute[int],
) -> ColumnElement[bool]:
    """Rows (a finding, a visit, a follow-up) of a (round, enterprise) the subject is
    assigned to; false for anyone not signed in as a person."""
    if subject.user_id is None:
        return false()
    return (
        select(PanelAssignment.id)
        .join(PanelMember, PanelMember.id == PanelAssignment.member_id)
        .where(
            PanelMember.user_id == subject.user_id,
            PanelMember.round_id == round_id,
            PanelAssignment.organization_id == organization_id,
        )
        .exists()
    )


def own_organization(subject: Subject) -> bool:
    """An enterprise's reporter, or a token of theirs that may read findings."""
    if not reports_for_organization(subject) or subject.organization_id is None:
        return False
    return subject.kind != "token" or "findings:read" in subject.scopes


PUBLISHED_ROUNDS = (RoundStatus.issued, RoundStatus.published)


def readable_rounds(subject: Subject) -> ColumnElement[bool]:
    """Staff every round; a panel member the rounds they sit on; an enterprise the rounds
    that cover it (or one of the units above it); the public none until published."""
    if subject.is_staff:
        return true()
    published = VerificationRound.status == RoundStatus.published
    if subject.role == Role.panel_member and subject.user_id is not None:
        on_panel = (
            select(PanelMember.id)
            .where(
                PanelMember.round_id == VerificationRound.id,
                PanelMember.user_id == subject.user_id,
            )
            .exists()
        )
        return or_(on_panel, published)
    if own_organization(subject):
        assert subject.organization_id is not None
        enterprise = enterprise_of(subject.organization_id)
        covered = (
            select(RoundEnterprise.id)
            .where(
                RoundEnterprise.round_id == VerificationRound.id,
                RoundEnterprise.organization_id.in_(enterprise),
            )
            .exists()
        )
        return or_(covered, published)
    return published


def enterprise_of(organization_id: int) -> Select[int]:
    """The organisation itself and its ancestors: a unit's findings are its enterprise's."""
    chain = (
        select(Organization.id, Organization.parent_id)
        .where(Organization.id == organization_id)
        .cte(recursive=True)
    )
    chain = chain.union_all(
        select(Organization.id, Organization.parent_id).where(Organization.id == chain.c.parent_id)
    )
    return select(chain.c.id)


def readable_findings(subject: Subject) -> ColumnElement[bool]:
    """Staff every finding, drafts included; a panel member their assignments' (drafts
    included) and every published one; an enterprise its own once issued (a unit those
    naming it), and every published one; the public the published ones. A draft or an
    approved finding never leaves the commission and the panel."""
    published = Finding.status == FindingStatus.published
    if subject.is_staff:
        return true()
    if subject.role == Role.panel_member:
        return or_(assigned(subject, Finding.round_id, Finding.organization_id), published)
    if own_organization(subject):
        assert subject.organization_id is not None
        mine = subtree(subject.organization_id)
        issued = Finding.status == FindingStatus.issued
        return or_(
            published,
            issued & (Finding.organization_id.in_(mine) | Finding.unit_id.in_(mine)),
        )
    return published


def readable_follow_ups(subject: Subject) -> ColumnElement[bool]:
    """Staff every follow-up; a panel member their assignments'; an enterprise's head office
    its own; a unit those its head office handed it (督導所屬); no one else."""
    if subject.is_staff:
        return true()
    if subject.role == Role.panel_member:
        return assigned(subject, FollowUp.round_id, FollowUp.organization_id)
    if own_organization(subject):
        assert subject.organization_id is not None
        # A follow-up is always an enterprise's (its round covers enterprises), so a head
        # office's are those of its own organisation; a unit's, those handed to it or to a
        # unit below it. One set of ids, not an OR of two tests on every row: the database
        # finds an enterprise's few follow-ups by its index.
        own = aliased(FollowUp)
        handed = UnitHandling.organization_id.in_(subtree(subject.organization_id))
        ids = union(
            select(own.id).where(own.organization_id == subject.organization_id),
            select(UnitHandling.follow_up_id).where(handed),
        )
        return FollowUp.id.in_(ids)
    return false()

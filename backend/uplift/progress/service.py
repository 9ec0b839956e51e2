"""Writing progress reports: saving (one, or a batch), submitting, returning, accepting.

A report is saved by its natural key (plan, measure key, organisation, period): posting
the same key again changes that report. A draft's current version is edited in place; a
report already submitted or returned gets a new version (and is a draft again until it is
submitted); an accepted report is final (409). Every version stays readable.

Who may report what: an enterprise's reporters and tokens report for their organisation and
its units, on measures owned by the reporting organisation or one above it (a unit reports
on its enterprise's measures). Anything else they name (another enterprise's measure or
unit) is not found, 404, and nothing is stored.

A batch is checked in a fixed number of queries (`Context.load`), then each good item is
written; the changes of every item follow the one write order: lock the report, check its
state (409), change, audit.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import NotPermittedError, Subject
from uplift.auth.visibility import reviewable_reports, subtree_ids
from uplift.kit.bulk import BulkRejectedError, ItemProblem, Pointed, item_problem, validate_each
from uplift.kit.db import utcnow
from uplift.kit.errors import ProblemFieldError, UpliftError
from uplift.kit.i18n import Language
from uplift.kit.if_match import IfMatch
from uplift.kit.review import Action, check_editable, check_transition, edits_in_place
from uplift.models import (
    Dimension,
    EvidenceFile,
    EvidenceLink,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanStatus,
    ProgressReport,
    ProgressValue,
    ProgressVersion,
    ReportState,
    StoredFile,
    Strategy,
    WorkStatus,
)
from uplift.progress.periods import Period, parse_period, period_problem, reporting_kind
from uplift.progress.queries import VERSION_CONTENT, detail_of, evidence_of, readable_report
from uplift.progress.schemas import (
    BatchResult,
    BatchSummary,
    ItemResult,
    Outcome,
    ReportContent,
    ReportDetail,
    ReportIn,
)

# Plans reported on: published ones (and those under amendment); an archived plan's year
# is closed (409); a draft is not there for a reporter (404).
REPORTABLE = (PlanStatus.published, PlanStatus.amending)
REPORTED_ON = (*REPORTABLE, PlanStatus.archived)


class ReportRejectedError(UpliftError):
    """One report refused, with every fault named: 404, 409 or 422 as its gravest fault."""

    slug = "validation"

    def __init__(self, problems: list[Pointed], language: Language) -> None:
        document = item_problem(problems, language)
        super().__init__(document.detail, document.detail)
        self.status = document.status
        self.slug = document.type.rsplit(":", 1)[-1]
        self.errors = [
            error.model_copy(update={"field": error.field.lstrip("/").replace("/", ".")})
            for error in document.errors
        ]

    def field_errors(self, language: Language) -> list[ProblemFieldError]:
        return self.errors


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    key: str
    unit: str | None
    frequency: str


@dataclass(frozen=True)
class Resolved:
    """An item whose every name was found and every rule holds: ready to write."""

    item: ReportIn
    plan_id: int
    measure_key: str
    organization: Organization
    period: Period
    indicators: dict[int, IndicatorInfo]
    files: dict[int, StoredFile]  # the evidence files it names

    @property
    def natural_key(self) -> tuple[int, str, int, str]:
        return (self.plan_id, self.measure_key, self.organization.id, self.period.text)


def _problem(pointer: str, kind: str, en: str, zh: str, status: int = 422) -> ItemProblem:
    return ItemProblem(pointer=pointer, type=kind, en=en, zh=zh, status=status)


def _not_found(pointer: str, en: str, zh: str) -> ItemProblem:
    return _problem(pointer, "not_found", en, zh, status=404)


@dataclass
class Context:
    """What the checks of a batch need, loaded once for all its items."""

    organizations: dict[str, Organization]  # by code, only those the subject reports for
    chains: dict[int, list[int]]  # an organisation and the ones above it
    plans: list[Plan]
    measures: dict[tuple[int, str], int]  # (plan id, measure key) → measure id
    owners: dict[int, set[int]]
    indicators: dict[int, dict[int, IndicatorInfo]]  # measure id → its and its sub-items'
    external_ids: dict[tuple[int, str], tuple[int, str, int, str]]  # taken → natural key
    existing: dict[tuple[int, str, int, str], ProgressReport]  # locked, by natural key
    current: dict[int, ProgressVersion]  # report id → its current version, values loaded
    files: dict[int, StoredFile]  # evidence files named, of the organisations reported for
    seen_keys: set[tuple[int, str, int, str]] = field(default_factory=set)
    seen_external: set[tuple[int, str]] = field(default_factory=set)

    @classmethod
    async def load(
        cls, session: AsyncSession, subject: Subject, items: list[ReportIn]
    ) -> "Context":
        reachable: set[int] = set()
        if subject.organization_id is not None:
            reachable = set(await subtree_ids(session, subject.organization_id))
        codes = {item.organization for item in items}
        organizations = {
            o.code: o
            for o in await session.scalars(
                select(Organization).where(
                    Organization.code.in_(codes), Organization.id.in_(reachable)
                )
            )
        }
        every = await session.execute(select(Organization.id, Organization.parent_id))
        parents: dict[int, int | None] = {id_: parent for id_, parent in every}
        chains: dict[int, list[int]] = {}
        for organization in organizations.values():
            chain: list[int] = []
            at: int | None = organization.id
            while at is not None and at not in chain:
                chain.append(at)
                at = parents.get(at)
            chains[organization.id] = chain
        plan_ids = {item.plan_id for item in items if item.plan_id is not None}
        years = {item.plan_year for item in items if item.plan_year is not None}
        plans = list(
            await session.scalars(
                select(Plan)
                .where(
                    (Plan.id.in_(plan_ids)) | (Plan.year.in_(years)),
                    Plan.status.in_(REPORTED_ON),
                )
                .order_by(Plan.id)
            )
        )
        keys = {item.measure_key for item in items}
        measures: dict[tuple[int, str], int] = {}
        if plans:
            rows = await session.execute(
                select(Dimension.plan_id, Measure.key, Measure.id)
                .join(Strategy, Strategy.id == Measure.strategy_id)
                .join(Dimension, Dimension.id == Strategy.dimension_id)
                .where(
                    Measure.key.in_(keys),
                    Measure.parent_id.is_(None),
                    Dimension.plan_id.in_([p.id for p in plans]),
                )
            )
            measures = {(plan_id, key): measure_id for plan_id, key, measure_id in rows}
        measure_ids = set(measures.values())
        owners: dict[int, set[int]] = {}
        for measure_id, organization_id in await session.execute(
            select(MeasureOwner.measure_id, MeasureOwner.organization_id).where(
                MeasureOwner.measure_id.in_(measure_ids)
            )
        ):
            owners.setdefault(measure_id, set()).add(organization_id)
        top_of = {measure_id: measure_id for measure_id in measure_ids}
        for sub_id, parent_id in await session.execute(
            select(Measure.id, Measure.parent_id).where(Measure.parent_id.in_(measure_ids))
        ):
            top_of[sub_id] = parent_id or sub_id  # only sub-items are asked for: never None
        indicators: dict[int, dict[int, IndicatorInfo]] = {m: {} for m in measure_ids}
        for row in await session.scalars(
            select(Indicator).where(Indicator.measure_id.in_(top_of)).order_by(Indicator.id)
        ):
            info = IndicatorInfo(row.id, row.key, row.unit, str(row.frequency))
            indicators[top_of[row.measure_id]][row.id] = info
        organization_ids = [o.id for o in organizations.values()]
        external = {item.external_id for item in items if item.external_id is not None}
        taken: dict[tuple[int, str], tuple[int, str, int, str]] = {}
        if external:
            for report in await session.scalars(
                select(ProgressReport).where(
                    ProgressReport.organization_id.in_(organization_ids),
                    ProgressReport.external_id.in_(external),
                )
            ):
                assert report.external_id is not None
                taken[(report.organization_id, report.external_id)] = _key_of(report)
        # The reports the items may change, locked now: their states cannot change between
        # these checks and the writes (lock → state → change → audit, for the whole batch).
        existing = {
            _key_of(report): report
            for report in await session.scalars(
                select(ProgressReport)
                .where(
                    ProgressReport.organization_id.in_(organization_ids),
                    ProgressReport.measure_key.in_(keys),
                    ProgressReport.plan_id.in_([p.id for p in plans]),
                    # Only the items' periods: not every period of every measure named.
                    ProgressReport.period.in_({item.period for item in items}),
                )
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        }
        current = {
            version.report_id: version
            for version in await session.scalars(
                select(ProgressVersion)
                .join(
                    ProgressReport,
                    (ProgressReport.id == ProgressVersion.report_id)
                    & (ProgressReport.version == ProgressVersion.number),
                )
                .where(ProgressReport.id.in_([r.id for r in existing.values()]))
                .options(*VERSION_CONTENT)
            )
        }
        named = {e.file_id for item in items for e in item.evidence if e.file_id is not None}
        files = {
            row.id: row
            for row in await session.scalars(
                select(StoredFile).where(
                    StoredFile.id.in_(named), StoredFile.organization_id.in_(reachable)
                )
            )
        }
        return cls(
            organizations,
            chains,
            plans,
            measures,
            owners,
            indicators,
            taken,
            existing,
            current,
            files,
        )

    def resolve(self, item: ReportIn) -> Resolved | list[ItemProblem]:
        """The item's names found and its rules checked; or every problem with it."""
        organization = self.organizations.get(item.organization)
        if organization is None:
            return [
                _not_found(
                    "/organization",
                    f"No organisation {item.organization!r} you report for",
                    f"沒有您可填報的機關「{item.organization}」",
                )
            ]
        plans = self._plans(item)
        if isinstance(plans, ItemProblem):
            return [plans]
        chain = set(self.chains[organization.id])
        found = [
            (plan, self.measures[(plan.id, item.measure_key)])
            for plan in plans
            if (plan.id, item.measure_key) in self.measures
        ]
        found = [(plan, m) for plan, m in found if self.owners.get(m, set()) & chain]
        if not found:
            return [
                _not_found(
                    "/measure_key",
                    f"No measure {item.measure_key!r} of this plan for {organization.code}",
                    f"此計畫沒有{organization.short_name_zh}的具體推動作法「{item.measure_key}」",
                )
            ]
        plan, measure_id = found[0]
        if plan.status not in REPORTABLE:
            return [
                _problem(
                    "",
                    "plan_closed",
                    f"The plan of {plan.year} is archived: its reports are closed",
                    f"{plan.year} 年計畫已封存，不再受理填報",
                    status=409,
                )
            ]
        indicators = self.indicators[measure_id]
        problems = _content_problems(item, indicators) + self._file_problems(item)
        period = parse_period(item.period)
        assert period is not None  # the schema's pattern let only periods through
        kind = reporting_kind(info.frequency for info in indicators.values())
        wrong = period_problem(period, plan.year, kind)
        if wrong is not None:
            problems.append(_problem("/period", "period", *wrong))
        resolved = Resolved(
            item, plan.id, item.measure_key, organization, period, indicators, self.files
        )
        problems += self._conflicts(resolved)
        return problems or resolved

    def _file_problems(self, item: ReportIn) -> list[ItemProblem]:
        """An evidence file must be one the subject's organisation (or its units) uploaded;
        any other is not found, as if it did not exist."""
        return [
            _not_found(
                f"/evidence/{index}/file_id",
                f"No evidence file {evidence.file_id} of yours",
                f"沒有您上傳的佐證檔案 {evidence.file_id}",
            )
            for index, evidence in enumerate(item.evidence)
            if evidence.file_id is not None and evidence.file_id not in self.files
        ]

    def _plans(self, item: ReportIn) -> list[Plan] | ItemProblem:
        if item.plan_id is None and item.plan_year is None:
            return _problem(
                "/plan_id", "missing", "Give plan_id or plan_year", "請提供 plan_id 或 plan_year"
            )
        if item.plan_id is not None:
            plan = next((p for p in self.plans if p.id == item.plan_id), None)
            if plan is None:
                return _not_found(
                    "/plan_id", f"No plan {item.plan_id}", f"沒有編號為 {item.plan_id} 的計畫"
                )
            if item.plan_year is not None and plan.year != item.plan_year:
                return _problem(
                    "/plan_year",
                    "invalid",
                    f"Plan {plan.id} is of {plan.year}",
                    f"計畫 {plan.id} 的年度為 {plan.year} 年",
                )
            return [plan]
        plans = [p for p in self.plans if p.year == item.plan_year]
        if not plans:
            return _not_found(
                "/plan_year", f"No plan of {item.plan_year}", f"沒有 {item.plan_year} 年的計畫"
            )
        return plans

    def _conflicts(self, resolved: Resolved) -> list[ItemProblem]:
        """What clashes with stored reports or with an earlier item of the same batch."""
        problems = []
        key = resolved.natural_key
        external = resolved.item.external_id
        if key in self.seen_keys:
            problems.append(
                _problem(
                    "",
                    "duplicate",
                    "An earlier item of this batch has the same plan, measure, organisation and "
                    "period",
                    "本批次前面已有同一計畫、作法、機關與期間的資料",
                )
            )
        if external is not None:
            owner = (resolved.organization.id, external)
            holder = self.external_ids.get(owner)
            if owner in self.seen_external or (holder is not None and holder != key):
                problems.append(
                    _problem(
                        "/external_id",
                        "external_id_taken",
                        f"Another report of {resolved.organization.code} has external_id "
                        f"{external!r}",
                        f"{resolved.organization.short_name_zh}已有其他報告使用此 external_id",
                        status=409,
                    )
                )
            self.seen_external.add(owner)
        stored = self.existing.get(key)
        if stored is not None and stored.state == ReportState.accepted:
            problems.append(
                _problem(
                    "",
                    "accepted",
                    "This report was accepted: it is final",
                    "此報告已審查通過，不能再修改",
                    status=409,
                )
            )
        self.seen_keys.add(key)
        return problems


def _key_of(report: ProgressReport) -> tuple[int, str, int, str]:
    return (report.plan_id, report.measure_key, report.organization_id, report.period)


REASONS = {
    WorkStatus.delayed: ("delay_reason", "remedy"),
    WorkStatus.not_applicable: ("not_applicable_reason",),
}
_REASON_NAMES = {
    "delay_reason": ("a delay reason", "落後原因"),
    "remedy": ("a remedy", "具體解決對策"),
    "not_applicable_reason": ("a reason it does not apply", "不適用之理由"),
}


def _content_problems(
    item: ReportContent, indicators: dict[int, IndicatorInfo]
) -> list[ItemProblem]:
    """The rules of a report's content: the reasons its status needs (and no other), and
    each value for one of the measure's indicators, once, in that indicator's unit."""
    problems = []
    needed = REASONS.get(item.status, ())
    for name, (en, zh) in _REASON_NAMES.items():
        given = getattr(item, name) is not None
        if name in needed and not given:
            problems.append(
                _problem(
                    f"/{name}",
                    "missing",
                    f"A report with status {item.status.value} needs {en}",
                    f"狀態為「{item.status.value}」時須填寫{zh}",
                )
            )
        elif given and name not in needed:
            problems.append(
                _problem(
                    f"/{name}",
                    "not_applicable",
                    f"Only a status that needs {en} takes one",
                    f"此狀態不需填寫{zh}",
                )
            )
    seen: set[int] = set()
    for index, value in enumerate(item.values):
        info = indicators.get(value.indicator_id)
        if info is None:
            problems.append(
                _problem(
                    f"/values/{index}/indicator_id",
                    "unknown_indicator",
                    f"Indicator {value.indicator_id} is not one of this measure's",
                    f"指標 {value.indicator_id} 不屬於此具體推動作法",
                )
            )
            continue
        if value.indicator_id in seen:
            problems.append(
                _problem(
                    f"/values/{index}/indicator_id",
                    "duplicate",
                    f"Indicator {value.indicator_id} has a value already",
                    f"指標 {value.indicator_id} 已有數值",
                )
            )
        seen.add(value.indicator_id)
        if value.unit != info.unit:
            expected = "no unit" if info.unit is None else repr(info.unit)
            problems.append(
                _problem(
                    f"/values/{index}/unit",
                    "wrong_unit",
                    f"This indicator is measured in {expected}",
                    f"此指標的單位為「{info.unit or '無'}」",
                )
            )
    return problems


# --- writing ------------------------------------------------------------------------------


def _content(item: ReportContent) -> dict[str, Any]:
    return {
        "status": item.status,
        "delay_reason": item.delay_reason,
        "remedy": item.remedy,
        "not_applicable_reason": item.not_applicable_reason,
        "narrative": item.narrative,
        "values": [(v.indicator_id, Decimal(v.value), v.unit) for v in item.values],
        "evidence": [(e.url, e.file_id, e.title, e.effective_date) for e in item.evidence],
    }


def _stored_content(version: ProgressVersion) -> dict[str, Any]:
    return {
        "status": version.work_status,
        "delay_reason": version.delay_reason,
        "remedy": version.remedy,
        "not_applicable_reason": version.not_applicable_reason,
        "narrative": version.narrative,
        "values": [(v.indicator_id, Decimal(v.value), v.unit) for v in version.values],
        "evidence": [
            (e.get("url"), e["file"] and e["file"]["id"], e["title"], e["effective_date"])
            for e in evidence_of(version)
        ],
    }


def _fill(version: ProgressVersion, resolved: Resolved, subject: Subject) -> None:
    item = resolved.item
    version.work_status = item.status
    version.delay_reason = item.delay_reason
    version.remedy = item.remedy
    version.not_applicable_reason = item.not_applicable_reason
    version.narrative = item.narrative
    version.written_by = subject.label[:200]
    version.written_by_user_id = subject.user_id
    version.written_by_token_id = subject.token_id
    version.updated_at = utcnow()
    version.values = [
        ProgressValue(
            position=position,
            indicator_id=value.indicator_id,
            indicator_key=resolved.indicators[value.indicator_id].key,
            value=value.value,
            unit=value.unit,
        )
        for position, value in enumerate(item.values)
    ]
    version.evidence = [
        EvidenceLink(position=position, url=e.url, title=e.title, effective_date=e.effective_date)
        for position, e in enumerate(item.evidence)
        if e.url is not None
    ]
    version.evidence_files = [
        EvidenceFile(
            position=position,
            file_id=e.file_id,
            file=resolved.files[e.file_id],
            title=e.title,
            effective_date=e.effective_date,
        )
        for position, e in enumerate(item.evidence)
        if e.file_id is not None
    ]


def _snapshot(report: ProgressReport, content: dict[str, Any] | None) -> dict[str, Any]:
    """What the audit log keeps of a report around a write."""
    shown = None
    if content is not None:
        shown = {
            **content,
            "values": [
                {"indicator_id": i, "value": str(v), "unit": u} for i, v, u in content["values"]
            ],
            "evidence": [
                {"url": url, "title": title, "effective_date": day.isoformat()}
                if file_id is None
                else {"file_id": file_id, "title": title, "effective_date": day.isoformat()}
                for url, file_id, title, day in content["evidence"]
            ],
        }
    return {
        "plan_id": report.plan_id,
        "measure_key": report.measure_key,
        "organization_id": report.organization_id,
        "period": report.period,
        "external_id": report.external_id,
        "state": report.state,
        "version": report.version,
        "content": shown,
    }


@dataclass(frozen=True)
class Saved:
    report: ProgressReport
    outcome: Outcome
    before: dict[str, Any] | None = None  # for the audit; None when created
    after: dict[str, Any] | None = None  # None when unchanged


def save(session: AsyncSession, context: Context, subject: Subject, resolved: Resolved) -> Saved:
    """Change one checked report, locked when the context was loaded: create it, edit its
    draft, or start its next version. Nothing is flushed or audited here: `record` does both
    for every report a request changed. (A batch names each report once: a second item with
    the same key was rejected as a duplicate.)"""
    plan_id, measure_key, organization_id, period = resolved.natural_key
    item = resolved.item
    now = utcnow()
    report = context.existing.get(resolved.natural_key)
    if report is None:
        report = ProgressReport(
            plan_id=plan_id,
            measure_key=measure_key,
            organization_id=organization_id,
            period=period,
            external_id=item.external_id,
            state=ReportState.draft,
            version=1,
            created_at=now,
            updated_at=now,
        )
        version = ProgressVersion(number=1, created_at=now)
        _fill(version, resolved, subject)
        report.versions = [version]
        session.add(report)
        return Saved(report, "created", after=_snapshot(report, _content(item)))
    check_editable(report.state)  # checked with the others; kept as the rule
    current = context.current[report.id]
    before = _snapshot(report, _stored_content(current))
    same_external = item.external_id is None or item.external_id == report.external_id
    if _stored_content(current) == _content(item) and same_external:
        return Saved(report, "unchanged")
    if item.external_id is not None:
        report.external_id = item.external_id
    if edits_in_place(report.state):
        _fill(current, resolved, subject)
    else:  # submitted or returned: the correction is a new version, a draft until submitted
        report.version += 1
        version = ProgressVersion(report_id=report.id, number=report.version, created_at=now)
        _fill(version, resolved, subject)
        session.add(version)
        report.state = ReportState.draft
    report.updated_at = now
    return Saved(report, "updated", before=before, after=_snapshot(report, _content(item)))


async def record(session: AsyncSession, subject: Subject, changes: list[tuple[str, Saved]]) -> None:
    """Store every change of a request in one flush, then audit each in one more: a batch
    of a thousand reports costs a few statements per table, not a few per report."""
    await session.flush()
    session.add_all(
        [
            audit.event(
                subject,
                action,
                "progress_report",
                saved.report.id,
                before=saved.before,
                after=saved.after,
            )
            for action, saved in changes
        ]
    )
    await session.flush()


async def save_one(
    session: AsyncSession, subject: Subject, item: ReportIn, language: Language
) -> tuple[ReportDetail, Outcome]:
    """POST /progress-reports: one report saved as a draft (or its next version)."""
    context = await Context.load(session, subject, [item])
    resolved = context.resolve(item)
    if not isinstance(resolved, Resolved):
        raise ReportRejectedError([(p.pointer, p) for p in resolved], language)
    saved = save(session, context, subject, resolved)
    if saved.after is not None:
        await record(session, subject, [(ACTIONS[saved.outcome], saved)])
    return await detail_of(session, subject, saved.report), saved.outcome


def _submitted(report: ProgressReport) -> Saved:
    before = _snapshot(report, None)
    now = utcnow()
    report.state = ReportState.submitted
    report.submitted_version = report.version
    report.submitted_at = now
    report.updated_at = now
    return Saved(report, "updated", before=before, after=_snapshot(report, None))


# --- the batch ----------------------------------------------------------------------------


async def save_batch(
    session: AsyncSession,
    subject: Subject,
    raw_items: Sequence[Any],
    *,
    submit: bool,
    dry_run: bool,
    language: Language,
) -> BatchResult:
    """Save every good item as a draft and answer each bad one with its problem; with
    `submit`, save and submit every item or (422, each fault named) none; with `dry_run`,
    do all of it inside a savepoint that is rolled back."""
    checked = await validate_each(raw_items, ReportIn)
    context = await Context.load(session, subject, [c.item for c in checked if c.item])
    plans: dict[int, Resolved] = {}
    for one in checked:
        if one.item is None:
            continue
        resolved = context.resolve(one.item)
        if isinstance(resolved, Resolved):
            plans[one.index] = resolved
        else:
            one.problems += [(f"/items/{one.index}{p.pointer}", p) for p in resolved]
    problems = [problem for one in checked for problem in one.problems]
    if submit and problems:
        raise BulkRejectedError(problems)
    outer = await session.begin_nested() if dry_run else None
    try:
        saved = {index: save(session, context, subject, item) for index, item in plans.items()}
        changes = [(ACTIONS[s.outcome], s) for s in saved.values() if s.after is not None]
        if submit:
            changes += _submit_all(saved)
        await record(session, subject, changes)
        results = [
            _result(one.index, saved[one.index])
            if one.index in saved
            else _rejected(one.index, one.item, item_problem(one.problems, language))
            for one in checked
        ]
    finally:
        if outer is not None:
            await outer.rollback()
    if dry_run:  # a report created and rolled back has no id to give
        results = [
            r.model_copy(update={"id": None}) if r.outcome == "created" else r for r in results
        ]
    counts = {
        outcome: sum(r.outcome == outcome for r in results)
        for outcome in ("created", "updated", "unchanged", "rejected")
    }
    return BatchResult(
        dry_run=dry_run, submitted=submit, summary=BatchSummary(**counts), items=results
    )


ACTIONS = {"created": "create", "updated": "update"}


def _result(index: int, saved: Saved) -> ItemResult:
    return ItemResult(
        index=index,
        id=saved.report.id,
        external_id=saved.report.external_id,
        outcome=saved.outcome,
        state=saved.report.state,
    )


def _rejected(index: int, item: ReportIn | None, problem: Any) -> ItemResult:
    return ItemResult(
        index=index,
        id=None,
        external_id=item.external_id if item else None,
        outcome="rejected",
        state=None,
        problem=problem,
    )


def _submit_all(saved: dict[int, Saved]) -> list[tuple[str, Saved]]:
    """Submit every report of the batch; one that cannot be (returned, and left unchanged)
    fails the whole batch, as submitting is all or nothing. A report already submitted and
    left unchanged stays as it is."""
    problems: list[Pointed] = []
    changes: list[tuple[str, Saved]] = []
    for index, one in saved.items():
        if one.report.state == ReportState.draft:
            changes.append(("submit", _submitted(one.report)))
        elif one.report.state == ReportState.returned:
            problems.append(
                (
                    f"/items/{index}",
                    _problem(
                        "",
                        "unchanged_return",
                        "A returned report is submitted again after a change",
                        "退回的報告須修改後才能再送出",
                        status=409,
                    ),
                )
            )
    if problems:
        raise BulkRejectedError(problems)
    return changes


# --- the life cycle -----------------------------------------------------------------------


async def transition(
    session: AsyncSession,
    subject: Subject,
    report_id: int,
    if_match: IfMatch,
    action: Action,
    comment: str | None = None,
) -> ReportDetail:
    """submit (the enterprise or unit: a draft), return with a comment or accept (who
    reviews it: a reviewer an enterprise's report, its head office a unit's; a submitted
    report). Lock → who reviews (403) → state (409) → If-Match (428/412) → change → audit."""
    report = await readable_report(session, subject, report_id, lock=True)
    if action != "submit":
        await _check_reviewer(session, subject, report)
    to = check_transition(report.state, action)
    before = await detail_of(session, subject, report)
    if_match.check(before)
    if action == "submit":
        _submitted(report)
    else:
        report.state = to
        if action == "return":
            report.review_comment = comment
        report.reviewed_at = report.updated_at = utcnow()
    await session.flush()
    after = await detail_of(session, subject, report)
    await audit.record(
        session, subject, action, "progress_report", report.id, before=before, after=after
    )
    return after


async def _check_reviewer(session: AsyncSession, subject: Subject, report: ProgressReport) -> None:
    reviews = await session.scalar(
        select(ProgressReport.id).where(ProgressReport.id == report.id, reviewable_reports(subject))
    )
    if reviews is None:
        raise NotPermittedError(
            "A unit's report is reviewed by its head office, an enterprise's by the commission",
            "所屬單位的報告由其事業總公司審查，事業的報告由本會審查",
        )

"""ORM models, one module per aggregate; import them from here."""

from uplift.kit.review import ReportState
from uplift.models.account import ApiToken, LoginAttempt, Role, User, UserSession
from uplift.models.audit import AuditEvent
from uplift.models.calendar import OfficeCalendarYear, OfficeDay
from uplift.models.idempotency import IdempotencyKey
from uplift.models.measure import Comparison, Frequency, Indicator, Measure, MeasureOwner
from uplift.models.organization import ENTERPRISE_KINDS, Organization, OrganizationKind
from uplift.models.outbox import JobStatus, OutboxJob
from uplift.models.plan import (
    Plan,
    PlanBasis,
    PlanRevision,
    PlanSection,
    PlanSnapshot,
    PlanStatus,
    ReviewRound,
    ReviewRoundKind,
    TargetCategory,
    TargetCategoryMember,
)
from uplift.models.progress import (
    EvidenceFile,
    EvidenceLink,
    ProgressReport,
    ProgressValue,
    ProgressVersion,
    WorkStatus,
)
from uplift.models.rate_limit import RequestCount
from uplift.models.results import ResultsDueDate, ResultsReport, ResultsSummary, ResultsVersion
from uplift.models.stored_file import StoredFile
from uplift.models.structure import Dimension, Strategy

# Registers the listener that versions plan content on every flush.
from uplift.models import content_version  # noqa: F401  # isort: skip

__all__ = [
    "ENTERPRISE_KINDS",
    "ApiToken",
    "AuditEvent",
    "Comparison",
    "Dimension",
    "EvidenceFile",
    "EvidenceLink",
    "Frequency",
    "IdempotencyKey",
    "Indicator",
    "JobStatus",
    "LoginAttempt",
    "Measure",
    "MeasureOwner",
    "OfficeCalendarYear",
    "OfficeDay",
    "Organization",
    "OrganizationKind",
    "OutboxJob",
    "Plan",
    "PlanBasis",
    "PlanRevision",
    "PlanSection",
    "PlanSnapshot",
    "PlanStatus",
    "ProgressReport",
    "ProgressValue",
    "ProgressVersion",
    "ReportState",
    "RequestCount",
    "ResultsDueDate",
    "ResultsReport",
    "ResultsSummary",
    "ResultsVersion",
    "ReviewRound",
    "ReviewRoundKind",
    "Role",
    "StoredFile",
    "Strategy",
    "TargetCategory",
    "TargetCategoryMember",
    "User",
    "UserSession",
    "WorkStatus",
]

"""ORM models, one module per aggregate; import them from here."""

from uplift.kit.review import ReportState
from uplift.models.account import ApiToken, LoginAttempt, Role, User, UserSession
from uplift.models.audit import AuditEvent
from uplift.models.calendar import OfficeCalendarYear, OfficeDay
from uplift.models.event import DomainEvent
from uplift.models.finding import (
    Finding,
    FindingCorrection,
    FindingKind,
    FindingMeasure,
    FindingStatus,
)
from uplift.models.follow_up import (
    DeadlineCause,
    DecisionOutcome,
    ExtensionState,
    FollowUp,
    FollowUpAnswer,
    FollowUpDeadline,
    FollowUpDecision,
    FollowUpEvidence,
    FollowUpExtension,
    FollowUpState,
    Release,
    UnitHandling,
)
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
from uplift.models.verification import (
    ROUND_ORDER,
    PanelAssignment,
    PanelConflict,
    PanelMember,
    PanelMemberKind,
    RoundEnterprise,
    RoundStatus,
    VerificationRound,
    Visit,
    VisitUnit,
)

# Registers the listener that versions plan content on every flush.
from uplift.models import content_version  # noqa: F401  # isort: skip

__all__ = [
    "ENTERPRISE_KINDS",
    "ROUND_ORDER",
    "ApiToken",
    "AuditEvent",
    "Comparison",
    "DeadlineCause",
    "DecisionOutcome",
    "Dimension",
    "DomainEvent",
    "EvidenceFile",
    "EvidenceLink",
    "ExtensionState",
    "Finding",
    "FindingCorrection",
    "FindingKind",
    "FindingMeasure",
    "FindingStatus",
    "FollowUp",
    "FollowUpAnswer",
    "FollowUpDeadline",
    "FollowUpDecision",
    "FollowUpEvidence",
    "FollowUpExtension",
    "FollowUpState",
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
    "PanelAssignment",
    "PanelConflict",
    "PanelMember",
    "PanelMemberKind",
    "Plan",
    "PlanBasis",
    "PlanRevision",
    "PlanSection",
    "PlanSnapshot",
    "PlanStatus",
    "ProgressReport",
    "ProgressValue",
    "ProgressVersion",
    "Release",
    "ReportState",
    "RequestCount",
    "ResultsDueDate",
    "ResultsReport",
    "ResultsSummary",
    "ResultsVersion",
    "ReviewRound",
    "ReviewRoundKind",
    "Role",
    "RoundEnterprise",
    "RoundStatus",
    "StoredFile",
    "Strategy",
    "TargetCategory",
    "TargetCategoryMember",
    "UnitHandling",
    "User",
    "UserSession",
    "VerificationRound",
    "Visit",
    "VisitUnit",
    "WorkStatus",
]

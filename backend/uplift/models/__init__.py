"""ORM models, one module per aggregate; import them from here."""

from uplift.models.measure import Comparison, Frequency, Indicator, Measure, MeasureOwner
from uplift.models.organization import Organization, OrganizationKind
from uplift.models.plan import (
    Plan,
    PlanBasis,
    PlanSection,
    PlanStatus,
    ReviewRound,
    ReviewRoundKind,
    TargetCategory,
    TargetCategoryMember,
)
from uplift.models.structure import Dimension, Strategy

__all__ = [
    "Comparison",
    "Dimension",
    "Frequency",
    "Indicator",
    "Measure",
    "MeasureOwner",
    "Organization",
    "OrganizationKind",
    "Plan",
    "PlanBasis",
    "PlanSection",
    "PlanStatus",
    "ReviewRound",
    "ReviewRoundKind",
    "Strategy",
    "TargetCategory",
    "TargetCategoryMember",
]

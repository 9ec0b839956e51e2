"""Which plans a subject may read: commission staff see drafts; everyone else what is published."""

from sqlalchemy import ColumnElement, true

from uplift.auth.subject import Subject
from uplift.models import Plan, PlanStatus

PUBLIC_STATUSES = (PlanStatus.published, PlanStatus.amending, PlanStatus.archived)


def readable_plans(subject: Subject) -> ColumnElement[bool]:
    if subject.is_staff:
        return true()
    return Plan.status.in_(PUBLIC_STATUSES)

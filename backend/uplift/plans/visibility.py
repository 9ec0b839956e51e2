"""Which plans a subject may read: commission staff see drafts; everyone else what is published."""

from sqlalchemy import ColumnElement, true

from uplift.auth.subject import Subject
from uplift.models import Plan, PlanStatus

PUBLIC_STATUSES = (PlanStatus.published, PlanStatus.amending, PlanStatus.archived)


def readable_plans(subject: Subject) -> ColumnElement[bool]:
    if subject.is_staff:
        return true()
    return Plan.status.in_(PUBLIC_STATUSES)


def readable_rows(subject: Subject) -> ColumnElement[bool]:
    """Plans whose rows this subject reads as they stand: a plan under amendment is read as
    last adopted by everyone but staff (plans/adopted.py), never from its changing rows."""
    if subject.is_staff:
        return true()
    return Plan.status != PlanStatus.amending

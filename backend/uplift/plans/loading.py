"""What a plan's own content is, loaded in a fixed number of queries."""

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from uplift.models import Plan, TargetCategory, TargetCategoryMember


def plan_content() -> tuple[_AbstractLoad, ...]:
    """Issuer, basis, target categories with their members, sections, review rounds."""
    return (
        joinedload(Plan.issuer),
        selectinload(Plan.bases),
        selectinload(Plan.target_categories)
        .selectinload(TargetCategory.members)
        .joinedload(TargetCategoryMember.organization),
        selectinload(Plan.sections),
        selectinload(Plan.review_rounds),
    )

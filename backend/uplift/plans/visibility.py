"""Moved to uplift.auth.visibility, the one place that says what a subject may read.

Kept only so that code written in parallel against this name (issue 7's other branches)
still imports after their merge; import from uplift.auth.visibility, and delete this once
nothing does.
"""

from uplift.auth.visibility import PUBLIC_STATUSES, readable_plans, readable_rows

__all__ = ["PUBLIC_STATUSES", "readable_plans", "readable_rows"]

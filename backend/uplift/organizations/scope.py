"""Moved to uplift.auth.visibility, the one place that says what a subject may read.

Kept only so that code written in parallel against this name (issue 7's other branches)
still imports after their merge; import from uplift.auth.visibility, and delete this once
nothing does.
"""

from uplift.auth.visibility import subtree, subtree_ids

__all__ = ["subtree", "subtree_ids"]

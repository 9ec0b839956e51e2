"""The review life cycle every document an enterprise submits follows (a progress report, the
year-end results report): draft → submitted → returned (the reviewer asks for more, with a
comment) → accepted. A draft is edited in place; a submitted or returned document's next
edit is a new version (a draft until submitted again); an accepted one is final.

One home for the rule, so both documents answer the same 409 in the same words.
"""

from enum import StrEnum
from typing import Literal

from uplift.kit.errors import ConflictError


class ReportState(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"  # the reviewer asks for more (review_comment)
    accepted = "accepted"


Action = Literal["submit", "return", "accept"]

STATE_ZH = {
    ReportState.draft: "草稿",
    ReportState.submitted: "已送出",
    ReportState.returned: "已退回",
    ReportState.accepted: "已審查通過",
}
_PAST = {
    "submit": ("submitted", "送出"),
    "return": ("returned", "退回"),
    "accept": ("accepted", "審查通過"),
}


def check_transition(state: ReportState, action: Action) -> ReportState:
    """The state `action` leads to from `state`, or 409: only a draft is submitted, only a
    submitted document is returned or accepted."""
    allowed_from = ReportState.draft if action == "submit" else ReportState.submitted
    if state != allowed_from:
        raise ConflictError(
            f"Only a {allowed_from.value} report can be {_PAST[action][0]}; this one is "
            f"{state.value}",
            f"僅{STATE_ZH[allowed_from]}的報告可{_PAST[action][1]}，此報告為{STATE_ZH[state]}",
        )
    return {
        "submit": ReportState.submitted,
        "return": ReportState.returned,
        "accept": ReportState.accepted,
    }[action]


def check_editable(state: ReportState) -> None:
    """409 for an accepted document: it is final."""
    if state == ReportState.accepted:
        raise ConflictError("This report was accepted: it is final", "此報告已審查通過，不能再修改")


def edits_in_place(state: ReportState) -> bool:
    """A draft's current version is edited in place; a submitted or returned document's
    next edit is a new version, so what the reviewer read stays readable."""
    return state == ReportState.draft

"""Who may call what, declared once per route.

Every route depends on exactly one Policy; a test walks every route and fails on one that
declares none, then checks each role's answer against these declarations.
"""

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends
from fastapi.dependencies.models import Dependant

from uplift.auth.subject import NotAuthenticatedError, NotPermittedError, Subject, get_subject
from uplift.models import Role


class Policy:
    def __init__(
        self,
        name: str,
        name_zh: str,
        roles: Iterable[Role] = (),
        scope: str | tuple[str, ...] | None = None,
        *,
        public: bool = False,
    ) -> None:
        self.name = name
        self.name_zh = name_zh
        self.roles = frozenset(roles)
        # A token needs this scope (any one of them, when several are named).
        self.scopes = (scope,) if isinstance(scope, str) else tuple(scope or ())
        self.public = public

    def allows(self, role: Role | None) -> bool:
        return self.public or role in self.roles

    async def __call__(self, subject: Annotated[Subject, Depends(get_subject)]) -> Subject:
        if self.public:
            return subject
        if subject.kind == "anonymous":
            raise NotAuthenticatedError("Sign in or send an API token", "請先登入或附上 API 權杖")
        if subject.role not in self.roles:
            raise NotPermittedError(f"Your role may not {self.name}", f"您的角色無權{self.name_zh}")
        if subject.kind == "token" and self.scopes and subject.scopes.isdisjoint(self.scopes):
            named = " or ".join(self.scopes)
            raise NotPermittedError(
                f"This API token lacks the scope {named}", f"此 API 權杖沒有 {named} 權限"
            )
        return subject

    def __repr__(self) -> str:
        return f"Policy({self.name!r})"


class Unconditional(Policy):
    """Anyone at all, without asking who: for an answer that is the same for every caller
    (a health check). No credentials are read, so none are refused, and neither the subject
    nor the session it is read through is resolved: solving those dependencies was 40% of a
    health check's processor time (bench/cpu_per_request.py)."""

    def __init__(self, name: str, name_zh: str) -> None:
        super().__init__(name, name_zh, public=True)

    async def __call__(self) -> None:  # type: ignore[override]
        return None


def policies_of(dependant: Dependant) -> list[Policy]:
    """The distinct policies a route depends on, however deep (a dependency of the route may
    ask for the same subject again); a route declares exactly one."""
    found = [dependant.call] if isinstance(dependant.call, Policy) else []
    for dependency in dependant.dependencies:
        found += [policy for policy in policies_of(dependency) if policy not in found]
    return found


ADMIN = Role.administrator
REVIEWER = Role.reviewer
REPORTER = Role.enterprise_reporter
PANEL = Role.panel_member

ANYONE = Policy("read published material", "閱覽公開資料", public=True)
CHECK_HEALTH = Unconditional("check the service's health", "檢查服務狀態")
SIGNED_IN = Policy("use a signed-in account", "使用登入帳號", roles=Role)
MANAGE_USERS = Policy("manage users", "管理使用者", [ADMIN], "users:write")
MANAGE_ORGANIZATIONS = Policy("manage organisations", "管理機關", [ADMIN], "organizations:write")
READ_USERS = Policy("read users", "檢視使用者", [ADMIN], "users:read")
MANAGE_TOKENS = Policy("manage API tokens", "管理 API 權杖", [ADMIN, REPORTER], "tokens:write")
READ_TOKENS = Policy("read API tokens", "檢視 API 權杖", [ADMIN, REPORTER], "tokens:read")
READ_AUDIT = Policy("read the audit log", "檢視稽核紀錄", [ADMIN, REVIEWER], "audit:read")
AUTHOR_PLANS = Policy("author plans", "編修計畫", [REVIEWER], "plans:write")
REPORT_PROGRESS = Policy("report progress", "填報執行進度", [REPORTER], "progress:write")
READ_PROGRESS = Policy(
    "read progress reports", "檢視執行進度", [ADMIN, REVIEWER, REPORTER], "progress:read"
)
# An evidence file is read with what names it (visibility.readable_stored_files): a progress
# report's or results report's (progress:read), or a follow-up answer's, which a panel member
# assigned to the enterprise reads too (findings:read).
READ_EVIDENCE = Policy(
    "read evidence files",
    "下載佐證檔案",
    [ADMIN, REVIEWER, REPORTER, PANEL],
    ("progress:read", "findings:read"),
)
OVERSEE_PROGRESS = Policy(
    "oversee every enterprise's progress",
    "檢視各事業執行進度總覽",
    [ADMIN, REVIEWER],
    "progress:read",
)
# The commission alone reviews the enterprises' year-end results reports and sets their due
# date; a head office's progress:review is for its units' progress reports only.
REVIEW_RESULTS = Policy("review results reports", "審查成果報告", [REVIEWER], "progress:review")
# Reviewers review enterprises' reports; an enterprise's reporters their units' (督導所屬):
# which report whom is `visibility.reviewable_reports`.
REVIEW_PROGRESS = Policy(
    "review progress reports", "審查執行進度", [REVIEWER, REPORTER], "progress:review"
)

# The verification loop (rounds, findings, follow-ups). Which rows each may read or change
# is auth/visibility.py's: a panel member only the enterprises a round assigns them, an
# enterprise only its own (and its units').
# Published rounds are public; who reads more is visibility.readable_rounds (a token without
# findings:read reads as the public does).
READ_ROUNDS = ANYONE
MANAGE_ROUNDS = Policy("manage verification rounds", "管理查證作業", [REVIEWER], "findings:write")
# A member declares their own conflict (迴避); a reviewer may record one for any member.
DECLARE_CONFLICTS = Policy(
    "declare a conflict of interest", "申報迴避", [REVIEWER, PANEL], "findings:write"
)
DRAFT_FINDINGS = Policy("draft findings", "撰寫查證意見", [REVIEWER, PANEL], "findings:write")
# Approve, issue, publish and correct findings: the commission's own acts.
DECIDE_FINDINGS = Policy(
    "approve and issue findings", "核定及函送查證結果", [REVIEWER], "findings:write"
)
# Published findings are public; who reads more is visibility.readable_findings.
READ_FINDINGS = ANYONE
READ_FOLLOW_UPS = Policy(
    "read follow-ups", "檢視管考事項", [ADMIN, REVIEWER, PANEL, REPORTER], "findings:read"
)
ANSWER_FOLLOW_UPS = Policy(
    "answer follow-ups", "填報建議事項辦理情形", [REPORTER], "responses:write"
)
DECIDE_FOLLOW_UPS = Policy("decide follow-ups", "審議管考事項", [REVIEWER], "findings:write")

# Notifications, contacts, webhooks and deliveries. Everyone signed in reads and marks their
# own inbox; an enterprise manages its contacts and its webhook subscriptions (an
# administrator any, and the commission's own); administrators see every delivery.
READ_NOTIFICATIONS = Policy("read your notifications", "檢視通知", Role, "notifications:read")
MANAGE_NOTIFICATIONS = Policy(
    "mark your notifications and choose how you hear of things",
    "管理通知及通知設定",
    Role,
    "notifications:write",
)
READ_CONTACTS = Policy(
    "read contacts", "檢視聯絡窗口", [ADMIN, REVIEWER, REPORTER], "notifications:read"
)
MANAGE_CONTACTS = Policy(
    "manage contacts", "管理聯絡窗口", [ADMIN, REPORTER], "notifications:write"
)
READ_WEBHOOKS = Policy(
    "read webhook subscriptions", "檢視 Webhook 訂閱", [ADMIN, REPORTER], "webhooks:read"
)
MANAGE_WEBHOOKS = Policy(
    "manage webhook subscriptions", "管理 Webhook 訂閱", [ADMIN, REPORTER], "webhooks:write"
)
READ_DELIVERIES = Policy(
    "read deliveries and their attempts", "檢視發送紀錄", [ADMIN], "deliveries:read"
)
REPLAY_DELIVERIES = Policy("replay a delivery", "重新發送", [ADMIN], "deliveries:write")

import type { Me, Role } from "../api/types";

/** What the signed-in person may do, from the scopes the server grants the role. The API enforces it anyway. */
export interface Permissions {
  signedIn: boolean;
  manageUsers: boolean;
  manageTokens: boolean;
  /** Administrators create and rename an enterprise's units. */
  manageOrganizations: boolean;
  /** Tokens for any organisation (administrators); reporters' tokens act for their own. */
  tokensForAnyOrganization: boolean;
  readAudit: boolean;
  editPlans: boolean;
  /** An enterprise's reporter writes its progress reports. */
  reportProgress: boolean;
  /** Reviewers return or accept the progress reports enterprises submitted. */
  reviewProgress: boolean;
  /**
   * Commission staff read every enterprise's submitted progress and results reports and the
   * dashboard (READ_PROGRESS, OVERSEE_PROGRESS): reviewers, and administrators read-only.
   */
  overseeProgress: boolean;
  /** An enterprise's (head office's) reporter reviews its units' reports (督導所屬). */
  reviewUnits: boolean;
  /** Reviewers and panel members draft findings (查證意見). */
  draftFindings: boolean;
  /** Reviewers approve, issue, correct and publish findings. */
  decideFindings: boolean;
  /** Staff see drafts and history. */
  staff: boolean;
  /** Verification rounds (查證作業): reviewers, panel members and enterprises' reporters. */
  readRounds: boolean;
  /** Reviewers write a round's plan, status, panel and visits. */
  manageRounds: boolean;
  /** The follow-up board (管考追蹤): reviewers, the panel, enterprises' reporters. */
  readFollowUps: boolean;
  /** An enterprise answers its follow-ups (a unit its handling). */
  answerFollowUps: boolean;
  /** The commission decides answers and extension requests. */
  decideFollowUps: boolean;
  /** Webhook subscriptions: administrators (any, the commission's too) and enterprises' reporters (their own). */
  manageWebhooks: boolean;
  /** The deliveries board (發送紀錄) and replaying a given-up delivery: administrators. */
  readDeliveries: boolean;
  replayDeliveries: boolean;
  /** In-app notifications and one's own notification settings: everyone signed in. */
  readNotifications: boolean;
  /** An enterprise's (or a unit's) reporter manages its own contacts (聯絡窗口). */
  manageContacts: boolean;
}

const STAFF: readonly Role[] = ["administrator", "reviewer"];

export function permissionsOf(me: Me | null | undefined): Permissions {
  const scopes = new Set(me?.scopes ?? []);
  return {
    signedIn: !!me,
    manageUsers: scopes.has("users:write"),
    manageTokens: scopes.has("tokens:write"),
    manageOrganizations: scopes.has("organizations:write"),
    tokensForAnyOrganization: me?.role === "administrator",
    readAudit: scopes.has("audit:read"),
    editPlans: scopes.has("plans:write"),
    reportProgress: scopes.has("progress:write"),
    reviewProgress: scopes.has("progress:review") && me?.role === "reviewer",
    overseeProgress: scopes.has("progress:read") && !!me && STAFF.includes(me.role),
    reviewUnits: scopes.has("progress:review") && me?.role === "enterprise_reporter" && me.organization?.kind === "enterprise",
    draftFindings: scopes.has("findings:write") && (me?.role === "reviewer" || me?.role === "panel_member"),
    decideFindings: scopes.has("findings:write") && me?.role === "reviewer",
    staff: !!me && STAFF.includes(me.role),
    readRounds: scopes.has("findings:read") && me?.role !== "administrator",
    manageRounds: scopes.has("findings:write") && me?.role === "reviewer",
    readFollowUps: scopes.has("findings:read") && me?.role !== "administrator",
    answerFollowUps: scopes.has("responses:write"),
    decideFollowUps: scopes.has("findings:write") && me?.role === "reviewer",
    manageWebhooks: scopes.has("webhooks:write"),
    readDeliveries: scopes.has("deliveries:read"),
    replayDeliveries: scopes.has("deliveries:write"),
    readNotifications: scopes.has("notifications:read"),
    manageContacts: scopes.has("notifications:write") && me?.role === "enterprise_reporter" && !!me.organization,
  };
}

export type Permission = Exclude<keyof Permissions, "signedIn">;

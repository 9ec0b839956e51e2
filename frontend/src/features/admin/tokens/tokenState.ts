import type { ApiToken } from "../../../api/types";

/** Revoked wins over expired: a revoked token says so even after its expiry date. */
export function tokenState(token: ApiToken, now = Date.now()): "active" | "revoked" | "expired" {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && new Date(token.expires_at).getTime() <= now) return "expired";
  return "active";
}
